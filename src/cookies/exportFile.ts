// Writes an export that holds cookie values: readable by its owner only (0600), also when the file
// already existed with a wider mode. Windows has no such modes; the user's profile ACLs apply.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writePrivateFile(file: string, text: string): string {
  const target = path.resolve(file);
  const fd = fs.openSync(target, 'w', 0o600);
  try {
    if (process.platform !== 'win32') fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  return target;
}
