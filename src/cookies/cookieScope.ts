// Which cookies a request to a URL carries (RFC 6265 5.4), applied by the helper to what an engine
// answers for that URL. Engines filter already; this makes the rule the product's own, tested in
// its code, so that an engine (or a runtime stand-in) that answers too much cannot widen what a
// window's cookie view, export or agent sees. It is lenient wherever engines differ: a host-only
// cookie is not told apart from a domain cookie (engines spell them differently), and Secure
// cookies are kept for loopback hosts over http, which both engines treat as secure contexts.
import type { Cookie } from '../protocol';

/** Whether `host` is `domain` or a subdomain of it (a leading dot on the domain is ignored). */
export function domainMatches(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
  if (!d) return false;
  return h === d || h.endsWith(`.${d}`);
}

/** RFC 6265 5.1.4: the cookie's path is the request's, or a prefix of it ending at a "/". */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  const path = requestPath || '/';
  const scope = cookiePath || '/';
  if (path === scope) return true;
  if (!path.startsWith(scope)) return false;
  return scope.endsWith('/') || path[scope.length] === '/';
}

function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]' || h === '::1';
}

/** The cookies among `cookies` that a request to `url` would carry; all of them for a URL that is
 *  not http(s) (the engine answered for its own notion of the page). */
export function cookiesForUrl(cookies: Cookie[], url: string): Cookie[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return cookies;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return cookies;
  const secureAllowed = u.protocol === 'https:' || isLoopbackHost(u.hostname);
  return cookies.filter((c) => domainMatches(u.hostname, c.domain) && pathMatches(u.pathname, c.path) && (!c.secure || secureAllowed));
}
