// The hosts whose untrusted TLS certificates a window accepts (self-signed dev servers). Exact
// host names or IP addresses only: no wildcards, no ports, no schemes, so that "exactly those
// hosts and no others" holds.
export class TrustedHostError extends Error {}

const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const IPV6 = /^[0-9a-f:.]+$/;

/** One host as the engines compare it: lower case, IPv6 without brackets. */
export function checkTrustedHost(entry: unknown): string {
  if (typeof entry !== 'string' || !entry.trim()) throw new TrustedHostError('a trusted certificate host must be a host name such as localhost');
  const text = entry.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text) || text.includes('/')) {
    throw new TrustedHostError(`"${entry}" is a URL; give only its host name (e.g. ${safeHost(text) ?? 'localhost'})`);
  }
  if (text.includes('*')) throw new TrustedHostError(`"${entry}": wildcards are not accepted; list each host`);
  const bracketed = /^\[([0-9a-f:.]+)\]$/.exec(text);
  if (bracketed) return bracketed[1];
  if (IPV4.test(text) || (text.includes(':') && IPV6.test(text) && text.split(':').length > 2)) return text;
  if (/:\d+$/.test(text)) throw new TrustedHostError(`"${entry}": give the host without a port (${text.replace(/:\d+$/, '')})`);
  if (!HOST_NAME.test(text)) throw new TrustedHostError(`"${entry}" is not a host name`);
  return text;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '') || undefined;
  } catch {
    return undefined;
  }
}

/** A checked, de-duplicated list; throws on the first bad entry. */
export function checkTrustedHosts(entries: readonly unknown[]): string[] {
  return [...new Set(entries.map(checkTrustedHost))];
}

/** Whether a URL's host is in the list (exact match). */
export function isTrustedHost(url: string, hosts: readonly string[] | undefined): boolean {
  if (!hosts?.length) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return hosts.some((h) => h.toLowerCase().replace(/^\[|\]$/g, '') === host);
}

export function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return url;
  }
}
