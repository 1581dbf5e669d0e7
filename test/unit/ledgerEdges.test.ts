// The edges of the wait ledger and the watchdog that the mutation score showed untested: a window
// numbered 0, a reader that knows fewer sites than the writer, the order of nested waits, a wait
// begun inside a callback, thresholds met exactly, report keys, the history's bound.
import * as assert from 'node:assert/strict';
import { createLedgerBuffer, LedgerReader, LedgerWriter, MAX_ENDINGS, MAX_WAITS, WAIT_SITES } from '../../src/helper/ledger';
import { queueState, Watchdog, type PendingRequest } from '../../src/helper/watchdog';
import type { StallReport } from '../../src/protocol';

function clocked() {
  let now = 5_000_000;
  const buffer = createLedgerBuffer();
  return { buffer, writer: new LedgerWriter(buffer, () => now), reader: new LedgerReader(buffer), advance: (ms: number) => { now += ms; }, now: () => now };
}

describe('wait ledger edges', () => {
  it('keeps window 0 as window 0, in flight and among the endings', () => {
    const { writer, reader } = clocked();
    const w = writer.begin({ site: 'navigate', strategy: 'glib', windowId: 0 });
    assert.equal(reader.snapshot().waits[0].windowId, 0);
    writer.end(w.slot);
    assert.equal(reader.endings()[0].windowId, 0);
  });

  it('names sites and strategies it does not know "other" and "glib", in flight and among the endings', () => {
    const buffer = createLedgerBuffer();
    const writer = new LedgerWriter(buffer, Date.now, [...WAIT_SITES, 'debug/extra']);
    const reader = new LedgerReader(buffer); // the product's sites only
    const w = writer.begin({ site: 'debug/extra', strategy: 'nonsense' as never, windowId: null });
    assert.deepEqual([reader.snapshot().waits[0].site, reader.snapshot().waits[0].strategy], ['other', 'glib']);
    writer.end(w.slot);
    assert.deepEqual([reader.endings()[0].site, reader.endings()[0].strategy], ['other', 'glib']);
    assert.equal(new LedgerReader(buffer, [...WAIT_SITES, 'debug/extra']).endings()[0].site, 'debug/extra');
  });

  it('records an ending without touching the waits still in progress, in every slot', () => {
    const { writer, reader } = clocked();
    const slots = Array.from({ length: MAX_WAITS }, (_, i) => writer.begin({ site: 'getCookies', strategy: 'pump', windowId: 100 + i }));
    writer.woken(slots[MAX_WAITS - 1].slot, 'completion');
    for (let i = 0; i < 2 * MAX_ENDINGS; i++) { // every place of the ring of endings, twice
      writer.end(slots[0].slot);
      slots[0] = writer.begin({ site: 'navigate', strategy: 'glib', windowId: 1 });
    }
    const waits = reader.snapshot().waits.filter((w) => w.site === 'getCookies');
    assert.deepEqual(waits.map((w) => [w.strategy, w.windowId]), slots.slice(1).map((_, i) => ['pump', 101 + i]));
    assert.equal(waits[waits.length - 1].wokenBy, 'completion');
    assert.ok(reader.endings().every((e) => e.site === 'navigate' || e.windowId === 100));
  });

  it('lists waits outermost first, whatever slots they hold', () => {
    const { writer, reader } = clocked();
    const a = writer.begin({ site: 'createEnvironment', strategy: 'cowait', windowId: null });
    writer.begin({ site: 'createController', strategy: 'cowait', windowId: 1 });
    writer.begin({ site: 'getCookies', strategy: 'cowait', windowId: 1 });
    writer.end(a.slot);
    writer.begin({ site: 'screenshot', strategy: 'cowait', windowId: 1 }); // slot 0, depth 2
    assert.deepEqual(reader.snapshot().waits.map((w) => [w.site, w.depth]), [['createController', 1], ['screenshot', 2], ['getCookies', 2]]);
  });

  it('marks a wait begun inside an engine callback, and only that one', () => {
    const { writer, reader } = clocked();
    writer.begin({ site: 'createEnvironment', strategy: 'cowait', windowId: null });
    writer.enterCallback();
    writer.begin({ site: 'getCookies', strategy: 'cowait', windowId: 1 });
    writer.leaveCallback();
    assert.deepEqual(reader.snapshot().waits.map((w) => w.inCallback), [false, true]);
  });
});

function dog(thresholdMs: number) {
  const c = clocked();
  const pending: PendingRequest[] = [];
  const stalls: StallReport[] = [];
  const watchdog = new Watchdog({
    snapshot: () => c.reader.snapshot(), pending: () => pending, now: c.now, thresholdMs: () => thresholdMs,
    apartment: () => 'STA', arch: 'x64', messageName: String, onStall: (r) => stalls.push(r), onRecovered: () => undefined,
  });
  return { ...c, pending, stalls, watchdog };
}

describe('watchdog edges', () => {
  it('reports a wait that has lasted exactly the threshold, with its key, and not one a millisecond short', () => {
    const { writer, watchdog, stalls, advance } = dog(300);
    const w = writer.begin({ site: 'getCookies', strategy: 'cowait', windowId: 2 });
    advance(299);
    watchdog.tick();
    assert.equal(stalls.length, 0);
    advance(1);
    watchdog.tick();
    assert.deepEqual(stalls.map((s) => [s.key, s.elapsedMs, s.diagnosis, s.completionAgoMs]), [[`wait:${w.id}`, 300, 'no-answer', null]]);
  });

  it('reports a request that has waited exactly the threshold, with its key and the strategy of no wait', () => {
    const { watchdog, stalls, advance, pending, now } = dog(300);
    pending.push({ seq: 4, method: 'getCookies', postedAt: now() });
    advance(299);
    watchdog.tick();
    assert.equal(stalls.length, 0);
    advance(1);
    watchdog.tick();
    assert.deepEqual(stalls.map((s) => [s.key, s.site, s.elapsedMs, s.strategy, s.diagnosis]), [['request:4', 'getCookies', 300, 'none', 'not-picked-up']]);
  });

  it('says a wait begun inside a callback will not complete: re-entrancy', () => {
    const { writer, watchdog, stalls, advance } = dog(100);
    writer.enterCallback();
    writer.begin({ site: 'getCookies', strategy: 'cowait', windowId: 1 });
    advance(100);
    watchdog.tick();
    assert.match(stalls[0].explanation, /started inside an engine callback.*re-entrancy, it will not complete/);
  });

  it('keeps the last 100 stalls, oldest dropped first', () => {
    const { writer, watchdog, advance } = dog(100);
    const ids: number[] = [];
    for (let i = 0; i < 101; i++) {
      const w = writer.begin({ site: 'getCookies', strategy: 'cowait', windowId: i });
      ids.push(w.id);
      advance(100);
      watchdog.tick();
      writer.end(w.slot);
    }
    assert.equal(watchdog.stalls.length, 100);
    assert.equal(watchdog.stalls[0].key, `wait:${ids[1]}`);
    assert.equal(watchdog.stalls[99].key, `wait:${ids[100]}`);
  });

  it('counts a queue as moving only when a request was picked up less than the threshold ago', () => {
    const snap = { heartbeat: 0, heartbeatAt: 0, pickedSeq: 1, pickedAt: 1000, callbackDepth: 0, lastMessage: 0, waits: [] };
    assert.equal(queueState(snap, [], 1000 + 299, 300).moving, true);
    assert.equal(queueState(snap, [], 1000 + 300, 300).moving, false);
  });
});
