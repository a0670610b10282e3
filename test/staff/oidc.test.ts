import { loadConfig } from '../../src/config/loadConfig';
import { type FakeOidc, startAppWithOidc, startFakeOidc } from '../helpers/fakeOidc';
import type { RunningApp } from '../helpers/httpApp';
import { makeTempDir } from '../helpers/testRuntime';
import { auditActions, PASSWORD, request, startApp } from './staffHelpers';

jest.setTimeout(60_000);

const cookieOf = (headers: Headers, name: string) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

let fake: FakeOidc;
let running: RunningApp;

beforeAll(async () => {
  fake = await startFakeOidc();
  running = await startAppWithOidc(fake, { OIDC_ADMIN_GROUP: 'camino-admins', OIDC_STAFF_GROUP: 'camino-intake' });
});
afterAll(async () => {
  await running.app.close();
  await fake.close();
});

/** The browser's part: start at /staff/oidc/login, follow the provider's redirect, arrive at the callback. */
async function signInThroughProvider(): Promise<{ callback: string; flowCookie: string; answer: Awaited<ReturnType<typeof request>> }> {
  const start = await request(running.baseUrl, 'GET', '/staff/oidc/login');
  expect(start.status).toBe(302);
  const flowCookie = cookieOf(start.headers, 'camino_oidc') ?? '';
  const provider = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
  const callback = provider.headers.get('location') ?? '';
  const answer = await request(running.baseUrl, 'GET', callback.replace(running.baseUrl, ''), undefined, { cookie: flowCookie });
  return { callback, flowCookie, answer };
}

async function me(cookie: string | undefined) {
  return request(running.baseUrl, 'GET', '/staff/api/me', undefined, cookie ? { cookie } : {});
}

describe('single sign-on with OpenID Connect', () => {
  it('tells the sign-in page that single sign-on is offered', async () => {
    expect((await request(running.baseUrl, 'GET', '/staff/api/sso')).json).toEqual({ enabled: true, label: 'Microsoft' });
  });

  it('signs a member of the admin group in as an admin, with PKCE and a nonce, and audits it', async () => {
    fake.user = { sub: 'a-1', email: 'Boss@Example.org', groups: ['everyone', 'camino-admins'] };
    const { answer } = await signInThroughProvider();
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/staff');
    const session = cookieOf(answer.headers, 'camino_staff');
    expect((await me(session)).json).toMatchObject({ email: 'boss@example.org', role: 'admin', mustChangePassword: false });
    const asked = fake.authorizations.at(-1);
    expect(asked?.get('code_challenge_method')).toBe('S256');
    expect(asked?.get('nonce')).toMatch(/.{20,}/);
    const account = await running.app.staff.accounts.findByEmail('boss@example.org');
    const login = (await auditActions(running)).find((e) => e.action === 'login' && e.actor === account?.id);
    expect(login).toMatchObject({ detail: { method: 'oidc' }, address: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('gives a member of the staff group the staff role, which admin routes refuse', async () => {
    fake.user = { sub: 's-1', email: 'intake@example.org', groups: ['camino-intake'] };
    const { answer } = await signInThroughProvider();
    const session = cookieOf(answer.headers, 'camino_staff') ?? '';
    expect((await me(session)).json).toMatchObject({ role: 'staff' });
    expect((await request(running.baseUrl, 'GET', '/staff/api/accounts', undefined, { cookie: session })).status).toBe(403);
  });

  it('updates the role from the groups at the next sign-in', async () => {
    fake.user = { sub: 's-1', email: 'intake@example.org', groups: ['camino-admins'] };
    const { answer } = await signInThroughProvider();
    expect((await me(cookieOf(answer.headers, 'camino_staff'))).json).toMatchObject({ role: 'admin' });
    const account = await running.app.staff.accounts.findByEmail('intake@example.org');
    expect((await auditActions(running)).find((e) => e.action === 'account.role' && e.target === account?.id)?.detail).toEqual({ from: 'staff', to: 'admin', method: 'oidc' });
  });

  it('replaces an unchanged one-time password when the person signs in through the provider', async () => {
    await running.app.staff.accounts.create({ email: 'new-hire@example.org', role: 'staff', password: 'printed one-time pass 9', oneTime: true }, { id: 'cli', address: null });
    fake.user = { sub: 'n-1', email: 'new-hire@example.org', groups: ['camino-intake'] };
    const { answer } = await signInThroughProvider();
    expect((await me(cookieOf(answer.headers, 'camino_staff'))).json).toMatchObject({ mustChangePassword: false });
    expect((await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'new-hire@example.org', password: 'printed one-time pass 9' })).status).toBe(401);
  });

  it('refuses an email address the provider has not verified', async () => {
    fake.user = { sub: 'v-1', email: 'unverified@example.org', groups: ['camino-intake'], emailVerified: false };
    const { answer } = await signInThroughProvider();
    expect(answer.status).toBe(403);
    expect(await running.app.staff.accounts.findByEmail('unverified@example.org')).toBeUndefined();
  });

  it('refuses someone in no configured group, without a session, and audits it', async () => {
    fake.user = { sub: 'x-1', email: 'visitor@example.org', groups: ['everyone'] };
    const { answer } = await signInThroughProvider();
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('not in a group');
    expect(cookieOf(answer.headers, 'camino_staff')).toBeUndefined();
    expect(await running.app.staff.accounts.findByEmail('visitor@example.org')).toBeUndefined();
    expect((await auditActions(running)).find((e) => e.action === 'login.sso.denied')?.detail).toEqual({ reason: 'no group' });
  });

  it('refuses a callback without its flow cookie, with a forged state, or used twice', async () => {
    fake.user = { sub: 'a-1', email: 'boss@example.org', groups: ['camino-admins'] };
    const start = await request(running.baseUrl, 'GET', '/staff/oidc/login');
    const flowCookie = cookieOf(start.headers, 'camino_oidc') ?? '';
    const provider = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = new URL(provider.headers.get('location') ?? '');
    const path = callback.pathname + callback.search;
    expect((await request(running.baseUrl, 'GET', path)).status).toBe(400);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged');
    expect((await request(running.baseUrl, 'GET', forged.pathname + forged.search, undefined, { cookie: flowCookie })).status).toBe(400);
    const tampered = `camino_oidc=${flowCookie.slice('camino_oidc='.length, -4)}AAAA`;
    expect((await request(running.baseUrl, 'GET', path, undefined, { cookie: tampered })).status).toBe(400);
    const first = await request(running.baseUrl, 'GET', path, undefined, { cookie: flowCookie });
    expect(first.status).toBe(302);
    const replay = await request(running.baseUrl, 'GET', path, undefined, { cookie: flowCookie });
    expect(replay.status).toBe(400);
    expect(cookieOf(replay.headers, 'camino_staff')).toBeUndefined();
  });

  it.each([
    ['a wrong nonce', { nonce: 'not-the-nonce' }],
    ['another audience', { audience: 'someone-else' }],
    ['a key the provider did not publish', { foreignKey: true }],
    ['an error from the provider', { error: 'access_denied' }],
  ])('refuses an answer with %s', async (_name, tamper) => {
    fake.user = { sub: 'a-1', email: 'boss@example.org', groups: ['camino-admins'] };
    fake.tamper = tamper;
    try {
      const { answer } = await signInThroughProvider();
      expect(answer.status).toBe(400);
      expect(cookieOf(answer.headers, 'camino_staff')).toBeUndefined();
    } finally {
      fake.tamper = {};
    }
  });

  it('refuses a disabled account, and an account made by single sign-on has no password to sign in with', async () => {
    fake.user = { sub: 'd-1', email: 'leaver@example.org', groups: ['camino-intake'] };
    expect((await signInThroughProvider()).answer.status).toBe(302);
    const passwordTry = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'leaver@example.org', password: 'sso-only' });
    expect(passwordTry.status).toBe(401);
    const account = await running.app.staff.accounts.findByEmail('leaver@example.org');
    await running.app.staff.accounts.disable(account?.id ?? '', { id: 'test', address: null });
    const again = await signInThroughProvider();
    expect(again.answer.status).toBe(403);
    expect(again.answer.text).toContain('disabled');
  });

  it('answers 503 while the provider is down, and password sign-in still works', async () => {
    const fresh = await startApp({ OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y', OIDC_REDIRECT_URI: 'http://127.0.0.1:3978/staff/oidc/callback', OIDC_STAFF_GROUP: 'g' });
    try {
      const start = await request(fresh.baseUrl, 'GET', '/staff/oidc/login');
      expect(start.status).toBe(503);
      expect(start.text).toContain('could not be reached');
      await fresh.app.staff.accounts.create({ email: 'local@example.org', role: 'staff', password: PASSWORD }, { id: 'test', address: null });
      expect((await request(fresh.baseUrl, 'POST', '/staff/api/login', { email: 'local@example.org', password: PASSWORD })).status).toBe(200);
    } finally {
      await fresh.app.close();
    }
  });
});

describe('without single sign-on', () => {
  it('says so, and its routes answer 404', async () => {
    const plain = await startApp();
    try {
      expect((await request(plain.baseUrl, 'GET', '/staff/api/sso')).json).toEqual({ enabled: false });
      expect((await request(plain.baseUrl, 'GET', '/staff/oidc/login')).status).toBe(404);
      expect((await request(plain.baseUrl, 'GET', '/staff/oidc/callback?code=x&state=y')).status).toBe(404);
    } finally {
      await plain.app.close();
    }
  });

  it('refuses to start half configured', () => {
    const base = { DATA_DIR: makeTempDir() };
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'https://login.example.org/tenant/v2.0' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() =>
      loadConfig({ ...base, OIDC_ISSUER: 'https://login.example.org/', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b', OIDC_REDIRECT_URI: 'https://staff.example.org/staff/oidc/callback' }),
    ).toThrow(/OIDC_STAFF_GROUP or OIDC_ADMIN_GROUP/);
    expect(() =>
      loadConfig({ ...base, OIDC_ISSUER: 'https://login.example.org/', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b', OIDC_REDIRECT_URI: 'https://staff.example.org/elsewhere', OIDC_STAFF_GROUP: 'g' }),
    ).toThrow(/\/staff\/oidc\/callback/);
    const plainHttp = { ...base, OIDC_ISSUER: 'https://login.example.org/', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b', OIDC_REDIRECT_URI: 'http://staff.example.org/staff/oidc/callback', OIDC_STAFF_GROUP: 'g' };
    expect(loadConfig(plainHttp).staff.oidc?.redirectUri).toBe('http://staff.example.org/staff/oidc/callback');
    expect(() => loadConfig({ ...plainHttp, NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'k'.repeat(64), DIRECTLINE_SECRET: 's'.repeat(40) })).toThrow(/https address in production/);
  });
});
