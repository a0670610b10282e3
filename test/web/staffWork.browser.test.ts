import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fakeOpenAi';
import { startApp, type RunningApp } from '../helpers/httpApp';
import { type Person, screenInChinese, startPerson } from '../staff/staffHelpers';
import { describeBrowser, launchChromium, recordCspViolations, recordOutsideRequests } from './browserHarness';

jest.setTimeout(180_000);

const EMAIL = 'new-admin@example.org';
const ONE_TIME = 'printed one-time password 1';
const PASSWORD = 'my own admin password 2026';
const REPLY = '您好，我是律所的工作人员，明天上午给您打电话。';

/** Signs in through the form; the one-time password has to be replaced first when `oneTime` is given. */
async function signIn(page: Page, baseUrl: string, password: string, next?: string): Promise<void> {
  await page.goto(`${baseUrl}/staff`);
  const login = page.locator('#login-form');
  await login.getByLabel('Email').fill(EMAIL);
  await login.getByLabel('Password', { exact: true }).fill(password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  if (next) {
    const form = page.locator('#password-form');
    await form.getByLabel('Current password').fill(password);
    await form.getByLabel('New password').fill(next);
    await form.getByRole('button', { name: 'Save' }).click();
  }
  await page.getByRole('heading', { name: 'Conversations' }).waitFor();
}

describeBrowser('working a lead in the staff app', () => {
  let fake: FakeOpenAi;
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let person: Person;
  let outside: string[];
  let refused: string[];

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    fake.reply((request) => {
      const data = JSON.parse(request.messages.at(-1)?.content ?? '{}') as { texts?: string[] };
      if (!data.texts) return { kind: 'status', status: 500 };
      return { kind: 'json', body: { translations: data.texts.map((_, i) => `English version of message ${i + 1}`) } };
    });
    running = await startApp({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test-key', OPENAI_MODEL: 'fake-model' });
    await running.app.staff.accounts.create({ email: EMAIL, role: 'admin', password: ONE_TIME, oneTime: true }, { id: 'cli', address: null });
    person = await startPerson(running.baseUrl);
    await screenInChinese(person);
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    outside = recordOutsideRequests(page);
    refused = recordCspViolations(page);
  });
  afterAll(async () => {
    person?.close();
    await browser?.close();
    await running?.app.close();
    await fake?.close();
  });

  it('a new admin finds the Chinese conversation, reads it in English, replies, closes the lead and exports it, all audited', async () => {
    await signIn(page, running.baseUrl, ONE_TIME, PASSWORD);

    await page.locator('#filters').getByLabel('Language').selectOption('zh');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('1 conversations shown.').waitFor();
    await page.locator('#rows').getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Conversation', exact: true }).waitFor();
    await page.locator('#transcript').getByText('请律师帮助', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Show English translation' }).click();
    await page.getByText('Translation shown below each message.').waitFor();
    const translated = page.locator('#transcript li.user').filter({ hasText: '请律师帮助' }).locator('.translation');
    await expect(translated.textContent()).resolves.toMatch(/^English version of message \d+$/);
    expect(await page.locator('#transcript .translation').count()).toBe(await page.locator('#transcript li').count());

    const lead = page.locator('#leads section.lead');
    await lead.getByText('Screening answers (1)').click();
    await expect(lead.locator('details.answers dd').textContent()).resolves.toBe('us');
    await expect(lead.locator('details.answers dt').textContent()).resolves.toBe('Where they are');
    await lead.getByLabel(/Message to the person/).fill(REPLY);
    await lead.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/^Sent\./).waitFor();
    await person.waitForTag('staff.message');
    expect(person.seen.at(-1)?.text).toBe(REPLY);
    await page.locator('#transcript li.staff').getByText(REPLY).waitFor();

    await lead.getByLabel('New note (staff only)').fill('Will call tomorrow 10am, Mandarin interpreter needed.');
    await lead.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note saved.').waitFor();
    await page.locator('#leads .note-list').getByText('Will call tomorrow 10am, Mandarin interpreter needed.').waitFor();

    await lead.getByLabel('End reason').selectOption('retained');
    await lead.getByRole('button', { name: 'Close lead' }).click();
    await page.locator('#leads h3').getByText('Lead: Qualified, closed · Retained').waitFor();
    expect(await page.locator('#leads').getByRole('button', { name: 'Send' }).count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export this conversation (JSON)' }).click()]);
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { conversations: { conversationId: string; entries: { text: string; staff: boolean }[]; leads: { status: string; endReason: string }[] }[] };
    expect(exported.conversations).toHaveLength(1);
    expect(exported.conversations[0]?.conversationId).toBe(person.conversationId);
    expect(exported.conversations[0]?.entries.filter((e) => e.staff).map((e) => e.text)).toEqual([REPLY]);
    expect(exported.conversations[0]?.leads[0]).toMatchObject({ status: 'closed', endReason: 'retained' });

    const account = await running.app.staff.accounts.findByEmail(EMAIL);
    const mine = (await running.app.staff.audit.list({ limit: 200, actor: account?.id })).map((e) => e.action).reverse();
    expect(mine).toEqual(expect.arrayContaining(['login', 'conversation.read', 'conversation.translate', 'lead.reply', 'lead.note', 'lead.status', 'export']));
    expect(mine.indexOf('login')).toBeLessThan(mine.indexOf('conversation.read'));
    expect(mine.indexOf('lead.reply')).toBeLessThan(mine.indexOf('lead.status'));
    expect(outside).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('shows the queue urgent first and takes a lead', async () => {
    const leads = running.app.runtime.screening.leads;
    await leads.create({ id: 'browser-urgent', channelId: 'webchat', conversationId: 'browser-urgent-conv', locale: 'es', outcome: 'urgent', reasons: ['detained'], officeId: 'los-angeles', answers: {}, summary: 'Detained: yes' });
    await page.getByRole('button', { name: 'Handoff queue' }).click();
    await page.getByRole('heading', { name: 'Handoff queue' }).waitFor();
    await page.getByText(/leads shown\./).waitFor();
    const first = page.locator('#queue-rows tr').first();
    await expect(first.locator('td').first().textContent()).resolves.toBe('Urgent');
    await first.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText('The lead is yours.').waitFor();
    await expect(page.locator('#queue-rows tr').first().locator('td').nth(5).textContent()).resolves.toBe(EMAIL);
  });

  it('deletes a conversation after the id is typed to confirm', async () => {
    const other = await startPerson(running.baseUrl, 'en-US');
    other.close();
    await page.getByRole('button', { name: 'Conversations', exact: true }).click();
    await page.locator('#filters').getByLabel('Language').selectOption('en');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('1 conversations shown.').waitFor();
    await page.locator('#rows').getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Conversation', exact: true }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept('not the id'));
    await page.getByRole('button', { name: 'Delete this conversation' }).click();
    await page.getByText('confirm: type the conversation id to delete it').waitFor();
    page.once('dialog', (dialog) => void dialog.accept(other.conversationId));
    await page.getByRole('button', { name: 'Delete this conversation' }).click();
    await page.getByText('The conversation and everything kept about it were deleted.').waitFor();
    expect(await running.app.runtime.transcripts.list('webchat', other.conversationId)).toEqual([]);
    const entries = await running.app.staff.audit.list({ limit: 50, action: 'conversation.delete' });
    expect(entries.map((e) => e.target)).toEqual([`webchat/${other.conversationId}`]);
  });

  it('shows the dashboard figures and the audit log to the admin', async () => {
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const perDay = page.getByRole('table', { name: 'Conversations per day and language' });
    await perDay.waitFor();
    expect(await perDay.locator('tbody tr').count()).toBe(30);
    const byLanguage = page.getByRole('table', { name: 'Conversations by language' });
    await expect(byLanguage.getByRole('row', { name: /Chinese/ }).locator('td').textContent()).resolves.toBe('1');
    const byOutcome = page.getByRole('table', { name: 'Leads by outcome' });
    await expect(byOutcome.getByRole('row', { name: /Urgent/ }).locator('td').textContent()).resolves.toBe('1');
    await page.getByRole('table', { name: 'Closed leads by end reason' }).getByRole('row', { name: /Retained/ }).waitFor();
    await page.getByText(/min \(over 1 contacted leads\)/).waitFor();

    await page.getByRole('button', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByText(/entries shown\./).waitFor();
    const rows = page.locator('#audit-rows tr');
    await expect(rows.first().locator('td').nth(1).textContent()).resolves.toBe(EMAIL);
    await page.locator('#audit-form').getByLabel(/Action/).fill('lead.reply');
    await page.locator('#audit-form').getByRole('button', { name: 'Show' }).click();
    await page.getByText('1 entries shown.').waitFor();
    expect(refused).toEqual([]);
  });

  it('works on a tablet with the keyboard alone', async () => {
    const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true });
    const pad = await tablet.newPage();
    try {
      await pad.goto(`${running.baseUrl}/staff`);
      await pad.locator('#login-form input[name=email]').waitFor();
      await pad.locator('#login-form input[name=email]').focus();
      await pad.keyboard.type(EMAIL);
      await pad.keyboard.press('Tab');
      await pad.keyboard.type(PASSWORD);
      await pad.keyboard.press('Enter');
      await pad.getByRole('heading', { name: 'Conversations' }).waitFor();
      const fits = () => pad.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
      expect(await fits()).toBe(true);

      // Tab from the heading to the queue button and open it with Enter: every control is reachable and labelled.
      let reached = '';
      for (let i = 0; i < 12 && reached !== 'Handoff queue'; i += 1) {
        await pad.keyboard.press('Shift+Tab');
        reached = await pad.evaluate<string>("(document.activeElement && document.activeElement.textContent || '').trim()");
      }
      expect(reached).toBe('Handoff queue');
      await pad.keyboard.press('Enter');
      await pad.getByRole('heading', { name: 'Handoff queue' }).waitFor();
      expect(await pad.evaluate<string>('document.activeElement && document.activeElement.id')).toBe('queue-title');
      await pad.getByText(/leads shown\./).waitFor();
      expect(await fits()).toBe(true);
      // Every visible control has a name a screen reader can say: its text, a <label>, or aria-label.
      const unlabelled = await pad.evaluate<number>(`[...document.querySelectorAll('main button, main select, main input, main textarea')]
        .filter((node) => !node.closest('[hidden]'))
        .filter((node) => !(node.innerText || '').trim() && !(node.labels && node.labels.length) && !node.getAttribute('aria-label')).length`);
      expect(unlabelled).toBe(0);
    } finally {
      await tablet.close();
    }
  });
});
