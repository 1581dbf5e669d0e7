// Snapshots of a window's cookies and what changed between two of them: the login-flow check.
// A cookie is the same cookie when name, domain and path match (the engines' own identity).
import type { Cookie } from '../protocol';
import { maskValue } from '../client/format';

export interface CookieSnapshot {
  windowId: number;
  url: string;
  /** Epoch milliseconds. */
  takenAt: number;
  cookies: Cookie[];
}

export type CookieField = 'value' | 'expires' | 'httpOnly' | 'secure' | 'sameSite' | 'session';
const FIELDS: readonly CookieField[] = ['value', 'expires', 'httpOnly', 'secure', 'sameSite', 'session'];

export interface CookieChange {
  name: string;
  domain: string;
  path: string;
  /** What differs; 'value' when the value changed (the values themselves stay masked). */
  fields: CookieField[];
  before: Cookie;
  after: Cookie;
}

export interface CookieDiff {
  added: Cookie[];
  removed: Cookie[];
  changed: CookieChange[];
  unchanged: number;
}

export function cookieKey(c: Pick<Cookie, 'name' | 'domain' | 'path'>): string {
  return `${c.name}\u0000${c.domain}\u0000${c.path}`;
}

/** The differences from `before` to `after`; values masked unless `reveal`. */
export function diffCookies(before: Cookie[], after: Cookie[], reveal = false): CookieDiff {
  const show = (c: Cookie): Cookie => (reveal ? { ...c } : { ...c, value: maskValue(c.value) });
  const old = new Map(before.map((c) => [cookieKey(c), c]));
  const now = new Map(after.map((c) => [cookieKey(c), c]));
  const diff: CookieDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, c] of now) {
    const was = old.get(key);
    if (!was) { diff.added.push(show(c)); continue; }
    const fields = FIELDS.filter((f) => was[f] !== c[f]);
    if (fields.length === 0) diff.unchanged++;
    else diff.changed.push({ name: c.name, domain: c.domain, path: c.path, fields, before: show(was), after: show(c) });
  }
  for (const [key, c] of old) if (!now.has(key)) diff.removed.push(show(c));
  const byKey = (a: { name: string; domain: string; path: string }, b: typeof a) => cookieKey(a).localeCompare(cookieKey(b));
  diff.added.sort(byKey);
  diff.removed.sort(byKey);
  diff.changed.sort(byKey);
  return diff;
}

/** One line per difference, for the output channel and the CLI. */
export function formatDiff(diff: CookieDiff): string[] {
  const where = (c: { name: string; domain: string; path: string }) => `${c.name} (${c.domain}${c.path})`;
  const lines = [
    `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`,
    ...diff.added.map((c) => `+ ${where(c)}`),
    ...diff.removed.map((c) => `- ${where(c)}`),
    ...diff.changed.map((c) => `~ ${where(c)}: ${c.fields.map((f) => (f === 'value' ? 'value changed' : `${f} ${String(c.before[f])} -> ${String(c.after[f])}`)).join(', ')}`),
  ];
  return lines;
}
