// The watchdog against the real helper: forced stalls of each kind, reported while they happen,
// failed at their deadline, and the helper still serving afterwards.
import * as assert from 'node:assert/strict';
import { ErrorCodes, Requests } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import { HelperRequestError } from '../../src/client/helperClient';
import type { CookieServer } from '../support/cookieServer';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';

const THRESHOLD = 500;
const DEADLINE = 2500;
/** Slack for a report due at the threshold: the watchdog looks every 100 ms, and a loaded machine
 *  delays its timer; the deadline still comes well after. */
const REPORT_MARGIN_MS = 1000;
/** How long a block that must outlast the deadline goes on past it (a loaded machine's slack). */
const BLOCK_MARGIN_MS = 1000;

describe('Linux backend: stalls, deadlines and re-entrancy', function () {
  const suite = linuxSuite({ stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE });
  let server: CookieServer;
  let h: Harness;
  let env: number;
  before(() => ({ server, h } = suite));
  beforeEach(async () => { env = await h.environment(); });

  /** Resolves once the UI thread has started a debug/block, from the log line it sends first. */
  const blocked = (since: number) => h.next('log', (l) => /^debug\/block: the UI thread is busy/.test(l.message), 10000, since);

  it('reports a completion that never comes as "no answer" at the threshold, while the wait goes on, then fails it at the deadline', async () => {
    const since = h.mark();
    let ended = false;
    const request = h.client.request(TestRequests.debugWait, { mode: 'no-answer' }).finally(() => { ended = true; });
    const stall = await h.next('stall', (s) => s.site === 'debug/no-answer', DEADLINE, since);
    assert.equal(ended, false, 'reported while the wait was in progress');
    // The wait's age when the watchdog reported it, on the helper's clock.
    assert.ok(stall.params.elapsedMs >= THRESHOLD && stall.params.elapsedMs < THRESHOLD + REPORT_MARGIN_MS, `stall reported ${stall.params.elapsedMs} ms into the wait`);
    assert.equal(stall.params.diagnosis, 'no-answer');
    assert.equal(stall.params.strategy, 'glib');
    assert.equal(stall.params.arch, process.arch);
    assert.match(stall.params.apartment, /GLib default main context/);
    await assert.rejects(request, (err: unknown) => {
      assert.ok(err instanceof HelperRequestError);
      assert.equal(err.code, ErrorCodes.waitTimeout);
      assert.equal(err.waitData?.type, 'WaitTimeout');
      assert.equal(err.waitData?.site, 'debug/no-answer');
      assert.equal(err.waitData?.strategy, 'glib');
      assert.equal(err.waitData?.diagnosis, 'no-answer');
      assert.ok((err.waitData?.elapsedMs ?? 0) >= DEADLINE);
      return true;
    });
    const recovered = await h.next('recovered', (r) => r.key === stall.params.key, DEADLINE, since); // at the next look after the failure
    assert.ok(recovered.params.stalledForMs >= DEADLINE - 50);
  });

  it('keeps serving after a failed wait', async () => {
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId });
    assert.equal(cookies.length, 5);
  });

  it('diagnoses a completion that arrived while the wait did not return as a lost wake-up', async () => {
    const since = h.mark();
    const request = h.client.request(TestRequests.debugWait, { mode: 'lost-wakeup' });
    const stall = await h.next('stall', (s) => s.site === 'debug/lost-wakeup', DEADLINE, since);
    assert.equal(stall.params.diagnosis, 'lost-wakeup');
    assert.ok(stall.params.elapsedMs >= THRESHOLD && stall.params.elapsedMs < THRESHOLD + REPORT_MARGIN_MS, `stall reported ${stall.params.elapsedMs} ms into the wait`);
    assert.ok(stall.params.completionAgoMs >= THRESHOLD - 100, `completion ${stall.params.completionAgoMs} ms ago`);
    assert.match(stall.params.explanation, /arrived \d+ ms ago but the glib wait has not returned/);
    await assert.rejects(request, (err: unknown) => err instanceof HelperRequestError && err.waitData?.diagnosis === 'lost-wakeup');
    const waits = (await h.client.request(Requests.diagnostics)).waits.filter((w) => w.site === 'debug/lost-wakeup');
    assert.equal(waits.length, 1);
    assert.equal(waits[0].outcome, 'deadline');
    // The hook's completion arrives as the wait begins: before the threshold (the first report
    // already names the lost wake-up), at the moment the stall report measured.
    const completionAfterMs = waits[0].completionAfterMs;
    assert.ok(completionAfterMs !== null && completionAfterMs < THRESHOLD, `completion at +${completionAfterMs} ms`);
    assert.ok(Math.abs(completionAfterMs - (stall.params.elapsedMs - stall.params.completionAgoMs)) <= 1,
      `the ledger's completion (+${completionAfterMs} ms) is the one the stall report counted from`);
  });

  it('reports a request the busy UI thread has not picked up, and serves it once the thread is free', async () => {
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    const since = h.mark();
    // Blocked past the threshold and short of the deadline, by the same margin each side: the
    // request is reported not picked up, and is served, not cancelled.
    const blockMs = (THRESHOLD + DEADLINE) / 2;
    const block = h.client.request(TestRequests.debugBlock, { ms: blockMs });
    await blocked(since);
    const cookies = h.client.request(Requests.getCookies, { windowId: w.windowId });
    const stall = await h.next('stall', (s) => s.diagnosis === 'not-picked-up', blockMs, since);
    assert.equal(stall.params.site, 'getCookies');
    assert.match(stall.params.explanation, /busy outside any wait/);
    // listWindows and diagnostics are answered by the main thread while the UI thread is busy.
    const listed = await h.client.request(Requests.listWindows);
    assert.ok(listed.some((l) => l.windowId === w.windowId));
    assert.equal((await h.client.request(Requests.diagnostics)).activeStalls.some((s) => s.key === stall.params.key), true);
    await block;
    assert.deepEqual(await cookies, [], 'served once the thread was free: this environment has no cookies');
    await h.next('recovered', (r) => r.key === stall.params.key, DEADLINE, since);
  });

  it('fails a request that is not picked up before the deadline, and cancels it', async () => {
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    const since = h.mark();
    const block = h.client.request(TestRequests.debugBlock, { ms: DEADLINE + BLOCK_MARGIN_MS });
    await blocked(since);
    await assert.rejects(h.client.request(Requests.close, { windowId: w.windowId }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.notPickedUp && err.waitData?.diagnosis === 'not-picked-up' && /was cancelled/.test(err.message));
    await block;
    // Served after everything the block held up: had the close run, this window would be gone.
    assert.deepEqual(await h.client.request(Requests.getCookies, { windowId: w.windowId }), []);
    assert.ok(!h.events.slice(since).some((e) => e.method === 'windowClosed' && e.params.windowId === w.windowId), 'the cancelled close did not run later');
    assert.ok((await h.client.request(Requests.listWindows)).some((l) => l.windowId === w.windowId));
  });

  it('a request reported cancelled has no effect, also when it was queued behind the one that blocked it', async () => {
    const w = await h.openLoaded(await h.environment(), `${server.origin}/plain`);
    const since = h.mark();
    // Back to back: the UI thread takes both in one batch, so the close is already queued behind
    // the block when its cancellation comes.
    const block = h.client.request(TestRequests.debugBlock, { ms: DEADLINE + BLOCK_MARGIN_MS });
    const close = h.client.request(Requests.close, { windowId: w.windowId });
    await assert.rejects(close, (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.notPickedUp && /was cancelled/.test(err.message));
    await block;
    // Served after everything the block held up: had the close run, this window would be gone.
    const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId });
    assert.deepEqual(cookies, []);
    assert.deepEqual(h.events.slice(since).filter((e) => e.method === 'windowClosed' && e.params.windowId === w.windowId), []);
    assert.ok((await h.client.request(Requests.listWindows)).some((l) => l.windowId === w.windowId));
  });

  it('refuses a wait started inside an engine callback and reports the re-entrancy hazard', async () => {
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const since = h.mark();
    await assert.rejects(h.client.request(TestRequests.debugWait, { mode: 'in-callback', windowId: w.windowId }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.reentrancy && /inside the engine callback load-changed/.test(err.message));
    const hazard = await h.next('hazard', () => true, DEADLINE, since); // said with the refusal
    assert.equal(hazard.params.kind, 'reentrancy');
    assert.equal(hazard.params.site, 'getCookies');
    assert.equal(hazard.params.callback, 'load-changed');
    // The outer request finished normally and the thread still serves.
    assert.equal((await h.client.request(Requests.getCookies, { windowId: w.windowId })).length, 5);
  });

  it('applies a new threshold and deadline at once', async () => {
    // The lowest threshold and deadline there are, each far from the suite's (the old) ones.
    const newThreshold = 100;
    const newDeadline = 500;
    await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: newThreshold, waitDeadlineMs: newDeadline });
    try {
      const since = h.mark();
      await assert.rejects(h.client.request(TestRequests.debugWait, { mode: 'no-answer' }), (err: unknown) =>
        err instanceof HelperRequestError && (err.waitData?.elapsedMs ?? 0) >= newDeadline && (err.waitData?.elapsedMs ?? DEADLINE) < DEADLINE);
      const stall = await h.next('stall', (s) => s.site === 'debug/no-answer', DEADLINE, since); // reported before the failure
      // The wait's age at the report, on the helper's clock: the new threshold, not the old one.
      assert.ok(stall.params.elapsedMs >= newThreshold && stall.params.elapsedMs < THRESHOLD, `reported ${stall.params.elapsedMs} ms into the wait`);
    } finally {
      await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE });
    }
  });
});
