import WebSocket from 'ws';
import { postJson, startApp, type RunningApp } from '../helpers/httpApp';

describe('the web chat token route and streams', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ WEBCHAT_ALLOWED_ORIGINS: 'https://firm.example' });
  });
  afterAll(async () => running.app.close());

  it('gives the service’s own page and listed origins a token, and refuses other sites with 403', async () => {
    const own = await postJson(`${running.baseUrl}/api/webchat/token`, {}, { origin: running.baseUrl });
    expect(own.status).toBe(200);
    const listed = await fetch(`${running.baseUrl}/api/webchat/token`, { method: 'POST', headers: { origin: 'https://firm.example', 'content-type': 'application/json' }, body: '{}' });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://firm.example');
    const other = await postJson(`${running.baseUrl}/api/webchat/token`, {}, { origin: 'https://evil.example' });
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.json)).not.toMatch(/token"/);
  });

  it('serves the page with a strict Content-Security-Policy and the Web Chat bundle compressed from our own server', async () => {
    const page = await fetch(`${running.baseUrl}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('src="/webchat/webchat.js"');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const bundle = await fetch(`${running.baseUrl}/webchat/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
  });

  it('closes the first WebSocket of a conversation when a second one connects', async () => {
    const { json } = await postJson(`${running.baseUrl}/api/webchat/token`, {});
    const { token } = json as { token: string };
    const started = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${token}` });
    const { streamUrl } = started.json as { streamUrl: string };
    const first = new WebSocket(streamUrl);
    await new Promise((resolve) => first.once('open', resolve));
    const closed = new Promise<number>((resolve) => first.once('close', (code) => resolve(code)));
    const second = new WebSocket(streamUrl);
    await new Promise((resolve) => second.once('open', resolve));
    expect(await closed).toBe(1000);
    expect(second.readyState).toBe(WebSocket.OPEN);
    second.close();
  });

  it('refuses a stream with a forged token', async () => {
    const url = running.baseUrl.replace('http', 'ws') + '/v3/directline/conversations/abc/stream?t=forged.token';
    const socket = new WebSocket(url);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.once('error', () => resolve(undefined));
    });
    expect(status).toBe(403);
  });
});
