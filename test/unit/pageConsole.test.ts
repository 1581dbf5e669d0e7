// The console relay's pure parts: what the Linux user script sends, what the DevTools protocol
// says on Windows, the limits, and the CLI's line.
import * as assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { CONSOLE_HOOK_SCRIPT, consoleRelayScript, parseConsoleRequest, relayAddress, stackFrames } from '../../src/webkitgtk/pageConsole';
import { MAX_HTTP_URL_CHARS, pageFilterRules } from '../../src/webkitgtk/pageFilter';
import { consoleFromDevTools, exceptionFromDevTools, resourceFromDevTools } from '../../src/webview2/pageConsole';
import { ConsoleLimiter, MAX_MESSAGE_CHARS, MAX_SOURCE_CHARS } from '../../src/helper/consoleLimiter';
import { formatConsole } from '../../src/client/format';
import { blockedPortReason } from '../../src/helper/blockedPorts';

const SECRET = '0123456789abcdef0123456789abcdef';

interface Page {
  /** The page's world: its console, window events. */
  window: any;
  /** What the relay fetched. */
  sent: string[];
  /** The relay's clock (its own Date, out of the page's reach). */
  setNow(ms: number): void;
  /** Lets the relay's fetches settle (their then() runs). */
  settle(): Promise<void>;
}

/**
 * Runs the hook in one context (the page's world) and the relay in another (its isolated world):
 * separate globals, one DOM event target between them, as in WebKit. `hang` keeps fetches pending.
 */
function loadPage({ hang = false } = {}): Page {
  const sent: string[] = [];
  const listeners: Record<string, ((e: unknown) => void)[]> = {};
  const addEventListener = (type: string, fn: (e: unknown) => void) => { (listeners[type] ??= []).push(fn); };
  const dispatch = (e: { type: string }) => { (listeners[e.type] ?? []).forEach((fn) => fn(e)); return true; };
  const quiet = () => undefined;
  const window: any = {
    addEventListener,
    EventTarget: { prototype: { dispatchEvent: dispatch } },
    CustomEvent: class { constructor(public type: string, init?: { detail?: unknown }) { (this as any).detail = init?.detail; } },
    console: { debug: quiet, log: quiet, info: quiet, warn: quiet, error: quiet, assert: quiet },
    fire: (type: string, e: object) => dispatch({ type, ...e }),
  };
  window.window = window;
  const pageWorld = vm.createContext(window);
  vm.runInContext(CONSOLE_HOOK_SCRIPT, pageWorld);
  vm.runInContext(CONSOLE_HOOK_SCRIPT, pageWorld); // a second injection (a frame reusing the window) changes nothing
  const relay: any = { addEventListener, fetch: (url: string) => { sent.push(url); return hang ? new Promise(() => undefined) : Promise.resolve(); } };
  relay.window = relay;
  const relayWorld = vm.createContext(relay);
  vm.runInContext('let __now = 1e12; Date.now = () => __now;', relayWorld);
  vm.runInContext(consoleRelayScript(SECRET), relayWorld);
  return {
    window, sent,
    setNow: (ms) => vm.runInContext(`__now = ${ms}`, relayWorld),
    settle: () => new Promise((r) => setImmediate(r)),
  };
}

const parse = (uri: string) => parseConsoleRequest(uri, SECRET)!;

describe('Linux console relay (hook, isolated relay, URI scheme)', () => {
  it('sends console calls with their level, text and caller', () => {
    const { window: w, sent } = loadPage();
    w.console.error('boom', 42, { a: 1 });
    w.console.warn('careful');
    w.console.assert(false, 'not so');
    const parsed = sent.map(parse);
    assert.equal(parsed.length, 3);
    assert.deepEqual(parsed[0].message, { level: 'error', kind: 'console', message: 'boom 42 {"a":1}', source: parsed[0].message.source, line: parsed[0].message.line });
    assert.equal(parsed[1].message.level, 'warn');
    assert.equal(parsed[2].message.message, 'Assertion failed: not so');
    assert.ok(sent.every((u) => u.startsWith(`${relayAddress(SECRET)}?`)));
  });

  it('sends uncaught errors and unhandled rejections', () => {
    const { window: w, sent } = loadPage();
    w.fire('error', { message: 'Error: kaboom', error: new Error('kaboom'), filename: 'http://127.0.0.1/app.js', lineno: 7 });
    w.fire('unhandledrejection', { reason: new TypeError('nope') });
    const [thrown, rejected] = sent.map((u) => parse(u).message);
    const { stack, ...rest } = thrown;
    assert.deepEqual(rest, { level: 'error', kind: 'exception', message: 'Uncaught Error: kaboom', source: 'http://127.0.0.1/app.js', line: 7 });
    // This runs under V8: its stack's first line (the message) is not a frame; the frames are this file's.
    assert.ok(stack && stack.length >= 1 && stack.every((f) => !f.startsWith('Error')), JSON.stringify(stack));
    assert.match(stack![0], /pageConsole\.test\.js:\d+:\d+\)$/);
    assert.equal(rejected.kind, 'rejection');
    assert.equal(rejected.message, 'Uncaught (in promise) TypeError: nope');
  });

  it('reads JavaScriptCore\'s stack lines as frames, leaves out the hook\'s own, and bounds them', () => {
    assert.deepEqual(stackFrames('boom@http://127.0.0.1/app.js:3:9\nglobal code@http://127.0.0.1/app.js:10:1\n@user-script:1:5\nhttp://127.0.0.1/x.js:1:2'),
      ['boom (http://127.0.0.1/app.js:3:9)', 'global code (http://127.0.0.1/app.js:10:1)', '<anonymous> (http://127.0.0.1/x.js:1:2)']);
    const many = stackFrames(Array.from({ length: 40 }, (_, i) => `f${i}@http://a/${'p'.repeat(200)}:1:1`).join('\n'));
    assert.equal(many.length, 10);
    const [long] = stackFrames(`f@http://a/${'p'.repeat(2000)}:1:1`);
    assert.equal(long.length, 301);
    assert.ok(long.endsWith('…'));
  });

  it('the secret is in the relay only: the page\'s world never holds it', () => {
    assert.ok(consoleRelayScript(SECRET).includes(SECRET));
    assert.ok(!CONSOLE_HOOK_SCRIPT.includes(SECRET));
    assert.doesNotMatch(CONSOLE_HOOK_SCRIPT, /relay\//);
  });

  it('cuts a long message in the page and sends its full length for the note', () => {
    const { window: w, sent } = loadPage();
    w.console.log('x'.repeat(1_500_000));
    const [long] = sent.map(parse);
    assert.equal(long.message.message.length, MAX_MESSAGE_CHARS);
    assert.equal(long.totalChars, 1_500_000);
    assert.ok(sent[0].length < 20000, `the request is ${sent[0].length} characters long`);
    const [out] = new ConsoleLimiter(() => 0).admit({ windowId: 1, ...long.message, totalChars: long.totalChars });
    assert.equal(out.message, `${'x'.repeat(MAX_MESSAGE_CHARS)}… (${1_500_000 - MAX_MESSAGE_CHARS} more characters)`);
  });

  it('passes 100 messages a second per frame and counts the rest; the count goes with the next message', async () => {
    const page = loadPage();
    for (let i = 0; i < 150; i++) {
      page.window.console.log(`m${i}`);
      if (i % 10 === 9) await page.settle(); // fetches finish: only the rate holds them back
    }
    assert.equal(page.sent.length, 100);
    page.setNow(1e12 + 1000);
    page.window.console.log('later');
    const later = parse(page.sent[100]);
    assert.equal(later.message.message, 'later');
    assert.equal(later.droppedByRelay, 50);
  });

  it('has at most 64 requests in flight', () => {
    const { window: w, sent } = loadPage({ hang: true });
    for (let i = 0; i < 80; i++) w.console.log(`m${i}`);
    assert.equal(sent.length, 64);
  });

  it('whatever the page dispatches in the hook\'s name goes through the same cut and rate, and carries no count', async () => {
    const page = loadPage();
    const forge = (detail: unknown) => page.window.fire('webview2-host-console', { detail });
    forge(JSON.stringify(['error', 'console', 'z'.repeat(20000), 5, 's'.repeat(5000), 3, 999999999]));
    forge('x'.repeat(10_000_000)); // too long to read: counted as dropped
    forge(JSON.stringify(['shout', 'console', 'x', 1, '', 0]));
    forge({ not: 'a string' });
    page.window.console.log('real');
    const parsed = page.sent.map((u) => parseConsoleRequest(u, SECRET));
    assert.equal(parsed[0]!.message.message.length, MAX_MESSAGE_CHARS);
    assert.equal(parsed[0]!.message.source!.length, MAX_SOURCE_CHARS);
    assert.equal(parsed[0]!.droppedByRelay, 0);
    assert.equal(parsed.length, 2, 'a level the relay does not know is not sent');
    assert.equal(parsed[1]!.message.message, 'real');
    assert.equal(parsed[1]!.droppedByRelay, 2, 'the overlong handover and the object');
  });

  it('reads a request of the relay', () => {
    const uri = `${relayAddress(SECRET)}?l=log&k=console&m=hi&t=2&s=file%3A%2F%2F%2Ftmp%2Fa.html&n=12&d=3`;
    assert.deepEqual(parseConsoleRequest(uri, SECRET), { message: { level: 'log', kind: 'console', message: 'hi', source: 'file:///tmp/a.html', line: 12 }, totalChars: 2, droppedByRelay: 3 });
  });

  it('ignores requests it did not send: another address, another secret, an unknown level', () => {
    assert.equal(parseConsoleRequest('webview2-host-console://post?l=log&k=console&m=x&d=999999999', SECRET), null);
    assert.equal(parseConsoleRequest(`${relayAddress('f'.repeat(32))}?l=log&k=console&m=x`, SECRET), null);
    assert.equal(parseConsoleRequest(`${relayAddress(SECRET)}?l=shout&k=console&m=x`, SECRET), null);
    assert.equal(parseConsoleRequest('http://example.com/?l=log&k=console', SECRET), null);
    assert.equal(parseConsoleRequest('not a url', SECRET), null);
  });
});

/** Applies the rule list as WebKit does: in order, "ignore-previous-rules" forgets earlier matches. */
function blocked(rules: string, url: string): boolean {
  let block = false;
  for (const rule of JSON.parse(rules) as { trigger: { 'url-filter': string; 'url-filter-is-case-sensitive'?: boolean }; action: { type: string } }[]) {
    const pattern = new RegExp(rule.trigger['url-filter'], rule.trigger['url-filter-is-case-sensitive'] ? '' : 'i');
    if (!pattern.test(url)) continue;
    if (rule.action.type === 'block') block = true;
    if (rule.action.type === 'ignore-previous-rules') block = false;
  }
  return block;
}

describe('Linux page filter (content rules, in the web process)', () => {
  const rules = pageFilterRules(SECRET);

  it('lets the relay\'s address through, and nothing else of its scheme', () => {
    assert.equal(blocked(rules, `${relayAddress(SECRET)}?l=log&k=console&m=hi`), false);
    assert.equal(blocked(rules, 'webview2-host-console://post?l=log&k=console&m=x&d=999999999'), true);
    assert.equal(blocked(rules, `${relayAddress('f'.repeat(32))}?l=log`), true);
    assert.equal(blocked(rules, `${relayAddress(SECRET.toUpperCase())}?l=log`), true);
    assert.equal(blocked(rules, `${relayAddress(SECRET)}/more?l=log`), true);
    assert.equal(blocked(rules, `webview2-host-console:${'x'.repeat(1_500_000)}`), true);
  });

  it(`blocks http(s) URLs longer than ${MAX_HTTP_URL_CHARS} characters after ://, and nothing shorter`, () => {
    for (const scheme of ['http', 'https', 'HTTP']) {
      assert.equal(blocked(rules, `${scheme}://${'a'.repeat(MAX_HTTP_URL_CHARS)}`), false);
      assert.equal(blocked(rules, `${scheme}://${'a'.repeat(MAX_HTTP_URL_CHARS + 1)}`), true);
    }
    assert.equal(blocked(rules, 'http://127.0.0.1:8080/index.html'), false);
    assert.equal(blocked(rules, `data:text/plain,${'a'.repeat(100000)}`), false);
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

  it('joins huge arguments only as far as the limiter keeps, with the full length for its note', () => {
    const big = { type: 'string', value: 'x'.repeat(1_000_000) };
    const m = consoleFromDevTools(JSON.stringify({ type: 'log', args: [big, big, { type: 'number', value: 7 }] }))!;
    assert.ok(m.message.length <= MAX_MESSAGE_CHARS + 1);
    assert.equal(m.totalChars, 2_000_003);
    const [out] = new ConsoleLimiter(() => 0).admit({ windowId: 1, ...m });
    assert.equal(out.message, `${'x'.repeat(MAX_MESSAGE_CHARS)}… (${2_000_003 - MAX_MESSAGE_CHARS} more characters)`);
    const assertion = consoleFromDevTools(JSON.stringify({ type: 'assert', args: [] }))!;
    assert.equal(assertion.message, 'Assertion failed:');
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

  it('cuts a long source, and never forwards a backend\'s own fields', () => {
    const [out] = new ConsoleLimiter(() => 0).admit({ ...message('hi'), source: 's'.repeat(MAX_SOURCE_CHARS + 5), totalChars: 2 });
    assert.equal(out.source, `${'s'.repeat(MAX_SOURCE_CHARS)}…`);
    assert.deepEqual(Object.keys(out).sort(), ['kind', 'level', 'line', 'message', 'source', 'windowId']);
  });

  it('a length beyond a short text changes nothing (only a cut text gets the note)', () => {
    const [out] = new ConsoleLimiter(() => 0).admit({ ...message('short'), totalChars: 999999 });
    assert.equal(out.message, 'short');
  });

  it('counts what the helper refused unread, and reports it with the next message that passes', () => {
    let now = 0;
    const limiter = new ConsoleLimiter(() => now, 2);
    limiter.refuse(1); // too long to read
    assert.equal(limiter.admit(message('a')).length, 2); // the note, then the message
    assert.equal(limiter.hasRoom(1), false);
    limiter.refuse(1); // over the rate, not read
    now = 1000;
    assert.equal(limiter.hasRoom(1), true);
    const [note, next] = limiter.admit(message('b'));
    assert.match(note.message, /^1 console message\(s\) dropped/);
    assert.equal(next.message, 'b');
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
