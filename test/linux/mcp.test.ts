// `webview2-host mcp` as an agent meets it: the SDK's own Client over stdio, the real server
// (node dist/cli.js mcp) and helper under the suite's Xvfb, a workspace page and a login site.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI } from '../support/harness';
import { startLoginServer, type LoginServer } from '../support/loginServer';
import { colourCounts, readPng } from '../support/png';
import { descendantsNamed } from '../support/processTree';

type Answer = { content: ({ type: 'text'; text: string } | { type: 'image'; data: string; mimeType: string })[]; isError?: boolean };

const PAGE = '<!doctype html><title>MCP page</title><style>html,body{margin:0;height:100%;background:#c01830}</style>'
  + '<script>console.warn("hello from the page")</script><h1>page</h1>';

export const TOOL_NAMES = [
  'browser_open', 'browser_windows', 'browser_close', 'browser_navigate', 'browser_navigate_back', 'browser_reload',
  'browser_take_screenshot', 'browser_console_messages', 'browser_network_requests', 'browser_cookies', 'browser_resize',
  'browser_diagnostics', 'browser_snapshot', 'browser_click', 'browser_type', 'browser_press_key', 'browser_select_option',
  'browser_wait_for', 'browser_evaluate',
];

describe('MCP server (webview2-host mcp) through the SDK client', function () {
  let dir: string;
  let profile: string;
  let login: LoginServer;
  let transport: StdioClientTransport;
  let client: Client;
  let server: ChildProcess;
  let stderr = '';
  const protocolErrors: string[] = [];

  const call = async (name: string, args: Record<string, unknown> = {}): Promise<Answer> =>
    (await client.callTool({ name, arguments: args })) as Answer;
  const textOf = (a: Answer) => a.content.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text).join('\n');

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-mcp-'));
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-mcp-profile-'));
    fs.writeFileSync(path.join(dir, 'page.html'), PAGE);
    login = await startLoginServer();
    // The whole environment: the SDK passes only a few variables by default, and the windows
    // belong on the suite's display.
    transport = new StdioClientTransport({
      command: process.execPath, args: [CLI, 'mcp', '--profile', profile, '--root', dir], env: { ...process.env } as Record<string, string>, stderr: 'pipe',
    });
    transport.stderr?.on('data', (d) => { stderr += d; });
    client = new Client({ name: 'webview2-host-test', version: '1.0.0' });
    // A line on stdout that is not protocol (a log line) reaches the client as an error.
    client.onerror = (err) => protocolErrors.push(String(err));
    await client.connect(transport);
    // The SDK keeps its child to itself; the test needs it to close stdin alone and watch the exit.
    server = (transport as unknown as { _process: ChildProcess })._process;
  });

  after(async () => {
    await client?.close();
    await login?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('lists the tool set under the names agents know from Playwright MCP, each with an object schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), TOOL_NAMES);
    const resize = tools.find((t) => t.name === 'browser_resize')!;
    assert.deepEqual(resize.inputSchema.required, ['width', 'height']);
    assert.equal((resize.inputSchema.properties as Record<string, { type: string }>).width.type, 'integer');
    assert.equal(resize.annotations?.readOnlyHint, false);
  });

  it('opens a workspace page through the confined file server and answers its id, path and status', async () => {
    const answer = await call('browser_open', { url: 'page.html' });
    const text = textOf(answer);
    assert.equal(answer.isError, undefined, text);
    assert.match(text, /^Window 1 opened: .*page\.html \(HTTP 200\)(?: "MCP page")?\. Window 1 is the current window\.$/);
    assert.ok(text.includes(fs.realpathSync(path.join(dir, 'page.html'))), `the file's own path, not the server's address: ${text}`);
    assert.doesNotMatch(text, /127\.0\.0\.1|localhost/);
    assert.match(textOf(await call('browser_windows')), /^\* window 1: .*page\.html "(MCP page)?" 1024x768, loaded$/);
  });

  it('takes a screenshot as a PNG image of the page at the viewport size it was given', async () => {
    assert.match(textOf(await call('browser_resize', { width: 640, height: 480 })), /viewport is now 640x480/);
    const answer = await call('browser_take_screenshot');
    assert.equal(answer.isError, undefined, textOf(answer));
    assert.match(textOf(answer), /^Window 1, 640x480 viewport of /);
    const image = answer.content.find((c) => c.type === 'image') as { data: string; mimeType: string };
    assert.equal(image.mimeType, 'image/png');
    const png = readPng(Buffer.from(image.data, 'base64'));
    assert.deepEqual([png.width, png.height], [640, 480]);
    assert.equal(colourCounts(png)[0][0], '#c01830', 'the page\'s background fills most of it');
    // The page is taller than its viewport (its heading's margin): the full page is too.
    const full = await call('browser_take_screenshot', { fullPage: true });
    const fullPng = readPng(Buffer.from((full.content.find((c) => c.type === 'image') as { data: string }).data, 'base64'));
    assert.match(textOf(full), new RegExp(`^Window 1, 640x${fullPng.height} full page of `));
    assert.ok(fullPng.width === 640 && fullPng.height > 480, `${fullPng.width}x${fullPng.height}`);
  });

  it('keeps the page\'s console messages and filters them by level and number', async () => {
    const text = textOf(await call('browser_console_messages'));
    assert.match(text, /^#1 \[window 1\] warn: hello from the page \(.*page\.html:1\)$/m);
    assert.match(text, /\(next since: 1\)$/);
    assert.match(textOf(await call('browser_console_messages', { level: 'error' })), /No console messages at level error or above/);
    assert.doesNotMatch(textOf(await call('browser_console_messages', { since: 1 })), /hello/);
  });

  it('logs in by navigating (a form POST the page sends) and shows the HttpOnly session cookie, masked', async () => {
    const answer = await call('browser_navigate', { url: `${login.origin}/submit` });
    assert.equal(answer.isError, undefined, textOf(answer));
    const deadline = Date.now() + 20000;
    let cookies = '';
    while (!/^sid=/m.test(cookies) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      cookies = textOf(await call('browser_cookies'));
    }
    assert.match(cookies, /^sid=\*{8} {2}\(127\.0\.0\.1\/; HttpOnly; SameSite=lax; session\)$/m);
    assert.match(cookies, /values masked: start the server with --reveal-cookies/);
    assert.equal(login.sessions.size, 1);
    for (const sid of login.sessions) assert.ok(!cookies.includes(sid), 'the value never shows');
    assert.match(textOf(await call('browser_windows')), /window 1: http:\/\/127\.0\.0\.1:\d+\/account "Account"/);
    const network = textOf(await call('browser_network_requests', { filter: '/login' }));
    assert.match(network, /^#\d+ \[window 1\] POST 303 .* http:\/\/127\.0\.0\.1:\d+\/login -> http:\/\/127\.0\.0\.1:\d+\/account$/m);
    assert.doesNotMatch(network, /\/account "|\/submit$/m, 'only the URLs asked for');
  });

  it('says healthy in the diagnostics', async () => {
    const text = textOf(await call('browser_diagnostics'));
    assert.match(text, /^verdict: healthy: 1 window, 0 stalls$/m);
    assert.match(text, /^WebKitGTK [\d.]+ on linux-x64/m);
  });

  it('answers an unknown or closed window, a bad URL and bad input with what to do next', async () => {
    const unknown = await call('browser_take_screenshot', { windowId: 999 });
    assert.equal(unknown.isError, true);
    assert.equal(textOf(unknown), 'There is no window 999: call browser_windows to list the open windows.');
    const second = textOf(await call('browser_open', { url: `${login.origin}/` }));
    assert.match(second, /^Window 2 opened/);
    assert.match(textOf(await call('browser_close')), /^Window 2 closed\. Window 1 is now the current window\.$/);
    const closed = await call('browser_reload', { windowId: 2 });
    assert.equal(closed.isError, true);
    assert.match(textOf(closed), /^Window 2 is closed \(browser_close closed it\): call browser_windows/);
    const bad = await call('browser_navigate', { url: 'gopher://example.com/' });
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /not supported .* Give an http\(s\) URL/);
    const input = await call('browser_resize', { width: 50, height: 'tall' });
    assert.equal(input.isError, true);
    assert.equal(textOf(input), 'browser_resize: "width" must be a whole number from 100 to 8192, not 50.');
    const outside = await call('browser_open', { url: '/etc/hostname' });
    assert.equal(outside.isError, true);
    assert.match(textOf(outside), /not inside the preview folder .* Only files of the workspace folder can be opened\./);
  });

  it('logs in as an agent does: snapshot, type by ref, click, wait for the welcome text; evaluate stays off', async () => {
    const opened = textOf(await call('browser_open', { url: `${login.origin}/login` }));
    assert.match(opened, /^Window \d+ opened: http:\/\/127\.0\.0\.1:\d+\/login \(HTTP 200\)/);
    const snapshot = textOf(await call('browser_snapshot'));
    assert.match(snapshot, /^Window \d+: http:\/\/127\.0\.0\.1:\d+\/login "Log in"\nPage snapshot:\n/);
    const user = /- textbox "user" \[ref=(e\d+)\]: "alice"$/m.exec(snapshot)?.[1];
    const password = /- textbox "password" \[ref=(e\d+)\]: "••••"$/m.exec(snapshot)?.[1];
    const submit = /- button "Log in" \[ref=(e\d+)\]$/m.exec(snapshot)?.[1];
    assert.ok(user && password && submit, `the form's fields and button have refs:\n${snapshot}`);
    assert.doesNotMatch(snapshot, /wonderland/, 'a password field\'s value is never shown');
    // Typing replaces what a field holds: the server sees exactly what was typed.
    assert.match(textOf(await call('browser_type', { ref: user, text: 'mad hatter' })), /^Typed 10 character\(s\) into e\d+\. Call browser_snapshot/);
    assert.match(textOf(await call('browser_type', { ref: password, text: 'tea party' })), /^Typed 9 character\(s\)/);
    const posts = login.posts.length;
    const clicked = textOf(await call('browser_click', { ref: submit, element: 'Log in button' }));
    assert.match(clicked, /^Clicked e\d+ \(Log in button\)\. The window shows http:\/\/127\.0\.0\.1:\d+\/account( "Account")?\. Call browser_snapshot/);
    assert.equal(login.posts[posts], 'user=mad+hatter&password=tea+party');
    assert.match(textOf(await call('browser_wait_for', { text: 'welcome alice' })), /^"welcome alice" is on the page of window \d+\.$/);
    const stale = await call('browser_click', { ref: submit });
    assert.equal(stale.isError, true);
    assert.match(textOf(stale), /^There is no element e\d+ in the page's last snapshot .* call browser_snapshot for new refs\.$/);
    const evaluate = await call('browser_evaluate', { function: '() => document.title' });
    assert.equal(evaluate.isError, true);
    assert.match(textOf(evaluate), /^browser_evaluate is turned off: the MCP server was not started with --allow-evaluate\. Instead, read the page with browser_snapshot/);
    const full = await call('browser_take_screenshot', { fullPage: true });
    assert.match(textOf(full), /full page of http/);
    await call('browser_close');
  });

  it('waits, and says when a text does not come', async () => {
    assert.equal(textOf(await call('browser_wait_for', { time: 0.2 })), 'Waited 0.2 s.');
    const missing = await call('browser_wait_for', { text: 'never on this page', time: 1 });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /^"never on this page" did not appear on the page within 1 s/);
  });

  it('ends, with its helper and the engine\'s processes, when the client closes stdin', async () => {
    const before = descendantsNamed(server.pid!, '');
    assert.ok(descendantsNamed(server.pid!, 'WebKitWebProces').length > 0, 'the page\'s web process runs below the server');
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      server.once('exit', (code, signal) => resolve({ code, signal })));
    server.stdin!.end();
    const end = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15000))]);
    assert.deepEqual(end, { code: 0, signal: null }, `the server exits by itself; its stderr:\n${stderr}`);
    const alive = (pid: number) => { try { return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; } };
    // The engine's processes end once their helper has gone; give them a moment.
    const until = Date.now() + 5000;
    while (before.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(before.filter(alive), [], 'no process of the server is left');
    assert.match(stderr, /MCP server stopping \(the client closed stdin\)/);
    assert.deepEqual(protocolErrors, [], 'stdout carried protocol only');
  });
});
