// The one way a window reaches local files: a loopback HTTP server per preview root (a workspace
// folder, or the folder of a file opened outside any workspace) that serves that root and nothing
// else. A server per root gives every root an origin of its own, so a page of one cannot read
// another's files. Used by the extension (local and remote workspaces) and by the CLI alike; the
// engines' file-URL access stays off.
//
// Rules, each for a reason:
// - 127.0.0.1 only, and only requests whose Host is 127.0.0.1:PORT or localhost:PORT: a web page
//   elsewhere cannot reach it through a DNS name rebound to 127.0.0.1.
// - a random path token: other local programs and users cannot read the workspace through the port.
//   It is in the page's address, so it is never shown to people: present() puts the file's own
//   address in its place wherever a URL is shown, copied or logged.
// - the path rule of servedPaths.ts, then real paths compared with the root by the file source.
// - reads off the request path with a size and a time bound, so one slow or huge file blocks no other.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { within } from '../timers';
import { contentTypeOf } from './contentTypes';
import type { FileRead, FileSource } from './fileSource';
import { parseServedPath, servedPath } from './servedPaths';

/** Largest file served: beyond it the page gets 413 instead of the server reading it whole. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** How long finding and opening one file may take before the page gets 504. */
export const READ_TIMEOUT_MS = 10_000;

export interface PreviewRoot {
  /** Names the root: the same id gets the same server. */
  id: string;
  source: FileSource;
}

interface RootServer {
  root: PreviewRoot;
  server: http.Server;
  port: number;
  token: string;
  origin: string;
}

/** A served file, as fileOf() reads it back from a URL. */
export interface ServedFile {
  rootId: string;
  segments: string[];
  /** The file's own address (a path, or a URI). */
  address: string;
}

export class ConfinedFileServer {
  private readonly starting = new Map<string, Promise<RootServer>>();
  /** Started servers by port, for reading URLs back synchronously. */
  private readonly byPort = new Map<number, RootServer>();
  /** One line per request for the log: "GET <address> -> 200". */
  onServed: (line: string) => void = () => undefined;

  /** The URL a window loads for a file below the root; starts the root's server on first use. */
  async urlFor(root: PreviewRoot, segments: readonly string[]): Promise<string> {
    const s = await this.serverOf(root);
    return `${s.origin}${servedPath(s.token, segments)}`;
  }

  /** The file a URL this server handed out names, or undefined for any other URL. */
  fileOf(url: string): ServedFile | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    const s = this.byPort.get(Number(u.port));
    if (!s || u.protocol !== 'http:' || (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost')) return undefined;
    const parsed = parseServedPath(u.pathname, s.token);
    if (parsed.kind !== 'file') return undefined;
    return { rootId: s.root.id, segments: parsed.segments, address: s.root.source.address(parsed.segments) };
  }

  /**
   * Text as people may see it: every URL of this server replaced by the file's own address, and
   * the token nowhere. For window URLs, error texts, logs, diagnostics, the clipboard.
   */
  present(text: string): string {
    let out = text;
    for (const s of this.byPort.values()) {
      // The path ends where encodeURIComponent's output would: a query, a ":line" or prose follows.
      const served = new RegExp(`http://(?:127\\.0\\.0\\.1|localhost):${s.port}/${s.token}(/[A-Za-z0-9\\-_.!~*%/]*)?`, 'g');
      out = out.replace(served, (_whole, pathname: string | undefined) => {
        const parsed = parseServedPath(`/${s.token}${pathname ?? '/'}`, s.token);
        return s.root.source.address(parsed.kind === 'file' ? parsed.segments : []);
      });
      out = out.split(s.token).join('…');
    }
    return out;
  }

  /** Stops every server; windows showing their files can no longer reload them. */
  dispose(): void {
    for (const s of this.byPort.values()) {
      s.server.closeAllConnections();
      s.server.close();
    }
    this.byPort.clear();
    this.starting.clear();
  }

  private serverOf(root: PreviewRoot): Promise<RootServer> {
    let started = this.starting.get(root.id);
    if (!started) {
      started = this.start(root);
      this.starting.set(root.id, started);
      started.catch(() => this.starting.delete(root.id));
    }
    return started;
  }

  private start(root: PreviewRoot): Promise<RootServer> {
    return new Promise((resolve, reject) => {
      const token = randomBytes(16).toString('hex');
      const server = http.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as AddressInfo).port;
        const s: RootServer = { root, server, port, token, origin: `http://127.0.0.1:${port}` };
        server.on('request', (req, res) => void this.handle(s, req, res).catch((err: Error) => {
          this.onServed(`${req.method} ${root.source.address([])} -> 500 (${err.message})`);
          if (!res.headersSent) plain(res, 500, 'the file could not be read');
          else res.destroy();
        }));
        this.byPort.set(port, s);
        resolve(s);
      });
    });
  }

  private async handle(s: RootServer, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${s.port}` && host !== `localhost:${s.port}`) {
      plain(res, 421, 'this server answers only to 127.0.0.1 and localhost');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    const target = req.url ?? '';
    if (!target.startsWith('/')) {
      plain(res, 400, 'bad request');
      return;
    }
    const [pathname] = splitSuffix(target);
    const parsed = parseServedPath(pathname, s.token);
    if (parsed.kind === 'notOurs') {
      plain(res, 404, 'not found');
      return;
    }
    if (parsed.kind === 'refused') {
      this.onServed(`${req.method} ${s.root.source.address([])} (${parsed.reason}) -> 403`);
      plain(res, 403, `refused: ${parsed.reason}`);
      return;
    }
    const relative = `/${parsed.segments.join('/')}`;
    const wanted = parsed.folder ? [...parsed.segments, 'index.html'] : parsed.segments;
    const address = s.root.source.address(wanted);
    const read = await readWithin(s.root.source, wanted);
    const log = (status: number, why = ''): void => this.onServed(`${req.method} ${address} -> ${status}${why ? ` (${why})` : ''}`);
    switch (read.kind) {
      case 'timedOut':
        log(504);
        plain(res, 504, `reading ${relative} took longer than ${READ_TIMEOUT_MS / 1000} s`);
        return;
      case 'folder':
        // Relative links of the folder's index page must resolve inside the folder.
        res.writeHead(301, { location: `${pathname}/`, 'cache-control': 'no-store' }).end();
        return;
      case 'missing':
        log(404);
        plain(res, 404, parsed.folder ? `no index.html in ${relative}` : `not found: ${relative}`);
        return;
      case 'refused':
        log(403, read.reason);
        plain(res, 403, `refused: ${relative} is not a file of this preview (${read.reason.replace(/\/[^\s]*/g, '…')})`);
        return;
      case 'tooLarge':
        log(413);
        plain(res, 413, `${relative} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
        return;
      case 'file':
        break;
    }
    res.writeHead(200, {
      ...SAFE_HEADERS,
      'content-type': contentTypeOf(wanted[wanted.length - 1] ?? ''),
      'content-length': read.size,
    });
    log(200);
    const body = read.body instanceof Readable ? read.body : Readable.from([Buffer.from(read.body)]);
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    pipeline(body, res, () => undefined); // a page that goes away mid-file just ends the stream
  }
}

/** Sent with every file: read again after a save, not sniffed, not embeddable by other origins,
 *  and no address with the token in a Referer. */
const SAFE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'same-origin',
};

type BoundedRead = FileRead | { kind: 'timedOut' };

async function readWithin(source: FileSource, segments: readonly string[]): Promise<BoundedRead> {
  const reading = source.read(segments, MAX_FILE_BYTES);
  const result = await within<FileRead, BoundedRead>(reading, READ_TIMEOUT_MS, { kind: 'timedOut' });
  if (result.kind === 'timedOut') {
    // A read that ends after its page was answered must not keep a file open.
    reading.then((late) => { if (late.kind === 'file' && late.body instanceof Readable) late.body.destroy(); }, () => undefined);
  }
  return result;
}

function plain(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SAFE_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

/** "/a/b?x#y" -> ["/a/b", "?x#y"] */
function splitSuffix(target: string): [string, string] {
  const at = target.search(/[?#]/);
  return at < 0 ? [target, ''] : [target.slice(0, at), target.slice(at)];
}
