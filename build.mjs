// The one build script.
//   node build.mjs                   bundle the extension, the helper (main and UI thread) and the
//                                    CLI into dist/ with esbuild
//   node build.mjs package [target]  also build a platform-specific VSIX per target (default:
//                                    linux-x64, win32-x64, win32-arm64; alpine-x64 on request),
//                                    each with only its own koffi binary, from a staging folder
// koffi stays external to the bundle: it loads its platform binary from node_modules at run time.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: process.argv.includes('package'),
  external: ['vscode', 'koffi'],
  logLevel: 'warning',
};

await Promise.all([
  // Two bundles: activation loads only the first; the first command loads the second.
  esbuild.build({ ...common, entryPoints: { extension: 'src/extension.ts', extensionCore: 'src/extensionCore.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { helper: 'src/helper/main.ts', uiThread: 'src/helper/uiThread.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
  // VS Code for the Web without a remote: commands that say no window can show there.
  esbuild.build({ ...common, platform: 'browser', entryPoints: { web: 'src/web.ts' }, outdir: 'dist' }),
]);

/**
 * koffi's linux-x64 package holds a glibc and a musl binary: linux-x64 (glibc, what VS Code on
 * Linux runs) ships only the first, alpine-x64 only the second.
 */
const KOFFI_BINARIES = {
  'linux-x64': { pkg: 'linux-x64', drop: ['musl_x64'] },
  'alpine-x64': { pkg: 'linux-x64', drop: ['linux_x64'] },
};

if (process.argv[2] === 'package') {
  const targets = process.argv.slice(3).length ? process.argv.slice(3) : ['linux-x64', 'win32-x64', 'win32-arm64'];
  const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  for (const target of targets) {
    const stage = fs.mkdtempSync(path.join(os.tmpdir(), `webview2-host-${target}-`));
    for (const entry of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'dist', 'media', 'node_modules/koffi']) {
      fs.cpSync(entry, path.join(stage, entry), { recursive: true });
    }
    const { pkg, drop } = KOFFI_BINARIES[target] ?? { pkg: target, drop: [] };
    const binaries = path.join(stage, 'node_modules', '@koromix', `koffi-${pkg}`);
    fs.cpSync(koffiBinary(pkg), binaries, { recursive: true });
    for (const other of drop) fs.rmSync(path.join(binaries, other), { recursive: true, force: true });
    const out = path.resolve(`webview2-host-${target}-${version}.vsix`);
    // --no-rewrite-relative-links: the README's pictures stay relative (media/walkthrough/*.png, shipped
    // in the VSIX), so VS Code shows them from the installed extension; rewritten, they pointed at a
    // repository address that does not exist.
    execFileSync(process.execPath, [path.resolve('node_modules/@vscode/vsce/vsce'), 'package', '--no-rewrite-relative-links', '--target', target, '--out', out],
      { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] });
    fs.rmSync(stage, { recursive: true, force: true });
    console.log(`${path.basename(out)}: ${(fs.statSync(out).size / 1024).toFixed(0)} KiB`);
  }
}

/** The folder of koffi's binary package for a target, fetched from the registry if absent. */
function koffiBinary(target) {
  const installed = path.join('node_modules', '@koromix', `koffi-${target}`);
  if (fs.existsSync(path.join(installed, 'package.json'))) return installed;
  const { version } = JSON.parse(fs.readFileSync('node_modules/koffi/package.json', 'utf8'));
  const cache = path.resolve('.tools', 'koffi', target);
  if (!fs.existsSync(path.join(cache, 'package.json'))) {
    fs.mkdirSync(cache, { recursive: true });
    // On Windows npm is npm.cmd, which only a shell runs.
    const tgz = execFileSync('npm', ['pack', `@koromix/koffi-${target}@${version}`, '--silent'],
      { cwd: cache, encoding: 'utf8', shell: process.platform === 'win32' }).trim().split(/\r?\n/).pop();
    execFileSync('tar', ['xzf', path.join(cache, tgz), '-C', cache, '--strip-components=1']);
    fs.rmSync(path.join(cache, tgz));
  }
  return cache;
}
