import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { emulatorActivity, postJson } from '../helpers/httpApp';
import { makeTempDir, ROOT } from '../helpers/testRuntime';

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function startProcess(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(TSX, [path.join(ROOT, 'src', 'index.ts')], {
    cwd: makeTempDir(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the service process', () => {
  it('refuses to start with a bad variable and names it', async () => {
    const { child, output } = startProcess({ PORT: 'eighty', DATA_DIR: makeTempDir() });
    expect(await exitOf(child)).toBe(1);
    expect(output()).toMatch(/PORT:/);
  });

  it('says WhatsApp is on, where, and with which Graph API version', async () => {
    const { child, output } = startProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: makeTempDir(),
      WHATSAPP_ACCESS_TOKEN: 'EAAJB-token',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_APP_SECRET: 'app-secret',
      WHATSAPP_VERIFY_TOKEN: 'a-verify-token-of-length',
    });
    try {
      await waitFor(() => /Staff app:/.test(output()));
      expect(output()).toMatch(/WhatsApp: on at \/whatsapp \(Graph API graph\.facebook\.com\/v25\.0\)/);
      expect(output()).not.toContain('EAAJB-token');
    } finally {
      // SIGTERM reaches the service through tsx (SIGKILL would stop tsx alone and leave the service running).
      const exited = exitOf(child);
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('says where it listens and what is on, then on SIGTERM finishes the turn in flight before exiting', async () => {
    let releaseConnector!: () => void;
    const connectorGate = new Promise<void>((resolve) => (releaseConnector = resolve));
    const received: string[] = [];
    const connector = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        void connectorGate.then(() => {
          received.push((JSON.parse(body) as { text: string }).text);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id":"x"}');
        });
      });
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    const connectorPort = (connector.address() as AddressInfo).port;

    const { child, output } = startProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeTempDir() });
    try {
      await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(output()));
      expect(output()).toMatch(/authentication OFF/);
      expect(output()).toMatch(/Storage: SQLite/);
      expect(output()).toMatch(/WhatsApp: off \(set WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN/);
      const port = /127\.0\.0\.1:(\d+)/.exec(output())?.[1];

      const turn = postJson(
        `http://127.0.0.1:${port}/api/messages`,
        emulatorActivity({ serviceUrl: `http://127.0.0.1:${connectorPort}`, conversation: { id: 'shutdown-conv' } }),
      );
      await waitFor(() => connector.listenerCount('request') > 0 && output().length > 0);
      await new Promise((r) => setTimeout(r, 300));
      const exited = exitOf(child);
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      releaseConnector();

      expect((await turn).status).toBeLessThan(300);
      expect(await exited).toBe(0);
      expect(received[0]).toMatch(/automated assistant/);
    } finally {
      child.kill('SIGKILL');
      connector.close();
    }
  });
});
