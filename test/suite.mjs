// Runs one compiled mocha suite (out/test/<name>) in this process and writes its counts to the
// file named by the second argument, for test/run.mjs to add up.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';

const [name, statsFile] = process.argv.slice(2);
const folder = path.resolve('out', 'test', name);
// TEST_FILES=loader,waits runs only the files whose names contain one of those words (a quick
// look at one area; npm test runs them all).
const only = (process.env.TEST_FILES ?? '').split(',').map((w) => w.trim()).filter(Boolean);
const files = fs.readdirSync(folder, { recursive: true })
  .filter((f) => String(f).endsWith('.test.js'))
  .filter((f) => only.length === 0 || only.some((w) => String(f).includes(w)))
  .map((f) => path.join(folder, String(f)))
  .sort();
const mocha = new Mocha({ timeout: Number(process.env.TEST_TIMEOUT_MS ?? 60000), reporter: 'spec' });
for (const file of files) mocha.addFile(file);
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const { passes, failures: failed, pending } = runner.stats;
  fs.writeFileSync(statsFile, JSON.stringify({ passes, failed, pending }));
  // The helper processes a suite starts are stopped by its tests; exit now so that a stray handle
  // cannot keep the run alive.
  process.exit(failures ? 1 : 0);
});
