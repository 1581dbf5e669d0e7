// Creating a folder the engine will write into (a profile, a screenshot's folder) on the helper's
// main thread, never on the UI thread, and with a time limit. Node's recursive mkdir never returns
// for a path under /proc ("/proc/nope"), and a network mount can block any call; the folder is made
// one level at a time with plain mkdir calls, so every failure comes back as an error. A profile
// folder that others can write is tightened to its owner's only, or refused.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class FolderError extends Error {}

/** A folder that exists but may not be used as it is (not made here, so "cannot use", not "cannot create"). */
export class FolderRefusal extends FolderError {}

export const FOLDER_TIME_LIMIT_MS = 10_000;

export interface PrepareOptions {
  /** The mode of folders made here; given, an existing folder wider than it for writing is tightened to it. */
  mode?: number;
  timeLimitMs?: number;
  /** Where the line saying a folder was tightened goes. */
  log?: (message: string) => void;
}

/**
 * Makes `folder` (absolute) and its missing parents and checks that it can be written. Fails with
 * "cannot create the <what> <folder>: <reason>", also when the file system does not answer in time.
 */
export async function prepareFolder(folder: string, what: string, options: PrepareOptions = {}): Promise<void> {
  const timeLimitMs = options.timeLimitMs ?? FOLDER_TIME_LIMIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FolderError(`the file system did not answer within ${timeLimitMs / 1000} s`)), timeLimitMs);
  });
  try {
    await Promise.race([makeWritable(folder, options.mode), late]);
    if (options.mode !== undefined) {
      const note = await Promise.race([tightenFolder(folder, what, options.mode), late]);
      if (note) (options.log ?? ((m) => process.stderr.write(`${m}\n`)))(note);
    }
  } catch (err) {
    if (err instanceof FolderRefusal) throw err;
    const reason = err instanceof FolderError ? err.message : plain(err as NodeJS.ErrnoException);
    throw new FolderError(`cannot create the ${what} ${folder}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

/** `mode` applies to the folders made here (a profile is its owner's only: 0700); an existing one is tightenFolder's. */
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

/**
 * A folder that group or others can write (another user could plant or swap files the engine
 * trusts, cookies.sqlite among them) is set to `mode` when it is ours, and refused when it is not.
 * Returns the line to log when it changed something. The checks and the change are made on one
 * descriptor, so the folder cannot be swapped between them. Windows folders have ACLs, not modes.
 * A missing folder is left alone (whoever makes it gives it `mode`).
 */
export async function tightenFolder(folder: string, what: string, mode: number): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(folder, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
  try {
    const st = await handle.stat();
    const was = st.mode & 0o777;
    if ((was & 0o022) === 0) return undefined;
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) {
      throw new FolderRefusal(`cannot use the ${what} ${folder}: group or others can write it (mode ${octal(was)}) and it belongs to user ${st.uid}, not to you, so it cannot be made ${octal(mode)}; use a folder of your own`);
    }
    try {
      await handle.chmod(mode);
    } catch (err) {
      throw new FolderRefusal(`cannot use the ${what} ${folder}: group or others can write it (mode ${octal(was)}) and it could not be made ${octal(mode)}: ${plain(err as NodeJS.ErrnoException)}`);
    }
    return `the ${what} ${folder} could be written by group or others (mode ${octal(was)}): tightened to ${octal(mode)}`;
  } finally {
    await handle.close();
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
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
