// The bare baselines (native/bench), built by the benchmarks themselves so that the comparison is
// always with the engine as installed on this machine.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../support/harness';

const SOURCES = path.join(ROOT, 'native', 'bench');

/** Builds native/bench/webkitgtk-bare.c with gcc against WebKitGTK 4.1; returns the executable. */
export function buildWebKitGtkBare(dir: string): string {
  let flags: string[];
  try {
    flags = execFileSync('pkg-config', ['--cflags', '--libs', 'webkit2gtk-4.1'], { encoding: 'utf8' }).trim().split(/\s+/);
  } catch {
    throw new Error('the bare WebKitGTK baseline needs gcc, pkg-config and libwebkit2gtk-4.1-dev: run "bash .ci/install-deps linux"');
  }
  const exe = path.join(dir, 'webkitgtk-bare');
  execFileSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', exe, path.join(SOURCES, 'webkitgtk-bare.c'), ...flags], { stdio: 'inherit' });
  return exe;
}

/** Builds native/bench/webview2-bare.c with mingw; returns the executable. */
export function buildWebView2Bare(dir: string): string {
  const exe = path.join(dir, 'webview2-bare.exe');
  execFileSync('x86_64-w64-mingw32-gcc', ['-O2', '-Wall', '-Wextra', '-Wno-cast-function-type', '-municode', '-static-libgcc',
    '-o', exe, path.join(SOURCES, 'webview2-bare.c'), '-lole32', '-luser32'], { stdio: 'inherit' });
  return exe;
}
