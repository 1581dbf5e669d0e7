// Turning what a user typed into a URL a window can navigate to, or a clear reason why not.
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';

const NAVIGABLE = new Set(['http:', 'https:', 'file:', 'about:', 'data:']);

export class InvalidUrlError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`"${input}" is not a URL a window can open: ${reason}`);
  }
}

/**
 * Accepts a full URL, a host with an optional port and path ("localhost:8080/x" becomes http,
 * "example.com" becomes https), or an absolute file path.
 */
export function toNavigableUrl(input: string): string {
  const text = input.trim();
  if (!text) throw new InvalidUrlError(input, 'it is empty');
  if (path.isAbsolute(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return pathToFileURL(text).href;

  const schemeMatch = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  let candidate = text;
  if (!schemeMatch || isHostWithPort(text)) {
    if (/\s/.test(text)) throw new InvalidUrlError(input, 'it contains white space and no scheme');
    const local = /^(localhost|127\.|\[::1\])/i.test(text);
    candidate = `${local ? 'http' : 'https'}://${text}`;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new InvalidUrlError(input, 'it cannot be parsed');
  }
  if (!NAVIGABLE.has(url.protocol)) {
    throw new InvalidUrlError(input, `the scheme ${url.protocol} is not supported (use http, https, file, about or data)`);
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:')) {
    if (!url.hostname) throw new InvalidUrlError(input, 'it has no host');
    if (!isPlausibleHost(url.hostname)) throw new InvalidUrlError(input, `"${url.hostname}" is not a host name`);
  }
  return url.href;
}

/** "localhost:8080" parses as scheme "localhost"; a number after the colon says it is a port. */
function isHostWithPort(text: string): boolean {
  return /^[a-z0-9.-]+:\d+(\/|$)/i.test(text);
}

function isPlausibleHost(host: string): boolean {
  if (host.startsWith('[')) return true; // IPv6 literal, already validated by URL
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(host) && !host.split('.').some((l) => l.startsWith('-') || l.endsWith('-'));
}

/**
 * What the window's address field opens: what Open URL accepts (a URL, or host[:port][/path]
 * completed to http for loopback and https otherwise), but only http and https. A page's own
 * schemes (javascript:, data:) and local files never come in through the field.
 */
export function toAddressFieldUrl(input: string): string {
  const text = input.trim();
  const typed = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  const scheme = typed && !isHostWithPort(text) ? `${typed[1].toLowerCase()}:` : new URL(toNavigableUrl(input)).protocol;
  if (scheme !== 'http:' && scheme !== 'https:') {
    throw new InvalidUrlError(input, `the address field opens only http and https addresses, not ${scheme}`);
  }
  return toNavigableUrl(input);
}
