// Activation cost of the extension as it ships (the minified bundles): module load plus activate(),
// each in a fresh Node process with a stand-in for the `vscode` module (test/support/activationProbe).
// The extension host adds its own cost on top; the VS Code suite prints that figure.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/harness';

const PROBE = path.join(ROOT, 'out', 'test', 'support', 'activationProbe.js');

export interface Activation {
  load: number;
  activate: number;
  total: number;
  /** What the first command adds: loading the rest of the extension (extensionCore.js). */
  firstCommandLoad: number;
}

/** `runs` fresh processes, each loading the minified entry bundle and calling activate(). */
export function measureActivation(runs = 7): Activation[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-activation-'));
  try {
    esbuild.buildSync({
      entryPoints: { extension: path.join(ROOT, 'src', 'extension.ts'), extensionCore: path.join(ROOT, 'src', 'extensionCore.ts') },
      outdir: path.join(dir, 'dist'),
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, external: ['vscode', 'koffi'], logLevel: 'warning',
    });
    const samples: Activation[] = [];
    for (let i = 0; i < runs; i++) {
      const run = spawnSync(process.execPath, [PROBE, path.join(dir, 'dist', 'extension.js')], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`activation run failed: ${run.stderr.split('\n').filter((l) => l.length < 300).join('\n')}`);
      const { loadMs, activateMs, coreLoadMs } = JSON.parse(run.stdout) as { loadMs: number; activateMs: number; coreLoadMs: number };
      samples.push({ load: loadMs, activate: activateMs, total: loadMs + activateMs, firstCommandLoad: coreLoadMs });
    }
    return samples;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
