// A hostile page floods the console relay for 10 s by every means a page has (test/support/floods.ts):
// the helper's peak RSS may grow by 150 MB at most, and the console still works afterwards. Each
// flood gets a helper of its own, so that one flood's freed heap does not hide the next one's growth.
// Floods the engine does not let the product bound yet (frames with huge URLs) are measured by
// `node out/test/bench/floods.bench.js` instead, and named there.
import * as assert from 'node:assert/strict';
import { FLOOD_MS, FLOODS, MAX_GROWTH_MB, measureFlood } from '../support/floods';
import { linuxSuite } from '../support/linuxSuite';

for (const [name, { page }] of Object.entries(FLOODS).filter(([, f]) => !f.unbounded)) {
  describe(`Linux console relay under a 10 s flood: ${name}`, function () {
    const suite = linuxSuite();

    it(`raises the helper's peak RSS by at most ${MAX_GROWTH_MB} MB, and the console works afterwards`, async function () {
      this.timeout(FLOOD_MS + 60000);
      const f = await measureFlood(suite.h, page);
      console.log(`      (${name}: page says "${f.title}"; helper RSS ${f.baselineMb.toFixed(0)} MB -> peak ${f.peakMb.toFixed(0)} MB (+${(f.peakMb - f.baselineMb).toFixed(0)}), ${f.endMb.toFixed(0)} MB at its end)`);
      assert.ok(f.peakMb - f.baselineMb <= MAX_GROWTH_MB, `helper RSS ${f.baselineMb.toFixed(0)} MB -> peak ${f.peakMb.toFixed(0)} MB: +${(f.peakMb - f.baselineMb).toFixed(0)} MB`);
    });
  });
}
