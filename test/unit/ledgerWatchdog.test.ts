import * as assert from 'node:assert/strict';
import { createLedgerBuffer, LedgerReader, LedgerWriter, MAX_ENDINGS, MAX_WAITS } from '../../src/helper/ledger';
import { holdUp, queueState, Watchdog, type PendingRequest } from '../../src/helper/watchdog';
import type { RecoveredReport, StallReport } from '../../src/protocol';

/** A ledger, a watchdog and a clock that only moves when told. */
function rig(thresholdMs = 1000) {
  let now = 1_000_000;
  const clock = () => now;
  const buffer = createLedgerBuffer();
  const writer = new LedgerWriter(buffer, clock);
  const reader = new LedgerReader(buffer);
  const pending: PendingRequest[] = [];
  const stalls: StallReport[] = [];
  const recovered: RecoveredReport[] = [];
  const dog = new Watchdog({
    snapshot: () => reader.snapshot(),
    pending: () => pending,
    now: clock,
    thresholdMs: () => thresholdMs,
    apartment: () => 'STA (test)',
    arch: 'arm64',
    messageName: (code) => `msg ${code}`,
    onStall: (r) => stalls.push(r),
    onRecovered: (r) => recovered.push(r),
  });
  return { writer, reader, dog, pending, stalls, recovered, advance: (ms: number) => { now += ms; }, clock };
}

describe('wait ledger', () => {
  it('publishes a wait with its site, strategy, window, depth and completion time', () => {
    const { writer, reader, advance } = rig();
    const outer = writer.begin({ site: 'createController', strategy: 'cowait', windowId: 3 });
    advance(5);
    const inner = writer.begin({ site: 'getCookies', strategy: 'pump', windowId: null });
    advance(7);
    writer.completed(inner.slot);
    const snap = reader.snapshot();
    assert.equal(snap.waits.length, 2);
    assert.deepEqual(
      snap.waits.map((w) => [w.site, w.strategy, w.windowId, w.depth]),
      [['createController', 'cowait', 3, 0], ['getCookies', 'pump', null, 1]],
    );
    assert.equal(snap.waits[0].completedAt, null);
    assert.equal(snap.waits[1].completedAt! - snap.waits[1].startedAt, 7);
    writer.end(inner.slot);
    writer.end(outer.slot);
    assert.equal(reader.snapshot().waits.length, 0);
  });

  it('counts heartbeats, remembers the last message and the last request picked up', () => {
    const { writer, reader } = rig();
    writer.beat(0x113);
    writer.beat(0x8001);
    writer.pickedUp(42);
    const snap = reader.snapshot();
    assert.equal(snap.heartbeat, 2);
    assert.equal(snap.lastMessage, 0x8001);
    assert.equal(snap.pickedSeq, 42);
  });

  it('records when the UI thread last picked up a request', () => {
    const { writer, reader, advance, clock } = rig();
    assert.equal(reader.snapshot().pickedAt, null);
    advance(10);
    writer.pickedUp(1);
    assert.equal(reader.snapshot().pickedAt, clock());
  });

  it('refuses waits nested deeper than it can hold', () => {
    const { writer } = rig();
    for (let i = 0; i < MAX_WAITS; i++) writer.begin({ site: 'other', strategy: 'glib', windowId: null });
    assert.throws(() => writer.begin({ site: 'other', strategy: 'glib', windowId: null }), /nested deeper/);
  });

  it('keeps track of engine callbacks on the stack', () => {
    const { writer, reader } = rig();
    writer.enterCallback();
    writer.enterCallback();
    writer.leaveCallback();
    assert.equal(writer.callbackDepth, 1);
    assert.equal(reader.snapshot().callbackDepth, 1);
  });

  it('keeps what woke each wait: in flight, and among the endings, oldest first', () => {
    const { writer, reader } = rig();
    const a = writer.begin({ site: 'createEnvironment', strategy: 'cowait', windowId: null });
    assert.equal(reader.snapshot().waits[0].wokenBy, 'unreported', 'nothing woke it yet');
    writer.woken(a.slot, 'slice');
    assert.equal(reader.snapshot().waits[0].wokenBy, 'slice');
    writer.woken(a.slot, 'completion'); // the last wake-up before the end is the one kept
    writer.end(a.slot);
    const b = writer.begin({ site: 'getCookies', strategy: 'pump', windowId: 7 });
    assert.equal(b.slot, a.slot, 'the slot is reused');
    assert.equal(reader.snapshot().waits[0].wokenBy, 'unreported', 'a reused slot starts afresh');
    writer.woken(b.slot, 'deadline');
    writer.end(b.slot);
    const c = writer.begin({ site: 'navigate', strategy: 'glib', windowId: 2 });
    writer.woken(c.slot, 'other');
    writer.end(c.slot);
    assert.deepEqual(reader.endings(), [
      { id: a.id, site: 'createEnvironment', strategy: 'cowait', windowId: null, wokenBy: 'completion' },
      { id: b.id, site: 'getCookies', strategy: 'pump', windowId: 7, wokenBy: 'deadline' },
      { id: c.id, site: 'navigate', strategy: 'glib', windowId: 2, wokenBy: 'other' },
    ]);
  });

  it('remembers the last endings only, and a wait in flight is not among them', () => {
    const { writer, reader } = rig();
    const ids: number[] = [];
    for (let i = 0; i < MAX_ENDINGS + 5; i++) {
      const w = writer.begin({ site: 'screenshot', strategy: 'glib', windowId: i });
      writer.woken(w.slot, i % 2 ? 'slice' : 'completion');
      ids.push(w.id);
      writer.end(w.slot);
    }
    writer.begin({ site: 'getCookies', strategy: 'glib', windowId: null });
    const endings = reader.endings();
    assert.equal(endings.length, MAX_ENDINGS);
    assert.deepEqual(endings.map((e) => e.id), ids.slice(5));
    assert.deepEqual(endings.map((e) => e.windowId), ids.slice(5).map((_id, i) => i + 5));
    assert.deepEqual(endings.slice(0, 2).map((e) => e.wokenBy), ['slice', 'completion']);
  });

  it('names an unknown site "other" rather than losing the wait', () => {
    const { writer, reader } = rig();
    writer.begin({ site: 'somethingNew', strategy: 'glib', windowId: null });
    assert.equal(reader.snapshot().waits[0].site, 'other');
  });
});

describe('watchdog', () => {
  it('says nothing before the threshold, then reports "no answer" with site, strategy, apartment and arch', () => {
    const { writer, dog, stalls, advance } = rig(1000);
    writer.beat(0x113);
    writer.begin({ site: 'createController', strategy: 'cowait', windowId: 2 });
    advance(999);
    dog.tick();
    assert.equal(stalls.length, 0);
    advance(2);
    dog.tick();
    assert.equal(stalls.length, 1);
    const s = stalls[0];
    assert.equal(s.site, 'createController');
    assert.equal(s.strategy, 'cowait');
    assert.equal(s.windowId, 2);
    assert.equal(s.diagnosis, 'no-answer');
    assert.equal(s.elapsedMs, 1001);
    assert.equal(s.apartment, 'STA (test)');
    assert.equal(s.arch, 'arm64');
    assert.equal(s.lastMessage, 'msg 275');
    assert.match(s.explanation, /no completion for 1001 ms/);
  });

  it('reports a stall once while it lasts, and "recovered" when the wait ends', () => {
    const { writer, dog, stalls, recovered, advance } = rig(100);
    const w = writer.begin({ site: 'getCookies', strategy: 'glib', windowId: 1 });
    advance(150);
    dog.tick();
    advance(150);
    dog.tick();
    assert.equal(stalls.length, 1);
    assert.equal(dog.activeStalls.length, 1);
    assert.equal(dog.activeStalls[0].elapsedMs, 300);
    writer.completed(w.slot);
    writer.end(w.slot);
    advance(10);
    dog.tick();
    assert.equal(recovered.length, 1);
    assert.equal(recovered[0].site, 'getCookies');
    assert.equal(recovered[0].stalledForMs, 310);
    assert.equal(recovered[0].key, stalls[0].key);
    assert.equal(dog.activeStalls.length, 0);
    assert.equal(dog.stalls.length, 1);
  });

  it('diagnoses a lost wake-up when the completion arrived and the wait did not return', () => {
    const { writer, dog, stalls, advance } = rig(500);
    const w = writer.begin({ site: 'createController', strategy: 'pump', windowId: 4 });
    advance(26);
    writer.completed(w.slot);
    advance(600);
    dog.tick();
    assert.equal(stalls.length, 1);
    assert.equal(stalls[0].diagnosis, 'lost-wakeup');
    assert.equal(stalls[0].completionAgoMs, 600);
    assert.match(stalls[0].explanation, /arrived 600 ms ago but the pump wait has not returned/);
  });

  it('diagnoses "posted, not dispatched" when posted messages wait while no completion came', () => {
    const { writer, reader, dog, stalls, advance } = rig(500);
    const w = writer.begin({ site: 'createEnvironment', strategy: 'cowait', windowId: null });
    advance(100);
    writer.postedWaiting(w.slot, true);
    advance(100);
    writer.postedWaiting(w.slot, true); // still there: the first sighting counts
    assert.equal(reader.snapshot().waits[0].postedWaitingSince, writer.postedWaitingSince(w.slot));
    advance(400);
    dog.tick();
    assert.equal(stalls[0].diagnosis, 'posted-not-dispatched');
    assert.match(stalls[0].explanation, /posted messages have waited in the UI thread's queue for 500 ms: the cowait wait does not dispatch posted messages/);
    writer.postedWaiting(w.slot, false);
    assert.equal(reader.snapshot().waits[0].postedWaitingSince, null);
  });

  it('puts a lost wake-up before "posted, not dispatched": a completion that arrived is the stronger evidence', () => {
    const { writer, dog, stalls, advance } = rig(500);
    const w = writer.begin({ site: 'getCookies', strategy: 'cowait', windowId: 1 });
    advance(100);
    writer.postedWaiting(w.slot, true);
    advance(100);
    writer.completed(w.slot);
    advance(400);
    dog.tick();
    assert.equal(stalls.length, 1);
    assert.equal(stalls[0].diagnosis, 'lost-wakeup');
    assert.equal(stalls[0].completionAgoMs, 400);
  });

  it('reports again when a stalled wait changes diagnosis', () => {
    const { writer, dog, stalls, advance } = rig(100);
    const w = writer.begin({ site: 'getCookies', strategy: 'pump', windowId: null });
    advance(200);
    dog.tick();
    writer.completed(w.slot);
    advance(50);
    dog.tick();
    assert.deepEqual(stalls.map((s) => s.diagnosis), ['no-answer', 'lost-wakeup']);
  });

  it('reports a request the UI thread has not picked up, saying what the thread is doing', () => {
    const { writer, dog, pending, stalls, recovered, advance, clock } = rig(1000);
    writer.beat();
    const w = writer.begin({ site: 'createController', strategy: 'cowait', windowId: 1 });
    pending.push({ seq: 7, method: 'getCookies', postedAt: clock() });
    advance(1500);
    dog.tick();
    const request = stalls.find((s) => s.diagnosis === 'not-picked-up');
    assert.ok(request, 'a not-picked-up stall');
    assert.equal(request.site, 'getCookies');
    assert.match(request.explanation, /waiting at createController \(cowait\) for 1500 ms/);
    writer.end(w.slot);
    writer.pickedUp(7);
    advance(1);
    dog.tick();
    assert.deepEqual(recovered.map((r) => r.site).sort(), ['createController', 'getCookies']);
  });

  it('ignores requests already picked up, and describes a busy thread outside any wait', () => {
    const { writer, dog, pending, stalls, advance, clock } = rig(1000);
    writer.beat();
    writer.pickedUp(3);
    pending.push({ seq: 3, method: 'navigate', postedAt: clock() });
    pending.push({ seq: 4, method: 'reload', postedAt: clock() });
    advance(1200);
    dog.tick();
    assert.deepEqual(stalls.map((s) => s.site), ['reload']);
    assert.match(stalls[0].explanation, /busy outside any wait, last loop heartbeat 1200 ms ago/);
  });

  it('diagnoses a queue the UI thread is working through as "busy: N requests queued", not a thread stuck elsewhere (defect 13)', () => {
    const { writer, reader, dog, pending, stalls, advance, clock } = rig(1000);
    writer.beat(); // and no more: serving a batch of requests turns no loop
    for (let seq = 1; seq <= 6; seq++) pending.push({ seq, method: 'createWindow', postedAt: clock() });
    for (let seq = 1; seq <= 3; seq++) {
      advance(400);
      if (seq > 1) pending.shift(); // the one before was answered
      writer.pickedUp(seq);
    }
    dog.tick();
    assert.deepEqual(queueState(reader.snapshot(), pending, clock(), 1000), { queued: 3, pickedAgoMs: 0, moving: true });
    assert.deepEqual(stalls.map((s) => s.key), ['request:4', 'request:5', 'request:6']);
    for (const s of stalls) {
      assert.equal(s.diagnosis, 'not-picked-up');
      assert.match(s.explanation, /^request createWindow has waited 1200 ms for the UI thread, which is busy: 3 requests queued, served in turn \(it picked one up 0 ms ago\)$/);
    }
    assert.equal(holdUp(queueState(reader.snapshot(), pending, clock(), 1000)), 'busy: 3 requests queued, served in turn (it picked one up 0 ms ago)');
  });

  it('keeps "stuck elsewhere" for a thread that does not move, and reports a queue again when it stops moving', () => {
    const { writer, reader, dog, pending, stalls, advance, clock } = rig(1000);
    writer.beat();
    assert.match(holdUp(queueState(reader.snapshot(), [{ seq: 1, method: 'close', postedAt: clock() }], clock(), 1000)), /^stuck elsewhere/, 'nothing ever picked up');
    pending.push({ seq: 1, method: 'navigate', postedAt: clock() }, { seq: 2, method: 'reload', postedAt: clock() });
    advance(900);
    writer.pickedUp(1); // and stays in it
    advance(300);
    dog.tick();
    assert.match(stalls[0].explanation, /which is busy: 1 request queued/);
    advance(1000);
    dog.tick();
    assert.equal(stalls.length, 2, 'reported again once it stopped moving');
    assert.equal(stalls[1].key, stalls[0].key);
    assert.match(stalls[1].explanation, /which is busy outside any wait, last loop heartbeat 2200 ms ago$/);
    const state = queueState(reader.snapshot(), pending, clock(), 1000);
    assert.deepEqual(state, { queued: 1, pickedAgoMs: 1300, moving: false });
    assert.match(holdUp(state), /^stuck elsewhere \(see the stall report\)$/);
    dog.tick();
    assert.equal(stalls.length, 2, 'and only once');
  });

  it('follows a threshold change at once', () => {
    let threshold = 5000;
    const { writer, reader, advance, clock } = rig();
    const stalls: StallReport[] = [];
    const dog = new Watchdog({
      snapshot: () => reader.snapshot(), pending: () => [], now: clock, thresholdMs: () => threshold,
      apartment: () => 'x', arch: 'x64', messageName: String, onStall: (s) => stalls.push(s), onRecovered: () => undefined,
    });
    writer.begin({ site: 'getCookies', strategy: 'glib', windowId: null });
    advance(600);
    dog.tick();
    assert.equal(stalls.length, 0);
    threshold = 500;
    dog.tick();
    assert.equal(stalls.length, 1);
  });
});
