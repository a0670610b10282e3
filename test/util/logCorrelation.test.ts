import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/loadConfig';
import { conversationRef } from '../../src/util/correlation';
import { createLogger } from '../../src/util/logger';
import { makeTempDir } from '../helpers/testRuntime';

describe('log correlation', () => {
  const lines: Array<Record<string, unknown>> = [];
  let app: App;
  let baseUrl: string;

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeTempDir(), LOG_LEVEL: 'debug' });
    app = await createApp(config, createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)));
    baseUrl = `http://127.0.0.1:${await app.listen()}`;
  });
  afterAll(async () => app.close());

  it('ties a turn\'s log lines to its request and to a hashed conversation, never the raw ids', async () => {
    const session = (await (await fetch(`${baseUrl}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string; userId: string };
    const headers = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
    await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers });
    const posted = await fetch(`${baseUrl}/v3/directline/conversations/${session.conversationId}/activities`, {
      method: 'POST',
      headers: { ...headers, 'x-request-id': 'edge-proxy-42' },
      body: JSON.stringify({ type: 'message', text: 'hola', from: { id: session.userId } }),
    });
    expect(posted.headers.get('x-request-id')).toBe('edge-proxy-42');

    const turn = lines.find((l) => l.msg === 'turn done' && l.requestId === 'edge-proxy-42');
    expect(turn).toMatchObject({ channel: 'webchat', locale: 'es', failed: false, conversation: conversationRef('webchat', session.conversationId) });
    const all = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const raw of [session.conversationId, session.userId, session.token, 'hola']) expect(all).not.toContain(raw);
  });

  it('gives every answer a request id, and refuses to copy a caller\'s id that is not a plain token', async () => {
    const plain = await fetch(`${baseUrl}/healthz`);
    expect(plain.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
    const forged = await fetch(`${baseUrl}/healthz`, { headers: { 'x-request-id': 'bad id {"level":"fatal"}' } });
    expect(forged.headers.get('x-request-id')).not.toContain('fatal');
  });
});
