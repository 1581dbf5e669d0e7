// Activation cost of the extension as it ships (the minified bundle): module load plus activate(),
// each in a fresh Node process, with a stand-in for the `vscode` module that accepts every call.
// The extension host adds its own cost on top; the VS Code suite prints that figure.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/harness';

// Runs in the child: a `vscode` whose every member is callable and constructible, then the timing.
const CHILD = `
const Module = require('module');
const stub = () => new Proxy(function () {}, {
  get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : stub()),
  apply: () => stub(),
  construct: () => stub(),
  set: () => true,
});
const vscode = {};
for (const name of JSON.parse(process.argv[2])) vscode[name] = stub();
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const dir = process.argv[1];
const began = performance.now();
const ext = require(require('path').join(dir, 'dist', 'extension.js'));
const loaded = performance.now();
ext.activate({ subscriptions: [], extensionPath: dir, extensionUri: stub(), globalStorageUri: { fsPath: dir }, globalState: stub(), workspaceState: stub() });
const activated = performance.now();
process.stdout.write(JSON.stringify({ load: loaded - began, activate: activated - loaded }));
`;

export interface Activation {
  load: number;
  activate: number;
  total: number;
}

/** p50 of `runs` fresh processes, each loading the minified bundle and calling activate(). */
export function measureActivation(runs = 7): Activation[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-activation-'));
  try {
    esbuild.buildSync({
      entryPoints: [path.join(ROOT, 'src', 'extension.ts')], outfile: path.join(dir, 'dist', 'extension.js'),
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, external: ['vscode', 'koffi'], logLevel: 'warning',
    });
    // Every top-level name the vscode API declares (namespaces, classes, enums, constants).
    const api = fs.readFileSync(path.join(ROOT, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
    const names = [...new Set([...api.matchAll(/^\t(?:export )?(?:namespace|class|enum|const|let) (\w+)/gm)].map((m) => m[1]))];
    const samples: Activation[] = [];
    for (let i = 0; i < runs; i++) {
      const run = spawnSync(process.execPath, ['-e', CHILD, dir, JSON.stringify(names)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`activation run failed: ${run.stderr.split("\n").filter((l) => l.length < 300).join("\n")}`);
      const { load, activate } = JSON.parse(run.stdout) as { load: number; activate: number };
      samples.push({ load, activate, total: load + activate });
    }
    return samples;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
