import type { RunningApp } from '../helpers/httpApp';
import { request, signIn, startApp, type StaffClient } from './staffHelpers';

/**
 * Every route of the staff API, taken from the server itself (a route added later is covered without editing this
 * file), checked against the access rules: no session 401, a staff account on an admin route 403, a write without
 * its CSRF token 403, and a session that was signed out 401.
 */

/** Routes anyone may call: signing in, and whether single sign-on is offered. */
const PUBLIC = new Set(['POST /staff/api/login', 'GET /staff/api/sso']);
/** Routes that need an admin account. */
const ADMIN = new Set([
  'GET /staff/api/accounts',
  'POST /staff/api/accounts',
  'POST /staff/api/accounts/:id/disable',
  'DELETE /staff/api/conversations/:channel/:id',
  'GET /staff/api/export',
  'GET /staff/api/audit',
]);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let running: RunningApp;
let routes: { method: string; path: string; key: string }[];

beforeAll(async () => {
  running = await startApp();
  const all = Object.values(running.app.server.router.getRoutes()) as { method: string; path: string }[];
  routes = all.filter((r) => r.path.startsWith('/staff/api/')).map((r) => ({ method: r.method, path: r.path, key: `${r.method} ${r.path}` }));
});
afterAll(async () => running.app.close());

function concrete(path: string): string {
  return path.replace(':channel', 'webchat').replace(/:[a-zA-Z]+/g, 'no-such-id');
}

async function call(client: StaffClient | undefined, route: { method: string; path: string }, options: { csrf?: boolean } = {}) {
  const body = WRITES.has(route.method) ? {} : undefined;
  if (!client) return request(running.baseUrl, route.method, concrete(route.path), body);
  return client.call(route.method, concrete(route.path), body, options);
}

describe('access to every staff API route', () => {
  it('knows the routes it checks', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const key of [...PUBLIC, ...ADMIN].filter((k) => !k.includes('/sso') && !k.includes('/audit'))) expect(routes.map((r) => r.key)).toContain(key);
  });

  it('answers 401 without a session', async () => {
    const wrong = [];
    for (const route of routes.filter((r) => !PUBLIC.has(r.key))) {
      const answer = await call(undefined, route);
      if (answer.status !== 401) wrong.push(`${route.key} -> ${answer.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to a staff account on every admin route, and lets it through everywhere else', async () => {
    const staff = await signIn(running, 'matrix-staff@example.org', 'staff');
    const wrong = [];
    for (const route of routes.filter((r) => !PUBLIC.has(r.key) && r.key !== 'POST /staff/api/logout')) {
      const answer = await call(staff, route);
      const expected = ADMIN.has(route.key);
      if (expected && !(answer.status === 403 && answer.json.error === 'forbidden')) wrong.push(`${route.key} -> ${answer.status} (expected 403)`);
      if (!expected && (answer.status === 401 || answer.status === 403)) wrong.push(`${route.key} -> ${answer.status} (expected access)`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to every write without its CSRF token, even from an admin', async () => {
    const admin = await signIn(running, 'matrix-admin@example.org', 'admin');
    const writes = routes.filter((r) => WRITES.has(r.method) && !PUBLIC.has(r.key));
    expect(writes.length).toBeGreaterThanOrEqual(8);
    const wrong = [];
    for (const route of writes) {
      const answer = await call(admin, route, { csrf: false });
      if (!(answer.status === 403 && answer.json.error === 'csrf')) wrong.push(`${route.key} -> ${answer.status}`);
      const forged = await request(running.baseUrl, route.method, concrete(route.path), {}, { cookie: admin.cookie, 'x-csrf-token': 'forged' });
      if (forged.status !== 403) wrong.push(`${route.key} forged token -> ${forged.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 401 everywhere to a session after its owner signed out, while another staff member is unaffected', async () => {
    const leaving = await signIn(running, 'matrix-leaving@example.org', 'admin');
    const staying = await signIn(running, 'matrix-staying@example.org', 'staff');
    expect((await leaving.call('POST', '/staff/api/logout', {})).status).toBe(200);
    const wrong = [];
    for (const route of routes.filter((r) => !PUBLIC.has(r.key))) {
      const answer = await call(leaving, route);
      if (answer.status !== 401) wrong.push(`${route.key} -> ${answer.status}`);
    }
    expect(wrong).toEqual([]);
    expect((await staying.call('GET', '/staff/api/me')).status).toBe(200);
  });

  it('answers 401 to the sessions of an account an admin disabled', async () => {
    const admin = await signIn(running, 'matrix-admin2@example.org', 'admin');
    const gone = await signIn(running, 'matrix-gone@example.org', 'staff');
    const account = await running.app.staff.accounts.findByEmail('matrix-gone@example.org');
    expect((await admin.call('POST', `/staff/api/accounts/${account?.id}/disable`, {})).status).toBe(200);
    expect((await gone.call('GET', '/staff/api/leads')).status).toBe(401);
  });
});
