import type { Browser, Page } from 'playwright-core';
import { type FakeGraphApi, startFakeGraphApi } from '../helpers/fakeGraphApi';
import { startApp, type RunningApp } from '../helpers/httpApp';
import { WhatsAppPerson, whatsappEnv } from '../helpers/whatsappPerson';
import { describeBrowser, launchChromium, recordOutsideRequests } from './browserHarness';

jest.setTimeout(120_000);

const EMAIL = 'whatsapp-desk@example.org';
const PASSWORD = 'a long staff password 43';

describeBrowser('WhatsApp conversations in the staff app', () => {
  let fake: FakeGraphApi;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeGraphApi();
    running = await startApp(whatsappEnv(fake));
    await running.app.staff.accounts.create({ email: EMAIL, role: 'staff', password: PASSWORD }, { id: 'test', address: null });
    const lucia = new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle() }, fake, '5215570000001');
    for (const step of ['quiero hablar con un abogado', 'sí', ...Array<string>(9).fill('Prefiero no decir')]) await lucia.say(step);
    await new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle() }, fake, '14155570000').say('hello');
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.app.close();
    await fake?.close();
  });

  it('filters by WhatsApp, labels the channel, and shows the 24-hour window beside the reply box, open and then closed', async () => {
    const outside = recordOutsideRequests(page);
    await page.goto(`${running.baseUrl}/staff`);
    const login = page.locator('#login-form');
    await login.getByLabel('Email').fill(EMAIL);
    await login.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();

    const channel = page.locator('#filters').getByLabel('Channel');
    await channel.locator('option', { hasText: 'WhatsApp' }).waitFor({ state: 'attached' });
    expect(await channel.locator('option').allTextContents()).toEqual(expect.arrayContaining(['WhatsApp', 'WeChat', 'Website']));
    await channel.selectOption({ label: 'WhatsApp' });
    await page.locator('#filters').getByLabel('Outcome').selectOption('qualified');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('1 conversations shown.').waitFor();
    await page.locator('#rows tr').first().getByText('WhatsApp').waitFor();
    await page.getByRole('button', { name: 'Open' }).click();

    // The notice is one note, a line per fact.
    const notice = page.getByRole('note');
    await notice.getByText(/WhatsApp: the office may write freely for 24 hours/).waitFor();
    const open = (await notice.textContent()) ?? '';
    expect(open).toMatch(/\nWindow open until .+\.\n/);
    expect(open).toContain('No template is configured to invite the person back (dialogs/whatsapp.yaml).');

    await running.app.database.db.updateTable('whatsapp_people').set({ last_in_at: new Date(Date.now() - 25 * 3_600_000).toISOString() }).execute();
    await page.getByLabel('Message to the person (the bot stays quiet while staff talk)').fill('La llamamos mañana.');
    await page.getByRole('button', { name: 'Send' }).click();
    await notice.getByText(/The 24-hour window is closed: WhatsApp will not take the message now\./).waitFor();
    expect(await notice.textContent()).toContain("1 messages are waiting for the person's next message.");
    expect(fake.sentTo('5215570000001').map((m) => fake.textOf(m))).not.toContain('La llamamos mañana.');
    expect(outside).toEqual([]);
  });
});
