import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const GRAPH_VERSION = 'v25.0';
export const FAKE_ACCESS_TOKEN = 'EAAJB-test-token-for-the-fake';

/** One message the fake accepted, as the Graph API received it. */
export interface SentMessage {
  to: string;
  type: string;
  body: Record<string, unknown>;
  wamid: string;
}

export interface FakeGraphApi {
  /** `http://127.0.0.1:<port>/v25.0`, to set as WHATSAPP_API_BASE_URL. */
  baseUrl: string;
  phoneNumberId: string;
  sent: SentMessage[];
  /** Read receipts, with or without the typing indicator. */
  reads: Array<{ messageId: string; typing: boolean }>;
  /** Every request to the messages endpoint (sends and read receipts). */
  requests: number;
  /** Message sends tried, answered or not. */
  sendRequests: number;
  /** Error codes to answer the next sends with, in order, as Meta does (HTTP status and a Graph error body). */
  failNext: number[];
  /** How many of the next sends get no answer at all (a request that times out). */
  hangNext: number;
  /** Milliseconds before each send is answered. */
  sendDelayMs: number;
  /** Refuse every send with code 190, as for an expired token, until set back. */
  tokenExpired: boolean;
  /** Every request answered 502 by a gateway (no Graph error body), until set back. */
  down: boolean;
  /** Every send answered with this Graph error code, until set back to undefined. */
  failAll: number | undefined;
  /** Every send left without an answer, until set back. */
  hangAll: boolean;
  sentTo(to: string): SentMessage[];
  /** The text a person sees of a sent message: its body, the interactive body, or the template name. */
  textOf(message: SentMessage): string;
  /** The titles of an interactive message's buttons or rows. */
  choicesOf(message: SentMessage): Array<{ id: string; title: string }>;
  close(): Promise<void>;
}

const codePoints = (text: unknown) => (typeof text === 'string' ? [...text].length : 0);

/** Meta's published limits (messages API reference): a request beyond them is refused with code 100, as Meta does. */
function checkLimits(body: Record<string, unknown>): string | undefined {
  const type = body.type;
  if (type === 'text') {
    const text = body.text as { body?: unknown } | undefined;
    if (codePoints(text?.body) === 0 || codePoints(text?.body) > 4096) return 'text.body must be 1 to 4096 characters';
    return undefined;
  }
  if (type === 'template') return (body.template as { name?: unknown } | undefined)?.name ? undefined : 'template.name is required';
  if (type !== 'interactive') return `unsupported message type ${String(type)}`;
  const interactive = body.interactive as { type?: string; body?: { text?: string }; action?: Record<string, unknown> };
  if (interactive.type === 'button') {
    const buttons = (interactive.action?.buttons ?? []) as Array<{ reply?: { id?: string; title?: string } }>;
    if (codePoints(interactive.body?.text) === 0 || codePoints(interactive.body?.text) > 1024) return 'interactive.body.text must be 1 to 1024 characters';
    if (buttons.length === 0 || buttons.length > 3) return 'at most 3 buttons';
    if (buttons.some((b) => codePoints(b.reply?.title) === 0 || codePoints(b.reply?.title) > 20)) return 'button titles are 1 to 20 characters';
    if (buttons.some((b) => codePoints(b.reply?.id) === 0 || codePoints(b.reply?.id) > 256)) return 'button ids are 1 to 256 characters';
    if (new Set(buttons.map((b) => b.reply?.title)).size !== buttons.length) return 'button titles must be unique';
    return undefined;
  }
  if (interactive.type === 'list') {
    const sections = (interactive.action?.sections ?? []) as Array<{ title?: string; rows?: Array<{ id?: string; title?: string }> }>;
    const rows = sections.flatMap((s) => s.rows ?? []);
    if (codePoints(interactive.body?.text) === 0 || codePoints(interactive.body?.text) > 4096) return 'interactive.body.text must be 1 to 4096 characters';
    if (codePoints(interactive.action?.button) === 0 || codePoints(interactive.action?.button) > 20) return 'the list button is 1 to 20 characters';
    if (rows.length === 0 || rows.length > 10) return 'at most 10 rows';
    if (rows.some((r) => codePoints(r.title) === 0 || codePoints(r.title) > 24)) return 'row titles are 1 to 24 characters';
    if (rows.some((r) => codePoints(r.id) === 0 || codePoints(r.id) > 200)) return 'row ids are 1 to 200 characters';
    if (sections.some((s) => codePoints(s.title) === 0 || codePoints(s.title) > 24)) return 'section titles are 1 to 24 characters';
    return undefined;
  }
  return `unsupported interactive type ${String(interactive.type)}`;
}

function httpStatusOf(code: number): number {
  if (code === 190 || code === 0) return 401;
  if ([4, 80007, 130429, 131056].includes(code)) return 429;
  if ([1, 2, 131000, 131016].includes(code)) return 503;
  return 400;
}

/** A local stand-in for Meta's Graph API `/{phone-number-id}/messages`: it records sends and answers with errors on demand. */
export async function startFakeGraphApi(phoneNumberId = '106540352242922'): Promise<FakeGraphApi> {
  const fake: FakeGraphApi = {
    baseUrl: '',
    phoneNumberId,
    sent: [],
    reads: [],
    requests: 0,
    sendRequests: 0,
    failNext: [],
    hangNext: 0,
    sendDelayMs: 0,
    tokenExpired: false,
    down: false,
    failAll: undefined,
    hangAll: false,
    sentTo: (to) => fake.sent.filter((m) => m.to === to),
    textOf: (m) => {
      if (m.type === 'text') return (m.body.text as { body?: string }).body ?? '';
      if (m.type === 'interactive') return (m.body.interactive as { body?: { text?: string } }).body?.text ?? '';
      return `[template ${String((m.body.template as { name?: unknown }).name)}]`;
    },
    choicesOf: (m) => {
      if (m.type !== 'interactive') return [];
      const action = (m.body.interactive as { action: { buttons?: Array<{ reply: { id: string; title: string } }>; sections?: Array<{ rows: Array<{ id: string; title: string }> }> } }).action;
      return action.buttons ? action.buttons.map((b) => b.reply) : (action.sections ?? []).flatMap((s) => s.rows);
    },
    close: () => Promise.resolve(),
  };
  const hanging = new Set<http.ServerResponse>();
  const answer = (res: http.ServerResponse, status: number, body: unknown, delayMs = 0) => {
    const send = () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (delayMs > 0) setTimeout(send, delayMs).unref();
    else send();
  };
  const graphError = (code: number, message: string) => ({ error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'AbCdEfGh' } });

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== `/${GRAPH_VERSION}/${phoneNumberId}/messages`) return answer(res, 404, graphError(100, 'Unknown path'));
      fake.requests += 1;
      const body = JSON.parse(raw) as Record<string, unknown>;
      const isSend = body.status !== 'read';
      if (isSend) fake.sendRequests += 1;
      if (fake.down) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>Bad Gateway</html>');
        return;
      }
      if (req.headers.authorization !== `Bearer ${FAKE_ACCESS_TOKEN}`) return answer(res, 401, graphError(190, 'Invalid OAuth access token'));
      if (body.messaging_product !== 'whatsapp') return answer(res, 400, graphError(100, 'messaging_product must be whatsapp'));
      if (!isSend) {
        fake.reads.push({ messageId: String(body.message_id), typing: body.typing_indicator !== undefined });
        return answer(res, 200, { success: true });
      }
      if (fake.hangAll || fake.hangNext > 0) {
        if (fake.hangNext > 0) fake.hangNext -= 1;
        hanging.add(res);
        return;
      }
      if (fake.tokenExpired) return answer(res, 401, graphError(190, 'Error validating access token: Session has expired'));
      const code = fake.failNext.shift() ?? fake.failAll;
      if (code) return answer(res, httpStatusOf(code), graphError(code, 'simulated'), fake.sendDelayMs);
      const problem = checkLimits(body);
      if (problem) return answer(res, 400, graphError(100, problem));
      const to = String(body.to);
      // Like Meta's, the id carries the recipient's number (base64 inside): it must never be stored as it is.
      const wamid = `wamid.${Buffer.concat([Buffer.from([0x1c, 0x18, 0x0b]), Buffer.from(to), randomBytes(12)]).toString('base64')}`;
      fake.sent.push({ to, type: String(body.type), body, wamid });
      answer(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid }] }, fake.sendDelayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${GRAPH_VERSION}`;
  fake.close = () =>
    new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
