import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseStaffArgs } from '../../src/cli/staff';
import { makeTempDir, ROOT } from '../helpers/testRuntime';
import { request, startApp } from './staffHelpers';

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'src', 'cli', 'staff.ts');

function runStaff(dataDir: string, args: string[], input?: string) {
  const result = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('parseStaffArgs', () => {
  it('reads add with email, role and --password-stdin', () => {
    expect(parseStaffArgs(['add', '--email', 'a@example.org', '--role', 'admin', '--password-stdin'])).toEqual({ command: 'add', email: 'a@example.org', role: 'admin', passwordStdin: true });
  });
  it.each([[['add', '--email', 'a@example.org']], [['add', '--role', 'staff']], [['add', '--email', 'a@example.org', '--role', 'root']], [['remove']]])('rejects %j', (argv) => {
    expect(() => parseStaffArgs(argv)).toThrow(/usage/);
  });
});

describe('npm run staff', () => {
  it('creates an admin with a one-time password that signs in and must be changed', async () => {
    const dataDir = makeTempDir();
    const created = runStaff(dataDir, ['add', '--email', 'first@example.org', '--role', 'admin']);
    expect(created.status).toBe(0);
    const password = /One-time password[^:]*: (\S+)/.exec(created.stdout)?.[1] ?? '';
    expect(password).toHaveLength(20);
    const duplicate = runStaff(dataDir, ['add', '--email', 'first@example.org', '--role', 'staff']);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const fromStdin = runStaff(dataDir, ['add', '--email', 'second@example.org', '--role', 'staff', '--password-stdin'], 'a password from a manager\n');
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).not.toContain('a password from a manager');

    const running = await startApp({}, dataDir);
    try {
      const login = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'first@example.org', password });
      expect(login.status).toBe(200);
      expect(login.json).toMatchObject({ role: 'admin', mustChangePassword: true });
      const second = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'second@example.org', password: 'a password from a manager' });
      expect(second.json).toMatchObject({ role: 'staff', mustChangePassword: false });
      const entries = await running.app.staff.audit.list({ limit: 10 });
      expect(entries.filter((e) => e.action === 'account.create' && e.actor === 'cli')).toHaveLength(2);
    } finally {
      await running.app.close();
    }
  });

  it('tells how to create the first admin when the service starts without one', async () => {
    const child = spawn(TSX, [path.join(ROOT, 'src', 'index.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: makeTempDir(), LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' } });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('Health:')) resolve();
        });
        child.once('exit', () => reject(new Error(`exited early: ${out}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(out).toContain('npm run staff -- add --email');
    expect(out).toContain('--role admin');
  });
});
