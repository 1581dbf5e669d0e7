// The VS Code suite, run by test/run.mjs inside xvfb-run: `node out/test/support/vscodeSuite.js <stats.json>`.
// 1. The extension-host suite (out/test/vscode/extension) inside code-server's real extension
//    host, from the development folder, with test hooks on; afterwards no helper may be left.
// 2. The linux-x64 VSIX, built and installed with --install-extension, then driven through the
//    UI in Chromium: command palette, input box, the native window on the X display, the status
//    bar and the Output panel. Screenshots go to test-artifacts/.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, isAlive, ROOT } from './harness';
import { page as htmlPage } from './cookieServer';
import {
  CodeServer, ensureCodeServer, ensureNode24, launchChromium, runExtensionTests, runFolder, testPayloadUrl,
} from './codeServer';
import { colourCounts, readPng } from './png';
import { testHooksEnv } from '../../src/testHooks/switch';
import { listenOnFreePort } from './ports';
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

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
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

async function runPalette(page: Page, command: string): Promise<void> {
  // Right after start-up the palette may not take input yet: retry until the command is listed.
  await until(`"${command}" in the command palette`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 3000 });
    await input.fill(`>${command}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first();
    await row.waitFor({ state: 'visible', timeout: 3000 });
    return true;
  }, 60000);
  await page.keyboard.press('Enter');
}

async function statusText(page: Page): Promise<string> {
  return (await page.locator('.statusbar-item', { hasText: 'WebView2:' }).first().innerText()).trim();
}

async function uiChecks(node24: string, entry: string): Promise<void> {
  console.log('\nUI checks in Chromium against the installed linux-x64 VSIX');
  execFileSync(process.execPath, ['build.mjs', 'package', 'linux-x64'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `webview2-host-linux-x64-${version}.vsix`);
  const run = runFolder(tempDir('webview2-host-ui-'));
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
    await check('nothing is spawned before the first command', async () => {
      await new Promise((r) => setTimeout(r, 2000));
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
    await check('the Output panel shows the diagnostics lines', async () => {
      await runPalette(page, 'WebView2: Show Diagnostics');
      let text = '';
      try {
        await until('diagnostics in the Output panel', async () => {
          // Monaco draws spaces as no-break spaces.
          text = (await page.locator('.part.panel .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
          return /WebKitGTK 2\.\d+\.\d+ on linux-x64/.test(text) && /window 1 /.test(text);
        }, 30000);
      } catch (err) {
        throw new Error(`${(err as Error).message}; the panel showed:\n${text}`);
      } finally {
        await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-workbench.png') });
      }
    });
    await check('the cookie view: values masked, one revealed, filtered, a row copied as JSON', async () => {
      await page.keyboard.press('Escape');
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
