import { auditActions, PASSWORD, request, signIn, startApp } from './staffHelpers';
import type { RunningApp } from '../helpers/httpApp';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.app.close();
});

describe('staff sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /staff and records the login', async () => {
    await running.app.staff.accounts.create({ email: 'cookie@example.org', role: 'staff', password: PASSWORD }, { id: 'test', address: null });
    const login = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'Cookie@Example.org', password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^camino_staff=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/staff');
    expect(cookie).not.toContain('Secure');
    const account = await running.app.staff.accounts.findByEmail('cookie@example.org');
    const entries = await auditActions(running);
    expect(entries.find((e) => e.action === 'login' && e.actor === account?.id)?.address).toMatch(/127\.0\.0\.1/);
  });

  it('answers 400 with a reason for a malformed body and 401 for a wrong password', async () => {
    const bad = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'x' });
    expect(bad.status).toBe(400);
    expect(String(bad.json.message)).toContain('password');
    const wrong = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'cookie@example.org', password: 'not the password' });
    expect(wrong.status).toBe(401);
  });

  it('locks an account after five failures, even for the right password, and audits it', async () => {
    await running.app.staff.accounts.create({ email: 'locked@example.org', role: 'admin', password: PASSWORD }, { id: 'test', address: null });
    for (let i = 0; i < 5; i += 1) {
      const wrong = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'locked@example.org', password: `guess number ${i}` });
      expect(wrong.status).toBe(401);
    }
    const right = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'locked@example.org', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.headers.get('set-cookie')).toBeNull();
    const entries = await auditActions(running);
    const account = await running.app.staff.accounts.findByEmail('locked@example.org');
    expect(entries.filter((e) => e.action === 'login.failed' && e.target === account?.id)).toHaveLength(5);
    expect(entries.some((e) => e.action === 'login.locked')).toBe(true);
  });

  it('locks an address that guesses across many accounts', async () => {
    const fresh = await startApp();
    try {
      for (let i = 0; i < 20; i += 1) await request(fresh.baseUrl, 'POST', '/staff/api/login', { email: `nobody${i}@example.org`, password: 'guess guess guess' });
      await fresh.app.staff.accounts.create({ email: 'real@example.org', role: 'staff', password: PASSWORD }, { id: 'test', address: null });
      const right = await request(fresh.baseUrl, 'POST', '/staff/api/login', { email: 'real@example.org', password: PASSWORD });
      expect(right.status).toBe(429);
    } finally {
      await fresh.app.close();
    }
  });

  it('ends the session at logout: the same cookie then gets 401', async () => {
    const client = await signIn(running, 'logout@example.org', 'staff');
    expect((await client.call('GET', '/staff/api/me')).status).toBe(200);
    expect((await client.call('POST', '/staff/api/logout', {}, { csrf: false })).status).toBe(403);
    const out = await client.call('POST', '/staff/api/logout', {});
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await client.call('GET', '/staff/api/me')).status).toBe(401);
    const account = await running.app.staff.accounts.findByEmail('logout@example.org');
    expect((await auditActions(running)).some((e) => e.action === 'logout' && e.actor === account?.id)).toBe(true);
  });

  it('lets a one-time password do nothing but choose a new one', async () => {
    const admin = await signIn(running, 'boss@example.org', 'admin');
    const created = await admin.call('POST', '/staff/api/accounts', { email: 'new@example.org', role: 'staff', password: 'a one-time password' });
    expect(created.status).toBe(201);
    const login = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'new@example.org', password: 'a one-time password' });
    expect(login.json.mustChangePassword).toBe(true);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { cookie, 'x-csrf-token': String(login.json.csrfToken) };
    expect((await request(running.baseUrl, 'GET', '/staff/api/conversations', undefined, headers)).json.error).toBe('password_change_required');
    const short = await request(running.baseUrl, 'POST', '/staff/api/password', { current: 'a one-time password', next: 'short' }, headers);
    expect(short.status).toBe(400);
    const changed = await request(running.baseUrl, 'POST', '/staff/api/password', { current: 'a one-time password', next: 'my own long password' }, headers);
    expect(changed.status).toBe(200);
    expect((await request(running.baseUrl, 'GET', '/staff/api/conversations', undefined, headers)).status).toBe(200);
    const entries = await auditActions(running);
    expect(entries.some((e) => e.action === 'account.create' && e.detail?.role === 'staff')).toBe(true);
    expect(entries.some((e) => e.action === 'account.password')).toBe(true);
  });

  it('serves /staff with a strict CSP, no framing and nosniff', async () => {
    const page = await request(running.baseUrl, 'GET', '/staff');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
