import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the fake WeChat API answers customer-service sends right now: normally, with an HTTP 5xx, with an
 * errcode in a 200 answer (as WeChat reports most failures), or not at all (a hang, until the caller gives up).
 */
export type WechatApiMode = { kind: 'ok' } | { kind: 'http'; status: number } | { kind: 'errcode'; errcode: number } | { kind: 'hang' };

export interface FlakyWechatApi {
  baseUrl: string;
  mode: WechatApiMode;
  /** Texts WeChat took, per OpenID, in the order it took them. */
  delivered: Map<string, string[]>;
  sendRequests: number;
  failedSends: number;
  tokenRequests: number;
  close(): Promise<void>;
}

function answer(res: http.ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.end(body);
}

/** A local stand-in for WeChat's API (stable_token and custom/send) whose failures the scenario switches on and off. */
export async function startFlakyWechatApi(): Promise<FlakyWechatApi> {
  const api: FlakyWechatApi = { baseUrl: '', mode: { kind: 'ok' }, delivered: new Map(), sendRequests: 0, failedSends: 0, tokenRequests: 0, close: () => Promise.resolve() };
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const mode = api.mode;
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/cgi-bin/stable_token') {
        api.tokenRequests += 1;
        if (mode.kind === 'http') return answer(res, mode.status, '{"error":"unavailable"}');
        return void res.end(JSON.stringify({ access_token: `token-${api.tokenRequests}`, expires_in: 7200 }));
      }
      if (url.pathname !== '/cgi-bin/message/custom/send') return answer(res, 404, '{}');
      api.sendRequests += 1;
      if (mode.kind !== 'ok') api.failedSends += 1;
      if (mode.kind === 'hang') return void hanging.add(res);
      if (mode.kind === 'http') return answer(res, mode.status, '<html>502 Bad Gateway</html>');
      if (mode.kind === 'errcode') return void res.end(JSON.stringify({ errcode: mode.errcode, errmsg: 'simulated' }));
      const message = JSON.parse(body) as { touser: string; text: { content: string } };
      api.delivered.set(message.touser, [...(api.delivered.get(message.touser) ?? []), message.text.content]);
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
