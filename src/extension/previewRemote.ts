// How workspace files that are not on this machine (Remote-SSH, WSL, Dev Containers, Codespaces,
// any non-file scheme) reach a native window: as URLs of a loopback server in the extension host,
// and back again, so that a save finds the windows showing them. Free of the vscode module.

/** The parts of a URI this mapping needs (vscode.Uri has them). */
export interface UriParts {
  scheme: string;
  authority: string;
  path: string;
}

/**
 * The served URL of a workspace file: http://127.0.0.1:PORT/TOKEN/SCHEME/AUTHORITY/PATH. The
 * token keeps other local programs from reading the workspace through the server; the path keeps
 * its folders, so the page's relative links resolve to files beside it.
 */
export function servedUrl(origin: string, token: string, uri: UriParts): string {
  const segments = uri.path.split('/').filter((s, i) => i > 0 || s !== '').map(encodeURIComponent);
  return `${origin}/${token}/${encodeURIComponent(uri.scheme)}/${encodeURIComponent(uri.authority || '-')}/${segments.join('/')}`;
}

/** The workspace file a served URL (or a path of the server) names, or undefined if it is not one. */
export function servedUri(urlOrPath: string, token: string): UriParts | undefined {
  let pathname: string;
  try {
    pathname = urlOrPath.startsWith('/') ? urlOrPath.split(/[?#]/)[0] : new URL(urlOrPath).pathname;
  } catch {
    return undefined;
  }
  const parts = pathname.split('/');
  // ['', token, scheme, authority, ...path]
  if (parts.length < 5 || parts[1] !== token) return undefined;
  try {
    const scheme = decodeURIComponent(parts[2]);
    const authority = decodeURIComponent(parts[3]);
    const rest = parts.slice(4).map(decodeURIComponent);
    if (!/^[a-z][a-z0-9+.-]*$/i.test(scheme) || rest.some((s) => s === '..' || s === '.' || s.includes('/'))) return undefined;
    return { scheme, authority: authority === '-' ? '' : authority, path: `/${rest.join('/')}` };
  } catch {
    return undefined; // malformed percent-encoding
  }
}

/** Whether a URL names a port on the loopback interface of the machine the extension host sees. */
export function isLoopbackUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const h = u.hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]' || h === '0.0.0.0';
}

/** With a remote workspace and the extension on the user's machine, the remote's localhost needs
 *  forwarding; anywhere else a loopback URL already names the right machine. */
export function needsForwarding(url: string, remoteName: string | undefined, runsOnUiSide: boolean): boolean {
  return remoteName !== undefined && runsOnUiSide && isLoopbackUrl(url);
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', htm: 'text/html; charset=utf-8', xhtml: 'application/xhtml+xml',
  css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
  json: 'application/json', map: 'application/json', svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg',
  jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', ico: 'image/x-icon',
  woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf', wasm: 'application/wasm',
  txt: 'text/plain; charset=utf-8', xml: 'application/xml', pdf: 'application/pdf', mp4: 'video/mp4',
  webm: 'video/webm', mp3: 'audio/mpeg', wav: 'audio/wav',
};

export function contentTypeOf(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
