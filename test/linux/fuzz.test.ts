// The seeded fuzz (test/support/fuzz.ts) against a real helper with a real window: the helper stays
// the same process and answers every valid request interleaved with the garbage.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { Requests } from '../../src/protocol';
import type { CookieServer } from '../support/cookieServer';
import { AnswerLog, fuzzPlan, sendPlan } from '../support/fuzz';
import { isAlive, type Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed12);

describe('Linux backend: seeded fuzz of the IPC channel', function () {
  const suite = linuxSuite();
  let server: CookieServer;
  let h: Harness;
  before(() => ({ server, h } = suite));

  it(`2,000 messages (seed ${SEED}): same process, every valid request answered with a result, every addressed request answered`, async function () {
    this.timeout(240000);
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const pid = h.client.pid!;
    const plan = fuzzPlan({ seed: SEED, count: 2000, windowId: w.windowId, uncreatableFolder: '/proc/nope' });
    assert.ok(plan.valid.length > 250, `${plan.valid.length} valid requests among ${plan.messages.length} messages`);
    const child = (h.client as any).child as ChildProcess;
    const log = new AnswerLog(child);
    await sendPlan(child, plan);
    const missing = await log.waitFor(plan.addressed, 120000);
    assert.deepEqual(missing, [], 'every request with a usable id was answered');
    const failed = plan.valid.filter((id) => log.answers.get(id)?.error);
    assert.deepEqual(failed.map((id) => `${id}: ${log.answers.get(id)?.error?.message}`), [], 'valid requests answered with results');
    assert.equal(h.client.pid, pid);
    assert.ok(isAlive(pid));
    assert.equal(h.client.state.kind, 'ready');
    const windows = await h.client.request(Requests.listWindows);
    assert.ok(windows.some((x) => x.windowId === w.windowId), 'the window is still there');
    assert.equal((await h.client.request(Requests.getCookies, { windowId: w.windowId })).length, 5);
  });
});
