import type { Browser, Page } from 'playwright-core';
import { postJson, startApp, type RunningApp } from '../helpers/httpApp';
import { describeBrowser, launchChromium, recordCspViolations, recordOutsideRequests } from './browserHarness';

jest.setTimeout(120_000);

const EMAIL = 'intake@example.org';
const PASSWORD = 'a long staff password 42';
const PAYLOADS = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">'];

/** A visitor's conversation over Direct Line, as the website widget holds it. */
async function converse(baseUrl: string, texts: string[]): Promise<string> {
  const session = (await postJson(`${baseUrl}/api/webchat/token`, {})).json as { token: string; conversationId: string; userId: string };
  const auth = { authorization: `Bearer ${session.token}` };
  await postJson(`${baseUrl}/v3/directline/conversations`, {}, auth);
  for (const text of texts) {
    const sent = await postJson(`${baseUrl}/v3/directline/conversations/${session.conversationId}/activities`, { type: 'message', text, from: { id: session.userId } }, auth);
    expect(sent.status).toBe(200);
  }
  return session.conversationId;
}

describeBrowser('the staff app in a browser', () => {
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let chinese: string;

  beforeAll(async () => {
    running = await startApp();
    await running.app.staff.accounts.create({ email: EMAIL, role: 'admin', password: PASSWORD }, { id: 'test', address: null });
    await converse(running.baseUrl, ['hello', 'what is title 42']);
    chinese = await converse(running.baseUrl, ['你好', '什么是第42条', ...PAYLOADS]);
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.app.close();
  });

  it('signs in, finds the Chinese conversation by filter, and shows what the person wrote as text, running nothing', async () => {
    const outside = recordOutsideRequests(page);
    const violations = recordCspViolations(page);
    await page.goto(`${running.baseUrl}/staff`);
    const login = page.locator('#login-form');
    await login.getByLabel('Email').fill(EMAIL);
    await login.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.locator('#rows tr').nth(1).waitFor();

    await page.locator('#filters').getByLabel('Language').selectOption('zh');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('1 conversations shown.').waitFor();
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Conversation', exact: true }).waitFor();

    const transcript = page.locator('#transcript');
    await transcript.getByText('什么是第42条').waitFor();
    for (const payload of PAYLOADS) await transcript.getByText(payload, { exact: true }).waitFor();
    expect(await transcript.locator('script, img').count()).toBe(0);
    const translate = page.getByRole('button', { name: 'Show English translation' });
    expect(await translate.isDisabled()).toBe(true);
    await page.getByText(/^Translation is unavailable: no language model is configured \(OPENAI_BASE_URL and OPENAI_API_KEY are not set\)\.$/).waitFor();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(outside).toEqual([]);
    expect(violations).toEqual([]);

    const actions = (await running.app.staff.audit.list({ limit: 100 })).map((e) => `${e.action} ${e.target ?? ''}`);
    expect(actions).toContain(`conversation.read webchat/${chinese}`);
  });

  it('switches the whole interface to Spanish and remembers it', async () => {
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.locator('#ui-language').selectOption('es');
    await page.getByRole('heading', { name: 'Conversaciones' }).waitFor();
    await page.getByRole('button', { name: 'Cola de derivaciones' }).click();
    await page.getByRole('heading', { name: 'Cola de derivaciones' }).waitFor();
    await page.getByRole('columnheader', { name: 'Asignado a' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Conversaciones' }).waitFor();
    await page.locator('#ui-language').selectOption('en');
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
  });

  it('signs out, after which the session no longer reads anything', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const status = await page.evaluate("fetch('/staff/api/conversations').then((r) => r.status)");
    expect(status).toBe(401);
    const actions = (await running.app.staff.audit.list({ limit: 100 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'logout']));
  });
});
