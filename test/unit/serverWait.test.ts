import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { ServerWaitStep } from '../../src/helper/backend';
import { FIRST_DELAY_MS, MAX_DELAY_MS, probeTcp, ServerWaits } from '../../src/helper/serverWait';
import { freePort, listenOnFreePort } from '../support/ports';

/** ServerWaits on a fake clock: timers run when the test advances time; probes answer from `up`. */
function fakeWaits(upAt = Infinity, goOn = () => true) {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let nextId = 1;
  const steps: ServerWaitStep[] = [];
  const probes: { at: number; timeoutMs: number }[] = [];
  const waits = new ServerWaits({
    probe: async (_host, _port, timeoutMs) => { probes.push({ at: now, timeoutMs }); return now >= upAt; },
    step: async (s) => { steps.push(s); return goOn(); },
    now: () => now,
    setTimer: (run, ms) => { const t = { at: now + ms, run, id: nextId++ }; timers.push(t); return t.id; },
    clearTimer: (id) => { timers = timers.filter((t) => t.id !== id); },
    log: () => undefined,
  });
  const flush = () => new Promise((r) => setImmediate(r));
  /** Moves the clock on, running each timer due on the way (and the promises it starts). */
  async function advance(ms: number): Promise<void> {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.run();
      await flush();
      await flush();
    }
    now = end;
  }
  return { waits, steps, probes, advance, timers: () => timers.length };
}

const started = { windowId: 1, generation: 7, state: 'started' as const, host: '127.0.0.1', port: 5173, limitMs: 60000 };

describe('server waits (probing a dev server from the helper\'s main thread)', () => {
  it('probes 250 ms after the failure, then at doubling intervals up to 2 s, counting the attempts', async () => {
    const t = fakeWaits();
    t.waits.onEvent(started);
    await t.advance(10000);
    const at = t.probes.map((p) => p.at);
    assert.deepEqual(at.slice(0, 6), [FIRST_DELAY_MS, 750, 1750, 3750, 5750, 7750]);
    assert.ok(at.slice(1).every((a, i) => a - at[i] <= MAX_DELAY_MS));
    assert.deepEqual(t.steps.slice(0, 3).map((s) => [s.outcome, s.attempt, s.generation]), [['down', 2, 7], ['down', 3, 7], ['down', 4, 7]]);
  });

  it('tells the UI thread as soon as the server accepts a connection, and stops', async () => {
    const t = fakeWaits(2000);
    t.waits.onEvent(started);
    await t.advance(20000);
    assert.deepEqual(t.steps.map((s) => s.outcome), ['down', 'down', 'down', 'up']);
    assert.equal(t.steps.at(-1)?.elapsedMs, 3750);
    assert.equal(t.timers(), 0, 'no timer is left');
    assert.equal(t.waits.size, 0);
  });

  it('gives up at the limit, probing no longer than what is left of it', async () => {
    const t = fakeWaits();
    t.waits.onEvent({ ...started, limitMs: 5000 });
    await t.advance(20000);
    assert.equal(t.steps.at(-1)?.outcome, 'gave-up');
    assert.ok(t.steps.at(-1)!.elapsedMs >= 5000);
    assert.ok(t.probes.every((p) => p.at <= 5000 && p.at + p.timeoutMs <= 5000 + 1500));
    assert.equal(t.timers(), 0);
  });

  it('ends when the window stops waiting (Stop, another page: the UI thread says so), or closes', async () => {
    const t = fakeWaits();
    t.waits.onEvent(started);
    await t.advance(1000);
    t.waits.onEvent({ windowId: 1, generation: 7, state: 'ended' });
    assert.equal(t.timers(), 0, 'the timer goes with the wait');
    const before = t.probes.length;
    await t.advance(10000);
    assert.equal(t.probes.length, before);
    t.waits.onEvent({ ...started, windowId: 2 });
    t.waits.closed(2);
    assert.equal(t.timers(), 0);
    assert.equal(t.waits.size, 0);
  });

  it('an old wait\'s end does not end the newer one; the UI thread answering "no longer waits" ends it', async () => {
    const t = fakeWaits(Infinity, () => false);
    t.waits.onEvent(started);
    t.waits.onEvent({ ...started, generation: 8 });
    t.waits.onEvent({ windowId: 1, generation: 7, state: 'ended' });
    assert.equal(t.waits.size, 1);
    await t.advance(1000);
    assert.deepEqual(t.steps.map((s) => s.generation), [8]);
    assert.equal(t.waits.size, 0);
    assert.equal(t.timers(), 0);
  });

  it('probes with a real TCP connect: up when something listens, down when refused', async () => {
    const server = net.createServer((s) => s.destroy());
    const port = await listenOnFreePort(server);
    try {
      assert.equal(await probeTcp('127.0.0.1', port, 1500), true);
    } finally {
      await new Promise((r) => server.close(r));
    }
    assert.equal(await probeTcp('127.0.0.1', await freePort(), 1500), false);
  });
});
