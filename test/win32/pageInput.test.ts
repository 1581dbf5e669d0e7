// Page input, page script and full-page screenshots on Windows, which go through the DevTools
// protocol (pageInput.ts, pageScript.ts, fullPageShot.ts), under Wine against the test runtime:
// native/test-runtime/pageInput.c records each Input event the page received in the profile's
// test-page-input.jsonl, pageScript.c answers Runtime.evaluate without running anything (it has no
// JavaScript engine) and pageScreenshot.c answers Page.captureScreenshot with CapturePreview's
// picture. The same through the CLI (screenshot --full-page) and the MCP server.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Requests, type PageInputParams } from '../../src/protocol';
import { CLI, type Harness } from '../support/harness';
import { runCli } from '../support/cliRun';
import { readPng } from '../support/png';
import { keysInPage, pageProperty } from '../support/win32Chrome';
import { TEST_RUNTIME, windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

type Recorded = { url: string; method: string; params: Record<string, unknown> };
type Answer = { content: ({ type: 'text'; text: string } | { type: 'image'; data: string; mimeType: string })[]; isError?: boolean };

/** The runtime's record of the input a profile's pages received, once it holds `count` events (or what it holds at the deadline). */
async function recorded(profile: string, count: number, deadlineMs = 15000): Promise<Recorded[]> {
  const file = path.join(profile, 'test-page-input.jsonl');
  const read = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Recorded) : []);
  for (const until = Date.now() + deadlineMs; read().length < count && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
  return read();
}

const mouse = (type: string, x: number, y: number, button: string, clickCount: number) => ({ method: 'Input.dispatchMouseEvent', params: { type, x, y, button, clickCount, modifiers: 0 } });
const key = (type: string, k: string, code: string, vk: number, text: string, modifiers: number) =>
  ({ method: 'Input.dispatchKeyEvent', params: { type, key: k, code, windowsVirtualKeyCode: vk, text, modifiers } });
const strip = (records: Recorded[]) => records.map(({ method, params }) => ({ method, params }));

describeWithTestRuntime('Windows page input, script and full-page screenshots through the DevTools protocol', function () {
  let h: Harness;
  let profile: string;
  let env: number;
  before(async () => {
    h = windowsHarness();
    await h.client.start();
  });
  beforeEach(async () => {
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-input-'));
    env = (await h.client.request(Requests.createEnvironment, { userDataFolder: profile })).environmentId;
  });
  after(async () => {
    await h?.stop();
  });

  const send = (windowId: number, input: PageInputParams['input']) => h.client.request(Requests.pageInput, { windowId, input });

  it('delivers a click as Input.dispatchMouseEvent: a move there, then each press and release with its button and click count', async () => {
    const w = await h.openLoaded(env, 'data:text/html,<title>click</title>');
    await send(w.windowId, { kind: 'click', x: 120.5, y: 40, button: 'right', clickCount: 2 });
    assert.deepEqual(strip(await recorded(profile, 5)), [
      mouse('mouseMoved', 120.5, 40, 'none', 0),
      mouse('mousePressed', 120.5, 40, 'right', 1), mouse('mouseReleased', 120.5, 40, 'right', 1),
      mouse('mousePressed', 120.5, 40, 'right', 2), mouse('mouseReleased', 120.5, 40, 'right', 2),
    ]);
    assert.match((await recorded(profile, 5))[0].url, /<title>click<\/title>/);
  });

  it('delivers keys as Input.dispatchKeyEvent down and up with key, code, virtual key, text and modifier bits; the page counts them', async () => {
    const w = await h.openLoaded(env, 'data:text/html,<title>keys</title>');
    const before = keysInPage(w.nativeHandle);
    await send(w.windowId, { kind: 'key', key: 'Enter' });
    await send(w.windowId, { kind: 'key', key: 'a', modifiers: ['Control', 'Shift'] });
    await send(w.windowId, { kind: 'key', key: 'b', modifiers: ['Shift'] });
    await send(w.windowId, { kind: 'key', key: 'ArrowLeft', modifiers: ['Alt'] });
    assert.deepEqual(strip(await recorded(profile, 8)), [
      key('keyDown', 'Enter', 'Enter', 13, '\r', 0), key('keyUp', 'Enter', 'Enter', 13, '', 0),
      key('rawKeyDown', 'A', 'KeyA', 65, '', 10), key('keyUp', 'A', 'KeyA', 65, '', 10),
      key('keyDown', 'B', 'KeyB', 66, 'B', 8), key('keyUp', 'B', 'KeyB', 66, '', 8),
      key('rawKeyDown', 'ArrowLeft', 'ArrowLeft', 37, '', 1), key('keyUp', 'ArrowLeft', 'ArrowLeft', 37, '', 1),
    ]);
    assert.equal(keysInPage(w.nativeHandle) - before, 4, 'each key down reached the page');
  });

  it('delivers text as one Input.insertText, every character intact', async () => {
    const w = await h.openLoaded(env, 'data:text/html,<title>text</title>');
    const text = 'héllo "wörld" \\ 𝄞\ttab\nline';
    await send(w.windowId, { kind: 'text', text });
    assert.deepEqual(strip(await recorded(profile, 1)), [{ method: 'Input.insertText', params: { text } }]);
  });

  it('answers runScript with an error that says the test runtime runs no script, in either world, instead of a value', async () => {
    const w = await h.openLoaded(env, 'data:text/html,<title>script</title>');
    for (const world of ['isolated', 'page'] as const) {
      const r = await h.client.request(Requests.runScript, { windowId: w.windowId, expression: '1 + 1', world });
      assert.deepEqual(r, { ok: false, error: 'it threw EvalError: the WebView2 test runtime runs no script' }, world);
    }
  });

  it('makes one isolated world per document, not one per script: the next script finds what the last left (the agents\' refs), a new document gets a new world', async () => {
    const w = await h.openLoaded(env, 'data:text/html,<title>worlds</title>');
    const worlds = () => pageProperty(w.nativeHandle, 'WebView2TestIsolatedWorlds');
    for (let i = 0; i < 3; i++) await h.client.request(Requests.runScript, { windowId: w.windowId, expression: 'document.title', world: 'isolated' });
    assert.equal(worlds(), 1, 'three scripts, one world');
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: 'data:text/html,<title>next</title>' });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    const r = await h.client.request(Requests.runScript, { windowId: w.windowId, expression: 'document.title', world: 'isolated' });
    assert.deepEqual(r, { ok: false, error: 'it threw EvalError: the WebView2 test runtime runs no script' }, 'the old document\'s context is not used');
    assert.equal(worlds(), 1, 'the new document has its own world');
  });

  it('takes a full-page screenshot (Page.captureScreenshot): a PNG of the document, which in the runtime is the viewport', async () => {
    const w = await h.openLoaded(env, 'data:text/html,<title>full</title><h1>whole page</h1>');
    const full = path.join(profile, 'full.png');
    const viewport = path.join(profile, 'viewport.png');
    const shot = await h.client.request(Requests.screenshot, { windowId: w.windowId, path: full, fullPage: true });
    const view = await h.client.request(Requests.screenshot, { windowId: w.windowId, path: viewport });
    assert.deepEqual([shot.width, shot.height], [view.width, view.height]);
    const a = readPng(full), b = readPng(viewport);
    assert.deepEqual([a.width, a.height], [shot.width, shot.height]);
    assert.ok(Buffer.from(a.rgb).equals(Buffer.from(b.rgb)), 'the same picture as CapturePreview\'s');
  });

  it('CLI screenshot --full-page writes a PNG and says it is the full page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-input-cli-'));
    fs.writeFileSync(path.join(dir, 'page.html'), '<title>cli full page</title><p>text</p>');
    const out = path.join(dir, 'shot.png');
    const r = await runCli(CLI, ['screenshot', path.join(dir, 'page.html'), out, '--full-page', '--width', '400', '--height', '300',
      '--user-data-folder', path.join(dir, 'profile'), '--browser-folder', TEST_RUNTIME!]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr + r.stdout, /400x300 \(the full page\) written to /);
    const image = readPng(out);
    assert.deepEqual([image.width, image.height], [400, 300]);
  });

  describe('through the MCP server (webview2-host mcp)', function () {
    let transport: StdioClientTransport;
    let client: Client;
    let dir: string;
    let mcpProfile: string;
    let stderr = '';
    const call = async (name: string, args: Record<string, unknown> = {}): Promise<Answer> => (await client.callTool({ name, arguments: args })) as Answer;
    const textOf = (a: Answer) => a.content.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text).join('\n');

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-input-mcp-'));
      mcpProfile = path.join(dir, 'profile');
      fs.writeFileSync(path.join(dir, 'page.html'), '<!doctype html><title>MCP keys</title><input autofocus>');
      transport = new StdioClientTransport({
        command: process.execPath, args: [CLI, 'mcp', '--profile', mcpProfile, '--root', dir, '--browser-folder', TEST_RUNTIME!],
        env: { ...process.env } as Record<string, string>, stderr: 'pipe',
      });
      transport.stderr?.on('data', (d) => { stderr += d; });
      client = new Client({ name: 'webview2-host-win32-test', version: '1.0.0' });
      await client.connect(transport);
    });
    after(async () => {
      const server = (transport as unknown as { _process?: ChildProcess })._process;
      await client?.close();
      if (server && server.exitCode === null) await new Promise((r) => server.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('browser_press_key reaches the page as the key\'s down and up events', async () => {
      const opened = await call('browser_open', { url: 'page.html' });
      assert.equal(opened.isError, undefined, textOf(opened) + stderr);
      const pressed = await call('browser_press_key', { key: 'Control+Enter' });
      assert.equal(pressed.isError, undefined, textOf(pressed));
      assert.match(textOf(pressed), /^Pressed Control\+Enter\./);
      const records = await recorded(mcpProfile, 2);
      assert.deepEqual(strip(records), [key('keyDown', 'Enter', 'Enter', 13, '\r', 2), key('keyUp', 'Enter', 'Enter', 13, '', 2)]);
      assert.match(records[0].url, /page\.html$/);
    });

    it('browser_take_screenshot answers a PNG image, of the viewport and of the full page', async () => {
      for (const fullPage of [false, true]) {
        const answer = await call('browser_take_screenshot', fullPage ? { fullPage } : {});
        assert.equal(answer.isError, undefined, textOf(answer));
        assert.match(textOf(answer), new RegExp(`^Window 1, \\d+x\\d+ ${fullPage ? 'full page' : 'viewport'} of `));
        const image = answer.content.find((c) => c.type === 'image') as { data: string; mimeType: string };
        assert.equal(image.mimeType, 'image/png');
        const png = readPng(Buffer.from(image.data, 'base64'));
        assert.ok(png.width > 0 && png.height > 0);
      }
    });
  });
});
