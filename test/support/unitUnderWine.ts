// The unit suite as Windows runs it: Windows node.exe under Wine (file URLs with drive letters,
// backslash paths, no FIFOs), for test/run.mjs on Linux. Writes the counts to the file named by
// the first argument.
//   node out/test/support/unitUnderWine.js <stats.json>
import * as fs from 'node:fs';
import { runUnitSuiteUnderWine } from './wine';

runUnitSuiteUnderWine().then((stats) => {
  fs.writeFileSync(process.argv[2], JSON.stringify(stats));
  process.exit(stats.failed ? 1 : 0);
}, (err) => {
  console.error(err);
  process.exit(1);
});
