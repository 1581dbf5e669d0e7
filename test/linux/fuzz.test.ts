// The seeded fuzz (test/support/fuzz.ts) against a real helper with a real window: the helper stays
// the same process and answers every valid request interleaved with the garbage.
import * as assert from 'node:assert/strict';
import { Requests } from '../../src/protocol';
import type { CookieServer } from '../support/cookieServer';
import { assertSurvivesPlan, fuzzPlan } from '../support/fuzz';
import type { Harness } from '../support/harness';
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
    const plan = fuzzPlan({ seed: SEED, count: 2000, windowId: w.windowId, uncreatableFolder: '/proc/nope' });
    assert.ok(plan.valid.length > 250, `${plan.valid.length} valid requests among ${plan.messages.length} messages`);
    await assertSurvivesPlan(h, plan, w.windowId, 120000);
    assert.equal((await h.client.request(Requests.getCookies, { windowId: w.windowId })).length, 5);
  });
});
