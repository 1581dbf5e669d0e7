// `npm run mutation`: Stryker over the core (test/stryker.config.json), then one line with the score
// and the mutants that survived or that no test reached. Stryker 10 needs Node 22 or later; on an
// older Node it runs on the Node 24 the code-server suite fetches from the npm registry.
// Not part of npm test or .ci/run: it takes minutes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureNode24 } from './codeServer';
import { ROOT } from './harness';

const REPORT = path.join(ROOT, 'out', 'mutation', 'mutation.json');

export function mutationScore(report: { files: Record<string, { mutants: { status: string; mutatorName: string; replacement?: string; location: { start: { line: number } } }[] }> }) {
  const counted: Record<string, number> = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  const missed: string[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (!(m.status in counted)) continue; // compile errors and ignored mutants measure nothing
      counted[m.status]++;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        missed.push(`${m.status === 'Survived' ? 'survived' : 'not reached'}: ${file}:${m.location.start.line} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '').slice(0, 100)}`);
      }
    }
  }
  const killed = counted.Killed + counted.Timeout;
  const total = killed + counted.Survived + counted.NoCoverage;
  return { killed, total, missed, line: `mutation score: ${total ? ((100 * killed) / total).toFixed(1) : '0.0'}% (killed ${killed} of ${total})` };
}

function main(): number {
  const node = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : ensureNode24();
  const stryker = path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  fs.rmSync(REPORT, { force: true });
  const run = spawnSync(node, [stryker, 'run', 'test/stryker.config.json'], { cwd: ROOT, stdio: 'inherit' });
  if (!fs.existsSync(REPORT)) {
    console.error(`stryker ended without a report (exit ${run.status})`);
    return 1;
  }
  const score = mutationScore(JSON.parse(fs.readFileSync(REPORT, 'utf8')));
  for (const line of score.missed) console.log(line);
  console.log(score.line);
  return run.status ?? 1;
}

if (require.main === module) process.exit(main());
