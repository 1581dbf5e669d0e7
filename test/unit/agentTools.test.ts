// The agent tool table (src/agents) without a helper: its schemas as MCP publishes them, input
// checks, cookie masking, the window a tool acts on, the console ring and the answers for failures.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import { z } from 'zod';
import type { HelperClient } from '../../src/client/helperClient';
import { HelperCrashedError, HelperRequestError } from '../../src/client/requestErrors';
import { ErrorCodes, Notifications, type Cookie, type WindowInfo } from '../../src/protocol';
import { WindowTable } from '../../src/windowTable';
import { answerFor, type ToolAnswer } from '../../src/agents/answers';
import { checkInput, ToolInputError } from '../../src/agents/input';
import { WindowRings } from '../../src/agents/ring';
import { AgentSession } from '../../src/agents/session';
import { agentTools, runTool, type AgentTool } from '../../src/agents/tools';
import { commandNamed } from '../../src/cli/commands';
import { publishedSchema } from '../../src/cli/mcp';
import { UsageError } from '../../src/cli/session';

const SID: Cookie = { name: 'sid', value: 's3cret-value', domain: '127.0.0.1', path: '/', expires: null, httpOnly: true, secure: false, sameSite: 'lax', session: true };
const REMEMBER: Cookie = { name: 'remember', value: 'alice', domain: '.example.com', path: '/app', expires: 1970000000, httpOnly: false, secure: true, sameSite: 'strict', session: false };

function windowInfo(windowId: number, url = 'https://example.com/'): WindowInfo {
  return { windowId, environmentId: 1, url, title: 'Example', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 1024, height: 768 }, failed: null };
}

/** A HelperClient stand-in: a window table, notifications, and requests answered by `answers`. */
function fakeClient(answers: Record<string, (params: unknown) => unknown> = {}): HelperClient & { notify(method: string, params: unknown): void } {
  const emitter = new EventEmitter() as EventEmitter & Record<string, unknown>;
  emitter.windows = new WindowTable();
  emitter.onNotification = (type: { method: string }, handler: (p: unknown) => void) => {
    emitter.on(`notification:${type.method}`, handler);
    return () => emitter.off(`notification:${type.method}`, handler);
  };
  emitter.notify = (method: string, params: unknown) => emitter.emit(`notification:${method}`, params);
  emitter.request = async (type: { method: string }, params: unknown) => {
    const answer = answers[type.method];
    if (!answer) throw new Error(`unexpected request ${type.method}`);
    return answer(params);
  };
  return emitter as unknown as HelperClient & { notify(method: string, params: unknown): void };
}

function sessionOver(client: HelperClient, revealCookies = false): AgentSession {
  return new AgentSession({ client, environment: { userDataFolder: '/tmp/profile' }, root: process.cwd(), revealCookies, allowEvaluate: false, loadWaitMs: 1000 });
}

const tools = agentTools(() => false);
const tool = (name: string): AgentTool => tools.find((t) => t.name === name)!;
const text = (a: ToolAnswer) => a.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');

describe('agent tools: the table', () => {
  it('declares each tool once, with a description that says when to use it and an object schema of described fields', () => {
    assert.equal(new Set(tools.map((t) => t.name)).size, tools.length);
    assert.equal(tools.length, 19);
    for (const t of tools) {
      assert.match(t.name, /^browser_[a-z_]+$/);
      assert.ok(t.description.length >= 60, `${t.name} says what it is for`);
      assert.equal(t.input.type, 'object');
      assert.equal(t.input.additionalProperties, false);
      for (const r of t.input.required ?? []) assert.ok(Object.hasOwn(t.input.properties, r), `${t.name} requires a declared field ${r}`);
      for (const [name, p] of Object.entries(t.input.properties)) assert.ok(p.description.length > 5, `${t.name}.${name} is described`);
    }
  });

  it('publishes through the SDK\'s zod exactly the JSON Schema of the table, while the tool checks input itself', () => {
    for (const t of tools) {
      const { $schema: _s, ...published } = z.toJSONSchema(publishedSchema(t)) as Record<string, unknown>;
      assert.deepEqual(published, t.input, t.name);
      assert.equal(publishedSchema(t).safeParse({ anything: 1 }).success, true, 'the SDK lets input through to the tool\'s own check');
    }
  });

  it('checks input in words naming the field and what it takes', () => {
    const resize = tool('browser_resize');
    assert.deepEqual(checkInput('browser_resize', resize.input, { width: 375, height: 667, windowId: null }), { width: 375, height: 667 });
    const refuses = (input: unknown, message: string) => assert.throws(() => checkInput('browser_resize', resize.input, input),
      (err: unknown) => err instanceof ToolInputError && err.message === message);
    refuses({ width: 375 }, '"height" is required: The viewport\'s height in pixels');
    refuses({ width: 99.5, height: 600 }, '"width" must be a whole number from 100 to 8192, not 99.5');
    refuses({ width: 375, height: 667, depth: 1 }, 'browser_resize has no field "depth"; it takes width, height, windowId');
    refuses([1], 'browser_resize takes an object of named fields, not [1]');
    assert.throws(() => checkInput('c', tool('browser_console_messages').input, { level: 'fatal' }), /"level" must be one of "debug", "log", "info", "warn", "error", not "fatal"/);
  });

  it('refuses positional arguments to the mcp command before anything starts', () => {
    assert.throws(() => commandNamed('mcp')!.checkArgs(['https://example.com']), (e: unknown) => e instanceof UsageError && /mcp takes no file or URL/.test(e.message));
  });
});

describe('agent tools: acting on windows', () => {
  it('masks cookie values unless the server reveals them, with every attribute shown', async () => {
    const client = fakeClient({ getCookies: () => [SID, REMEMBER] });
    client.windows.set(windowInfo(1));
    const masked = text(await runTool(tool('browser_cookies'), sessionOver(client), { windowId: 1 }));
    assert.ok(!masked.includes('s3cret-value') && !masked.includes('alice'), masked);
    assert.match(masked, /^sid=\*{8} {2}\(127\.0\.0\.1\/; HttpOnly; SameSite=lax; session\)$/m);
    assert.match(masked, /^remember=\*{8} {2}\(\.example\.com\/app; Secure; SameSite=strict; expires 2032-06-04T22:13:20\.000Z\)$/m);
    assert.match(masked, /values masked: start the server with --reveal-cookies/);
    const shown = text(await runTool(tool('browser_cookies'), sessionOver(client, true), {}));
    assert.match(shown, /^sid=s3cret-value /m);
    assert.doesNotMatch(shown, /values masked/);
  });

  it('acts on the current window, tells an unknown window from a closed one, and says what to do when none is open', async () => {
    const client = fakeClient({ reload: () => undefined });
    const session = sessionOver(client);
    const windows = tool('browser_windows');
    assert.equal(text(await runTool(windows, session, {})), 'No window is open: call browser_open with a URL or a workspace file.');
    const reload = tool('browser_reload');
    const none = await runTool(reload, session, {});
    assert.equal(none.isError, true);
    assert.equal(text(none), 'No window is open: call browser_open with a URL or a workspace file first.');
    client.windows.set(windowInfo(1));
    client.windows.set(windowInfo(2, 'https://example.com/two'));
    session.makeCurrent(2);
    assert.equal(text(await runTool(windows, session, {})), '- window 1: https://example.com/ "Example" 1024x768, loaded\n* window 2: https://example.com/two "Example" 1024x768, loaded');
    assert.equal(text(await runTool(reload, session, { windowId: 7 })), 'There is no window 7: call browser_windows to list the open windows.');
    client.windows.set(windowInfo(3));
    client.windows.removed(2);
    client.notify(Notifications.windowClosed.method, { windowId: 2, reason: 'user' });
    assert.equal(text(await runTool(reload, session, { windowId: 2 })),
      'Window 2 is closed (the user closed it): call browser_windows to list the open windows, or browser_open to open a page.');
    assert.match(text(await runTool(reload, session, {})), /^No window is current: give windowId \(open: 1, 3\)/);
  });

  it('keeps console messages per window in a bounded ring and says how many were dropped', async () => {
    const client = fakeClient();
    client.windows.set(windowInfo(1));
    const session = sessionOver(client);
    for (let i = 1; i <= 502; i++) {
      client.notify(Notifications.consoleMessage.method, { windowId: 1, level: i % 2 ? 'log' : 'error', message: `m${i}\nforged`, source: null, line: null, kind: 'console' });
    }
    const all = text(await runTool(tool('browser_console_messages'), session, { windowId: 1 }));
    assert.match(all, /^\(2 earlier message\(s\) were dropped: only the last 500 are kept\)\n#3 \[window 1\] log: m3\\nforged\n/);
    assert.match(all, /\n#502 \[window 1\] error: m502\\nforged\n\(next since: 502\)$/);
    const errors = text(await runTool(tool('browser_console_messages'), session, { level: 'error', since: 500 }));
    assert.equal(errors, '#502 [window 1] error: m502\\nforged\n(next since: 502)');
  });

  it('answers the script tools\' refusals with the next step, bad waits, and a stuck request by its deadline', async () => {
    const scripts: string[] = [];
    const client = fakeClient({
      runScript: (p) => {
        const expression = (p as { expression: string }).expression;
        scripts.push(expression);
        if (expression.includes('__webview2HostRefs = ')) return { ok: false, error: 'the page did not answer within 5000 ms' }; // the outline
        if (expression.includes('__webview2HostRefs')) return { ok: true, json: '{"problem":"unknown"}' };
        if (expression.includes('innerText')) return { ok: true, json: expression.includes('"Welcome"') ? 'true' : 'false' };
        return { ok: false, error: 'the page did not answer within 5000 ms' };
      },
    });
    client.windows.set(windowInfo(1));
    const session = sessionOver(client);
    assert.match(text(await runTool(tool('browser_click'), session, { ref: 'e1', windowId: 1 })), /^There is no element e1 in the page's last snapshot .* call browser_snapshot/);
    assert.match(text(await runTool(tool('browser_evaluate'), session, { function: '() => 1' })), /^browser_evaluate is turned off: the MCP server was not started with --allow-evaluate/);
    assert.match(text(await runTool(agentTools(() => false, 'it runs only from chat').find((t) => t.name === 'browser_evaluate')!, session, { function: '() => 1' })),
      /^browser_evaluate is turned off: it runs only from chat\./);
    assert.match(text(await runTool(tool('browser_snapshot'), session, {})), /^The page did not answer: the page did not answer within 5000 ms\. If it is still loading/);
    assert.equal(text(await runTool(tool('browser_wait_for'), session, { text: 'Welcome' })), '"Welcome" is on the page of window 1.');
    const missing = await runTool(tool('browser_wait_for'), session, { text: 'Goodbye', time: 0.3 });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /^"Goodbye" did not appear on the page within 0\.3 s/);
    assert.equal(text(await runTool(tool('browser_wait_for'), session, { textGone: 'Goodbye' })), '"Goodbye" is gone from the page of window 1.');
    assert.match(text(await runTool(tool('browser_press_key'), session, { key: 'Hyper+a' })), /"Hyper" is not a modifier/);
    assert.match(text(await runTool(tool('browser_wait_for'), session, {})), /needs time/);
    const stuck = sessionOver(fakeClient({ diagnostics: () => new Promise(() => undefined) }));
    const late = await runTool(tool('browser_diagnostics'), stuck, {}, 50);
    assert.equal(late.isError, true);
    assert.equal(text(late), 'browser_diagnostics had no answer within 0 s; call browser_diagnostics to see where the engine is stuck.');
    // A request that fails after its deadline's answer must not end the server as an unhandled rejection.
    let unhandled: unknown;
    const listen = (err: unknown) => { unhandled = err; };
    process.on('unhandledRejection', listen);
    try {
      let fail: (err: Error) => void = () => undefined;
      const failing = sessionOver(fakeClient({ diagnostics: () => new Promise((_, reject) => { fail = reject; }) }));
      assert.equal((await runTool(tool('browser_diagnostics'), failing, {}, 10)).isError, true);
      // The request fails only now, after its deadline's answer. Node reports a rejection nobody
      // handles once the microtasks after it have run, before the next turn of the event loop.
      fail(new Error('late'));
      await new Promise((r) => setImmediate(r));
      assert.equal(unhandled, undefined);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });

  it('takes a screenshot once a loading page has loaded, and says to wait when it does not', async () => {
    const client = fakeClient({ screenshot: (p) => {
      fs.writeFileSync((p as { path: string }).path, 'PNG bytes');
      return { path: (p as { path: string }).path, width: 1024, height: 768 };
    } });
    client.windows.set({ ...windowInfo(1), loading: true });
    const session = sessionOver(client);
    setTimeout(() => client.windows.set(windowInfo(1)), 150);
    const shot = await runTool(tool('browser_take_screenshot'), session, { windowId: 1 });
    assert.deepEqual(shot.content[1], { type: 'image', data: Buffer.from('PNG bytes').toString('base64'), mimeType: 'image/png' });
    client.windows.set({ ...windowInfo(1), loading: true });
    const loading = await runTool(tool('browser_take_screenshot'), session, {});
    assert.equal(loading.isError, true);
    assert.equal(text(loading), 'Window 1 is still loading https://example.com/: call browser_wait_for with time 5, then try again.');
  });

  it('tells the windows a helper crash took from unknown ones', async () => {
    const client = fakeClient({ reload: () => undefined });
    client.windows.set(windowInfo(4));
    const session = sessionOver(client);
    client.emit('state', { kind: 'crashed', reason: 'was killed by SIGKILL', lostWindows: [windowInfo(4)] });
    client.windows.removed(4);
    assert.equal(text(await runTool(tool('browser_reload'), session, { windowId: 4 })),
      'Window 4 is closed (the helper was killed by SIGKILL): call browser_windows to list the open windows, or browser_open to open a page.');
  });

  it('turns the helper\'s errors into a sentence with the next step, never a stack', () => {
    assert.equal(text(answerFor('browser_reload', new HelperRequestError('reload', ErrorCodes.unknownWindow, 'unknown window 4'))),
      'unknown window 4: call browser_windows to list the open windows.');
    assert.match(text(answerFor('browser_open', new HelperCrashedError('createWindow failed: the helper was killed by SIGKILL'))),
      /^createWindow failed: the helper was killed by SIGKILL\. Its windows are gone: call browser_open to start again/);
    const odd = new TypeError('x is not a function\n    at somewhere (file.js:1:1)');
    assert.equal(text(answerFor('browser_open', odd)), 'browser_open failed: x is not a function at somewhere (file.js:1:1).');
  });
});

describe('agent tools: the network log', () => {
  it('lists the helper\'s log of a window, filtered by URL and numbered for the next read', async () => {
    const entry = (seq: number, url: string, status: number | null, failure: { kind: 'refused'; message: string } | null = null) => ({
      windowId: 1, seq, method: 'GET', url, status, statusText: '', resourceType: 'document', mimeType: 'text/html', transferredBytes: null, bodyBytes: 1200,
      startedAt: 1000, responseAt: 1010, endedAt: 1034, requestHeaders: [], responseHeaders: [], redirectedTo: null, failure, initiator: null,
    });
    let asked: unknown;
    const client = fakeClient({ getNetworkLog: (p) => {
      asked = p;
      return { windowId: 1, open: true, evicted: 3, entries: [entry(4, 'https://example.com/app', 200), entry(5, 'https://cdn.test/x.js', null, { kind: 'refused', message: 'Could not connect' })] };
    } });
    client.windows.set(windowInfo(1));
    const answer = text(await runTool(tool('browser_network_requests'), sessionOver(client), { since: 3, filter: 'cdn' }));
    assert.deepEqual(asked, { windowId: 1, since: 3 });
    assert.equal(answer, '(3 older request(s) were dropped: only the last ones are kept)\n'
      + '#5 [window 1] GET failed (refused: Could not connect) 34 ms https://cdn.test/x.js\n(next since: 5)');
  });
});

describe('agent tools: the per-window ring', () => {
  it('numbers entries per window and counts what a reader missed', () => {
    const ring = new WindowRings<string>(3);
    for (const s of ['a', 'b', 'c', 'd']) ring.push(1, s);
    ring.push(2, 'x');
    assert.deepEqual(ring.read(1).entries.map((e) => [e.seq, e.item]), [[2, 'b'], [3, 'c'], [4, 'd']]);
    assert.equal(ring.read(1).missed, 1);
    assert.equal(ring.read(1, 3).missed, 0);
    assert.deepEqual(ring.read(1, 3).entries.map((e) => e.item), ['d']);
    assert.deepEqual(ring.read(2).entries.map((e) => e.seq), [1]);
    ring.forget(1);
    assert.deepEqual(ring.read(1), { entries: [], missed: 0, last: 0 });
  });
});
