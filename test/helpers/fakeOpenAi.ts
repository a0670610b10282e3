import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
}

/** What the fake answers to one chat completion request. */
export type FakeReply =
  | { kind: 'json'; body: unknown; delayMs?: number }
  | { kind: 'text'; content: string; delayMs?: number }
  | { kind: 'refusal'; message: string }
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'hang' };

export interface FakeOpenAi {
  baseUrl: string;
  /** Every chat completion request received, in order. */
  requests: ChatRequest[];
  /** Sets what the next requests get; the function sees the request (the user message is JSON data). */
  reply(handler: (request: ChatRequest) => FakeReply): void;
  close(): Promise<void>;
}

/** A local OpenAI-compatible server (POST /chat/completions), so the real `openai` client is what talks to it; `port` fixed to restart it in place. */
export async function startFakeOpenAi(port = 0): Promise<FakeOpenAi> {
  let handler: (request: ChatRequest) => FakeReply = () => ({ kind: 'status', status: 500, message: 'no reply programmed' });
  const requests: ChatRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        sendJson(res, 404, { error: { message: 'not found' } });
        return;
      }
      const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      requests.push(request);
      respond(res, request, handler(request));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${bound}/v1`,
    requests,
    reply(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function respond(res: http.ServerResponse, request: ChatRequest, reply: FakeReply): void {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'status') {
    sendJson(res, reply.status, { error: { message: reply.message ?? 'failure', type: 'server_error' } });
    return;
  }
  const message =
    reply.kind === 'refusal'
      ? { role: 'assistant', content: null, refusal: reply.message }
      : { role: 'assistant', content: reply.kind === 'json' ? JSON.stringify(reply.body) : reply.content, refusal: null };
  const body = {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 },
  };
  const send = () => {
    if (!res.destroyed) sendJson(res, 200, body);
  };
  const delay = reply.kind === 'refusal' ? 0 : (reply.delayMs ?? 0);
  if (delay > 0) setTimeout(send, delay).unref();
  else send();
}

// Separate calls: restify, loaded in the same process by app tests, replaces writeHead with one that does not chain.
function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The JSON data Camino sent as the user message of a request. */
export function requestData(request: ChatRequest): Record<string, unknown> {
  const user = request.messages.find((m) => m.role === 'user');
  return JSON.parse(user?.content ?? '{}') as Record<string, unknown>;
}
