import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { findProjectRoot } from '../../src/util/findProjectRoot';
import { postJson, startApp } from '../helpers/httpApp';
import { makeTempDir } from '../helpers/testRuntime';

jest.setTimeout(60_000);
const root = findProjectRoot(__dirname);

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in OpenTelemetry collector: records what the OTLP/HTTP exporter posts. */
async function startCollector(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface OtlpSpan {
  name: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
}

function spansOf(received: Received[]): OtlpSpan[] {
  return received.flatMap((r) => {
    const payload = JSON.parse(r.body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
    return payload.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  });
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
};

describe('OpenTelemetry tracing', () => {
  it('is off by default: no collector is called', async () => {
    const collector = await startCollector();
    const running = await startApp();
    await postJson(`${running.baseUrl}/api/webchat/token`, {});
    await running.app.close();
    await collector.close();
    expect(collector.received).toEqual([]);
  });

  // The OTLP exporter loads node:http with a dynamic import, which jest's module sandbox does not run: the service
  // runs as its own process here, as it does in production.
  it('sends a span per turn and per request to the configured collector, with no message text or raw ids', async () => {
    const collector = await startCollector();
    const service = await startService({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=collector-key' });
    const session = (await postJson(`${service.baseUrl}/api/webchat/token`, {})).json as { token: string; conversationId: string; userId: string };
    const auth = { authorization: `Bearer ${session.token}` };
    await postJson(`${service.baseUrl}/v3/directline/conversations`, {}, auth);
    const private_ = 'Me llamo Rosa Medina, mi teléfono es 626 555 0142';
    const sent = await postJson(
      `${service.baseUrl}/v3/directline/conversations/${session.conversationId}/activities`,
      { type: 'message', text: private_, from: { id: session.userId } },
      auth,
    );
    expect(sent.status).toBe(200);
    expect(await service.stop()).toBe(0);
    await collector.close();

    expect(collector.received.length).toBeGreaterThan(0);
    expect(collector.received.every((r) => r.path === '/v1/traces' && r.headers['x-api-key'] === 'collector-key')).toBe(true);
    const spans = spansOf(collector.received);
    const turn = spans.find((s) => s.name === 'camino.turn');
    expect(turn && attribute(turn, 'camino.channel')).toBe('webchat');
    expect(turn && attribute(turn, 'camino.locale')).toBe('es');
    expect(turn && attribute(turn, 'camino.conversation')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const post = spans.find((s) => s.name === 'HTTP POST /v3/directline/conversations/:id/activities');
    expect(post && Number(attribute(post, 'http.response.status_code'))).toBe(200);

    const everything = collector.received.map((r) => r.body).join('\n');
    for (const secret of ['Rosa', 'Medina', '0142', session.conversationId, session.userId, session.token]) expect(everything).not.toContain(secret);
  });
});

/** `npm run dev` as a child process on a free port; stop() sends SIGTERM and resolves with the exit code. */
async function startService(env: Record<string, string>): Promise<{ baseUrl: string; stop: () => Promise<number | null> }> {
  const child: ChildProcess = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/index.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: makeTempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on http:\/\/[^:]+:(\d+)/.exec(out)?.[1];
      if (found) resolve(Number(found));
    });
    child.once('exit', (code) => reject(new Error(`the service exited with ${code}:\n${out}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
