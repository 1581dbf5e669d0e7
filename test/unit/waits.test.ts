import * as assert from 'node:assert/strict';
import { createLedgerBuffer, LedgerReader, LedgerWriter } from '../../src/helper/ledger';
import { CallbackScope, Completion, waitFor, waitSlice, type Waiter } from '../../src/helper/waits';
import { ReentrancyError, WaitTimeoutError } from '../../src/helper/errors';
import type { BackendEvents } from '../../src/helper/backend';
import type { HazardReport, WaitRecord } from '../../src/protocol';
import { ErrorCodes } from '../../src/protocol';

function rig() {
  const buffer = createLedgerBuffer();
  const ledger = new LedgerWriter(buffer);
  const waits: WaitRecord[] = [];
  const hazards: HazardReport[] = [];
  const logs: string[] = [];
  const events: BackendEvents = {
    navigationCompleted: () => undefined, titleChanged: () => undefined, windowClosed: () => undefined, windowOpened: () => undefined, openExternal: () => undefined,
    processFailed: () => undefined, consoleMessage: () => undefined, resourceLoaded: () => undefined, requestFinished: () => undefined, boundsChanged: () => undefined, zoomChanged: () => undefined, deviceChanged: () => undefined, screenshotRequested: () => undefined, scriptAnswered: () => undefined, scriptChannel: () => undefined,
    serverWait: () => undefined,
    waitCompleted: (w) => waits.push(w),
    hazard: (h) => hazards.push(h),
    log: (_l, m) => logs.push(m),
    platformChanged: () => undefined,
  };
  const waiter: Waiter = { ledger, events, callbacks: new CallbackScope(ledger, events) };
  return { waiter, reader: new LedgerReader(buffer), waits, hazards, logs };
}

describe('waitFor', () => {
  it('returns the completion value once the handler has run, and records the wait', () => {
    const { waiter, reader, waits } = rig();
    let pumped = 0;
    let handler: Completion<string> | undefined;
    const value = waitFor<string>(waiter, { site: 'getCookies', strategy: 'glib', windowId: 1, deadlineMs: 5000 },
      (c) => { handler = c; },
      () => { pumped++; if (pumped === 3) handler!.resolve('cookies'); });
    assert.equal(value, 'cookies');
    assert.equal(pumped, 3);
    assert.equal(waits.length, 1);
    assert.equal(waits[0].outcome, 'ok');
    assert.equal(waits[0].site, 'getCookies');
    assert.notEqual(waits[0].completionAfterMs, null);
    assert.equal(reader.snapshot().waits.length, 0, 'the ledger slot is free again');
    assert.equal(reader.snapshot().heartbeat, 3, 'each pump beats the heartbeat');
  });

  it('fails at the deadline with "no answer" when the handler never runs', () => {
    const { waiter, waits } = rig();
    assert.throws(
      () => waitFor(waiter, { site: 'createController', strategy: 'cowait', windowId: null, deadlineMs: 30 }, () => undefined,
        () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); }),
      (err: unknown) => err instanceof WaitTimeoutError && (err.data as any).diagnosis === 'no-answer' && (err.data as any).site === 'createController'
        && err.code === ErrorCodes.waitTimeout && /createController \(cowait wait\) passed its deadline/.test(err.message),
    );
    assert.equal(waits[0].outcome, 'deadline');
  });

  it('fails at the deadline with "lost wake-up" when the handler ran but the wait did not see it', () => {
    const { waiter, waits } = rig();
    let c: Completion<void> | undefined;
    assert.throws(
      () => waitFor<void>(waiter, { site: 'getCookies', strategy: 'pump', windowId: null, deadlineMs: 30 },
        (completion) => { c = completion; },
        () => { c!.noteArrival(); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); }),
      (err: unknown) => err instanceof WaitTimeoutError && (err.data as any).diagnosis === 'lost-wakeup',
    );
    assert.notEqual(waits[0].completionAfterMs, null);
  });

  it('records what woke the wait: its completion, a slice that found it settled, the deadline; or that the strategy does not say', () => {
    const cases: { reason: 'completion' | 'slice' | 'other' | undefined; expected: string }[] = [
      { reason: 'completion', expected: 'completion' },
      { reason: 'slice', expected: 'slice' },
      { reason: 'other', expected: 'other' },
      { reason: undefined, expected: 'unreported' },
    ];
    for (const { reason, expected } of cases) {
      const { waiter, reader } = rig();
      let c: Completion<number> | undefined;
      let pumped = 0;
      waitFor<number>(waiter, { site: 'getCookies', strategy: 'cowait', windowId: null, deadlineMs: 5000 },
        (completion) => { c = completion; },
        () => {
          // The first native wait ends by a slice with nothing settled; the second with the completion.
          if (++pumped === 1) return 'slice';
          c!.resolve(1);
          return reason;
        });
      assert.deepEqual(reader.endings().map((e) => [e.site, e.wokenBy]), [['getCookies', expected]], `pump answering ${reason}`);
    }
  });

  it('records a wait that ends at its deadline as woken by the deadline, whatever its last native wait said', () => {
    const { waiter, reader } = rig();
    assert.throws(() => waitFor(waiter, { site: 'createController', strategy: 'cowait', windowId: 3, deadlineMs: 20 }, () => undefined,
      () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); return 'slice'; }), WaitTimeoutError);
    assert.deepEqual(reader.endings().map((e) => [e.site, e.windowId, e.wokenBy]), [['createController', 3, 'deadline']]);
  });

  it('diagnoses a lost wake-up before "posted, not dispatched" when both were seen', () => {
    const { waiter } = rig();
    let c: Completion<void> | undefined;
    assert.throws(
      () => waitFor<void>(waiter, { site: 'getCookies', strategy: 'cowait', windowId: null, deadlineMs: 30 },
        (completion) => { c = completion; },
        () => {
          waiter.ledger.postedWaiting(c!.slot, true);
          c!.noteArrival();
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        }),
      (err: unknown) => err instanceof WaitTimeoutError && (err.data as any).diagnosis === 'lost-wakeup',
    );
  });

  it('diagnoses "posted, not dispatched" when posted messages waited and no completion came', () => {
    const { waiter } = rig();
    let c: Completion<void> | undefined;
    assert.throws(
      () => waitFor<void>(waiter, { site: 'getCookies', strategy: 'cowait', windowId: null, deadlineMs: 30 },
        (completion) => { c = completion; },
        () => { waiter.ledger.postedWaiting(c!.slot, true); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); }),
      (err: unknown) => err instanceof WaitTimeoutError && (err.data as any).diagnosis === 'posted-not-dispatched',
    );
  });

  it('passes on an engine failure delivered by the handler', () => {
    const { waiter, waits } = rig();
    assert.throws(() => waitFor(waiter, { site: 'getCookies', strategy: 'glib', windowId: null, deadlineMs: 1000 },
      (c) => c.reject(new Error('engine said no')), () => undefined), /engine said no/);
    assert.equal(waits[0].outcome, 'error');
  });

  it('refuses a wait inside an engine callback and reports a re-entrancy hazard', () => {
    const { waiter, hazards, waits } = rig();
    let thrown: unknown;
    waiter.callbacks.run('NavigationCompleted', undefined, () => {
      try {
        waitFor(waiter, { site: 'getCookies', strategy: 'cowait', windowId: 2, deadlineMs: 1000 }, () => undefined, () => undefined);
      } catch (err) {
        thrown = err;
      }
    });
    assert.ok(thrown instanceof ReentrancyError);
    assert.equal(hazards.length, 1);
    assert.equal(hazards[0].callback, 'NavigationCompleted');
    assert.equal(hazards[0].site, 'getCookies');
    assert.equal(waits[0].outcome, 'refused');
  });

  it('ignores a handler that runs after the wait gave up', () => {
    const { waiter, reader } = rig();
    let late: Completion<number> | undefined;
    assert.throws(() => waitFor<number>(waiter, { site: 'getCookies', strategy: 'glib', windowId: null, deadlineMs: 5 },
      (c) => { late = c; }, () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); }));
    const other = waiter.ledger.begin({ site: 'screenshot', strategy: 'glib', windowId: null });
    late!.resolve(1);
    assert.equal(reader.snapshot().waits.find((w) => w.slot === other.slot)?.completedAt, null, 'the reused slot is untouched');
  });
});

describe('waitFor edges', () => {
  it('blocks a native wait for the time left to the deadline, at most 100 ms and at least 1 ms', () => {
    assert.equal(waitSlice(10_000, 0), 100);
    assert.equal(waitSlice(1000, 949.5), 51);
    assert.equal(waitSlice(1000, 999.7), 1);
    assert.equal(waitSlice(1000, 1200), 1, 'past the deadline: the shortest slice, never 0 or less');
  });

  it('returns a completion settled before any native wait, even with no time left', () => {
    const { waiter, waits } = rig();
    assert.equal(waitFor<number>(waiter, { site: 'getCookies', strategy: 'cowait', windowId: null, deadlineMs: 0 }, (c) => c.resolve(7), () => 'slice'), 7);
    assert.equal(waits[0].outcome, 'ok');
  });

  it('reports elapsed times from the start, to the microsecond, and the completion within them', () => {
    const { waiter, waits } = rig();
    let c: Completion<void> | undefined;
    const began = performance.now();
    waitFor<void>(waiter, { site: 'getCookies', strategy: 'cowait', windowId: null, deadlineMs: 5000 }, (completion) => { c = completion; },
      () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); c!.resolve(); return 'completion'; });
    const took = performance.now() - began;
    const { elapsedMs, completionAfterMs } = waits[0];
    // Within the time the call took, measured around it (a loaded machine only makes both longer).
    assert.ok(elapsedMs >= 4 && elapsedMs <= took + 1, `elapsed ${elapsedMs} ms of a call that took ${took.toFixed(3)} ms`);
    assert.ok(completionAfterMs !== null && completionAfterMs >= 4 && completionAfterMs <= elapsedMs, `completion at +${completionAfterMs} ms`);
    assert.equal(Math.round(elapsedMs * 1000) / 1000, elapsedMs);
  });

  it('says in its error how long the wait lasted, and records one outcome', () => {
    const { waiter, waits } = rig();
    const began = performance.now();
    assert.throws(() => waitFor(waiter, { site: 'screenshot', strategy: 'cowait', windowId: null, deadlineMs: 20 }, () => undefined,
      () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); }),
    (err: unknown) => {
      const ms = Number(/after (\d+) ms/.exec((err as Error).message)?.[1]);
      // From the deadline to the time the call took, measured around it.
      return ms >= 20 && ms <= Math.round(performance.now() - began) + 1;
    });
    assert.deepEqual(waits.map((w) => w.outcome), ['deadline']);
  });

  it('records a native wait that fails as an error, once, and frees the slot', () => {
    const { waiter, waits, reader } = rig();
    assert.throws(() => waitFor(waiter, { site: 'navigate', strategy: 'pump', windowId: 1, deadlineMs: 1000 }, () => undefined,
      () => { throw new Error('WM_QUIT'); }), /WM_QUIT/);
    assert.deepEqual(waits.map((w) => w.outcome), ['error']);
    assert.equal(reader.snapshot().waits.length, 0);
  });

  it('describes a refused wait in its hazard report', () => {
    const { waiter, hazards } = rig();
    waiter.callbacks.run('WebMessageReceived', undefined, () => {
      assert.throws(() => waitFor(waiter, { site: 'screenshot', strategy: 'pump', windowId: 1, deadlineMs: 1000 }, () => undefined, () => undefined));
    });
    assert.equal(hazards[0].explanation, 'a pump wait for screenshot was attempted inside the engine callback WebMessageReceived; it was refused, because the engine delivers no completion while a callback is on the stack');
  });
});

describe('completion', () => {
  it('keeps the first settlement and wakes its wait once', () => {
    const { waiter } = rig();
    const c = new Completion<number>(waiter.ledger);
    let woken = 0;
    c.onSettled = () => { woken++; };
    c.resolve(1);
    c.resolve(2);
    c.reject(new Error('late'));
    assert.deepEqual([c.value, c.error, woken], [1, undefined, 1]);
  });

  it('touches the ledger only for a wait that has a slot and has not given up', () => {
    const { waiter, reader } = rig();
    const other = waiter.ledger.begin({ site: 'getCookies', strategy: 'glib', windowId: null });
    const unbegun = new Completion<number>(waiter.ledger);
    unbegun.noteArrival();
    assert.equal(unbegun.completedAt, null);
    const abandoned = new Completion<number>(waiter.ledger);
    abandoned.slot = other.slot;
    abandoned.abandoned = true;
    abandoned.noteArrival();
    assert.equal(reader.snapshot().waits[0].completedAt, null, 'the slot, now somebody else\'s, is untouched');
  });
});

describe('engine callback scope', () => {
  it('turns an exception into the fallback value and a log line', () => {
    const { waiter, logs } = rig();
    const result = waiter.callbacks.run('Invoke', -2147467259, () => { throw new Error('bug in handler'); });
    assert.equal(result, -2147467259);
    assert.match(logs[0], /engine callback Invoke threw: Error: bug in handler\n\s+at /, 'with its stack');
    waiter.callbacks.run('Invoke', 0, () => { throw null; }); // eslint-disable-line no-throw-literal
    assert.equal(logs[1], 'engine callback Invoke threw: null');
    assert.equal(waiter.ledger.callbackDepth, 0);
    assert.equal(waiter.callbacks.current, null);
  });
});
