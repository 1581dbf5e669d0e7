// The path part of a URL the preview server hands out: /TOKEN/segment/segment..., and the one rule
// that turns a request's path back into file names under the root, refusing anything that could
// step outside it (dot segments, separators and NULs hidden by percent-encoding, drive letters and
// alternate data streams on Windows). Free of the file system: the caller still resolves real paths.

export type ParsedPath =
  | { kind: 'file'; segments: string[]; folder: boolean }
  | { kind: 'notOurs' }
  | { kind: 'refused'; reason: string };

/** The path of a file under the root: each segment encoded, folders kept for relative links. */
export function servedPath(token: string, segments: readonly string[]): string {
  return `/${token}/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * The file names a request path (without query or fragment) asks for. `notOurs` for a path without
 * the token; `refused` for one that is the token's but names no file under the root.
 * A trailing slash (or the bare token) asks for a folder.
 */
export function parseServedPath(pathname: string, token: string): ParsedPath {
  const raw = pathname.split('/');
  // ['', token, ...segments]
  if (raw.length < 2 || raw[0] !== '' || raw[1] !== token) return { kind: 'notOurs' };
  const rest = raw.slice(2);
  const folder = rest.length === 0 || rest[rest.length - 1] === '';
  const segments: string[] = [];
  for (const [i, encoded] of rest.entries()) {
    if (encoded === '') {
      if (i === rest.length - 1) break; // the folder marker
      return { kind: 'refused', reason: 'empty path segment' };
    }
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      return { kind: 'refused', reason: 'malformed percent-encoding' };
    }
    const problem = segmentProblem(name);
    if (problem) return { kind: 'refused', reason: problem };
    segments.push(name);
  }
  return { kind: 'file', segments, folder };
}

/** Why a decoded segment is not a plain file name, or undefined if it is one. */
export function segmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return 'dot segment';
  if (name.includes('/') || name.includes('\\')) return 'path separator inside a name';
  if (name.includes('\0')) return 'NUL in a name';
  // "C:", "file.txt::$DATA": a drive or an alternate data stream on Windows; refused everywhere so
  // that one rule holds on both platforms.
  if (name.includes(':')) return 'colon in a name';
  return undefined;
}
