// A console message's source on a local dev server (Vite's http://localhost:5173/src/main.ts,
// webpack's, a static server's) shown as the workspace file it serves, so that the output
// channel links to the file: the URL's path under a workspace folder (Vite's /@fs/<absolute path>
// too), when that file exists. Only loopback servers: a remote site's paths are not the user's files.
import * as fs from 'node:fs';
import * as path from 'node:path';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Results kept (per source URL): a page logs from few files, many times. */
const MAX_CACHED = 500;

export class DevServerSources {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly folders: () => readonly string[]) {}

  /** The workspace file a source URL serves, or the source as it was. */
  map(source: string): string {
    if (!/^https?:\/\//i.test(source)) return source;
    const cached = this.cache.get(source);
    if (cached !== undefined) return cached ?? source;
    const file = this.lookUp(source);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(source, file);
    return file ?? source;
  }

  /** A stack frame "fn (URL:line:col)" with its URL mapped as map() does. */
  mapFrame(frame: string): string {
    return frame.replace(/\((https?:\/\/[^\s()]+?)(:\d+(?::\d+)?)\)$/, (_all, url: string, at: string) => `(${this.map(url)}${at})`);
  }

  /** Forget what was found: files come and go (a build, a checkout). */
  clear(): void {
    this.cache.clear();
  }

  private lookUp(source: string): string | null {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      return null;
    }
    if (!LOOPBACK.has(url.hostname)) return null;
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return null;
    }
    if (pathname.includes('\0')) return null;
    const folders = this.folders();
    const candidates = pathname.startsWith('/@fs/') ? [fromViteFs(pathname.slice('/@fs/'.length))] : folders.map((folder) => path.join(folder, pathname));
    for (const file of candidates) {
      // Inside a workspace folder only (no "..": path.join has already resolved it).
      if (!folders.some((folder) => file === folder || file.startsWith(folder + path.sep))) continue;
      try {
        if (fs.statSync(file).isFile()) return file;
      } catch { /* not there */ }
    }
    return null;
  }
}

/** Vite's /@fs/<path>: an absolute path, with its drive letter first on Windows (/@fs/C:/src/a.ts). */
function fromViteFs(rest: string): string {
  return path.resolve(/^[A-Za-z]:\//.test(rest) ? rest : `/${rest}`);
}
