import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { postJson, startApp, type RunningApp } from '../helpers/httpApp';
import { makeTempDir } from '../helpers/testRuntime';
import { ARTIFACTS, describeBrowser, launchChromium, recordCspViolations, recordOutsideRequests } from './browserHarness';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const CHECKED = Date.parse('2026-12-04T12:00:00Z');
const ADMIN = 'content-admin@example.org';
const STAFF = 'content-reader@example.org';
const PASSWORD = 'a long staff password 42';

async function converse(baseUrl: string, texts: string[]): Promise<string> {
  const session = (await postJson(`${baseUrl}/api/webchat/token`, {})).json as { token: string; conversationId: string; userId: string };
  const auth = { authorization: `Bearer ${session.token}` };
  await postJson(`${baseUrl}/v3/directline/conversations`, {}, auth);
  for (const text of texts) await postJson(`${baseUrl}/v3/directline/conversations/${session.conversationId}/activities`, { type: 'message', text, from: { id: session.userId } }, auth);
  return session.conversationId;
}

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/staff`);
  const login = page.locator('#login-form');
  await login.getByLabel('Email').fill(email);
  await login.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describeBrowser('the staff Content page, with the clock 100 days after the cards were checked', () => {
  let running: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    running = await startApp({}, makeTempDir(), { now: () => new Date(CHECKED + 100 * DAY) });
    await running.app.staff.accounts.create({ email: ADMIN, role: 'admin', password: PASSWORD }, { id: 'test', address: null });
    await running.app.staff.accounts.create({ email: STAFF, role: 'staff', password: PASSWORD }, { id: 'test', address: null });
    await converse(running.baseUrl, ['hello', 'do I have to pay to ask for asylum?']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.app.close();
  });

  it('lands an admin on Content, overdue cards first, the three languages side by side with sources and questions', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outside = recordOutsideRequests(page);
    const refused = recordCspViolations(page);
    await signIn(page, running.baseUrl, ADMIN);
    await page.getByRole('heading', { name: 'Content', exact: true }).waitFor();
    await page.getByText(/^24 cards are past their review day/).waitFor();

    const first = page.locator('article.content-card').first();
    expect(await first.getAttribute('class')).toContain('overdue');
    await first.getByText('overdue by 10 days (was due 2027-03-04)').waitFor();
    expect(await page.locator('article.content-card:not(.overdue)').count()).toBe(0);

    const fees = page.locator('article.content-card[data-card="asylum-fees"]');
    await fees.getByRole('heading', { name: 'English: Asylum fees (since July 2025)' }).waitFor();
    await fees.getByRole('heading', { name: 'Spanish: Cuotas del asilo (desde julio de 2025)' }).waitFor();
    await fees.getByRole('heading', { name: 'Chinese: 庇护费用（2025年7月起）' }).waitFor();
    const link = fees.locator('section[lang="en"] a[href="https://www.congress.gov/bill/119th-congress/house-bill/1"]');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await fees.locator('section[lang="es"]').getByText('¿Tengo que pagar para pedir asilo?').waitFor();
    // Side by side on a wide screen: the three columns start on the same line.
    // Runs in the page: where each language's column starts.
    const tops = await page.evaluate<number[]>(
      "[...document.querySelectorAll('article.content-card[data-card=\"asylum-fees\"] section.content-language')].map((n) => Math.round(n.getBoundingClientRect().top))",
    );
    expect(new Set(tops).size).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'staff-content.png') });

    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: 'Open' }).first().click();
    await page.locator('#transcript').getByText(`Card: asylum-fees v${running.app.domain.content.get('asylum-fees', 'en').version}, checked 2026-12-04`).waitFor();
    expect(outside).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  });

  it('lets a staff account read it too, starting from Conversations', async () => {
    const page = await browser.newPage();
    await signIn(page, running.baseUrl, STAFF);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.getByRole('button', { name: 'Content' }).click();
    await page.getByRole('heading', { name: 'Content', exact: true }).waitFor();
    expect(await page.locator('article.content-card.overdue').count()).toBe(24);
    await page.locator('#ui-language').selectOption('es');
    await page.getByRole('heading', { name: 'Contenido', exact: true }).waitFor();
    await page.getByText(/^24 tarjetas pasaron su fecha de revisión/).waitFor();
    await page.close();
  });
});
