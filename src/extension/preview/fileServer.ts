// How workspace files reach a native window: every file, local or remote, is served by the
// confined preview server (src/fileServer) under the root of its workspace folder, or of its own
// folder when it is in none. A page reads files of that root and nothing else. Remote files (any
// scheme but file) are read through vscode.workspace.fs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfinedFileServer, type PreviewRoot } from '../../fileServer/confinedServer';
import type { FileRead, FileSource } from '../../fileServer/fileSource';
import { localFileUrl, localRoot } from '../../fileServer/localPreview';

export class PreviewFileServer implements vscode.Disposable {
  private readonly server = new ConfinedFileServer();
  /** Root id -> the workspace file a served path names. */
  private readonly uriMakers = new Map<string, (segments: readonly string[]) => vscode.Uri>();

  /** Requests served, for the log: "GET address -> status". */
  set onServed(log: (line: string) => void) {
    this.server.onServed = log;
  }

  /** The URL a window loads for this workspace file; starts its root's server on first use. */
  async urlFor(uri: vscode.Uri): Promise<string> {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
    if (uri.scheme === 'file' && folder.scheme === 'file') {
      const root = localRoot(folder.fsPath);
      this.uriMakers.set(root.id, (segments) => vscode.Uri.joinPath(folder, ...segments));
      return localFileUrl(this.server, uri.fsPath, folder.fsPath);
    }
    const root: PreviewRoot = { id: folder.toString(), source: new WorkspaceFileSource(folder) };
    this.uriMakers.set(root.id, (segments) => vscode.Uri.joinPath(folder, ...segments));
    const relative = path.posix.relative(folder.path, uri.path);
    if (relative.startsWith('..')) throw new Error(`${uri.toString(true)} is not inside ${folder.toString(true)}`);
    return this.server.urlFor(root, relative === '' ? [] : relative.split('/'));
  }

  /** The workspace file behind a URL this server served, or undefined. */
  uriOf(url: string): vscode.Uri | undefined {
    const served = this.server.fileOf(url);
    return served ? this.uriMakers.get(served.rootId)?.(served.segments) : undefined;
  }

  /** Text with every served URL replaced by the file's own address: the token is never shown. */
  present(text: string): string {
    return this.server.present(text);
  }

  dispose(): void {
    this.server.dispose();
    this.uriMakers.clear();
  }
}

/**
 * Files of a workspace folder that is not on this machine. Symbolic links cannot be resolved
 * through vscode.workspace.fs, so none is followed: every name on the way is checked.
 */
class WorkspaceFileSource implements FileSource {
  constructor(private readonly root: vscode.Uri) {}

  address(segments: readonly string[]): string {
    return vscode.Uri.joinPath(this.root, ...segments).toString(true);
  }

  async read(segments: readonly string[], maxBytes: number): Promise<FileRead> {
    let uri = this.root;
    let stat: vscode.FileStat | undefined;
    for (const segment of segments) {
      uri = vscode.Uri.joinPath(uri, segment);
      try {
        stat = await vscode.workspace.fs.stat(uri);
      } catch (err) {
        if (err instanceof vscode.FileSystemError && (err.code === 'FileNotFound' || err.code === 'EntryNotFound' || err.code === 'FileNotADirectory')) return { kind: 'missing' };
        throw err;
      }
      if (stat.type & vscode.FileType.SymbolicLink) return { kind: 'refused', reason: 'a symbolic link (not followed in a remote workspace)' };
    }
    if (!stat || stat.type & vscode.FileType.Directory) return { kind: 'folder' };
    if (!(stat.type & vscode.FileType.File)) return { kind: 'refused', reason: 'not a regular file' };
    if (stat.size > maxBytes) return { kind: 'tooLarge', size: stat.size };
    const body = await vscode.workspace.fs.readFile(uri);
    if (body.byteLength > maxBytes) return { kind: 'tooLarge', size: body.byteLength };
    return { kind: 'file', size: body.byteLength, body };
  }
}
