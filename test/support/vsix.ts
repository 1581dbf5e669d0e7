// Packaging as `npm run package` does, and unpacking a VSIX the way VS Code lays it out, so that
// suites can run the packaged CLI with the koffi binary the VSIX carries.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './harness';

/** Builds the VSIX of one target (build.mjs package TARGET) and returns its path. */
export function packageVsix(target: string): string {
  execFileSync(process.execPath, ['build.mjs', 'package', target], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return path.join(ROOT, `webview2-host-${target}-${version}.vsix`);
}

/** The files in a VSIX (a zip). */
export function vsixEntries(vsix: string): string[] {
  return execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Unpacks a VSIX into a new folder; the extension is in <folder>/extension. */
export function unpackVsix(vsix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-vsix-'));
  // Windows has no unzip; its tar (bsdtar) reads zip files.
  if (process.platform === 'win32') execFileSync('tar', ['-xf', vsix, '-C', dir]);
  else execFileSync('unzip', ['-q', vsix, '-d', dir]);
  return dir;
}
