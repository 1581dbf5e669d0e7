// The seeded fuzz (test/support/fuzz.ts) against the helper with the Windows backend: under Wine
// with the test runtime, on Windows with the installed one. The helper stays the same process and
// answers every valid request interleaved with the garbage.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertSurvivesPlan, fuzzPlan } from '../support/fuzz';
import type { Harness } from '../support/harness';
import { windowsHarness } from '../support/winRuntime';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed12);

describe('Windows backend: seeded fuzz of the IPC channel', function () {
  let h: Harness;
  before(async () => {
    h = windowsHarness({ strategy: 'cowait' }, 'send');
    await h.client.start();
  });
  after(async () => h?.stop());

  it(`2,000 messages (seed ${SEED}): same process, every valid request answered with a result, every addressed request answered`, async function () {
    this.timeout(300000);
    const env = await h.environment();
    const w = await h.openLoaded(env, 'data:text/html,<title>fuzz</title><p>fuzz</p>');
    // A folder that cannot be made: a file stands where its parent should be.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-fuzz-')), 'file');
    fs.writeFileSync(file, 'x');
    const plan = fuzzPlan({ seed: SEED, count: 2000, windowId: w.windowId, uncreatableFolder: path.join(file, 'nope') });
    await assertSurvivesPlan(h, plan, w.windowId, 180000);
  });
});
