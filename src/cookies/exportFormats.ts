// Cookie exports in the formats other tools read: JSON (this project's own shape), Netscape
// cookies.txt (curl -b, wget --load-cookies) and Playwright's storageState.
import type { Cookie } from '../protocol';

export const EXPORT_FORMATS = ['json', 'netscape', 'playwright'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(text: string): text is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(text);
}

export class ExportError extends Error {}

export function exportCookies(cookies: Cookie[], format: ExportFormat): string {
  switch (format) {
    case 'json': return `${JSON.stringify(cookies, null, 2)}\n`;
    case 'netscape': return toNetscape(cookies);
    case 'playwright': return `${JSON.stringify(toPlaywright(cookies), null, 2)}\n`;
  }
}

/**
 * cookies.txt: seven tab-separated fields per cookie (domain, include-subdomains, path, secure,
 * expiry, name, value). A domain cookie is stored by the engines with a leading dot and matches
 * subdomains (TRUE); a host-only cookie has none (FALSE). Session cookies have expiry 0. HttpOnly
 * cookies get the `#HttpOnly_` prefix curl writes and reads.
 */
export function toNetscape(cookies: Cookie[]): string {
  const lines = ['# Netscape HTTP Cookie File', '# Written by webview2-host. Holds session secrets: keep it private.', ''];
  for (const c of cookies) {
    for (const [field, text] of [['name', c.name], ['value', c.value], ['domain', c.domain], ['path', c.path]] as const) {
      if (/[\t\r\n]/.test(text)) throw new ExportError(`cookie "${c.name}" cannot be written as cookies.txt: its ${field} holds a tab or line break`);
    }
    if (!c.domain) throw new ExportError(`cookie "${c.name}" has no domain`);
    lines.push([
      `${c.httpOnly ? '#HttpOnly_' : ''}${c.domain}`,
      c.domain.startsWith('.') ? 'TRUE' : 'FALSE',
      c.path || '/',
      c.secure ? 'TRUE' : 'FALSE',
      String(c.session || c.expires === null ? 0 : Math.floor(c.expires)),
      c.name,
      c.value,
    ].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

export interface PlaywrightCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds; -1 for a session cookie. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
}

export interface PlaywrightStorageState {
  cookies: PlaywrightCookie[];
  origins: [];
}

const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

/** Playwright's storageState: `browser.newContext({ storageState })` loads it as it is. */
export function toPlaywright(cookies: Cookie[]): PlaywrightStorageState {
  return {
    cookies: cookies.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path || '/',
      expires: c.session || c.expires === null ? -1 : c.expires,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: SAME_SITE[c.sameSite],
    })),
    origins: [],
  };
}
