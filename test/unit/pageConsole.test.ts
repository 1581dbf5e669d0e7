// The console relay's pure parts: what the Linux user script sends, what the DevTools protocol
// says on Windows, the limits, and the CLI's line.
import * as assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { CONSOLE_USER_SCRIPT, parseConsoleRequest } from '../../src/webkitgtk/pageConsole';
import { consoleFromDevTools, exceptionFromDevTools, resourceFromDevTools } from '../../src/webview2/devtoolsEvents';
import { ConsoleLimiter, MAX_MESSAGE_CHARS } from '../../src/helper/consoleLimiter';
import { formatConsole } from '../../src/client/format';
import { blockedPortReason } from '../../src/helper/blockedPorts';

/** Runs the user script in a bare context that records what it would fetch. */
function runScript(page: (window: any) => void): string[] {
  const fetched: string[] = [];
  const listeners: Record<string, ((e: unknown) => void)[]> = {};
  const window: any = {
    fetch: (url: string) => { fetched.push(url); return Promise.resolve(); },
    addEventListener: (type: string, fn: (e: unknown) => void) => { (listeners[type] ??= []).push(fn); },
    dispatch: (type: string, e: unknown) => (listeners[type] ?? []).forEach((fn) => fn(e)),
  };
  const quiet = () => undefined;
  window.console = { debug: quiet, log: quiet, info: quiet, warn: quiet, error: quiet, assert: quiet };
  window.window = window;
  const context = vm.createContext(window);
  vm.runInContext(CONSOLE_USER_SCRIPT, context);
  vm.runInContext(CONSOLE_USER_SCRIPT, context); // a second injection (a frame reusing the window) changes nothing
  page(window);
  return fetched;
}

describe('Linux console relay (user script and URI scheme)', () => {
  it('sends console calls with their level, text and caller', () => {
    const sent = runScript((w) => {
      w.console.error('boom', 42, { a: 1 });
      w.console.warn('careful');
      w.console.assert(false, 'not so');
    });
    const parsed = sent.map((u) => parseConsoleRequest(u)!);
    assert.equal(parsed.length, 3);
    assert.deepEqual(parsed[0].message, { level: 'error', kind: 'console', message: 'boom 42 {"a":1}', source: parsed[0].message.source, line: parsed[0].message.line });
    assert.equal(parsed[1].message.level, 'warn');
    assert.equal(parsed[2].message.message, 'Assertion failed: not so');
  });

  it('sends uncaught errors and unhandled rejections', () => {
    const sent = runScript((w) => {
      w.dispatch('error', { message: 'Error: kaboom', error: Object.assign(new Error('kaboom')), filename: 'http://127.0.0.1/app.js', lineno: 7 });
      w.dispatch('unhandledrejection', { reason: new TypeError('nope') });
    });
    const [thrown, rejected] = sent.map((u) => parseConsoleRequest(u)!.message);
    assert.deepEqual(thrown, { level: 'error', kind: 'exception', message: 'Uncaught Error: kaboom', source: 'http://127.0.0.1/app.js', line: 7 });
    assert.equal(rejected.kind, 'rejection');
    assert.equal(rejected.message, 'Uncaught (in promise) TypeError: nope');
  });

  it('reads the caller from a WebKit stack line', () => {
    const uri = 'webview2-host-console://post?l=log&k=console&m=hi&s=file%3A%2F%2F%2Ftmp%2Fa.html&n=12&d=3';
    assert.deepEqual(parseConsoleRequest(uri), { message: { level: 'log', kind: 'console', message: 'hi', source: 'file:///tmp/a.html', line: 12 }, droppedByPage: 3 });
  });

  it('ignores requests it did not send', () => {
    assert.equal(parseConsoleRequest('webview2-host-console://post?l=shout&k=console&m=x'), null);
    assert.equal(parseConsoleRequest('http://example.com/?l=log&k=console'), null);
    assert.equal(parseConsoleRequest('not a url'), null);
  });
});

describe('Windows console and resources (DevTools protocol)', () => {
  it('reads Runtime.consoleAPICalled', () => {
    const m = consoleFromDevTools(JSON.stringify({
      type: 'warning', args: [{ type: 'string', value: 'low disk' }, { type: 'number', value: 3 }],
      stackTrace: { callFrames: [{ url: 'https://app.test/x.js', lineNumber: 4 }] },
    }));
    assert.deepEqual(m, { level: 'warn', kind: 'console', message: 'low disk 3', source: 'https://app.test/x.js', line: 5 });
    assert.equal(consoleFromDevTools(JSON.stringify({ type: 'clear', args: [] })), null);
  });

  it('reads Runtime.exceptionThrown, telling rejections apart', () => {
    const thrown = exceptionFromDevTools(JSON.stringify({ exceptionDetails: { text: 'Uncaught', url: 'file:///C:/p.html', lineNumber: 0, exception: { type: 'object', subtype: 'error', description: 'Error: kaboom\n    at file:///C:/p.html:1:7' } } }));
    assert.deepEqual(thrown, { level: 'error', kind: 'exception', message: 'Uncaught Error: kaboom', source: 'file:///C:/p.html', line: 1 });
    const rejected = exceptionFromDevTools(JSON.stringify({ exceptionDetails: { text: 'Uncaught (in promise)', exception: { type: 'object', subtype: 'error', description: 'Error: nope' } } }));
    assert.equal(rejected.kind, 'rejection');
    assert.equal(rejected.message, 'Uncaught (in promise) Error: nope');
    assert.equal(rejected.source, null);
  });

  it('reads Network.requestWillBeSent, leaving out the main document', () => {
    const ev = (url: string, type: string) => JSON.stringify({ requestId: '1.2', loaderId: 'L1', request: { url }, type, initiator: { type: 'parser' } });
    assert.equal(resourceFromDevTools(ev('file:///C:/site/s.css', 'Stylesheet'), 'file:///C:/site/index.html'), 'file:///C:/site/s.css');
    assert.equal(resourceFromDevTools(ev('file:///C:/site/index.html', 'Document'), 'file:///C:/site/index.html'), null);
    assert.equal(resourceFromDevTools(ev('file:///C:/site/frame.html', 'Document'), 'file:///C:/site/index.html'), 'file:///C:/site/frame.html');
    // The next page, asked for by the browser before the source changes, is not a resource either.
    const next = JSON.stringify({ request: { url: 'https://app.test/next' }, type: 'Document', initiator: { type: 'other' } });
    assert.equal(resourceFromDevTools(next, 'https://app.test/'), null);
  });
});

describe('console limits', () => {
  const message = (text: string) => ({ windowId: 1, level: 'log' as const, kind: 'console' as const, message: text, source: null, line: null });

  it('cuts long messages and says by how much', () => {
    const limiter = new ConsoleLimiter(() => 0);
    const [out] = limiter.admit(message('x'.repeat(MAX_MESSAGE_CHARS + 10)));
    assert.equal(out.message, `${'x'.repeat(MAX_MESSAGE_CHARS)}… (10 more characters)`);
  });

  it('drops past the rate and reports the count with the next message that passes', () => {
    let now = 0;
    const limiter = new ConsoleLimiter(() => now, 5);
    const passed = [];
    for (let i = 0; i < 12; i++) passed.push(...limiter.admit(message(`m${i}`)));
    assert.deepEqual(passed.map((m) => m.message), ['m0', 'm1', 'm2', 'm3', 'm4']);
    now = 1000;
    const next = limiter.admit(message('later'), 2);
    assert.equal(next.length, 2);
    assert.equal(next[0].level, 'warn');
    assert.match(next[0].message, /^9 console message\(s\) dropped/);
    assert.equal(next[1].message, 'later');
  });

  it('keeps a budget per window', () => {
    const limiter = new ConsoleLimiter(() => 0, 1);
    assert.equal(limiter.admit(message('a')).length, 1);
    assert.equal(limiter.admit({ ...message('b'), windowId: 2 }).length, 1);
    assert.equal(limiter.admit(message('c')).length, 0);
  });
});

describe('console line and blocked ports', () => {
  it('prints [window N] level: message (source:line)', () => {
    assert.equal(formatConsole({ windowId: 3, level: 'error', kind: 'console', message: 'boom', source: 'http://127.0.0.1:8080/', line: 12 }), '[window 3] error: boom (http://127.0.0.1:8080/:12)');
    assert.equal(formatConsole({ windowId: 1, level: 'log', kind: 'console', message: 'hi', source: null, line: null }), '[window 1] log: hi');
  });

  it('names the ports browsers refuse', () => {
    assert.match(blockedPortReason('http://127.0.0.1:6000/')!, /port 6000 is blocked/);
    assert.match(blockedPortReason('http://localhost:6667/x')!, /port 6667/);
    assert.equal(blockedPortReason('http://127.0.0.1:8080/'), null);
    assert.equal(blockedPortReason('https://example.com/'), null);
    assert.equal(blockedPortReason('file:///tmp/x.html'), null);
  });
});
