import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { emulatorActivity, postJson, startApp, type RunningApp } from '../helpers/httpApp';

interface Replies {
  activities: Array<{ text?: string; locale?: string; suggestedActions?: { actions: Array<{ title: string }> }; channelData?: { camino?: { tags?: string[] } } }>;
}

describe('HTTP service', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.app.close());

  it('answers /healthz', async () => {
    const response = await fetch(`${running.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with the storage engine, schema version and content', async () => {
    const response = await fetch(`${running.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; engine: string; schemaVersion: string; cards: number };
    expect(body).toMatchObject({ status: 'ready', engine: 'sqlite' });
    expect(body.schemaVersion).toMatch(/^\d{4}_/);
    expect(body.cards).toBeGreaterThanOrEqual(19);
  });

  it('runs a turn for an Emulator-shaped activity with expectReplies and returns the replies', async () => {
    const { status, json } = await postJson(
      `${running.baseUrl}/api/messages`,
      emulatorActivity({ conversation: { id: 'http-expect' }, deliveryMode: 'expectReplies', text: 'hello' }),
    );
    expect(status).toBe(200);
    const replies = (json as Replies).activities;
    expect(replies[0].text).toMatch(/automated assistant/);
    expect(replies[0].text).toMatch(/not a lawyer/);
    const menu = replies[replies.length - 1];
    expect(menu.suggestedActions?.actions.map((a) => a.title)).toContain('Asylum and pathways');
  });

  it('answers in Spanish when the channel says es-MX', async () => {
    const { json } = await postJson(
      `${running.baseUrl}/api/messages`,
      emulatorActivity({ conversation: { id: 'http-es' }, deliveryMode: 'expectReplies', locale: 'es-MX', text: 'hola' }),
    );
    const replies = (json as Replies).activities;
    expect(replies[0].text).toMatch(/No soy abogado/);
    expect(replies.every((r) => r.locale === 'es-ES')).toBe(true);
  });

  it('refuses malformed JSON with 400', async () => {
    const { status } = await postJson(`${running.baseUrl}/api/messages`, '{"type": "message", ');
    expect(status).toBe(400);
  });

  it('refuses a body over the limit with 413', async () => {
    const { status } = await postJson(`${running.baseUrl}/api/messages`, emulatorActivity({ text: 'x'.repeat(300 * 1024) }));
    expect(status).toBe(413);
  });

  it.each([
    ['conversation', { conversation: undefined }],
    ['type', { type: undefined }],
    ['from', { from: undefined }],
    ['serviceUrl', { serviceUrl: undefined }],
    ['conversation.id', { conversation: { name: 'no id' } }],
  ])('refuses an activity without %s with 400 naming the field', async (field, overrides) => {
    const { status, json } = await postJson(`${running.baseUrl}/api/messages`, emulatorActivity(overrides));
    expect(status).toBe(400);
    expect((json as { message: string }).message).toContain(`${field}:`);
  });

  it('refuses text over the length limit with 400 and a reason', async () => {
    const { status, json } = await postJson(`${running.baseUrl}/api/messages`, emulatorActivity({ text: 'a'.repeat(5001) }));
    expect(status).toBe(400);
    expect((json as { message: string }).message).toMatch(/text is limited to 5000 characters/);
  });

  it('posts replies back to the caller like the Emulator expects when no app id is configured', async () => {
    const received: Array<{ url: string; body: { text?: string; replyToId?: string } }> = [];
    const connector = http.createServer((req, res) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body: JSON.parse(data) as { text?: string } });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `r${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    const port = (connector.address() as AddressInfo).port;
    try {
      const activity = emulatorActivity({ conversation: { id: 'emulator-conv' }, serviceUrl: `http://127.0.0.1:${port}`, text: 'hi' });
      const { status } = await postJson(`${running.baseUrl}/api/messages`, activity);
      expect(status).toBeLessThan(300);
      expect(received.length).toBeGreaterThanOrEqual(3);
      expect(received[0].url).toBe(`/v3/conversations/emulator-conv/activities/${String(activity.id)}`);
      expect(received[0].body.text).toMatch(/automated assistant/);
    } finally {
      connector.close();
    }
  });
});

describe('HTTP service with a Microsoft app id', () => {
  let running: RunningApp;
  beforeAll(async () => {
    // CloudAdapter prints every refused request to the console; the status code is what is checked here.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    running = await startApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await running.app.close();
  });

  it('refuses an unauthenticated request with 401 and runs no turn', async () => {
    const conversation = { id: 'auth-conv' };
    const { status } = await postJson(`${running.baseUrl}/api/messages`, emulatorActivity({ conversation, deliveryMode: 'expectReplies' }));
    expect(status).toBe(401);
    const stored = await running.app.runtime.transcripts.list('emulator', 'auth-conv');
    expect(stored).toHaveLength(0);
  });

  it('refuses a forged bearer token with 401', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDEifQ.c2lnbmF0dXJl';
    const { status } = await postJson(`${running.baseUrl}/api/messages`, emulatorActivity({ deliveryMode: 'expectReplies' }), {
      authorization: `Bearer ${forged}`,
    });
    expect(status).toBe(401);
  });
});
