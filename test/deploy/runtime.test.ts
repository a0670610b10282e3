import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const root = findProjectRoot(__dirname);
/** What deploy/Dockerfile's runtime stage copies, besides production node_modules. */
const RUNTIME_FILES = ['package.json', 'package-lock.json', 'dist', 'dialogs', 'locales', 'public'];

jest.setTimeout(180_000);

/** Production node_modules without copying 800 MB: hard links, pruned in place (npm replaces files, never edits them). */
function linkNodeModules(target: string): void {
  try {
    execFileSync('cp', ['-al', path.join(root, 'node_modules'), target]);
    const lock = path.join(target, 'node_modules', '.package-lock.json');
    fs.rmSync(lock, { force: true });
    fs.copyFileSync(path.join(root, 'node_modules', '.package-lock.json'), lock);
  } catch {
    fs.cpSync(path.join(root, 'node_modules'), path.join(target, 'node_modules'), { recursive: true });
  }
}

async function waitForListening(child: ChildProcess): Promise<number> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line within 60 s:\n${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
  });
}

describe('the built service with production dependencies only, from a clean folder', () => {
  let folder: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
    fs.mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
    folder = fs.mkdtempSync(path.join(root, 'test-artifacts', 'runtime-'));
    for (const entry of RUNTIME_FILES) fs.cpSync(path.join(root, entry), path.join(folder, entry), { recursive: true });
    linkNodeModules(folder);
    execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: folder, stdio: 'pipe' });
  });

  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('has no development dependency left', () => {
    for (const dev of ['jest', 'ts-jest', 'eslint', 'playwright-core', 'tsx']) expect(fs.existsSync(path.join(folder, 'node_modules', dev))).toBe(false);
    expect(fs.existsSync(path.join(folder, 'src'))).toBe(false);
  });

  it('runs the migrations with the compiled command the image documents', () => {
    const out = execFileSync('node', ['dist/src/cli/migrate.js'], { cwd: folder, env: { PATH: process.env.PATH, DATA_DIR: path.join(folder, 'migrated') } }).toString();
    expect(out).toMatch(/^sqlite: schema \d{4}_\w+\n$/);
  });

  it('refuses to start in production without real keys, naming them', () => {
    let stderr = '';
    try {
      execFileSync('node', ['dist/src/index.js'], { cwd: folder, env: { PATH: process.env.PATH, NODE_ENV: 'production', DATA_DIR: path.join(folder, 'data') }, stdio: 'pipe' });
    } catch (error) {
      stderr = String((error as { stderr?: Buffer }).stderr);
    }
    expect(stderr).toMatch(/DATA_ENCRYPTION_KEY: required when NODE_ENV is production/);
    expect(stderr).toMatch(/DIRECTLINE_SECRET: required when NODE_ENV is production/);
  });

  it('starts in production, answers a web chat conversation and stops cleanly on SIGTERM', async () => {
    child = spawn('node', ['dist/src/index.js'], {
      cwd: folder,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATA_DIR: path.join(folder, 'data'),
        DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        DIRECTLINE_SECRET: randomBytes(32).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const base = `http://127.0.0.1:${await waitForListening(child)}`;

    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready', cards: 24 });
    expect((await fetch(`${base}/webchat/webchat.js`)).status).toBe(200);
    const session = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string; userId: string };
    const headers = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers })).status).toBe(201);
    const activities = `${base}/v3/directline/conversations/${session.conversationId}/activities`;
    const sent = await fetch(activities, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'hola', from: { id: session.userId } }) });
    expect(sent.status).toBe(200);
    const log = (await (await fetch(activities, { headers })).json()) as { activities: Array<{ text?: string; from: { role?: string } }> };
    const said = log.activities.filter((a) => a.from.role === 'bot').map((a) => a.text ?? '');
    expect(said[0]).toContain('automated assistant');
    expect(said.at(-1)).toMatch(/^¿Qué le gustaría saber\?/);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
