// Inside the real extension host of code-server: the extension as users run it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { state, until } from './hostSupport';
import { startCookieServer, type CookieServer } from '../../support/cookieServer';
import { descendantsNamed } from '../../support/processTree';
import type { Cookie, DiagnosticsReport, WindowInfo } from '../../../src/protocol';
import { DEFAULTS } from '../../../src/settings';

const ID = 'webview2-host.webview2-host';

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('WebView2 Host in the extension host', function () {
  let server: CookieServer;
  let lostIds: number[] = [];
  let newId = 0;
  let origin = '';

  before(async () => {
    server = await startCookieServer();
    origin = server.origin;
  });
  after(async () => {
    // Leave the profile as it was found: the cookies these tests set, and their windows, go.
    const [any] = await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows');
    if (any) await vscode.commands.executeCommand('webview2Host.api.clearCookies', any.windowId);
    await vscode.commands.executeCommand('webview2Host.api.closeAll');
    await server.close();
  });

  it('after start-up, with no windows to restore, has loaded nothing but its entry and started no helper', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, `extension ${ID} is installed`);
    // onStartupFinished may have activated it already (to look for windows to restore).
    const began = Date.now();
    await ext.activate();
    console.log(`activation took ${Date.now() - began} ms in the extension host`);
    const core = Object.keys(require.cache).filter((m) => /[\\/]extensionCore\.js$/.test(m));
    assert.deepEqual(core, [], 'the core (client, JSON-RPC, status bar) comes with the first command');
    assert.equal((await state()).helperPid, undefined, 'activation alone starts no helper');
    assert.match((await state()).status.text, /WebView2: stopped/);
  });

  it('binds no key that VS Code binds by default (the Ctrl+Alt+W chord)', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
    const bindings = [...doc.getText().matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => ({ key: m[1], command: m[2] }));
    const others = bindings.filter((b) => !b.command.startsWith('webview2Host.'));
    assert.ok(others.length > 300, `${others.length} default bindings read`);
    const ours = (vscode.extensions.getExtension(ID)!.packageJSON.contributes.keybindings as { key: string }[]).map((k) => k.key);
    for (const key of ours) {
      const first = key.split(' ')[0];
      const clash = others.filter((b) => b.key === key || b.key === first || b.key.startsWith(`${first} `));
      assert.deepEqual(clash, [], `${key} collides`);
    }
  });

  it('registers every contributed command', async () => {
    const contributed = (vscode.extensions.getExtension(ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.includes('webview2Host.openUrl') && contributed.includes('webview2Host.openInWindow'));
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
  });

  it('Open URL starts the helper; the window is listed; Show Cookies returns the page\'s cookies, HttpOnly included', async () => {
    const windowId = await vscode.commands.executeCommand<number>('webview2Host.api.openUrl', `${origin}/set`);
    assert.equal(typeof windowId, 'number');
    assert.ok(isAlive((await state()).helperPid), 'the helper runs');
    assert.ok((await state()).statusHistory.some((t) => /starting/.test(t)), `went through "starting": ${(await state()).statusHistory.join(' | ')}`);
    await until('the page to load', async () => (await state()).recentLog.some((l) => l.includes(`window ${windowId} loaded ${origin}/set`)));
    const windows = await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true });
    assert.ok(windows.some((w) => w.windowId === windowId && w.url === `${origin}/set`));
    const cookies = await vscode.commands.executeCommand<Cookie[]>('webview2Host.api.showCookies', windowId);
    assert.deepEqual(cookies.map((c) => [c.name, c.value, c.httpOnly, c.sameSite]).sort(), [
      ['expires_at', 'e4', false, 'lax'], ['lax_maxage', 'l2', false, 'lax'], ['none_site', 'n3', false, 'none'],
      ['plain_session', 'v6', false, 'lax'], ['strict_http', 's1', true, 'strict'],
    ]);
    await until('"1 window" in the status bar', async () => /WebView2: 1 window$/.test((await state()).status.text));
    const log = (await state()).recentLog;
    assert.ok(log.some((l) => /helper \d+ ready in \d+ ms: WebKitGTK/.test(l)), 'lifecycle line');
    assert.ok(log.some((l) => /^debug wait getCookies window \d+ \[glib\] ok in/.test(l)), 'wait line, at debug level: detail, not news');
    assert.ok(log.some((l) => /^info {3}strict_http=\*{8} {2}\(127\.0\.0\.1\/; HttpOnly; SameSite=strict; session\)$/.test(l)), 'cookie line, value masked');
    assert.ok(!log.some((l) => l.includes('strict_http=s1')), 'the value is not in the log unless revealed');
  });

  it('Open Current File opens the HTML file in the editor, served from its workspace folder and shown by its path', async () => {
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'page.html');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const windowId = await vscode.commands.executeCommand<number>('webview2Host.api.openCurrentFile');
    const windows = await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true });
    const opened = windows.find((w) => w.windowId === windowId);
    assert.equal(opened?.url, file.fsPath);
    await until('the file to load', async () => (await state()).recentLog.some((l) => l.includes(`window ${windowId} loaded ${file.fsPath}`)));
    assert.ok(!(await state()).recentLog.some((l) => /127\.0\.0\.1:\d+\/[0-9a-f]{32}/.test(l)), 'the preview server\'s token is never logged');
    await vscode.commands.executeCommand('webview2Host.api.listWindows', { quiet: true });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const closed = await vscode.commands.executeCommand<number>('webview2Host.api.closeAll');
    assert.equal(closed, 2);
    await until('"0 windows"', async () => /WebView2: 0 windows$/.test((await state()).status.text));
    await vscode.commands.executeCommand('webview2Host.api.openUrl', `${origin}/set`);
  });

  it('Show Diagnostics returns the report', async () => {
    const report = await vscode.commands.executeCommand<DiagnosticsReport>('webview2Host.api.showDiagnostics');
    assert.equal(report.platform.engine, 'WebKitGTK');
    assert.ok(report.windows.length >= 1);
    assert.ok(report.waits.some((w) => w.site === 'getCookies'));
  });

  it('Open Another Window opens the same URL in the same environment', async () => {
    const before = await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true });
    const id = await vscode.commands.executeCommand<number>('webview2Host.api.openAnotherWindow');
    const after = await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true });
    const opened = after.find((w) => w.windowId === id)!;
    assert.equal(opened.environmentId, before[before.length - 1].environmentId);
    assert.equal(opened.url, before[before.length - 1].url);
    await until('"2 windows"', async () => /WebView2: 2 windows$/.test((await state()).status.text));
  });

  it('with two windows open, Zoom In as a person runs it (palette, key) zooms the current window without a picker; Bring to Front makes another current', async () => {
    const zoomOf = async (id: number) => (await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true })).find((w) => w.windowId === id)?.zoom;
    const [first, second] = (await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true })).map((w) => w.windowId);
    await until(`"Window ${second}: …" in the status bar`, async () => (await state()).currentWindow.startsWith(`$(window) Window ${second}: `));
    // A picker would leave the command waiting for a choice: it must answer by itself.
    const zoomIn = (): Promise<unknown> => Promise.race([Promise.resolve(vscode.commands.executeCommand('webview2Host.zoomIn')),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Zoom In waited (a picker?)')), 10000))]);
    assert.equal(await zoomIn(), 1.1);
    assert.deepEqual([await zoomOf(first), await zoomOf(second)], [1, 1.1]);
    await vscode.commands.executeCommand('webview2Host.bringToFront', first);
    await until(`"Window ${first}: …" in the status bar`, async () => (await state()).currentWindow.startsWith(`$(window) Window ${first}: `));
    assert.equal(await zoomIn(), 1.1);
    assert.deepEqual([await zoomOf(first), await zoomOf(second)], [1.1, 1.1]);
    // Code never guesses: without an id while two are open it still throws.
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('webview2Host.api.zoomReset')), /needs a window id when called from code/);
    for (const id of [first, second]) await vscode.commands.executeCommand('webview2Host.api.zoomReset', id);
  });

  it('decides by the command id, not by its arguments, whether a failure is thrown or shown', async () => {
    // For code: throws, also without arguments, and never asks.
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('webview2Host.api.openUrl')), /openUrl needs a URL when called from code/);
    // For people: the failure is shown and logged, and nothing is thrown.
    const shown = await vscode.commands.executeCommand('webview2Host.openUrl', 'http://exa mple.com/');
    assert.equal(shown, undefined);
    assert.ok((await state()).recentLog.some((l) => /^error openUrl: "http:\/\/exa mple\.com\/" is not a URL a window can open/.test(l)));
  });

  it('refuses a malformed URL with a clear error, and keeps what was open', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('webview2Host.api.openUrl', 'http://exa mple.com/')), /not a URL a window can open/);
    assert.equal((await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true })).length, 2);
  });

  it('applies a new stall threshold without a reload, and shows the stall in the status bar, then recovers', async () => {
    const pid = (await state()).helperPid;
    await vscode.workspace.getConfiguration('webview2Host').update('stallThresholdMs', 300, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('webview2Host').update('waitStrategy', 'pump', vscode.ConfigurationTarget.Global);
    await until('the settings to reach the helper', async () => (await state()).recentLog.some((l) => /settings changed: strategy pump, stall threshold 300 ms/.test(l)));
    const report = await vscode.commands.executeCommand<DiagnosticsReport>('webview2Host.api.showDiagnostics');
    assert.equal(report.settings.stallThresholdMs, 300);
    assert.equal(report.settings.strategy, 'pump');
    // A wait that outlasts the default threshold: the stall is shown while it goes on, and the
    // wait's age at the report (on the helper's clock) is the new threshold's, short of the default.
    // The deadline leaves room for a loaded machine: a 2 s wait watched for 2 s missed the status once.
    const deadlineMs = 3 * DEFAULTS.stallThresholdMs;
    // Seen in the status bar's history, not only its text now: what is checked is that it was shown.
    const shown = async () => (await state()).statusHistory.some((t) => /stalled at debug\/no-answer/.test(t));
    assert.equal(await shown(), false, 'no such stall shown before this wait');
    let ended = false;
    const waiting = Promise.resolve(vscode.commands.executeCommand('webview2Host.api.debug.wait', 'no-answer', deadlineMs)).finally(() => { ended = true; });
    try {
      await until('"stalled at debug/no-answer"', shown, deadlineMs);
    } catch (err) {
      const s = await state();
      throw new Error(`${(err as Error).message}; status history: ${JSON.stringify(s.statusHistory.slice(-5))}; log: ${JSON.stringify(s.recentLog.filter((l) => /STALL|stall|settings|no-answer|error/.test(l)).slice(-10))}`);
    }
    assert.equal(ended, false, 'shown while the wait was in progress');
    await assert.rejects(waiting, /passed its deadline/);
    await until('the status to recover', async () => /WebView2: 2 windows$/.test((await state()).status.text));
    assert.equal((await state()).helperPid, pid, 'the helper was not restarted');
    const reported = (await state()).recentLog.map((l) => /STALL debug\/no-answer \[glib\] no-answer after (\d+) ms/.exec(l)?.[1]).filter(Boolean).map(Number);
    assert.equal(reported.length, 1, 'one stall reported');
    assert.ok(reported[0] >= 300 && reported[0] < DEFAULTS.stallThresholdMs, `reported ${reported[0]} ms into the wait: the new threshold was used, not the default ${DEFAULTS.stallThresholdMs} ms`);
    await vscode.workspace.getConfiguration('webview2Host').update('stallThresholdMs', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('webview2Host').update('waitStrategy', undefined, vscode.ConfigurationTarget.Global);
  });

  it('says "crashed" when the helper is killed, and keeps the lost windows whatever command comes next', async () => {
    const pid = (await state()).helperPid!;
    const lost = (await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows')).map((w) => w.windowId);
    assert.equal(lost.length, 2);
    process.kill(pid, 'SIGKILL');
    await until('"crashed"', async () => /WebView2: crashed/.test((await state()).status.text));
    assert.match((await state()).status.tooltip, /^The helper was killed by SIGKILL\. 2 window\(s\) were open\./);
    assert.ok((await state()).recentLog.some((l) => new RegExp(`helper ${pid} was killed by SIGKILL; 2 window\\(s\\) were open`).test(l)));
    // Not Restart Helper: another command starts the new helper.
    const id = await vscode.commands.executeCommand<number>('webview2Host.api.openUrl', `${origin}/plain`);
    assert.ok(id > Math.max(...lost), `the new window ${id} does not take a lost window's id (${lost.join(', ')})`);
    assert.ok(!isAlive(pid));
    assert.ok(isAlive((await state()).helperPid));
    await until('"1 window" and the lost windows in the tooltip', async () => {
      const s = await state();
      return /WebView2: 1 window$/.test(s.status.text) && /2 window\(s\) lost in a crash/.test(s.status.tooltip);
    });
    lostIds = lost;
    newId = id;
  });

  it('Restart Helper reopens the windows open now and those the crash took, under their ids', async () => {
    const pid = (await state()).helperPid;
    const result = await vscode.commands.executeCommand<{ helperPid: number; reopened: number[] }>('webview2Host.api.restartHelper');
    assert.notEqual(result.helperPid, pid);
    assert.deepEqual(result.reopened, [...lostIds, newId].sort((a, b) => a - b));
    assert.ok(!isAlive(pid));
    assert.ok(isAlive(result.helperPid));
    await until('"3 windows" and nothing lost', async () => {
      const s = await state();
      return /WebView2: 3 windows$/.test(s.status.text) && !/lost in a crash/.test(s.status.tooltip);
    });
    console.log(`helper pid for the deactivation check: ${result.helperPid}`);
  });

  // Last: it closes every window at its end.
  it('a crashed page shows in the log, the status bar and List Windows, until the window closes', async () => {
    const id = await vscode.commands.executeCommand<number>('webview2Host.api.openUrl', `${origin}/plain`);
    // Loaded first: WebKit aborts its UI process when a web process dies while it is being launched.
    await until('the window to load', async () => (await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows'))
      .some((w) => w.windowId === id && !w.loading && w.url.endsWith('/plain')));
    const helper = (await state()).helperPid!;
    const webProcesses = descendantsNamed(helper, 'WebKitWebProces');
    assert.ok(webProcesses.length > 0, 'the helper runs WebKit web processes');
    for (const pid of webProcesses) process.kill(pid, 'SIGKILL');
    try {
      await until('"page crashed" in the status bar', async () => new RegExp(`WebView2: window \\d+ page crashed`).test((await state()).status.text));
    } catch (err) {
      const s = await state();
      throw new Error(`${(err as Error).message}; helper ${s.helperPid} (was ${helper}), killed ${webProcesses.join(',')}, status ${s.statusHistory.slice(-5).join(' | ')}; log:\n${s.recentLog.slice(-25).join('\n')}`);
    }
    assert.ok((await state()).recentLog.some((l) => /window \d+: page crashed; Reload brings it back/.test(l)));
    const listed = await vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true });
    assert.equal(listed.find((w) => w.windowId === id)?.failed, 'page crashed');
    await vscode.commands.executeCommand('webview2Host.api.closeAll');
    await until('the status to recover', async () => /WebView2: \d+ windows?$/.test((await state()).status.text));
  });
});
