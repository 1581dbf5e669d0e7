// The proxy an environment uses, checked and rewritten to scheme://host:port so that nothing else
// (paths, credentials, extra switches) can reach the engine's command line or settings.
export class ProxyUrlError extends Error {}

const SCHEMES: Record<string, number> = { 'http:': 80, 'https:': 443, 'socks4:': 1080, 'socks5:': 1080 };

export function checkProxyUrl(text: unknown): string {
  if (typeof text !== 'string' || !text.trim()) throw new ProxyUrlError('a proxy must be a URL such as http://127.0.0.1:8080');
  const raw = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyUrlError(`"${text}" is not a proxy URL (expected e.g. http://127.0.0.1:8080)`);
  }
  const fallback = SCHEMES[url.protocol];
  if (fallback === undefined) throw new ProxyUrlError(`"${text}": the proxy scheme must be http, https, socks4 or socks5`);
  if (url.username || url.password) throw new ProxyUrlError(`"${text}": credentials in the proxy URL are not supported`);
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) throw new ProxyUrlError(`"${text}": a proxy URL has no path, query or fragment`);
  if (!url.hostname) throw new ProxyUrlError(`"${text}" has no host`);
  return `${url.protocol}//${url.hostname}:${url.port || fallback}`;
}
