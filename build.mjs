// Bundles the extension, the helper (main and UI thread) and the CLI into dist/ with esbuild.
// koffi stays external: it loads its platform binary from node_modules at run time.
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['vscode', 'koffi'],
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { helper: 'src/helper/main.ts', uiThread: 'src/helper/uiThread.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
]);
