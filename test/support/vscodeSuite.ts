// The VS Code suite, run by test/run.mjs inside xvfb-run: `node out/test/support/vscodeSuite.js <stats.json>`.
// 1. The extension-host suite (out/test/vscode/extension) inside code-server's real extension
//    host, from the development folder, with test hooks on; afterwards no helper may be left.
// 2. The linux-x64 VSIX, built and installed with --install-extension, then driven through the
//    UI in Chromium: command palette, input box, the native window on the X display, the status
//    bar, the window list, the editor title button and the diagnostics view. Screenshots go to
//    test-artifacts/.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, isAlive, ROOT } from './harness';
import { page as htmlPage } from './cookieServer';
import { networkViewCheck } from './vscodeNetworkCheck';
import {
  CodeServer, ensureCodeServer, ensureNode24, launchChromium, runExtensionTests, runFolder, testPayloadUrl,
} from './codeServer';
import { colourCounts, readPng } from './png';
import { testHooksEnv } from '../../src/testHooks/switch';
import { listenOnFreePort } from './ports';
import { pickRow, quickPickRows, runPalette, statusText, until } from '../vscode/ui/workbench';
import { windowStateChecks } from '../vscode/ui/windowState';
import { tempDir } from './wine';
import * as http from 'node:http';

const results = { passes: 0, failed: 0, pending: 0 };

async function check(name: string, body: () => Promise<void>): Promise<void> {
  const began = Date.now();
  try {
    await body();
    results.passes++;
    console.log(`  ✔ ${name} (${Date.now() - began} ms)`);
  } catch (err) {
    results.failed++;
    console.log(`  ✗ ${name}: ${(err as Error)?.stack ?? err}`);
  }
}

/** Helper processes below `root` (the code-server this run started), found by parent pid, so that a
 *  helper of another checkout or run is never counted. */
function helperPidsUnder(root: number | undefined): number[] {
  if (root === undefined) return [];
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  return [...parents.keys()].filter((pid) => {
    try {
      return below(pid) && /dist\/helper\.js/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

async function extensionHostSuite(node24: string, entry: string): Promise<void> {
  console.log('\nextension host suite (development folder, code-server 4.139.1 / VS Code 1.139.1)');
  const run = runFolder(tempDir('webview2-host-vscode-'));
  const server = new CodeServer(node24, entry, run);
  await server.start(testHooksEnv(true));
  const browser = await launchChromium();
  let helperPid = 0;
  const seenHelpers: number[] = [];
  try {
    const page = await browser.newPage();
    const { code, log } = await runExtensionTests(page, testPayloadUrl(server, run, path.join(ROOT, 'out', 'test', 'vscode', 'extension')), 300000);
    const summary = log.map((l) => /extension host suite: (\d+) passed, (\d+) failed/.exec(l)).find(Boolean);
    if (!summary) {
      results.failed++;
      console.log(`  ✗ the extension host suite did not report (exit code ${code})`);
    } else {
      results.passes += Number(summary[1]);
      results.failed += Number(summary[2]);
      if (code !== 0 && Number(summary[2]) === 0) results.failed++;
    }
    helperPid = Number(log.map((l) => /helper pid for the deactivation check: (\d+)/.exec(l)).find(Boolean)?.[1] ?? 0);
    seenHelpers.push(...helperPidsUnder(server.pid));
  } finally {
    await browser.close();
    await server.stop();
  }
  await check('deactivation (code-server stopped) leaves no helper process behind, checked by pid', async () => {
    if (!helperPid) throw new Error('the suite did not report a helper pid');
    await until(`helper ${helperPid} to exit`, () => !isAlive(helperPid), 15000);
    const left = seenHelpers.filter(isAlive);
    if (left.length) throw new Error(`helpers left: ${left.join(', ')}`);
  });
}

/** Pixels of a colour on the X display now (a screenshot of the root window into file). */
function onScreen(file: string, colour: string): number {
  execFileSync('import', ['-window', 'root', '-depth', '8', `png24:${file}`], { env: process.env });
  return colourCounts(readPng(file)).find(([c]) => c === colour)?.[1] ?? 0;
}

/** A picture for the walkthrough and README: the workbench with the native window (the newest,
 *  at the top left of the X display, 1024x768) set over its lower right corner. */
function picture(workbench: string, xDisplay: string, out: string): void {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('convert', [workbench, '-resize', '1000x',
    '(', xDisplay, '-crop', '1024x768+0+0', '+repage', '-resize', '430x', '-bordercolor', '#5f6368', '-border', '2', ')',
    '-gravity', 'southeast', '-geometry', '+14+34', '-composite', '-colors', '256', `png8:${out}`]);
}

/** Opens a workspace file in the editor through Quick Open, as a user does, and clicks the editor
 *  title's "Preview in Browser Window" button. */
async function openWithEditorTitleButton(page: Page, quickOpenText: string, rowText: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(quickOpenText);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first().waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Enter');
  const button = page.locator('.editor-actions .action-label[aria-label^="Preview in Browser Window"]').first();
  await button.waitFor({ state: 'visible', timeout: 20000 });
  await button.click();
}

const SITE_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>My site</title>
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <header style="background: #00695c">
    <h1>Hello from the preview</h1>
  </header>
  <main>
    <p>Edit this file and save: the window reloads.</p>
    <button type="button">A button</button>
  </main>
  <script>console.log('page script ran'); console.debug('[dev] connected');</script>
</body>
</html>
`;
const SITE_STYLE = `body { margin: 0; font-family: sans-serif; background: #fafafa; color: #212121; }
header { color: #fff; padding: 48px 32px; }
h1 { margin: 0; font-size: 44px; }
main { padding: 24px 32px; font-size: 22px; }
button { font-size: 20px; padding: 8px 20px; }
`;

async function uiChecks(node24: string, entry: string): Promise<void> {
  console.log('\nUI checks in Chromium against the installed linux-x64 VSIX');
  execFileSync(process.execPath, ['build.mjs', 'package', 'linux-x64'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `webview2-host-linux-x64-${version}.vsix`);
  const run = runFolder(tempDir('webview2-host-ui-'));
  // The workbench as a new user sees it, without the chat side bar covering half the screenshots.
  fs.mkdirSync(path.join(run.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(run.userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true }));
  fs.mkdirSync(path.join(run.workspace, 'site'), { recursive: true });
  fs.writeFileSync(path.join(run.workspace, 'site', 'index.html'), SITE_PAGE);
  fs.writeFileSync(path.join(run.workspace, 'site', 'style.css'), SITE_STYLE);
  const server = new CodeServer(node24, entry, run);
  await check('the linux-x64 VSIX installs with --install-extension', async () => {
    server.installExtension(vsix);
    const installed = fs.readdirSync(run.extensions).filter((d) => d.startsWith('webview2-host.webview2-host'));
    if (installed.length !== 1) throw new Error(`extensions folder holds ${fs.readdirSync(run.extensions).join(', ')}`);
  });
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': ['ui_check=1; HttpOnly; SameSite=Lax', 'ui_theme=dark; SameSite=Lax'] });
    res.end(htmlPage('UI check page', 'Hello from WebView2 Host', '#6a1b9a'));
  });
  const url = `http://127.0.0.1:${await listenOnFreePort(site)}/ui`;
  await server.start();
  let uiHelpers: number[] = [];
  const browser = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  try {
    // Clipboard permissions: the cookie view's Copy goes through VS Code to the browser's clipboard.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(run.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await check('nothing is spawned before the first command that needs the helper', async () => {
      // The marker: List Windows, which needs no helper, runs once the extension's activation (at
      // start-up, or for this command) has returned; activation starts nothing with nothing to restore.
      await runPalette(page, 'WebView2: List Windows');
      await until('"No WebView2 window is open" in the list', async () =>
        /No WebView2 window is open/.test(await page.locator('.quick-input-widget').innerText()), 20000);
      await page.keyboard.press('Escape');
      const running = helperPidsUnder(server.pid);
      if (running.length) throw new Error(`helper running already: ${running.join(', ')}`);
    });
    await check('palette: "WebView2: Open URL…", URL typed into the input box', async () => {
      await runPalette(page, 'WebView2: Open URL');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(url);
      await page.keyboard.press('Enter');
      await until('a helper process', () => {
        uiHelpers = helperPidsUnder(server.pid);
        return uiHelpers.length === 1;
      }, 20000);
    });
    await check('the status bar reads one window', async () => {
      await until('"WebView2: 1 window"', async () => /WebView2: 1 window$/.test(await statusText(page)), 30000);
    });
    await check('the native window shows the page (screenshot of the X display)', async () => {
      const shot = path.join(ARTIFACTS, 'vscode-x-display.png');
      await until('the page colour on the X display', async () => {
        execFileSync('import', ['-window', 'root', '-depth', '8', `png24:${shot}`], { env: process.env });
        const colours = colourCounts(readPng(shot));
        const purple = colours.find(([c]) => c === '#6a1b9a')?.[1] ?? 0;
        return purple > 100000;
      }, 30000);
    });
    await check('the status bar item opens the window list, the window in it by number and title', async () => {
      await page.locator('.statusbar-item', { hasText: 'WebView2:' }).first().click();
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'UI check page' }).first();
      await row.waitFor({ state: 'visible', timeout: 10000 });
      const text = (await quickPickRows(page)).find((t) => t.includes('UI check page')) ?? '';
      if (!/^1 UI check page current · 100 % · \d+ × \d+ http:/.test(text)) throw new Error(`the row reads "${text}"`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-window-list.png') });
      await page.keyboard.press('Escape');
    });
    await check('palette: "WebView2: Save Page as PDF…", the file named after the page in the save dialog, a PDF written and said with its size', async () => {
      await runPalette(page, 'WebView2: Save Page as PDF');
      // code-server's save dialog is a quick input holding the path, the name taken from the title.
      const input = page.locator('.quick-input-widget input');
      await until('the page\'s title as the file name', async () => /UI check page\.pdf$/.test(await input.inputValue()), 10000);
      const file = path.join(run.workspace, 'ui-check.pdf');
      await input.fill(file);
      await page.keyboard.press('Enter');
      try {
        await until(`${file} written`, () => fs.existsSync(file) && fs.statSync(file).size > 0, 30000);
      } catch (err) {
        await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-save-pdf-failed.png') });
        throw new Error(`${(err as Error).message}; the quick input reads "${await input.inputValue().catch(() => '?')}"`);
      }
      // The message, in the notification list (a toast may already have gone by).
      await runPalette(page, 'Notifications: Show Notifications');
      const message = page.locator('.notifications-center .monaco-list-row', { hasText: 'ui-check.pdf' }).first();
      await message.waitFor({ state: 'visible', timeout: 10000 }).catch(async (err: Error) => {
        await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-save-pdf-failed.png') });
        throw err;
      });
      const said = (await message.innerText()).replace(/\s+/g, ' ');
      if (!/saved as ui-check\.pdf \(\d+(\.\d)? (bytes|KiB|MiB)\)/.test(said) || !/\bOpen\b/.test(said)) throw new Error(`the message reads "${said}"`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-save-pdf.png') });
      if (fs.readFileSync(file).subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`${file} is not a PDF`);
      await runPalette(page, 'Notifications: Clear All Notifications');
    });
    await check('the editor title button opens the HTML file in a window (X display shows it)', async () => {
      await openWithEditorTitleButton(page, 'page.html', 'page.html');
      await until('"WebView2: 2 windows"', async () => /WebView2: 2 windows$/.test(await statusText(page)), 30000);
      const shot = path.join(ARTIFACTS, 'vscode-x-editor-title.png');
      await until('the file\'s colour on the X display', async () => {
        execFileSync('import', ['-window', 'root', '-depth', '8', `png24:${shot}`], { env: process.env });
        return (colourCounts(readPng(shot)).find(([c]) => c === '#1565c0')?.[1] ?? 0) > 100000;
      }, 30000);
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-editor-title.png') });
    });
    await check('the diagnostics view shows the verdict first and a timeline of waits (DOM text and screenshot)', async () => {
      // Reading cookies waits for the engine: the timeline then has something to show.
      // Window 2 is current (opened last): Choose Window makes the page with the cookies current.
      await runPalette(page, 'WebView2: Choose Window');
      await pickRow(page, 'UI check page');
      await runPalette(page, 'WebView2: Show Cookies');
      // Show Cookies opens the cookie view: close it, so that the diagnostics view is the one webview.
      await page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout: 20000 });
      await runPalette(page, 'View: Close All Editors');
      await until('no webview', async () => (await page.locator('iframe.webview').count()) === 0, 10000);
      await runPalette(page, 'WebView2: Show Diagnostics');
      const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const verdict = view.locator('#verdict');
      await verdict.waitFor({ state: 'visible', timeout: 30000 });
      await view.locator('svg#timeline').waitFor({ state: 'visible', timeout: 10000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-diagnostics.png') });
      fs.mkdirSync(path.join(ARTIFACTS, 'walkthrough'), { recursive: true });
      execFileSync('convert', [path.join(ARTIFACTS, 'vscode-diagnostics.png'), '-resize', '1000x', '-colors', '256', `png8:${path.join(ARTIFACTS, 'walkthrough', 'diagnostics.png')}`]);
      const text = (await verdict.innerText()).replace(/\s+/g, ' ');
      if (!/Healthy 2 windows, 0 stalls/.test(text)) throw new Error(`the verdict reads "${text}"`);
      const bars = await view.locator('svg#timeline rect').count();
      if (bars < 1) throw new Error(`the timeline has ${bars} bars`);
      const rows = await view.locator('svg#timeline g.row').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-window')));
      if (!rows.includes('1')) throw new Error(`timeline rows: ${rows.join(', ')}`);
      const hovers = await view.locator('svg#timeline g.wait > title').allTextContents();
      if (!hovers.some((h) => /^getCookies \(window 1\)\nstrategy: glib\n[\d.]+ ms, ok/.test(h))) throw new Error(`hover texts: ${hovers.join(' | ')}`);
      if (await view.locator('details#platform').getAttribute('open') !== null) throw new Error('platform details are not folded away');
      const platformText = await view.locator('details#platform').textContent() ?? '';
      if (!/WebKitGTK 2\.\d+/.test(platformText)) throw new Error(`platform details: ${platformText}`);
      if (/Wait strategy|COM apartment|Loader/.test(platformText)) throw new Error(`Windows-only fields on Linux: ${platformText}`);
      // Copy Report: the page asks the extension, which writes the clipboard and answers.
      await view.locator('#copy-report').click();
      await until('"Copied as Markdown."', async () => (await view.locator('#copied').textContent()) === 'Copied as Markdown.', 10000);
    });
    await check('a user\'s edit and Ctrl+S in the editor reload the window: the X display shows the new version', async () => {
      await openWithEditorTitleButton(page, 'site/index.html', 'index.html');
      const shot = path.join(ARTIFACTS, 'vscode-x-site.png');
      await until('the site on the X display', () => onScreen(shot, '#00695c') > 20000, 30000);
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-site.png') });
      picture(path.join(ARTIFACTS, 'vscode-site.png'), shot, path.join(ARTIFACTS, 'walkthrough', 'open.png'));
      // Edit as a user does: find the colour, type over it, find the heading, type over it, save.
      for (const [from, to] of [['#00695c', '#ad1457'], ['Hello from the preview', 'Saved, and reloaded']]) {
        await page.locator('.monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+F');
        await page.keyboard.type(from);
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
        await page.keyboard.type(to);
      }
      await page.keyboard.press('Control+S');
      const saved = Date.now();
      const after = path.join(ARTIFACTS, 'vscode-x-site-saved.png');
      await until('the new version on the X display', () => onScreen(after, '#ad1457') > 20000, 15000);
      console.log(`    Ctrl+S -> new colour on the X display in ${Date.now() - saved} ms (screenshots included)`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-site-saved.png') });
      picture(path.join(ARTIFACTS, 'vscode-site-saved.png'), after, path.join(ARTIFACTS, 'walkthrough', 'reload.png'));
    });
    await check('Show Page Console shows the page\'s console lines in the "WebView2 Host: Console" output', async () => {
      await runPalette(page, 'WebView2: Show Page Console');
      let text = '';
      try {
        await until('the console line in the Output panel', async () => {
          // Long lines wrap: the panel's text has a line break wherever one wrapped.
          text = (await page.locator('.part.panel .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ').replace(/\n/g, '');
          // console.debug shows at VS Code's default log level too (a dev server's "connected" line).
          return /\[window 3\] log: page script ran \(\/\S+\/site\/index\.html:16\)/.test(text) && /\[window 3\] debug: \[dev\] connected/.test(text) &&
            !/127\.0\.0\.1:\d+\/[0-9a-f]{32}/.test(text);
        }, 20000);
      } catch (err) {
        throw new Error(`${(err as Error).message}; the panel showed:\n${text}`);
      } finally {
        await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-console.png') });
      }
      // The console lines are the point here: no window over them.
      execFileSync('convert', [path.join(ARTIFACTS, 'vscode-console.png'), '-resize', '1000x', '-colors', '256', `png8:${path.join(ARTIFACTS, 'walkthrough', 'console.png')}`]);
    });
    await check('the cookie view: values masked, one revealed, filtered, a row copied as JSON', async () => {
      await page.keyboard.press('Escape');
      // Three windows are open by now: the page that set the cookies is made current first.
      await runPalette(page, 'WebView2: Choose Window');
      await pickRow(page, 'UI check page');
      await runPalette(page, 'WebView2: Show Cookies');
      // The view's page lives in a webview iframe inside another; find the frame that holds the table.
      const frame = await until('the cookie view', async () => {
        for (const f of page.frames()) {
          if (await f.locator('#rows tr').count().catch(() => 0) >= 2) return f;
        }
        return undefined;
      }, 30000);
      const row = (name: string) => frame.locator('#rows tr', { has: frame.locator('td.name', { hasText: new RegExp(`^${name}$`) }) });
      const value = async (name: string) => (await row(name).locator('td.value').innerText()).trim();
      if (!/^•{8}/.test(await value('ui_check'))) throw new Error(`ui_check is not masked: "${await value('ui_check')}"`);
      if (!/^•{8}/.test(await value('ui_theme'))) throw new Error('ui_theme is not masked');
      // At the editor's default width every row button is on one line and Delete is in sight.
      const layout = await frame.evaluate<{ label: string; wrapped: boolean; outside: boolean }[]>(`[...document.querySelectorAll('#rows button')].map((b) => {
        const r = b.getBoundingClientRect();
        const font = parseFloat(getComputedStyle(b).fontSize);
        return { label: b.textContent, wrapped: r.height > font * 2, outside: r.right > document.documentElement.clientWidth || r.width === 0 };
      })`);
      const bad = layout.filter((b) => b.wrapped || b.outside);
      if (layout.length === 0 || bad.length > 0) throw new Error(`row buttons wrapped or out of sight: ${JSON.stringify(bad.length ? bad : layout)}`);
      await row('ui_check').locator('button.reveal').click();
      await until('the revealed value', async () => (await value('ui_check')) === '1');
      if (!/^•{8}/.test(await value('ui_theme'))) throw new Error('revealing one value revealed another');
      await frame.locator('#filter').fill('check');
      await until('the filter to leave one row', async () => (await frame.locator('#rows tr').count()) === 1);
      if ((await frame.locator('#count').innerText()).trim() !== '1 of 2 cookies') throw new Error(`count reads "${await frame.locator('#count').innerText()}"`);
      await row('ui_check').locator('button.copy').click();
      const copied = await until('the row on the clipboard', async () => {
        const text = await page.evaluate<string>('navigator.clipboard.readText()').catch(() => '');
        return text.includes('ui_check') ? text : undefined;
      });
      const parsed = JSON.parse(copied);
      if (parsed.name !== 'ui_check' || parsed.value !== '1' || parsed.httpOnly !== true || parsed.sameSite !== 'lax') throw new Error(`copied: ${copied}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-cookie-view.png') });
    });
    await check('palette: "WebView2: Show Network of Window…" lists the page\'s stylesheet, image and 404 with their statuses; a row\'s details', () =>
      networkViewCheck(page, { runPalette, until, statusText }).catch(async (err: Error) => {
        await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-network-failed.png') });
        throw err;
      }));
    // Last: these reload the workbench and leave no window open.
    uiHelpers.push(...await windowStateChecks({ page, run, check, helpers: () => helperPidsUnder(server.pid) }));
  } finally {
    await browser.close();
    await server.stop();
    site.closeAllConnections();
    site.close();
  }
  await check('after code-server stops, no helper is left', async () => {
    await until(`helper ${uiHelpers.join(', ')} to exit`, () => uiHelpers.length > 0 && !uiHelpers.some(isAlive), 15000);
  });
}

async function main(statsFile: string): Promise<void> {
  const began = Date.now();
  const node24 = ensureNode24();
  const entry = ensureCodeServer(node24);
  console.log(`code-server and Node 24 ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  await extensionHostSuite(node24, entry);
  await uiChecks(node24, entry);
  fs.writeFileSync(statsFile, JSON.stringify(results));
}

main(process.argv[2]).then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
