import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../helpers/httpApp';
import { ROOT } from '../helpers/testRuntime';
import { ARTIFACTS, describeBrowser, launchChromium, recordCspViolations, recordOutsideRequests } from './browserHarness';

jest.setTimeout(120_000);

describeBrowser('the website chat in headless Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    running = await startApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.app.close();
  });

  async function openPage(options: { width?: number; bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1024, height: 800 }, bypassCSP: options.bypassCSP ?? false });
    const page = await context.newPage();
    const outside = recordOutsideRequests(page);
    const refused = recordCspViolations(page);
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    let transferred = 0;
    page.on('requestfinished', (request) => {
      void request.sizes().then((s) => (transferred += s.responseBodySize + s.responseHeadersSize));
    });
    return { page, outside, refused, sockets, bytes: () => transferred };
  }

  const transcript = (page: Page) => page.locator('#webchat');

  it('loads with nothing leaving the machine, greets, answers a button and a typed question, and switches language', async () => {
    const { page, outside, refused, sockets, bytes } = await openPage();
    const started = Date.now();
    await page.goto(`${running.baseUrl}/?lang=en`);
    await transcript(page).getByText(/I am not a lawyer/).first().waitFor({ timeout: 30_000 });
    const toGreeting = Date.now() - started;
    await page.waitForLoadState('networkidle');
    process.stdout.write(`browser: time to greeting ${toGreeting} ms, page transferred ${(bytes() / 1024).toFixed(0)} KiB\n`);

    await page.getByRole('button', { name: 'Asylum and pathways' }).last().click();
    await transcript(page).getByText('Please note: these rules change often', { exact: false }).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-en.png'), fullPage: true });

    const input = page.locator('#webchat input[type="text"], #webchat textarea').first();
    await input.fill('what was title 42');
    await input.press('Enter');
    await transcript(page).getByText(/11:59/).first().waitFor();

    await page.selectOption('#language', 'es');
    await transcript(page).getByText(/Información revisada el/).last().waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('#language-label').textContent()).toBe('Idioma');
    await page.locator('#webchat [placeholder="Escriba su mensaje"]').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-es.png'), fullPage: true });

    await page.selectOption('#language', 'zh');
    await transcript(page).getByText(/核实日期/).last().waitFor();
    expect(await page.locator('#language-label').textContent()).toBe('语言');
    await page.locator('#webchat [placeholder="键入消息"]').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-zh.png'), fullPage: true });

    expect(outside).toEqual([]);
    expect(refused).toEqual([]);
    expect(sockets.some((url) => url.startsWith(running.baseUrl.replace('http', 'ws') + '/v3/directline/'))).toBe(true);
    await page.context().close();
  });

  it('shows office phones as tel: links and keeps the conversation across a reload', async () => {
    const { page } = await openPage();
    await page.goto(`${running.baseUrl}/?lang=en`);
    await page.getByRole('button', { name: 'Contact an office' }).last().click();
    const phone = page.locator('#webchat a[href="tel:+16267956777"]');
    await phone.first().waitFor();
    expect(await phone.first().textContent()).toContain('(626) 795-6777');

    await page.reload();
    await page.locator('#webchat a[href="tel:+16267956777"]').first().waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator('#webchat .webchat__bubble__content').filter({ hasText: /I am not a lawyer/ }).count()).toBe(1);
    await page.context().close();
  });

  it('shows the changes timeline on a 360 px phone with its lines in view above a row of number buttons, and a tap opens that line\'s card', async () => {
    const { page, refused } = await openPage({ width: 360 });
    await page.goto(`${running.baseUrl}/?lang=en`);
    await page.getByRole('button', { name: 'Changes since 2023' }).last().click();
    await transcript(page).getByText(/2026 · reported: in mid-2026 an appeals court lifted the pause/).first().waitFor();
    const lineButtons = page.locator('#webchat button.webchat__suggested-action').filter({ hasText: /^\d+$/ });
    await lineButtons.first().waitFor();
    expect(await lineButtons.count()).toBe(running.app.domain.settings.timelinePageSize);
    // Runs in the page: the buttons leave room for the transcript (at least half the chat's height) to show the lines.
    const room = await page.evaluate<{ chat: number; actions: number }>(
      "(() => { const chat = document.querySelector('#webchat').getBoundingClientRect().height; const bar = document.querySelector('#webchat .webchat__suggested-actions'); return { chat, actions: bar ? bar.getBoundingClientRect().height : 0 }; })()",
    );
    expect(room.actions).toBeGreaterThan(0);
    expect(room.actions).toBeLessThan(room.chat / 2);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-timeline-360.png'), fullPage: true });
    await page.locator('#webchat button.webchat__suggested-action').filter({ hasText: /^2$/ }).click();
    await transcript(page).getByText(/TPS for Honduras and Nicaragua/).first().waitFor();
    expect(refused).toEqual([]);
    await page.context().close();
  });

  it('fits a 360 px wide phone screen and can be used with the keyboard alone', async () => {
    const { page } = await openPage({ width: 360 });
    await page.goto(`${running.baseUrl}/?lang=es`);
    await transcript(page).getByText(/No soy abogado/).first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-360.png'), fullPage: true });

    let reached = false;
    for (let i = 0; i < 40 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      // Runs in the page: is the focus on the chat's text box?
      reached = await page.evaluate<boolean>(
        "(() => { const el = document.activeElement; return !!el && el.closest('#webchat') !== null && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA'); })()",
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.type('menú');
    await page.keyboard.press('Enter');
    await page.locator('#webchat .webchat__bubble__content').filter({ hasText: '¿Qué le gustaría saber?' }).nth(1).waitFor();
    await page.context().close();
  });

  it('passes an automated accessibility check with no serious or critical violations', async () => {
    const { page } = await openPage({ bypassCSP: true });
    await page.goto(`${running.baseUrl}/?lang=en`);
    await transcript(page).getByText(/I am not a lawyer/).first().waitFor();
    await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
    // Runs in the page, where axe-core was just injected.
    const violations = await page.evaluate<Array<{ id: string; impact: string; nodes: number }>>(
      'axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))',
    );
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    await page.context().close();
  });
});
