import { createMigrations } from '../../src/store/migrations';
import net from 'node:net';
import { DirectLineHttpClient } from '../../src/bench/directLineHttp';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { emulatorActivity, postJson, startApp, type RunningApp } from '../helpers/httpApp';
import { freePort } from '../helpers/freePort';
import { createPostgresDatabase } from './testDatabases';

jest.setTimeout(60_000);

/** A TCP hop between the service and PostgreSQL that can be cut and restored, like a network outage. */
async function startLink(target: URL): Promise<{ url(db: string): string; cut(): Promise<void>; restore(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((inbound) => {
        const outbound = net.connect(Number(target.port), target.hostname);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();
  return {
    url: (db) => `postgres://${target.username}:${target.password}@127.0.0.1:${port}/${db}`,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server?.close(() => resolve());
      }),
    restore: listen,
  };
}

/** Stands in for a Bot Framework channel's connector: records what the bot sends back. */
async function startConnector(): Promise<{ url: string; received: Array<{ text?: string }>; close(): void }> {
  const received: Array<{ text?: string }> = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(data) as { text?: string });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `r${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => server.close() };
}

async function waitForStatus(url: string, status: number): Promise<void> {
  const started = Date.now();
  while ((await fetch(url)).status !== status) {
    if (Date.now() - started > 30_000) throw new Error(`${url} never answered ${status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the database going away and coming back', () => {
  let running: RunningApp;
  let link: Awaited<ReturnType<typeof startLink>> | undefined;
  afterAll(async () => {
    await running?.app.close(1000);
    await link?.cut();
  });

  it('fails readiness and requests instead of hanging, and serves again without a restart', async () => {
    const direct = new URL(await createPostgresDatabase());
    link = await startLink(direct);
    running = await startApp({ DATABASE_URL: link.url(direct.pathname.slice(1)), DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '2000' });
    const client = await DirectLineHttpClient.start(running.baseUrl);
    await client.ask('hello');
    const ready = await (await fetch(`${running.baseUrl}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', engine: 'postgres', schemaVersion: Object.keys(createMigrations('postgres')).at(-1) });

    await link.cut();
    await waitForStatus(`${running.baseUrl}/readyz`, 503);
    await expect(client.send('menu')).rejects.toThrow(/answered 5\d\d/);
    // A Bot Framework channel (here the Emulator's shape) still gets the apology: it does not go through the log.
    const connector = await startConnector();
    try {
      const activity = emulatorActivity({ conversation: { id: 'outage-conv' }, serviceUrl: connector.url, text: 'hello' });
      await postJson(`${running.baseUrl}/api/messages`, activity);
      expect(connector.received.map((r) => r.text)).toEqual([running.app.domain.texts.t('en', 'error.apology')]);
    } finally {
      connector.close();
    }

    await link.restore();
    await waitForStatus(`${running.baseUrl}/readyz`, 200);
    const reply = await client.ask('menu');
    expect(reply.from.role).toBe('bot');
  });
});
