// Runs the Windows suite (out/test/win32) under Wine with Windows node.exe, the way test/run.mjs
// runs the others: `node out/test/support/wineSuite.js <stats.json>`, inside xvfb-run.
// node.exe cannot write to a Unix pipe (EBADF), so its output goes to a file that is followed here.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './harness';
import { buildTestRuntime, createPrefix, ensureKoffiWin32, ensureWindowsNode, tempDir, winPath } from './wine';

async function main(statsFile: string): Promise<number> {
  const began = Date.now();
  const nodeExe = ensureWindowsNode();
  ensureKoffiWin32();
  const work = tempDir('webview2-host-wine-');
  const runtime = buildTestRuntime(path.join(work, 'runtime'));
  const env = createPrefix(path.join(work, 'prefix'));
  console.log(`wine suite: node.exe, koffi win32-x64, test runtime and prefix ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  const log = path.join(work, 'suite.log');
  const winStats = path.join(work, 'stats.json');
  const child = spawn('wine', [nodeExe, 'test/suite.mjs', 'win32', winPath(winStats)], {
    cwd: ROOT,
    env: {
      ...env,
      WEBVIEW2_HOST_TEST_RUNTIME: winPath(runtime.folder),
      WEBVIEW2_HOST_TEST_RUNTIME_VERSION: runtime.version,
      WEBVIEW2_HOST_TEST_LOADER: winPath(runtime.loaderDll),
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
  const timer = setInterval(follow, 500);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  follow();
  spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
  if (fs.existsSync(winStats)) fs.copyFileSync(winStats, statsFile);
  fs.rmSync(work, { recursive: true, force: true });
  return code;
}

main(process.argv[2]).then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
