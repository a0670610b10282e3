import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechatApi {
  baseUrl: string;
  sent: Array<{ touser: string; content: string }>;
  tokenRequests: number;
  /** Error codes to answer the next sends with, in order. */
  failNext: number[];
  /** Milliseconds to wait before answering a send (a slow or hanging WeChat). */
  sendDelayMs: number;
  sendRequests: number;
  close(): Promise<void>;
}

/** A local stand-in for WeChat's API: stable_token and customer-service send, with error codes on demand. */
export async function startFakeWechatApi(): Promise<FakeWechatApi> {
  const fake: FakeWechatApi = { baseUrl: '', sent: [], tokenRequests: 0, failNext: [], sendDelayMs: 0, sendRequests: 0, close: () => Promise.resolve() };
  let tokenNumber = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/cgi-bin/stable_token') {
        fake.tokenRequests += 1;
        tokenNumber += 1;
        res.end(JSON.stringify({ access_token: `token-${tokenNumber}`, expires_in: 7200 }));
        return;
      }
      if (url.pathname === '/cgi-bin/message/custom/send') {
        fake.sendRequests += 1;
        if (fake.sendDelayMs > 0) {
          setTimeout(() => res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' })), fake.sendDelayMs);
          return;
        }
        const code = fake.failNext.shift();
        if (code) {
          res.end(JSON.stringify({ errcode: code, errmsg: 'simulated' }));
          return;
        }
        const message = JSON.parse(body) as { touser: string; text: { content: string } };
        fake.sent.push({ touser: message.touser, content: message.text.content });
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
