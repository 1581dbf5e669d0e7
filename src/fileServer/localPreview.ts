// A file on this machine as a window opens it: under the preview server of its root (the
// workspace folder, or the folder it was opened from), which serves that folder and nothing else.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfinedFileServer, PreviewRoot } from './confinedServer';
import { isInside, LocalFileSource } from './localFiles';

export class OutsideRootError extends Error {}

/** The root of a local folder: one per real path, so two names of a folder share a server. Files
 *  are shown under the name it was first opened by (a workspace folder's path, not its real one). */
export function localRoot(folder: string): PreviewRoot {
  return { id: `file:${fs.realpathSync(folder)}`, source: new LocalFileSource(folder) };
}

/** The URL of `file` (absolute) under the server of `rootFolder` (absolute folder holding it). */
export async function localFileUrl(server: ConfinedFileServer, file: string, rootFolder: string): Promise<string> {
  const realRoot = fs.realpathSync(rootFolder);
  const realFile = fs.realpathSync(file);
  if (!isInside(realRoot, realFile)) {
    throw new OutsideRootError(`${file} is not inside the preview folder ${rootFolder}: a page reads only files of its folder`);
  }
  const relative = path.relative(realRoot, realFile);
  return server.urlFor(localRoot(rootFolder), relative === '' ? [] : relative.split(path.sep));
}
