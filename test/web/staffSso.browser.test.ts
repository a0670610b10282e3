import type { Browser } from 'playwright-core';
import { type FakeOidc, startAppWithOidc, startFakeOidc } from '../helpers/fakeOidc';
import type { RunningApp } from '../helpers/httpApp';
import { describeBrowser, launchChromium, recordCspViolations } from './browserHarness';

jest.setTimeout(120_000);

describeBrowser('single sign-on in a browser', () => {
  let fake: FakeOidc;
  let running: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    fake = await startFakeOidc();
    running = await startAppWithOidc(fake, { OIDC_STAFF_GROUP: 'camino-intake' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.app.close();
    await fake?.close();
  });

  it('goes to the provider and back, signed in with the role of the group', async () => {
    fake.user = { sub: 'u-7', email: 'intake7@example.org', groups: ['camino-intake'] };
    const page = await browser.newPage();
    const refused = recordCspViolations(page);
    await page.goto(`${running.baseUrl}/staff`);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.getByText('intake7@example.org (staff)').waitFor();
    expect(page.url()).toBe(`${running.baseUrl}/staff`);
    expect(refused).toEqual([]);
  });

  it('shows why when the account is in no allowed group, with a way back', async () => {
    fake.user = { sub: 'u-8', email: 'outsider@example.org', groups: ['others'] };
    const page = await browser.newPage();
    await page.goto(`${running.baseUrl}/staff`);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.getByText('Your account is not in a group that may use the staff app.').waitFor();
    await page.getByRole('link', { name: 'Back to the sign-in page' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
