// What `open` and `screenshot` accept: a URL, or a file (a path relative to the current folder or
// absolute, or a file: URL). A file is served by the preview server of its folder (or of --root),
// which is the only way a page reaches local files: it reads files of that folder and nothing else.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfinedFileServer } from '../fileServer/confinedServer';
import { isInside } from '../fileServer/localFiles';
import { localFileUrl } from '../fileServer/localPreview';
import { toNavigableUrl } from '../urls';
import { presentLinesWith, UsageError } from './session';

/** An argument, checked: a URL as it is, or a file with the folder its page may read. */
export type Target = { kind: 'url'; url: string } | { kind: 'file'; file: string; root: string };

export class CliTargets {
  readonly server = new ConfinedFileServer();

  /** `root`: the --root folder, if given (absolute). */
  constructor(private readonly root?: string) {
    if (root !== undefined && !isFolder(root)) throw new UsageError(`--root must be a folder that exists, not "${root}"`);
    presentLinesWith((line) => this.display(line));
  }

  /** Checks one argument before anything opens; a usage error says what is wrong with it. */
  check(input: string): Target {
    const text = input.trim();
    let file: string | undefined;
    if (text && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      const candidate = path.resolve(text);
      if (fs.existsSync(candidate)) file = candidate;
    }
    if (file === undefined) {
      const url = toNavigableUrl(input);
      if (!url.startsWith('file:')) return { kind: 'url', url };
      file = fileURLToPath(url);
      if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
    }
    if (isFolder(file)) {
      const index = path.join(file, 'index.html');
      if (!fs.existsSync(index)) throw new UsageError(`${file} is a folder with no index.html: name a page inside it`);
      return { kind: 'file', file: index, root: this.root ?? file };
    }
    const root = this.root ?? path.dirname(file);
    if (!isInside(fs.realpathSync(root), fs.realpathSync(file))) throw new UsageError(`${file} is not inside --root ${root}`);
    return { kind: 'file', file, root };
  }

  /** The URL a window loads for a checked target (a file's starts its folder's server). */
  async urlOf(target: Target): Promise<string> {
    return target.kind === 'url' ? target.url : localFileUrl(this.server, target.file, target.root);
  }

  /** What people see for a URL: a served file's own path, never the server's address and token. */
  display(text: string): string {
    return this.server.present(text);
  }

  /** The file: URL of a file a served URL names (for --watch), else the URL as it is. */
  fileUrlOf(url: string): string {
    const served = this.server.fileOf(url);
    return served ? pathToFileURL(served.address).href : url;
  }

  dispose(): void {
    this.server.dispose();
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
