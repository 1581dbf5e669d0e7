// Creating a folder the engine will write into (a profile, a screenshot's folder) on the helper's
// main thread, never on the UI thread, and with a time limit. Node's recursive mkdir never returns
// for a path under /proc ("/proc/nope"), and a network mount can block any call; the folder is made
// one level at a time with plain mkdir calls, so every failure comes back as an error.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class FolderError extends Error {}

export const FOLDER_TIME_LIMIT_MS = 10_000;

/**
 * Makes `folder` (absolute) and its missing parents and checks that it can be written. Fails with
 * "cannot create the <what> <folder>: <reason>", also when the file system does not answer in time.
 */
export async function prepareFolder(folder: string, what: string, options: { mode?: number; timeLimitMs?: number } = {}): Promise<void> {
  const timeLimitMs = options.timeLimitMs ?? FOLDER_TIME_LIMIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FolderError(`the file system did not answer within ${timeLimitMs / 1000} s`)), timeLimitMs);
  });
  try {
    await Promise.race([makeWritable(folder, options.mode), late]);
  } catch (err) {
    const reason = err instanceof FolderError ? err.message : plain(err as NodeJS.ErrnoException);
    throw new FolderError(`cannot create the ${what} ${folder}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

/** `mode` applies to the folders made here (a profile is its owner's only: 0700), not to existing ones. */
async function makeWritable(folder: string, mode?: number): Promise<void> {
  const missing: string[] = [];
  for (let p = path.resolve(folder); ; p = path.dirname(p)) {
    const kind = await statKind(p);
    if (kind === 'dir') break;
    if (kind === 'other') throw new FolderError(`${p} exists and is not a folder`);
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      await fs.promises.mkdir(p, mode === undefined ? undefined : { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || (await statKind(p)) !== 'dir') throw err;
    }
  }
  await fs.promises.access(folder, fs.constants.W_OK);
}

async function statKind(p: string): Promise<'dir' | 'other' | 'missing'> {
  try {
    return (await fs.promises.stat(p)).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
}

/** "ENOENT: no such file or directory, mkdir '/proc/nope'" reads as "no such file or directory (mkdir /proc/nope)". */
function plain(err: NodeJS.ErrnoException): string {
  const m = /^[A-Z]+: (.*?), (\w+) '(.*)'$/.exec(err.message ?? '');
  return m ? `${m[1]} (${m[2]} ${m[3]})` : err.message ?? String(err);
}
