// The UI check of the Network view in Chromium (code-server): a page that loads a stylesheet, an
// image and a 404 is opened from the palette, Show Network of Window… lists them with their
// statuses, the status filter and a row's details work; a screenshot for people to look at.
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './harness';
import { startNetworkServer } from './networkServer';

export interface UiHelpers {
  runPalette(page: Page, command: string): Promise<void>;
  until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs?: number): Promise<T>;
  statusText(page: Page): Promise<string>;
}

export async function networkViewCheck(page: Page, { runPalette, until, statusText }: UiHelpers): Promise<void> {
  const net = await startNetworkServer();
  try {
    await runPalette(page, 'WebView2: Open URL');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`${net.origin}/`);
    await page.keyboard.press('Enter');
    await until('"WebView2: 4 windows"', async () => /WebView2: 4 windows$/.test(await statusText(page)), 30000);
    await runPalette(page, 'View: Close All Editors');
    // The page just opened is the current window: Show Network acts on it without a picker.
    await runPalette(page, 'WebView2: Show Network of Window');
    const frame = await until('the Network view with the 404', async () => {
      for (const f of page.frames()) {
        // The page asks for the missing image more than once (the engine may retry): one row or more.
        if (await f.locator('#rows tr', { hasText: '/missing.png' }).count().catch(() => 0) >= 1) return f;
      }
      return undefined;
    }, 30000);
    const status = async (p: string) => (await frame.locator('#rows tr', { has: frame.locator('td.url span', { hasText: new RegExp(`^${p.replace(/[.]/g, '\\.')}$`) }) }).locator('td.status').first().innerText()).trim();
    await until('the stylesheet and image rows', async () => (await frame.locator('#rows tr', { hasText: '/pixel.png' }).count()) >= 1);
    const seen = { '/': await status('/'), '/style.css': await status('/style.css'), '/pixel.png': await status('/pixel.png'), '/missing.png': await status('/missing.png') };
    if (!/^200\b/.test(seen['/']) || !/^200\b/.test(seen['/style.css']) || !/^200\b/.test(seen['/pixel.png']) || !/^404\b/.test(seen['/missing.png'])) throw new Error(`statuses: ${JSON.stringify(seen)}`);
    await frame.locator('#status').selectOption('4xx');
    await until('the 4xx filter to leave the 404', async () => {
      const rows = await frame.locator('#rows tr').allInnerTexts();
      return rows.length >= 1 && rows.every((r) => r.includes('/missing.png'));
    });
    await frame.locator('#rows tr').first().click();
    await frame.locator('#details h2', { hasText: 'Request' }).waitFor({ state: 'visible', timeout: 10000 });
    await frame.locator('#status').selectOption('');
    await until('every row back', async () => (await frame.locator('#rows tr').count()) >= 5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-network-view.png') });
  } finally {
    await net.close();
  }
}
