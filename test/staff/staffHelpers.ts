import { startApp, type RunningApp } from '../helpers/httpApp';

export interface StaffClient {
  cookie: string;
  csrf: string;
  /** A request with this session's cookie and CSRF token. */
  call(method: string, path: string, body?: unknown, options?: { csrf?: boolean }): Promise<{ status: number; json: Record<string, unknown>; text: string; headers: Headers }>;
}

export const PASSWORD = 'correct horse battery staple';

export async function request(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // pages and CSV are not JSON
  }
  return { status: response.status, json, text, headers: response.headers };
}

/** Creates an account through the service's own repository (without a one-time password) and signs it in. */
export async function signIn(running: RunningApp, email: string, role: 'staff' | 'admin'): Promise<StaffClient> {
  if (!(await running.app.staff.accounts.findByEmail(email))) {
    await running.app.staff.accounts.create({ email, role, password: PASSWORD }, { id: 'test', address: null });
  }
  const login = await request(running.baseUrl, 'POST', '/staff/api/login', { email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = String(login.json.csrfToken);
  return {
    cookie,
    csrf,
    call: (method, path, body, options = {}) =>
      request(running.baseUrl, method, path, body, { cookie, ...(options.csrf === false ? {} : { 'x-csrf-token': csrf }) }),
  };
}

export async function auditActions(running: RunningApp): Promise<{ action: string; actor: string; target: string | null; address: string | null; detail: Record<string, unknown> | null }[]> {
  return running.app.staff.audit.list({ limit: 1000 });
}

export { startApp };
