// Runs Windows node.exe under Wine against the test runtime, inside xvfb-run:
//   node out/test/support/underWine.js suite <stats.json>   the Windows suite (out/test/win32)
//   node out/test/support/underWine.js bench                the Windows benchmark
// node.exe cannot write to a Unix pipe (EBADF), so its output goes to a file that is followed here.
// node.exe cannot run ImageMagick either: a test asks for a picture of the X display by leaving
// `<name>.display-request` in test-artifacts (displayShot.ts), and it is taken here.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildWebView2Bare } from '../bench/bare';
import { ARTIFACTS, ROOT } from './harness';
import { DISPLAY_REQUEST } from './displayShot';
import { buildTestRuntime, createPrefix, ensureKoffiWin32, ensureWindowsNode, tempDir, winPath } from './wine';
import { packageVsix, unpackVsix } from './vsix';

async function main(mode: string, statsFile: string): Promise<number> {
  const began = Date.now();
  const nodeExe = ensureWindowsNode();
  ensureKoffiWin32();
  const work = tempDir('webview2-host-wine-');
  const runtime = buildTestRuntime(path.join(work, 'runtime'));
  const unpinned = buildTestRuntime(path.join(work, 'runtime-unpinned'), { pin: false });
  const vsix = mode === 'bench' ? null : unpackVsix(packageVsix('win32-x64'));
  const env = createPrefix(path.join(work, 'prefix'));
  console.log(`wine suite: node.exe, koffi win32-x64, test runtime and prefix ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  const log = path.join(work, 'suite.log');
  const winStats = path.join(work, 'stats.json');
  const script = mode === 'bench' ? ['out/test/bench/wine.bench.js'] : ['test/suite.mjs', 'win32', winPath(winStats)];
  const child = spawn('wine', [nodeExe, ...script], {
    cwd: ROOT,
    env: {
      ...env,
      WEBVIEW2_HOST_TEST_RUNTIME: winPath(runtime.folder),
      WEBVIEW2_HOST_TEST_RUNTIME_VERSION: runtime.version,
      WEBVIEW2_HOST_TEST_LOADER: winPath(runtime.loaderDll),
      // The benchmark's bare C host, built here where mingw is.
      WEBVIEW2_HOST_BENCH_BARE: mode === 'bench' ? winPath(buildWebView2Bare(work)) : undefined,
      WEBVIEW2_HOST_TEST_RUNTIME_UNPINNED: winPath(unpinned.folder),
      ...(vsix ? { WEBVIEW2_HOST_TEST_VSIX_DIR: winPath(vsix) } : {}),
      TEMP: undefined, TMP: undefined, // let Wine give node.exe its own Windows temp folder
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', fs.openSync(log, 'w'), fs.openSync(log, 'a')],
  });
  let shown = 0;
  const follow = () => {
    const text = fs.readFileSync(log, 'utf8');
    process.stdout.write(text.slice(shown));
    shown = text.length;
  };
  const shoot = () => {
    if (!fs.existsSync(ARTIFACTS)) return;
    for (const request of fs.readdirSync(ARTIFACTS).filter((f) => f.endsWith(DISPLAY_REQUEST))) {
      const png = path.join(ARTIFACTS, request.slice(0, -DISPLAY_REQUEST.length));
      spawnSync('import', ['-window', 'root', png], { stdio: 'ignore' });
      fs.rmSync(path.join(ARTIFACTS, request), { force: true });
    }
  };
  const timer = setInterval(() => { follow(); shoot(); }, 500);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  follow();
  spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
  if (statsFile && fs.existsSync(winStats)) fs.copyFileSync(winStats, statsFile);
  fs.rmSync(work, { recursive: true, force: true });
  if (vsix) fs.rmSync(vsix, { recursive: true, force: true });
  return code;
}

main(process.argv[2], process.argv[3]).then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
