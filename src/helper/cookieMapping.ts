// Turns the raw fields an engine hands back into the one Cookie shape of the protocol.
// libsoup's SoupSameSitePolicy and WebView2's COREWEBVIEW2_COOKIE_SAME_SITE_KIND share numbering
// (the protocol's SAME_SITE_VALUES order).
import { SAME_SITE_VALUES, type Cookie, type SameSite } from '../protocol';

export interface RawCookie extends Pick<Cookie, 'name' | 'value' | 'domain' | 'path' | 'httpOnly' | 'secure'> {
  /** Unix seconds; null, or a negative number (WebView2 uses -1), for a session cookie. */
  expires: number | null;
  sameSiteCode: number;
  /** When the engine says so itself; otherwise derived from expires. */
  session?: boolean;
}

export function sameSiteName(code: number): SameSite {
  const name = SAME_SITE_VALUES[code];
  if (!name) throw new RangeError(`unknown SameSite code ${code}`);
  return name;
}

/** The engines' code of a SameSite value. */
export function sameSiteCode(name: SameSite): number {
  return SAME_SITE_VALUES.indexOf(name);
}

export function toCookie(raw: RawCookie): Cookie {
  const hasExpiry = raw.expires !== null && raw.expires >= 0 && Number.isFinite(raw.expires);
  const session = raw.session ?? !hasExpiry;
  return {
    name: raw.name,
    value: raw.value,
    domain: raw.domain,
    path: raw.path,
    expires: session || !hasExpiry ? null : Math.floor(raw.expires as number),
    httpOnly: raw.httpOnly,
    secure: raw.secure,
    sameSite: sameSiteName(raw.sameSiteCode),
    session,
  };
}
