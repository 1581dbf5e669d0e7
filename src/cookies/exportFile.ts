// Writes an export that holds cookie values: readable by its owner only (0600), also when the file
// already existed with a wider mode. Windows has no such modes; the user's profile ACLs apply.
// The file is never written through a symbolic link, nor when it is a folder, a special file, or
// somebody else's: the checks are made on the opened descriptor, so a link or file swapped in
// after the first look is caught too. Every refusal is one line (ExportFileError).
import * as fs from 'node:fs';
import * as path from 'node:path';

export class ExportFileError extends Error {}

const POSIX = process.platform !== 'win32';

/**
 * Checks, without creating anything, that `file` could be written: its folder exists, and it is
 * absent or a regular file of ours reached without a symbolic link. Lets a command refuse a bad
 * target before it does its work; writePrivateFile checks again when it writes.
 */
export function checkPrivateFileTarget(file: string): string {
  const target = path.resolve(file);
  const existing = lstatOrMissing(target);
  if (existing) refuseUnsafe(target, existing);
  else {
    const folder = path.dirname(target);
    const parent = statOrMissing(target, folder);
    if (!parent) throw new ExportFileError(`cannot write ${target}: the folder ${folder} does not exist`);
    if (!parent.isDirectory()) throw new ExportFileError(`cannot write ${target}: ${folder} is not a folder`);
  }
  return target;
}

export function writePrivateFile(file: string, text: string): string {
  const target = checkPrivateFileTarget(file);
  // No O_TRUNC: an existing file is emptied only after the descriptor passed the checks.
  // O_NOFOLLOW refuses a link put in place since the check; O_NONBLOCK keeps a FIFO from blocking.
  const { O_WRONLY, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(target, O_WRONLY | O_CREAT | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0), 0o600);
  } catch (err) {
    throw new ExportFileError(`cannot write ${target}: ${reason(err as NodeJS.ErrnoException, target)}`);
  }
  try {
    refuseUnsafe(target, fs.fstatSync(fd));
    if (POSIX) fs.fchmodSync(fd, 0o600);
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, text);
  } catch (err) {
    if (err instanceof ExportFileError) throw err;
    throw new ExportFileError(`cannot write ${target}: ${reason(err as NodeJS.ErrnoException, target)}`);
  } finally {
    fs.closeSync(fd);
  }
  return target;
}

/** Refuses a link, a folder, a special file, a file with other names, or a file of someone else. */
function refuseUnsafe(target: string, st: fs.Stats): void {
  if (st.isSymbolicLink()) throw new ExportFileError(`refusing to write ${target}: it is a symbolic link (name the file itself)`);
  if (st.isDirectory()) throw new ExportFileError(`cannot write ${target}: it is a folder (name a file in it)`);
  if (!st.isFile()) throw new ExportFileError(`refusing to write ${target}: it is not a regular file`);
  // Another name of the same file could be anywhere, and would receive the values too (NTFS has
  // hard links as well: fstat's count is GetFileInformationByHandle's there).
  if (st.nlink > 1) throw new ExportFileError(`refusing to write ${target}: it has ${st.nlink - 1} other hard link(s)`);
  if (!POSIX) return; // ownership on Windows is the profile's ACLs, not a uid
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new ExportFileError(`refusing to write ${target}: it belongs to user ${st.uid}, not to you`);
}

function lstatOrMissing(target: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ExportFileError(`cannot write ${target}: ${reason(err as NodeJS.ErrnoException, target)}`);
  }
}

function statOrMissing(target: string, folder: string): fs.Stats | undefined {
  try {
    return fs.statSync(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ExportFileError(`cannot write ${target}: ${reason(err as NodeJS.ErrnoException, target)}`);
  }
}

/** An errno in words, without Node's "ECODE: ..., open '/path'" wrapping. */
function reason(err: NodeJS.ErrnoException, target: string): string {
  switch (err.code) {
    case 'ELOOP': return 'it is a symbolic link (name the file itself)';
    case 'EISDIR': return 'it is a folder (name a file in it)';
    case 'ENOENT': return `the folder ${path.dirname(target)} does not exist`;
    case 'ENOTDIR': return `${path.dirname(target)} is not a folder`;
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENXIO': return 'it is not a regular file';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'no space left on the device';
    default: return (err.message ?? String(err)).split('\n')[0];
  }
}
