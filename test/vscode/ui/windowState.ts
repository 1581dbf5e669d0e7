// UI checks in Chromium of the current window and of windows that survive Reload Window: run
// last by the VS Code suite (test/support/vscodeSuite.ts), with window 1 ("UI check page") and at
// least two more open.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../../support/harness';
import type { RunFolder } from '../../support/codeServer';
import { currentWindowText, outputChannelText, pickRow, quickPickRows, runPalette, until } from './workbench';

interface Kit {
  page: Page;
  run: RunFolder;
  check(name: string, body: () => Promise<void>): Promise<void>;
  /** Helper processes of this code-server now. */
  helpers(): number[];
}

/** The window list's rows: "1 UI check page current · 110 % · 1024 × 768 http://…". From the
 *  palette: the status bar item says a failure instead of the count when a window failed. */
async function windowRows(page: Page): Promise<string[]> {
  await runPalette(page, 'WebView2: List Windows');
  // The palette's list turns into the window list: read it once it has as many rows as its title says.
  const texts = await until('the window list', async () => {
    const title = /^WebView2: (\d+) windows?$/.exec((await page.locator('.quick-input-widget .quick-input-title').innerText()).trim());
    const rows = (await quickPickRows(page)).filter((t) => /^\d+ /.test(t));
    return title && rows.length === Number(title[1]) ? rows : undefined;
  }, 10000);
  await page.keyboard.press('Escape');
  return texts;
}

/** What must come back of a row: id, zoom, size and address (a title or a failure comes with the page). */
function kept(row: string): string {
  const m = /^(\d+) .*?(\d+ %) · (\d+ × \d+) (\S+)$/.exec(row);
  return m ? [m[1], m[2], m[3], m[4]].join(' ') : `unreadable: ${row}`;
}

async function reloadWindow(page: Page): Promise<void> {
  await page.evaluate('window.__beforeReload = true');
  await runPalette(page, 'Developer: Reload Window');
  await until('a new page', async () => (await page.evaluate('window.__beforeReload')) !== true, 30000);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
}

export async function windowStateChecks({ page, run, check, helpers }: Kit): Promise<number[]> {
  const seen: number[] = [];
  let before: string[] = [];
  await check('Choose Window… from the palette makes window 1 current; the status bar shows "Window 1: UI check page"; Show Cookies opens its view without a picker', async () => {
    await runPalette(page, 'WebView2: Choose Window');
    await pickRow(page, 'UI check page');
    await until('the current window item', async () => /^Window 1: UI check page$/.test(await currentWindowText(page)), 10000);
    await page.locator('.part.statusbar').screenshot({ path: path.join(ARTIFACTS, 'vscode-current-window.png') });
    // Show Cookies acts on it too, without a picker: its cookie view is to come back after the reload.
    await runPalette(page, 'WebView2: Show Cookies');
    await until('the cookie view of window 1', async () => (await page.locator('.tab', { hasText: 'Cookies: window 1' }).count()) > 0, 20000);
  });
  await check('several windows open: Zoom In from the palette zooms the current one (window 1), no picker', async () => {
    await runPalette(page, 'WebView2: Zoom In Page');
    await until('"window 1 zoom 110 %" in the status bar', async () =>
      (await page.locator('.statusbar-item', { hasText: 'window 1 zoom 110 %' }).count()) > 0, 10000);
    if (await page.locator('.quick-input-widget').isVisible()) throw new Error('a picker is open');
    before = await windowRows(page);
    if (before.length < 3) throw new Error(`the window list reads ${JSON.stringify(before)}`);
    if (!/^1 UI check page current · 110 % · \d+ × \d+ http:/.test(before[0])) throw new Error(`window 1 reads "${before[0]}"`);
    if (!before.slice(1).every((r) => / 100 % · /.test(r))) throw new Error(`other windows: ${JSON.stringify(before.slice(1))}`);
  });
  await check('after Reload Window the windows come back: ids, titles, zoom, size, address (a served file by its path), the current one and its cookie view', async () => {
    const began = Date.now();
    await reloadWindow(page);
    await until(`${before.length} windows in List Windows`, async () => (await windowRows(page)).length === before.length, 60000);
    console.log(`    Reload Window -> ${before.length} windows back in ${Date.now() - began} ms`);
    seen.push(...helpers());
    let after: string[] = [];
    // The network page's server is gone by now: that window comes back failed, with its address.
    await until('the same ids, zoom, sizes and addresses', async () => JSON.stringify((after = await windowRows(page)).map(kept)) === JSON.stringify(before.map(kept)), 20000)
      .catch(async () => {
        await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-restore-failed.png') });
        execFileSync('import', ['-window', 'root', '-depth', '8', `png24:${path.join(ARTIFACTS, 'vscode-x-restore-failed.png')}`], { env: process.env });
        throw new Error(`before: ${JSON.stringify(before)}\nafter:  ${JSON.stringify(after)}`);
      });
    if (!after.some((r) => /\/site\/index\.html$/.test(r))) throw new Error(`the served file is not shown by its path: ${JSON.stringify(after)}`);
    await until('the current window item', async () => /^Window 1: UI check page$/.test(await currentWindowText(page)), 10000);
    await until('the cookie view of window 1', async () => (await page.locator('.tab', { hasText: 'Cookies: window 1' }).count()) > 0, 20000);
    await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-restored.png') });
  });
  await check('with webview2Host.restoreWindows off, Reload Window brings nothing back and starts no helper', async () => {
    const file = path.join(run.userData, 'User', 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), 'webview2Host.restoreWindows': false }));
    // The new workbench reads the settings file as it starts.
    await reloadWindow(page);
    // The marker: a command of the extension runs once its activation has returned, and activation
    // decides there whether to restore; a restore begins at once by saying so ("restoring N
    // window(s)" in the log, before it awaits anything). Once List Windows has answered, the log
    // tells whether one began, and no helper may be running.
    await runPalette(page, 'WebView2: List Windows');
    await until('"No WebView2 window is open" in the list', async () =>
      /No WebView2 window is open/.test(await page.locator('.quick-input-widget').innerText()), 20000);
    await page.keyboard.press('Escape');
    const running = helpers();
    if (running.length) throw new Error(`helpers running: ${running.join(', ')}`);
    let log = '';
    await until('the extension\'s log since the reload', async () => /activated in \d+ ms/.test(log = await outputChannelText(page, 'WebView2 Host')), 20000);
    if (/restoring/.test(log)) throw new Error(`a restore began: ${log}`);
    if (helpers().length) throw new Error('a helper started');
  });
  return seen;
}
