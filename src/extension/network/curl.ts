// "Copy as curl": one request as a curl command line for a POSIX shell. Every word the page chose
// (URL, method, header names and values) is single-quoted, so nothing in it is expanded or ends the
// command. A header holding a line break or NUL cannot be passed to curl as it was sent (curl would
// send a second header, or cut it): it is left out and named, never altered silently.
import type { NetworkEntry } from '../../network/protocol';

/** A word for a POSIX shell: single quotes, each ' written as '\'' (nothing inside single quotes expands). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CurlCommand {
  text: string;
  /** Header names left out because their values cannot be passed to curl unchanged. */
  omitted: string[];
}

/** Headers curl works out itself (or that HTTP/2 pseudo-headers name): copying them would be wrong. */
const LEFT_TO_CURL = new Set(['content-length', 'host', 'connection']);
const METHOD = /^[A-Za-z!#$%&'*+.^_`|~0-9-]+$/;

export function curlCommand(e: Pick<NetworkEntry, 'method' | 'url' | 'requestHeaders'>): CurlCommand {
  if (/[\0\r\n]/.test(e.url)) throw new Error('the URL holds a line break or NUL: it cannot be given to curl as it is');
  if (!METHOD.test(e.method)) throw new Error('the request method is not a valid HTTP token');
  // A URL always starts with its scheme; anything else goes behind --url so it cannot read as an option.
  const words = [/^[A-Za-z][A-Za-z0-9+.-]*:/.test(e.url) ? shellQuote(e.url) : `--url ${shellQuote(e.url)}`];
  if (e.method === 'HEAD') words.push('--head');
  else if (e.method !== 'GET') words.push(`-X ${shellQuote(e.method)}`);
  const omitted: string[] = [];
  let compressed = false;
  for (const h of e.requestHeaders) {
    const name = h.name.toLowerCase();
    if (name.startsWith(':') || LEFT_TO_CURL.has(name)) continue;
    if (/[\0\r\n:]/.test(h.name) || /[\0\r\n]/.test(h.value) || h.name === '') { omitted.push(h.name); continue; }
    if (name === 'accept-encoding') compressed = true;
    // "Name;" is curl's way to send a header with an empty value ("Name:" would remove it).
    words.push(`-H ${shellQuote(h.value === '' ? `${h.name};` : `${h.name}: ${h.value}`)}`);
  }
  if (compressed) words.push('--compressed');
  return { text: `curl ${words.join(' \\\n  ')}`, omitted };
}
