// The agent tools as language model tools in the real extension host: listed in vscode.lm.tools
// as package.json contributes them, and a session through vscode.lm.invokeTool as another
// extension calls it (no chat request, so no toolInvocationToken): open the login page, see it,
// read its console and its cookies (values masked), diagnostics, and an unknown window's answer.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as vscode from 'vscode';
import { startLoginServer, type LoginServer } from '../../support/loginServer';
import { listenOnFreePort } from '../../support/ports';
import { readPng } from '../../support/png';
import { until } from './hostSupport';

const ID = 'webview2-host.webview2-host';

async function invoke(name: string, input: object = {}): Promise<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
}

/** The result's text parts, one line each. */
function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('\n');
}

describe('language model tools in the extension host', function () {
  let login: LoginServer;
  let consolePage: http.Server;
  let consoleUrl = '';
  let windowId = 0;

  before(async () => {
    login = await startLoginServer();
    consolePage = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(
      '<!doctype html><title>Console</title><p>console<script>console.log("lm-tools hello"); console.error("lm-tools broken")</script>'));
    consoleUrl = `http://127.0.0.1:${await listenOnFreePort(consolePage)}/console`;
  });
  after(async () => {
    await vscode.commands.executeCommand('webview2Host.api.closeAll');
    await login.close();
    consolePage.closeAllConnections();
    consolePage.close();
  });

  it('lists every tool package.json contributes in vscode.lm.tools, with its description and schema', () => {
    const contributed = vscode.extensions.getExtension(ID)!.packageJSON.contributes.languageModelTools as { name: string; modelDescription: string; inputSchema: object }[];
    const listed = vscode.lm.tools.filter((t) => t.name.startsWith('webview2Host_'));
    assert.deepEqual(listed.map((t) => t.name).sort(), contributed.map((c) => c.name).sort());
    for (const c of contributed) {
      const tool = listed.find((t) => t.name === c.name)!;
      assert.equal(tool.description, c.modelDescription, c.name);
      assert.deepEqual(tool.inputSchema, c.inputSchema, c.name);
    }
  });

  it('opens the login page in the user\'s profile and answers the window, the URL and the HTTP status', async () => {
    const text = textOf(await invoke('webview2Host_open', { url: `${login.origin}/login` }));
    const opened = /^Window (\d+) opened: (\S+) \(HTTP 200\)(?: "Log in")?\. Window \1 is the current window\.$/.exec(text);
    assert.ok(opened, text);
    windowId = Number(opened[1]);
    assert.equal(opened[2], `${login.origin}/login`);
    const windows = await vscode.commands.executeCommand<{ windowId: number }[]>('webview2Host.api.listWindows');
    assert.ok(windows.some((w) => w.windowId === windowId), 'the extension lists the agent\'s window: one client, one session');
  });

  it('takes a screenshot: a text part, then an image part that decodes as a PNG of the viewport', async () => {
    const result = await invoke('webview2Host_take_screenshot', { windowId });
    const [text, image] = result.content;
    assert.ok(text instanceof vscode.LanguageModelTextPart);
    const size = /^Window \d+, (\d+)x(\d+) viewport of /.exec(text.value);
    assert.ok(size, text.value);
    assert.ok(image instanceof vscode.LanguageModelDataPart, `an image part, not ${JSON.stringify(image)?.slice(0, 200)}`);
    assert.equal(image.mimeType, 'image/png');
    const png = readPng(Buffer.from(image.data));
    assert.deepEqual([png.width, png.height], [Number(size[1]), Number(size[2])]);
  });

  it('reads the cookies with their values masked (webview2Host.agents.revealCookieValues is off)', async () => {
    const text = textOf(await invoke('webview2Host_cookies'));
    assert.match(text, /\bcsrf\b/);
    assert.match(text, /\btheme\b/);
    assert.doesNotMatch(text, /pre-login-token/);
    assert.match(text, /values masked: set webview2Host\.agents\.revealCookieValues to true to see them/);
  });

  it('logs in as an agent does: snapshot, type by ref, click, wait for the welcome text; evaluate is refused outside chat', async () => {
    const snapshot = textOf(await invoke('webview2Host_snapshot', { windowId }));
    const user = /- textbox "user" \[ref=(e\d+)\]/.exec(snapshot)?.[1];
    const password = /- textbox "password" \[ref=(e\d+)\]: "••••"/.exec(snapshot)?.[1];
    const submit = /- button "Log in" \[ref=(e\d+)\]/.exec(snapshot)?.[1];
    assert.ok(user && password && submit, snapshot);
    assert.match(textOf(await invoke('webview2Host_type', { windowId, ref: user, text: 'queen' })), /^Typed 5 character\(s\) into e\d+\. Call webview2Host_snapshot/);
    assert.match(textOf(await invoke('webview2Host_type', { windowId, ref: password, text: 'hearts' })), /^Typed 6 character\(s\)/);
    const posts = login.posts.length;
    assert.match(textOf(await invoke('webview2Host_click', { windowId, ref: submit })), /^Clicked e\d+\. The window shows http:\/\/127\.0\.0\.1:\d+\/account/);
    assert.equal(login.posts[posts], 'user=queen&password=hearts');
    assert.match(textOf(await invoke('webview2Host_wait_for', { windowId, text: 'welcome alice' })), /^"welcome alice" is on the page/);
    const evaluate = await invoke('webview2Host_evaluate', { windowId, function: '() => document.cookie' });
    assert.match(textOf(evaluate), /^webview2Host_evaluate is turned off: it runs only from chat, where VS Code shows you its code and asks first/);
  });

  it('navigates to a page that logs, then reads its console messages', async () => {
    assert.match(textOf(await invoke('webview2Host_navigate', { url: consoleUrl })), /^Window \d+ navigated: http:\/\/127\.0\.0\.1:\d+\/console \(HTTP 200\)(?: "Console")?\. Window \d+ is the current window\.$/);
    const text = await until('the console messages', async () => {
      const t = textOf(await invoke('webview2Host_console_messages', { windowId }));
      return /lm-tools broken/.test(t) ? t : undefined;
    });
    assert.match(text, /^#\d+ \[window \d+\] log: lm-tools hello/m);
    assert.match(text, /^#\d+ \[window \d+\] error: lm-tools broken/m);
    assert.match(textOf(await invoke('webview2Host_console_messages', { level: 'error' })), /error: lm-tools broken[^]*\(next since: \d+\)$/);
  });

  it('says the engine is healthy, and answers an unknown window with what to do next', async () => {
    assert.match(textOf(await invoke('webview2Host_diagnostics')), /^verdict: healthy: /m);
    assert.equal(textOf(await invoke('webview2Host_take_screenshot', { windowId: 999999 })), 'There is no window 999999: call webview2Host_windows to list the open windows.');
  });

  it('closes the window it opened', async () => {
    assert.match(textOf(await invoke('webview2Host_close', { windowId })), new RegExp(`^Window ${windowId} closed\\.`));
    assert.equal(textOf(await invoke('webview2Host_take_screenshot', { windowId })),
      `Window ${windowId} is closed (webview2Host_close closed it): call webview2Host_windows to list the open windows, or webview2Host_open to open a page.`);
  });
});
