// A loopback HTTP server in the extension host that serves workspace files read through
// vscode.workspace.fs: how a native window on this machine shows files of a remote workspace
// (or of any file system that is not the local disk). Started on first use, on 127.0.0.1 only,
// behind a random path token.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { contentTypeOf, servedUri, servedUrl } from './previewRemote';

export class PreviewFileServer implements vscode.Disposable {
  private server: http.Server | undefined;
  private origin: Promise<string> | undefined;
  private readonly token = randomBytes(12).toString('hex');
  /** Requests served, for the log: "GET path -> status". */
  onServed: (line: string) => void = () => undefined;

  /** The URL a window loads for this workspace file; starts the server on first use. */
  async urlFor(uri: vscode.Uri): Promise<string> {
    return servedUrl(await this.start(), this.token, uri);
  }

  /** The workspace file behind a URL this server served, or undefined. */
  uriOf(url: string): vscode.Uri | undefined {
    if (!this.server) return undefined;
    const parts = servedUri(url, this.token);
    return parts ? vscode.Uri.from(parts) : undefined;
  }

  private start(): Promise<string> {
    this.origin ??= new Promise<string>((resolve, reject) => {
      const server = http.createServer((req, res) => void this.handle(req, res));
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        this.server = server;
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      });
    });
    return this.origin;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const parts = servedUri(req.url ?? '', this.token);
    if (!parts || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(parts ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8' }).end(parts ? 'method not allowed' : 'not found');
      return;
    }
    let uri = vscode.Uri.from(parts);
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) {
        if (!uri.path.endsWith('/')) { // relative links of the index page must resolve inside the folder
          res.writeHead(301, { location: `${new URL(req.url!, 'http://x').pathname}/` }).end();
          return;
        }
        uri = vscode.Uri.joinPath(uri, 'index.html');
      }
      const body = await vscode.workspace.fs.readFile(uri);
      res.writeHead(200, {
        'content-type': contentTypeOf(uri.path),
        'content-length': body.byteLength,
        'cache-control': 'no-store', // a reload after a save must read the file again
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(body));
      this.onServed(`${req.method} ${uri.toString()} -> 200`);
    } catch (err) {
      const missing = err instanceof vscode.FileSystemError && (err.code === 'FileNotFound' || err.code === 'EntryNotFound');
      res.writeHead(missing ? 404 : 500, { 'content-type': 'text/plain; charset=utf-8' }).end(missing ? `not found: ${uri.path}` : `cannot read ${uri.path}: ${(err as Error).message}`);
      this.onServed(`${req.method} ${uri.toString()} -> ${missing ? 404 : 500}`);
    }
  }

  dispose(): void {
    this.server?.closeAllConnections();
    this.server?.close();
    this.server = undefined;
    this.origin = undefined;
  }
}
