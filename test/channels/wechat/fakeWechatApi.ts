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
  /** Like WeChat's own limit: sends to one person past this many are refused with 45047. */
  quotaPerUser: number;
  /** Milliseconds to wait before issuing a token (a slow WeChat). */
  tokenDelayMs: number;
  close(): Promise<void>;
}

/** A local stand-in for WeChat's API: stable_token and customer-service send, with error codes on demand. */
export async function startFakeWechatApi(): Promise<FakeWechatApi> {
  const fake: FakeWechatApi = {
    baseUrl: '',
    sent: [],
    tokenRequests: 0,
    failNext: [],
    sendDelayMs: 0,
    sendRequests: 0,
    quotaPerUser: Number.POSITIVE_INFINITY,
    tokenDelayMs: 0,
    close: () => Promise.resolve(),
  };
  let tokenNumber = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, answer: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, ms);
    timers.add(timer);
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/cgi-bin/stable_token') {
        fake.tokenRequests += 1;
        tokenNumber += 1;
        const token = JSON.stringify({ access_token: `token-${tokenNumber}`, expires_in: 7200 });
        later(fake.tokenDelayMs, () => res.end(token));
        return;
      }
      if (url.pathname === '/cgi-bin/message/custom/send') {
        fake.sendRequests += 1;
        if (fake.sendDelayMs > 0) {
          later(fake.sendDelayMs, () => res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' })));
          return;
        }
        const code = url.searchParams.get('access_token') === `token-${tokenNumber}` ? fake.failNext.shift() : 40001;
        if (code) {
          res.end(JSON.stringify({ errcode: code, errmsg: 'simulated' }));
          return;
        }
        const message = JSON.parse(body) as { touser: string; text: { content: string } };
        if (fake.sent.filter((m) => m.touser === message.touser).length >= fake.quotaPerUser) {
          res.end(JSON.stringify({ errcode: 45047, errmsg: 'out of response count limit' }));
          return;
        }
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
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
