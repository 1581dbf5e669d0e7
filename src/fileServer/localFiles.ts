// Files of a folder on this machine, for the preview server. The folder is the boundary: real
// paths are compared, so a symbolic link that leads out of it is refused, and only regular files
// are read (a FIFO, a socket or a device would tie up Node's file threads or never end).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileRead, FileSource } from './fileSource';

/** Trees of the kernel's own files: never a page's, whatever links point there. */
const SPECIAL_TREES = process.platform === 'win32' ? [] : ['/proc', '/sys', '/dev'];

// O_NONBLOCK: opening a FIFO that slipped in between the checks returns at once instead of
// waiting for a writer. O_NOFOLLOW: the last name is not swapped for a link after realpath.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

export class LocalFileSource implements FileSource {
  private readonly realRoot: Promise<string>;

  constructor(readonly root: string) {
    if (!path.isAbsolute(root)) throw new Error(`the preview folder must be an absolute path: ${root}`);
    this.realRoot = fs.promises.realpath(root);
    this.realRoot.catch(() => undefined); // reported by read()
  }

  address(segments: readonly string[]): string {
    return path.join(this.root, ...segments);
  }

  async read(segments: readonly string[], maxBytes: number): Promise<FileRead> {
    const root = await this.realRoot;
    let real: string;
    try {
      real = await fs.promises.realpath(path.join(root, ...segments));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
      return { kind: 'refused', reason: `cannot resolve the path (${code ?? (err as Error).message})` };
    }
    if (!isInside(root, real)) return { kind: 'refused', reason: 'a link leads outside the preview folder' };
    if (SPECIAL_TREES.some((tree) => isInside(tree, real))) return { kind: 'refused', reason: `${real} is a file of the system, not of a page` };
    const before = await fs.promises.stat(real);
    if (before.isDirectory()) return { kind: 'folder' };
    if (!before.isFile()) return { kind: 'refused', reason: 'not a regular file' };
    if (before.size > maxBytes) return { kind: 'tooLarge', size: before.size };
    const handle = await fs.promises.open(real, OPEN_FLAGS);
    let handedOver = false;
    try {
      const opened = await handle.stat();
      if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev) {
        return { kind: 'refused', reason: 'the file changed while it was opened' };
      }
      if (opened.size > maxBytes) return { kind: 'tooLarge', size: opened.size };
      if (opened.size === 0) return { kind: 'file', size: 0, body: new Uint8Array(0) };
      // The stream owns the handle from here on and closes it when it ends or is destroyed.
      handedOver = true;
      return { kind: 'file', size: opened.size, body: handle.createReadStream({ start: 0, end: opened.size - 1 }) };
    } finally {
      if (!handedOver) await handle.close();
    }
  }
}

/** Whether `candidate` is `root` or lies below it (real paths; case-insensitive on Windows). */
export function isInside(root: string, candidate: string): boolean {
  const fold = (p: string): string => (process.platform === 'win32' ? p.toLowerCase() : p);
  const r = fold(path.resolve(root));
  const c = fold(path.resolve(candidate));
  return c === r || c.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
}
