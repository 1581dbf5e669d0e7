// Liveness: a helper that does not answer a ping, or whose UI thread stays busy outside any wait
// past the deadline, is reported once; one that answers is pinged again. A fake clock drives it.
import * as assert from 'node:assert/strict';
import { Liveness } from '../../src/client/liveness';
import type { PingResult } from '../../src/protocol';

class FakeClock {
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now = 0;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  };
  clearTimeout = (t: unknown): void => void this.timers.delete(t as number);
  /** Runs the timers due up to now + ms, letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
    await new Promise((r) => setImmediate(r));
  }
}

const limits = { intervalMs: 1000, answerWithinMs: 2000, uiGraceMs: 500 };

function setUp(answer: () => Promise<PingResult>) {
  const clock = new FakeClock();
  const reports: string[] = [];
  let pings = 0;
  const liveness = new Liveness({
    ping: () => { pings++; return answer(); },
    waitDeadlineMs: () => 3000,
    onNotResponding: (reason) => reports.push(reason),
  }, limits, clock);
  return { clock, reports, liveness, pings: () => pings };
}

describe('helper liveness', () => {
  it('keeps pinging a helper that answers, and reports nothing', async () => {
    const t = setUp(async () => ({ heartbeat: 7, uiBusyMs: null }));
    t.liveness.start();
    await t.clock.advance(10_500);
    assert.equal(t.pings(), 10);
    assert.deepEqual(t.reports, []);
    t.liveness.stop();
  });

  it('reports a helper that does not answer within the bound, once', async () => {
    const t = setUp(() => new Promise<PingResult>(() => undefined));
    t.liveness.start();
    await t.clock.advance(2900);
    assert.deepEqual(t.reports, []);
    await t.clock.advance(200);
    assert.equal(t.reports.length, 1);
    assert.match(t.reports[0], /did not answer a ping within 2000 ms/);
    await t.clock.advance(20_000);
    assert.equal(t.reports.length, 1, 'reported once');
    assert.equal(t.pings(), 1);
  });

  it('reports a UI thread busy outside any wait past deadline plus grace, not before', async () => {
    let busy: number | null = 3400;
    const t = setUp(async () => ({ heartbeat: 3, uiBusyMs: busy }));
    t.liveness.start();
    await t.clock.advance(1000);
    assert.deepEqual(t.reports, [], '3400 ms is within 3000 + 500');
    busy = 3600;
    await t.clock.advance(1000);
    assert.equal(t.reports.length, 1);
    assert.match(t.reports[0], /UI thread has been busy for 3600 ms outside any wait.*\(3500 ms\); heartbeat 3/);
  });

  it('says nothing about a helper whose ping failed because the connection ended', async () => {
    const t = setUp(async () => { throw new Error('Connection got disposed.'); });
    t.liveness.start();
    await t.clock.advance(5000);
    assert.deepEqual(t.reports, []);
  });
});
