import { DirectLine, type SeenActivity, waitUntil } from '../helpers/directLineClient';
import { postJson, startApp, type RunningApp } from '../helpers/httpApp';

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

/** The screening in Chinese, from the main menu to the office card: consent, "in the US", then every other question skipped. */
export const CHINESE_SCREENING = ['请律师帮助', '是', '在美国', ...Array<string>(8).fill('跳过')];

export interface Person {
  conversationId: string;
  /** Everything the person's Direct Line client received, in order. */
  seen: SeenActivity[];
  say(text: string): Promise<void>;
  /** Waits until the bot (or staff) sent `count` activities tagged `tag`. */
  waitForTag(tag: string, count?: number): Promise<void>;
  close(): void;
}

/** A person on the website widget's transport: the real botframework-directlinejs client, polling. */
export async function startPerson(baseUrl: string, locale = 'zh-CN'): Promise<Person> {
  const session = (await postJson(`${baseUrl}/api/webchat/token`, { locale })).json as { token: string; conversationId: string; userId: string };
  const dl = new DirectLine({ domain: `${baseUrl}/v3/directline`, token: session.token, webSocket: false, pollingInterval: 200 });
  const seen: SeenActivity[] = [];
  const subscription = dl.activity$.subscribe((a) => seen.push(a));
  const tagged = (tag: string) => seen.filter((a) => a.from.role === 'bot' && (a.channelData?.camino?.tags ?? []).includes(tag)).length;
  const person: Person = {
    conversationId: session.conversationId,
    seen,
    say: (text) =>
      new Promise<void>((resolve, reject) =>
        dl.postActivity({ type: 'message', text, locale, from: { id: session.userId } }).subscribe(
          () => resolve(),
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        ),
      ),
    waitForTag: (tag, count = 1) => waitUntil(() => tagged(tag) >= count, 20_000, `${count} × ${tag}`),
    close: () => {
      subscription.unsubscribe();
      dl.end();
    },
  };
  await person.waitForTag('menu.prompt');
  return person;
}

/** Runs the Chinese screening to the office card; the lead exists when it resolves. */
export async function screenInChinese(person: Person): Promise<void> {
  for (const step of CHINESE_SCREENING) await person.say(step);
  await person.waitForTag('screening:office.prompt');
}
