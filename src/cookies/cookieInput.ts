// Checks a cookie to add or edit before it reaches an engine, with the rules browsers apply, so
// that a bad cookie is refused with a reason instead of being dropped silently by the engine.
import { SAME_SITE_VALUES, type CookieInput, type SameSite } from '../protocol';

export class CookieInputError extends Error {}

export type CheckedCookie = Required<CookieInput>;

// RFC 6265 token characters for the name; the value may not hold ; , " \ or controls.
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\u0000-\u001f\u007f;,"\\]/;
const HOST = /^\.?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function checkCookieInput(input: unknown): CheckedCookie {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new CookieInputError('cookie must be an object with name, value and domain');
  const c = input as Record<string, unknown>;
  const name = c.name;
  if (typeof name !== 'string' || !NAME.test(name)) throw new CookieInputError(`cookie name ${JSON.stringify(name)} is not a valid name (letters, digits and !#$%&'*+-.^_\`|~ only)`);
  const value = c.value;
  if (typeof value !== 'string') throw new CookieInputError(`cookie "${name}": value must be a string`);
  if (BAD_VALUE.test(value) || value !== value.trim()) throw new CookieInputError(`cookie "${name}": the value may not hold ; , " \\, control characters or leading/trailing spaces`);
  const domain = c.domain;
  if (typeof domain !== 'string' || !HOST.test(domain) || domain.length > 253) throw new CookieInputError(`cookie "${name}": domain ${JSON.stringify(domain)} is not a host name (a leading dot makes it a domain cookie)`);
  const path = c.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/') || /[\u0000-\u001f\u007f;]/.test(path)) throw new CookieInputError(`cookie "${name}": path must start with "/"`);
  const expires = c.expires ?? null;
  if (expires !== null && (typeof expires !== 'number' || !Number.isFinite(expires) || expires <= 0)) {
    throw new CookieInputError(`cookie "${name}": expires must be Unix seconds (a positive number) or null for a session cookie`);
  }
  if (c.session !== undefined && typeof c.session !== 'boolean') throw new CookieInputError(`cookie "${name}": session must be true or false`);
  if (c.session === true && expires !== null) throw new CookieInputError(`cookie "${name}": a session cookie has no expiry (expires must be null)`);
  if (c.session === false && expires === null) throw new CookieInputError(`cookie "${name}": a persistent cookie needs expires (Unix seconds)`);
  const flag = (key: string): boolean => {
    const v = c[key] ?? false;
    if (typeof v !== 'boolean') throw new CookieInputError(`cookie "${name}": ${key} must be true or false`);
    return v;
  };
  const httpOnly = flag('httpOnly');
  const secure = flag('secure');
  const sameSite = c.sameSite ?? 'lax';
  if (typeof sameSite !== 'string' || !(SAME_SITE_VALUES as readonly string[]).includes(sameSite)) throw new CookieInputError(`cookie "${name}": sameSite must be none, lax or strict`);
  if (sameSite === 'none' && !secure) throw new CookieInputError(`cookie "${name}": SameSite=None needs Secure (browsers refuse it otherwise)`);
  if (name.startsWith('__Secure-') && !secure) throw new CookieInputError(`cookie "${name}": a __Secure- cookie must be Secure`);
  if (name.startsWith('__Host-') && (!secure || path !== '/' || domain.startsWith('.'))) throw new CookieInputError(`cookie "${name}": a __Host- cookie must be Secure, host-only and have path "/"`);
  const known = new Set(['name', 'value', 'domain', 'path', 'expires', 'httpOnly', 'secure', 'sameSite', 'session']);
  const unknown = Object.keys(c).filter((k) => !known.has(k));
  if (unknown.length) throw new CookieInputError(`cookie "${name}": unknown field(s) ${unknown.join(', ')}`);
  return { name, value, domain: domain.toLowerCase(), path, expires: expires === null ? null : Math.floor(expires), httpOnly, secure, sameSite: sameSite as SameSite };
}
