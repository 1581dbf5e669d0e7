// The main thread's network log: numbering, the ring's bound, body budget, masking, notification
// coalescing past the rate, and a closed window's log kept for a while then dropped.
import * as assert from 'node:assert/strict';
import type { FinishedRequest, NetworkRequestEvent } from '../../src/protocol';
import { CLOSED_LOG_KEPT_MS, MAX_BODY_BYTES, NetworkLogs } from '../../src/helper/networkLog';
import { formatNetworkLine, resourceTypeOf } from '../../src/network/entries';

function request(windowId: number, n: number, over: Partial<FinishedRequest> = {}): FinishedRequest {
  return {
    windowId, method: 'GET', url: `http://h/${n}`, status: 200, statusText: 'OK', resourceType: 'xhr', mimeType: 'text/plain',
    transferredBytes: null, bodyBytes: 5, startedAt: 1000, responseAt: 1010, endedAt: 1034,
    requestHeaders: [{ name: 'authorization', value: 'Basic x' }], responseHeaders: [{ name: 'Set-Cookie', value: 'a=b' }],
    redirectedTo: null, failure: null, initiator: null, ...over,
  };
}

function logs(options: { maxEntries?: number; perSecond?: number } = {}) {
  let now = 0;
  const timers: { fn: () => void; at: number }[] = [];
  const notified: NetworkRequestEvent[] = [];
  const log = new NetworkLogs({
    notify: (e) => notified.push(e), now: () => now, ...options,
    later: (fn, ms) => { timers.push({ fn, at: now + ms }); return { unref() {} } as unknown as NodeJS.Timeout; },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0).filter((x) => { if (x.at <= now) return true; timers.push(x); return false; })) t.fn();
  };
  return { log, notified, advance };
}

describe('network log (main thread)', () => {
  it('numbers entries per window and answers since', () => {
    const { log } = logs();
    for (let i = 0; i < 3; i++) log.add(request(1, i));
    log.add(request(2, 9));
    assert.deepEqual(log.get({ windowId: 1 })!.entries.map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(log.get({ windowId: 1, since: 2 })!.entries.map((e) => e.url), ['http://h/2']);
    assert.deepEqual(log.get({ windowId: 2 })!.entries.map((e) => e.seq), [1]);
    assert.equal(log.get({ windowId: 3 }), undefined);
  });

  it('keeps at most maxEntries, counting what it let go', () => {
    const { log } = logs({ maxEntries: 5 });
    for (let i = 0; i < 12; i++) log.add(request(1, i));
    const got = log.get({ windowId: 1 })!;
    assert.deepEqual(got.entries.map((e) => e.seq), [8, 9, 10, 11, 12]);
    assert.equal(got.evicted, 7);
    assert.equal(log.clear(1), 5);
    log.add(request(1, 99));
    assert.deepEqual(log.get({ windowId: 1 })!.entries.map((e) => e.seq), [13], 'numbering goes on after a clear');
  });

  it('masks secret headers and leaves bodies out unless asked', () => {
    const { log, notified } = logs();
    log.add(request(1, 0, { body: { text: 'hello' } }));
    const plain = log.get({ windowId: 1 })!.entries[0];
    assert.equal(plain.requestHeaders[0].value, '********');
    assert.equal(plain.responseHeaders[0].value, '********');
    assert.equal(plain.body, undefined);
    const full = log.get({ windowId: 1, includeValues: true, bodies: true })!.entries[0];
    assert.deepEqual([full.requestHeaders[0].value, full.body?.text], ['Basic x', 'hello']);
    assert.equal(notified[0].entry.requestHeaders[0].value, '********');
    assert.equal(notified[0].entry.body, undefined);
  });

  it('lets older bodies go past the per-window budget, keeping the entries', () => {
    const { log } = logs();
    const big = 'x'.repeat(MAX_BODY_BYTES / 4 + 1);
    for (let i = 0; i < 5; i++) log.add(request(1, i, { body: { text: big } }));
    const entries = log.get({ windowId: 1, bodies: true })!.entries;
    assert.equal(entries.length, 5);
    assert.deepEqual(entries.map((e) => e.body !== undefined), [false, false, true, true, true]);
  });

  it('coalesces notifications past the rate: the latest held back goes out when the second ends, with the count', () => {
    const { log, notified, advance } = logs({ perSecond: 3 });
    for (let i = 0; i < 10; i++) log.add(request(1, i));
    assert.deepEqual(notified.map((e) => [e.entry.seq, e.skipped]), [[1, 0], [2, 0], [3, 0]]);
    advance(999);
    assert.equal(notified.length, 3);
    advance(1);
    assert.deepEqual(notified.slice(3).map((e) => [e.entry.seq, e.skipped]), [[10, 6]]);
    assert.equal(log.get({ windowId: 1 })!.entries.length, 10, 'every entry is in the log');
    log.add(request(1, 10));
    assert.deepEqual(notified.slice(4).map((e) => [e.entry.seq, e.skipped]), [[11, 0]]);
  });

  it('keeps a closed window\'s log for a while, flushing what was held back, then drops it', () => {
    const { log, notified, advance } = logs({ perSecond: 1 });
    log.add(request(1, 0));
    log.add(request(1, 1));
    log.closed(1);
    assert.deepEqual(notified.map((e) => e.entry.seq), [1, 2]);
    assert.equal(log.get({ windowId: 1 })!.open, false);
    advance(CLOSED_LOG_KEPT_MS);
    assert.equal(log.get({ windowId: 1 }), undefined);
  });

  it('a reused id starts a new log', () => {
    const { log } = logs();
    log.add(request(1, 0));
    log.closed(1);
    log.opened(1);
    assert.deepEqual(log.get({ windowId: 1 })!, { windowId: 1, entries: [], evicted: 0, open: true });
  });

  it('prints one line per request, escaping what the page chose', () => {
    assert.equal(formatNetworkLine({ ...request(3, 0, { mimeType: 'text/html', bodyBytes: 1234 }), seq: 1 }), '[window 3] GET 200 text/html 1.2 kB 34 ms http://h/0');
    assert.equal(formatNetworkLine({ ...request(3, 0, { status: null, responseAt: null, endedAt: 1003, failure: { kind: 'refused', message: 'no\nway' } }), seq: 1 }),
      '[window 3] GET failed (refused: no\\nway) 3 ms http://h/0');
    assert.equal(formatNetworkLine({ ...request(3, 0, { url: 'http://h/\x1b[2J', bodyBytes: null }), seq: 1 }), '[window 3] GET 200 text/plain ? B 34 ms http://h/\\x1b[2J');
  });

  it('reads a resource type from Sec-Fetch-Dest, else the MIME type', () => {
    assert.equal(resourceTypeOf('text/plain', false, 'image'), 'image');
    assert.equal(resourceTypeOf('text/plain', false, 'empty'), 'xhr');
    assert.equal(resourceTypeOf('text/css', false), 'stylesheet');
    assert.equal(resourceTypeOf('image/png', true, 'image'), 'document');
  });
});
