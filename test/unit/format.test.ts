import * as assert from 'node:assert/strict';
import { formatConsole, formatCookie, formatNavigation, formatStall, formatTitle, formatWait, maskValue } from '../../src/client/format';
import { WindowTable } from '../../src/windowTable';

describe('report formatting', () => {
  it('masks cookie values fully: no characters and no length show', () => {
    assert.equal(maskValue('secret-token'), '********');
    assert.equal(maskValue('a'), '********');
    assert.equal(maskValue('x'.repeat(100)), '********');
    assert.equal(maskValue(''), '');
  });

  it('prints a cookie with its attributes, masked or revealed', () => {
    const c = { name: 'sid', value: 'abcdef', domain: '127.0.0.1', path: '/', expires: null, httpOnly: true, secure: false, sameSite: 'strict' as const, session: true };
    assert.equal(formatCookie(c, false), 'sid=********  (127.0.0.1/; HttpOnly; SameSite=strict; session)');
    assert.equal(formatCookie({ ...c, session: false, expires: 0 }, true), 'sid=abcdef  (127.0.0.1/; HttpOnly; SameSite=strict; expires 1970-01-01T00:00:00.000Z)');
  });

  it('names site, strategy, diagnosis, apartment and arch in a stall line', () => {
    const line = formatStall({
      key: 'wait:3', site: 'createController', strategy: 'pump', windowId: 2, elapsedMs: 2500, diagnosis: 'lost-wakeup',
      completionAgoMs: 2474, depth: 1, apartment: 'STA', arch: 'x64 (emulated on arm64)', lastMessage: 'WM_TIMER', explanation: 'why',
    });
    assert.equal(line, 'STALL createController window 2 [pump] lost-wakeup after 2500 ms: why (apartment: STA; arch: x64 (emulated on arm64); last message: WM_TIMER; depth 1)');
  });

  it('prints a wait with its completion time', () => {
    assert.equal(formatWait({ site: 'getCookies', strategy: 'glib', windowId: 1, elapsedMs: 1.5, completionAfterMs: 1.2, outcome: 'ok', depth: 0 }),
      'wait getCookies window 1 [glib] ok in 1.5 ms (completion at +1.2 ms, depth 0)');
  });
});

describe('one line per message, whatever the page sends', () => {
  const base = { windowId: 1, level: 'log' as const, kind: 'console' as const, source: null, line: null };

  it('a message cannot start a line that looks like another window\'s', () => {
    const line = formatConsole({ ...base, message: 'ok\n[window 9] error: FORGED' });
    assert.equal(line, '[window 1] log: ok\\n[window 9] error: FORGED');
    assert.equal(line.split('\n').length, 1);
  });

  it('nor its source field, nor escapes sent to the terminal', () => {
    const line = formatConsole({ ...base, message: '\x1b]0;owned\x07\x1b[2K\rhi', source: 'http://a/x.js\r\n[window 9] error: FORGED', line: 3 });
    assert.equal(line, '[window 1] log: \\x1b]0;owned\\x07\\x1b[2K\\rhi (http://a/x.js\\r\\n[window 9] error: FORGED:3)');
  });

  it('the output channel\'s line says the kind once, escaped the same way', () => {
    // The engine's words already say it ("Uncaught …"): not said twice.
    assert.equal(formatConsole({ ...base, level: 'error', kind: 'exception', message: 'Uncaught x\u2028y', source: 'http://a/', line: 1 }, { kinds: true }),
      '[window 1] error: Uncaught x\\u2028y (http://a/:1)');
    assert.equal(formatConsole({ ...base, level: 'error', kind: 'rejection', message: '[object Object]', source: null, line: null }, { kinds: true }),
      '[window 1] error: unhandled rejection: [object Object]');
  });

  it('titles, navigations and cookies are escaped too', () => {
    assert.equal(formatTitle({ windowId: 2, title: 'T\n[window 9] error: FORGED' }), 'window 2 title "T\\n[window 9] error: FORGED"');
    assert.equal(formatNavigation({ windowId: 2, url: 'http://a/', isSuccess: false, httpStatus: null, error: 'failed\x1b[2K' }), 'window 2 failed to load http://a/: failed\\x1b[2K');
    const c = { name: 'n\r', value: 'v\n', domain: 'a', path: '/', expires: null, httpOnly: false, secure: false, sameSite: 'lax' as const, session: true };
    assert.equal(formatCookie(c, true), 'n\\r=v\\n  (a/; SameSite=lax; session)');
  });

  it('a stall with its verdict is one line', () => {
    const line = formatStall({
      key: 'wait:3', site: 's', strategy: 'glib', windowId: null, elapsedMs: 1, diagnosis: 'no-answer', completionAgoMs: null, depth: 0,
      apartment: 'a', arch: 'x64', lastMessage: 'm', explanation: 'why', verdict: { status: 'warning', summary: 'warning: 1 stall', cause: 'no-answer', fix: 'wait' },
    });
    assert.equal(line, 'STALL s [glib] no-answer after 1 ms: why (apartment: a; arch: x64; last message: m; depth 0); verdict: warning: 1 stall; fix: wait');
  });
});

describe('window table', () => {
  it('gives window ids: the next free one, or the one asked for while it is free', () => {
    const changes: number[] = [];
    const t = new WindowTable((row) => changes.push(row.windowId));
    t.startAt(9);
    assert.equal(t.reserve(), 9);
    t.added({ windowId: 9, environmentId: 1, url: 'http://a/', title: '', loading: true, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 640, height: 480 }, failed: null });
    assert.equal(t.reserve(3), 3, 'a lost window reopens under its id');
    assert.throws(() => t.reserve(3), /window id 3 is in use/);
    assert.throws(() => t.reserve(9), /window id 9 is in use/);
    assert.throws(() => t.reserve(0), /whole number from 1/);
    t.unreserve(3);
    assert.equal(t.reserve(3), 3);
    assert.equal(t.reserve(), 10, 'never below what was handed out');
    assert.deepEqual(changes, [9], 'each change of a row is reported');
  });

  it('follows windows through their events', () => {
    const t = new WindowTable();
    t.added({ windowId: 1, environmentId: 1, url: 'http://a/', title: '', loading: true, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 640, height: 480 }, failed: null });
    t.navigated({ windowId: 1, url: 'http://a/next', isSuccess: true, httpStatus: 200, error: null });
    t.titled({ windowId: 1, title: 'Next' });
    t.navigating(1, 'http://b/');
    assert.deepEqual(t.get(1), { windowId: 1, environmentId: 1, url: 'http://b/', title: 'Next', loading: true, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 640, height: 480 }, failed: null });
    t.navigated({ windowId: 1, url: 'http://b/', isSuccess: false, httpStatus: null, error: 'port 6000 is blocked by the engine' });
    assert.equal(t.get(1)?.failed, 'port 6000 is blocked by the engine');
    t.navigating(1);
    assert.equal(t.get(1)?.failed, null, 'a new navigation clears the failure');
    t.processFailed({ windowId: 1, kind: 'page crashed', recoverable: true });
    assert.equal(t.get(1)?.failed, 'page crashed');
    t.zoomed(1, 1.5);
    t.moved(1, { x: 1, y: 2, width: 375, height: 667 });
    assert.deepEqual([t.get(1)?.zoom, t.get(1)?.bounds], [1.5, { x: 1, y: 2, width: 375, height: 667 }]);
    t.navigated({ windowId: 99, url: 'x', isSuccess: true, httpStatus: 200, error: null }); // unknown: ignored
    assert.equal(t.size, 1);
    assert.equal(t.clear().length, 1);
    assert.equal(t.size, 0);
  });
});
