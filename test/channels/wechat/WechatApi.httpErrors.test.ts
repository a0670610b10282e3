import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WechatApi } from '../../../src/channels/wechat/WechatApi';
import { createLogger } from '../../../src/util/logger';

/** A WeChat API whose token works but whose send endpoint answers with the given HTTP status and body. */
async function startFailingSend(status: number, body: string): Promise<{ baseUrl: string; sends: () => number; close(): Promise<void> }> {
  let sends = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/cgi-bin/stable_token')) return void res.end(JSON.stringify({ access_token: 't', expires_in: 7200 }));
      sends += 1;
      res.statusCode = status;
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sends: () => sends,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('WechatApi when WeChat answers with an HTTP error', () => {
  it.each([
    [502, '<html>502 Bad Gateway</html>'],
    [503, ''],
    [500, '{}'],
  ])('reports HTTP %i as a failed send (not as delivered) and does not retry it', async (status, body) => {
    const fake = await startFailingSend(status, body);
    try {
      const api = new WechatApi({ appId: 'wx1', appSecret: 's', baseUrl: fake.baseUrl }, createLogger('silent'));
      expect(await api.sendText('o1', 'hi')).toEqual({ ok: false, code: -1 });
      expect(fake.sends()).toBe(1);
    } finally {
      await fake.close();
    }
  });
});
