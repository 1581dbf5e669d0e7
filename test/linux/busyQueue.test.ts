// A burst of requests against the real helper: a UI thread that works through a long queue is
// reported busy, with the length of its queue, and not stuck; a thread held in one request is.
import * as assert from 'node:assert/strict';
import { ErrorCodes } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import { HelperRequestError } from '../../src/client/helperClient';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';

const THRESHOLD = 500;
const DEADLINE = 1000;
/** How long a block that must outlast the deadline goes on past it (a loaded machine's slack). */
const BLOCK_MARGIN_MS = 1000;

describe('Linux backend: a burst of requests', function () {
  const suite = linuxSuite({ stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE });
  let h: Harness;
  before(() => ({ h } = suite));

  it('says "busy: N requests queued" for a queue the UI thread works through, not "stuck elsewhere"', async () => {
    const since = h.mark();
    // Requests of a fifth of the threshold each, three deadlines' worth: the last ones wait past
    // the deadline while the thread keeps picking up one after another, well within the threshold.
    const stepMs = THRESHOLD / 5;
    const outcomes = await Promise.all(Array.from({ length: 3 * DEADLINE / stepMs }, () =>
      h.client.request(TestRequests.debugBlock, { ms: stepMs }).then(() => null, (err: unknown) => err)));
    const failed = outcomes.filter((e) => e !== null);
    assert.ok(failed.length >= 5, `some were cancelled at the deadline (${failed.length})`);
    for (const err of failed) {
      assert.ok(err instanceof HelperRequestError && err.code === ErrorCodes.notPickedUp, String(err));
      assert.match(err.message, /was not picked up by the UI thread within \d+ ms: the thread is busy: \d+ requests? queued, served in turn/);
    }
    const stalls = h.events.slice(since).filter((e) => e.method === 'stall' && e.params.diagnosis === 'not-picked-up');
    assert.ok(stalls.length > 0, 'the waiting requests were reported');
    for (const s of stalls) assert.match(s.params.explanation, /which is busy: \d+ requests? queued, served in turn/);
  });

  it('keeps "stuck elsewhere" for a thread held in one request', async () => {
    const since = h.mark();
    const block = h.client.request(TestRequests.debugBlock, { ms: DEADLINE + BLOCK_MARGIN_MS });
    await h.next('log', (l) => /^debug\/block: the UI thread is busy/.test(l.message), 10000, since);
    await assert.rejects(h.client.request(TestRequests.debugBlock, { ms: 1 }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.notPickedUp && /the thread is stuck elsewhere \(see the stall report\)/.test(err.message));
    await block;
    const stall = await h.next('stall', (s) => s.diagnosis === 'not-picked-up', DEADLINE, since); // reported at the threshold, before the block ended
    assert.match(stall.params.explanation, /busy outside any wait/);
  });
});
