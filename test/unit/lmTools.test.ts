// The agent tools as VS Code language model tools, without VS Code: package.json contributes
// exactly the table (names, descriptions, schemas), answers become text and image parts with the
// tools named as VS Code lists them, and cookie values stay masked unless the setting allows them.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module = require('node:module');
import * as zlib from 'node:zlib';
import type { HelperClient } from '../../src/client/helperClient';
import type { Cookie, WindowInfo } from '../../src/protocol';
import { WindowTable } from '../../src/windowTable';
import { type ToolAnswer } from '../../src/agents/answers';
import { AgentSession } from '../../src/agents/session';
import { agentTools, runTool } from '../../src/agents/tools';
import { DEFAULTS } from '../../src/settings';
import { contributionOf, forVsCode, lmToolName } from '../../src/extension/agents/contribution';
import { toParts } from '../../src/extension/agents/parts';
import { invocationMessage } from '../../src/extension/agents/prepare';
import { readPng } from '../support/png';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributed: { name: string; [key: string]: unknown }[] = manifest.contributes.languageModelTools;
const tools = agentTools(() => false);

type Part = { text: string } | { image: Uint8Array; mimeType: string };
const makers = { text: (text: string): Part => ({ text }), image: (image: Uint8Array, mimeType: string): Part => ({ image, mimeType }) };

function windowInfo(windowId: number): WindowInfo {
  return { windowId, environmentId: 1, url: 'http://127.0.0.1:8080/login', title: 'Log in', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 800, height: 600 }, failed: null };
}

/** A HelperClient stand-in: a window table, notifications, and requests answered by `answers`. */
function fakeClient(answers: Record<string, (params: unknown) => unknown> = {}): HelperClient {
  const emitter = new EventEmitter() as EventEmitter & Record<string, unknown>;
  emitter.windows = new WindowTable();
  emitter.onNotification = (type: { method: string }, handler: (p: unknown) => void) => {
    emitter.on(type.method, handler);
    return () => emitter.off(type.method, handler);
  };
  emitter.request = async (type: { method: string }, params: unknown) => {
    if (!answers[type.method]) throw new Error(`unexpected request ${type.method}`);
    return answers[type.method](params);
  };
  return emitter as unknown as HelperClient;
}

/** A 2x1 RGBA PNG: one red pixel, one blue. */
function tinyPng(): Buffer {
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const pixels = zlib.deflateSync(Buffer.from([0, 255, 0, 0, 255, 0, 0, 255, 255]));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

describe('language model tools: package.json and the table', () => {
  it('contributes one entry per tool of the table, equal to it (name, descriptions, schema), and no other', () => {
    assert.equal(contributed.length, tools.length);
    for (const tool of tools) {
      const entry = contributed.find((c) => c.name === lmToolName(tool.name));
      assert.ok(entry, `${lmToolName(tool.name)} is contributed`);
      assert.deepEqual(entry, contributionOf(tool), `${entry.name} equals the table`);
    }
    for (const entry of contributed) assert.ok(tools.some((t) => lmToolName(t.name) === entry.name), `${entry.name} is a tool of the table`);
  });

  it('the entries are what VS Code accepts: prefixed names, a display name, a reference name, the table\'s words renamed', () => {
    for (const entry of contributed) {
      assert.match(entry.name, /^webview2Host_[a-z_]+$/);
      assert.ok(entry.displayName && entry.userDescription);
      assert.equal(entry.canBeReferencedInPrompt, true);
      assert.match(entry.toolReferenceName as string, /^[\w-]+$/);
      assert.doesNotMatch(JSON.stringify(entry), /\bbrowser_[a-z]/, `${entry.name} names no tool VS Code does not list`);
    }
    const screenshot = contributed.find((c) => c.name === 'webview2Host_take_screenshot')!;
    assert.match(screenshot.modelDescription as string, /^See the page: a PNG/);
    assert.match(JSON.stringify(screenshot.inputSchema), /from webview2Host_open or webview2Host_windows/);
  });

  it('needs no activation event listed (VS Code derives onLanguageModelTool:<name> from the contribution), and a setting for cookie values, off', () => {
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished'], 'only the windows\' restore (extension.ts), none for the tools');
    const setting = manifest.contributes.configuration.properties['webview2Host.agents.revealCookieValues'];
    assert.equal(setting.type, 'boolean');
    assert.equal(setting.default, false);
    assert.equal(DEFAULTS['agents.revealCookieValues'], false);
  });
});

describe('language model tools: answers as parts', () => {
  it('text as text parts with the tools renamed, a PNG as an image part of the same bytes', () => {
    const png = tinyPng();
    const answer: ToolAnswer = { content: [{ type: 'text', text: 'Window 1, 128x128. Call browser_navigate_back or browser_navigate.' }, { type: 'image', data: png.toString('base64'), mimeType: 'image/png' }] };
    const [text, image] = toParts(answer, makers);
    assert.deepEqual(text, { text: 'Window 1, 128x128. Call webview2Host_navigate_back or webview2Host_navigate.' });
    assert.ok('image' in image);
    assert.equal(image.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(image.image), png);
    const decoded = readPng(Buffer.from(image.image));
    assert.deepEqual([decoded.width, decoded.height], [2, 1], 'it decodes as a PNG');
  });

  it('a failure is one text part: its sentence, saying what to do next', async () => {
    const session = new AgentSession({ client: fakeClient(), environment: { userDataFolder: '/p' }, root: ROOT, revealCookies: false, allowEvaluate: false, loadWaitMs: 500 });
    try {
      const answer = await runTool(tools.find((t) => t.name === 'browser_take_screenshot')!, session, { windowId: 7 });
      assert.deepEqual(toParts(answer, makers), [{ text: 'There is no window 7: call webview2Host_windows to list the open windows.' }]);
    } finally {
      session.dispose();
    }
  });

  it('renames the table\'s tools only, whole names only', () => {
    assert.equal(forVsCode('browser_close, browser_closed, my_browser_close and browser_x'), 'webview2Host_close, browser_closed, my_browser_close and browser_x');
  });

  it('the invocation message names the tool, the window and the URL, on one line', () => {
    assert.equal(invocationMessage('WebView2: Navigate', { url: 'http://localhost:3000/\nx', windowId: 2 }), 'WebView2: Navigate (window 2): http://localhost:3000/ x');
    assert.equal(invocationMessage('WebView2: Diagnostics', undefined), 'WebView2: Diagnostics');
  });
});

describe('language model tools: the extension\'s session', () => {
  const SID: Cookie = { name: 'sid', value: 's3cret-value', domain: '127.0.0.1', path: '/', expires: null, httpOnly: true, secure: false, sameSite: 'lax', session: true };
  let reveal = false;
  const vscodeStandIn = {
    workspace: { workspaceFolders: undefined, getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key === 'agents.revealCookieValues' ? reveal : fallback) }) },
    LanguageModelToolResult: class { constructor(readonly content: unknown[]) {} },
    LanguageModelTextPart: class { constructor(readonly value: string) {} },
    LanguageModelDataPart: { image: (data: Uint8Array, mimeType: string) => ({ data, mimeType }) },
  };

  function load(): typeof import('../../src/extension/agents/lmTools') {
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? vscodeStandIn : original.call(this, request, ...rest);
    };
    try {
      delete require.cache[require.resolve('../../src/extension/agents/lmTools')];
      return require('../../src/extension/agents/lmTools');
    } finally {
      loader._load = original;
    }
  }

  it('answers the user\'s window, cookie values masked unless webview2Host.agents.revealCookieValues is on; an unknown tool is refused', async () => {
    const client = fakeClient({ getCookies: () => [SID] });
    (client.windows as WindowTable).set(windowInfo(3));
    const logged: string[] = [];
    const ctx = { client, config: { userDataFolder: '/p', helper: { waitDeadlineMs: 30000 } }, output: { info: (l: string) => logged.push(l), debug: () => undefined } };
    const { LanguageModelTools } = load();
    const lm = new LanguageModelTools(ctx as never);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
    const text = async (name: string) => ((await lm.invoke(name, {}, token as never)).content as { value: string }[]).map((p) => p.value).join('\n');
    try {
      const masked = await text('webview2Host_cookies');
      assert.match(masked, /^1 cookie\(s\) for http:\/\/127\.0\.0\.1:8080\/login:/);
      assert.doesNotMatch(masked, /s3cret-value/);
      assert.match(masked, /values masked: set webview2Host\.agents\.revealCookieValues to true to see them/);
      reveal = true;
      assert.match(await text('webview2Host_cookies'), /s3cret-value/);
      assert.equal(await text('webview2Host_nothing'), 'There is no tool webview2Host_nothing in this version of WebView2 Host.');
      assert.ok(logged.some((l) => /webview2Host_nothing refused/.test(l)), logged.join('\n'));
    } finally {
      lm.dispose();
    }
  });
});
