import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startApp, type RunningApp } from '../helpers/httpApp';
import { ARTIFACTS, describeBrowser, launchChromium, recordOutsideRequests } from './browserHarness';

jest.setTimeout(120_000);

/** A stand-in for the firm's own web site: one page with the one-tag embed, on another loopback origin. */
async function startHostSite(tag: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>A law office</title></head><body><h1>A law office</h1>${tag()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // "localhost" makes the host page another site than Camino's 127.0.0.1, as on the real web.
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describeBrowser('the one-tag widget on another site', () => {
  let running: RunningApp;
  let browser: Browser;
  let listed: Awaited<ReturnType<typeof startHostSite>>;
  let unlisted: Awaited<ReturnType<typeof startHostSite>>;
  const tag = () =>
    `<script src="${running.baseUrl}/widget.js" data-language="es" data-position="left" data-title="Preguntas de inmigración" data-color="#7a1f5c" defer></script>`;

  beforeAll(async () => {
    listed = await startHostSite(tag);
    unlisted = await startHostSite(tag);
    running = await startApp({ WEBCHAT_ALLOWED_ORIGINS: listed.origin });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.app.close();
    await listed?.close();
    await unlisted?.close();
  });

  it('adds a button in the chosen language and colour that opens the chat, which greets in Spanish', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    const outside = recordOutsideRequests(page);
    const tokens: string[] = [];
    page.on('request', (request) => request.url().includes('/api/webchat/token') && tokens.push(request.url()));
    await page.goto(`${listed.origin}/`);
    const button = page.getByRole('button', { name: 'Chat' });
    await button.waitFor();
    expect(tokens).toEqual([]);
    // Runs in the page: where the button sits and its colour.
    const look = await page.evaluate<string[]>(
      "(() => { const s = getComputedStyle(document.querySelector('body > button')); return [s.left, s.right, s.backgroundColor]; })()",
    );
    expect(look).toEqual(['16px', expect.not.stringMatching(/^16px$/), 'rgb(122, 31, 92)']);

    await button.click();
    await page.getByRole('button', { name: 'Cerrar el chat' }).waitFor();
    const chat = page.frameLocator('iframe[title="Preguntas de inmigración"]');
    await chat.getByText(/No soy abogado/).first().waitFor({ timeout: 30_000 });
    expect(await chat.locator('#title').textContent()).toBe('Preguntas de inmigración');
    await chat.locator('.webchat__connectivityStatus').filter({ hasText: /Conectando/ }).waitFor({ state: 'hidden', timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-embedded-es.png') });

    await page.getByRole('button', { name: 'Cerrar el chat' }).click();
    expect(await page.locator('iframe').isHidden()).toBe(true);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('is refused inside a site that is not listed in WEBCHAT_ALLOWED_ORIGINS', async () => {
    const page = await browser.newPage();
    await page.goto(`${unlisted.origin}/`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await page.getByRole('button', { name: 'Chat' }).click();
    // Chromium shows its own error page in a frame that frame-ancestors forbids: no chat, no token. Playwright
    // reports that either as the frame reaching chrome-error: or as the navigation failing with the block.
    await frame?.waitForURL(/^chrome-error:/, { timeout: 10_000 }).catch((error: unknown) => {
      if (!String(error).includes('ERR_BLOCKED_BY_RESPONSE')) throw error;
    });
    expect(await frame?.locator('#webchat').count()).toBe(0);
    await page.close();
  });
});
