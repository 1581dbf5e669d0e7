// Benchmark (not a test): every console flood of test/support/floods.ts, frames with huge URLs
// included, each in a helper of its own, printing the helper's peak RSS growth against the goal.
// Run under a display: `xvfb-run -a node out/test/bench/floods.bench.js`. Prints figures; asserts nothing.
import { FLOODS, MAX_GROWTH_MB, measureFlood } from '../support/floods';
import { Harness } from '../support/harness';

async function main(): Promise<void> {
  for (const [name, flood] of Object.entries(FLOODS)) {
    const h = new Harness();
    try {
      await h.client.start();
      const f = await measureFlood(h, flood.page);
      const growth = f.peakMb - f.baselineMb;
      console.log(`console flood ${name}: helper peak RSS +${growth.toFixed(0)} MB (goal <= ${MAX_GROWTH_MB} MB) ${growth <= MAX_GROWTH_MB ? 'met' : 'missed'}${flood.unbounded ? `; known: ${flood.unbounded}` : ''}`);
    } finally {
      await h.stop();
    }
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
