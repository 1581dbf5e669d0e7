// What the preview server asks of the place its files come from (the local disk, or VS Code's
// workspace file system for a remote workspace): one root, files read by name below it.
import type { Readable } from 'node:stream';

export type FileRead =
  | { kind: 'file'; size: number; body: Readable | Uint8Array }
  | { kind: 'folder' }
  | { kind: 'missing' }
  /** Exists, but is not for a page: outside the root through a link, a FIFO, a device, /proc... */
  | { kind: 'refused'; reason: string }
  | { kind: 'tooLarge'; size: number };

export interface FileSource {
  /** Reads the file `segments` names below the root, or says why not. Never reads outside the root. */
  read(segments: readonly string[], maxBytes: number): Promise<FileRead>;
  /** The file's own address, for people (a path, or a URI): what Copy URL and the logs show. */
  address(segments: readonly string[]): string;
}
