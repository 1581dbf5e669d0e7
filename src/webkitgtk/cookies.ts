// Reading a window's cookies on Linux: webkit_cookie_manager_get_cookies of its environment, waited
// for with the glib strategy, each SoupCookie mapped to the protocol's Cookie.
import type { Cookie } from '../protocol';
import { toCookie } from '../helper/cookieMapping';
import { EngineError, InvalidInputError } from '../helper/errors';
import type { GlibWaits } from './wait';
import type { GtkWindow } from './windows';
import { type Ffi, type Ptr, listData, takeError } from './ffi';

export function getCookies(gtk: Ffi, waits: GlibWaits, w: GtkWindow, url?: string): Cookie[] {
  const uri = url ?? gtk.webkit_web_view_get_uri(w.view);
  if (!uri) throw new InvalidInputError(`window ${w.id} has no URL yet to read cookies for`);
  const manager = w.env.cookieManager;
  return waits.wait<Cookie[]>({ site: 'getCookies', windowId: w.id }, (completion) => {
    const token = waits.onAsync((_source, result) => {
      const error: [Ptr] = [null];
      const list = gtk.webkit_cookie_manager_get_cookies_finish(manager, result, error) as Ptr;
      const failure = takeError(gtk, error[0]);
      const cookies = listData(list).map((c) => readCookie(gtk, c));
      gtk.g_list_free(list);
      if (failure) completion.reject(new EngineError('getCookies', failure.code, failure.message));
      else completion.resolve(cookies);
    });
    gtk.webkit_cookie_manager_get_cookies(manager, uri, null, waits.asyncReady, token);
  });
}

/** Maps a SoupCookie we own to a Cookie, and frees it. */
function readCookie(g: Ffi, c: bigint): Cookie {
  const expires = g.soup_cookie_get_expires(c) as Ptr;
  const cookie = toCookie({
    name: g.soup_cookie_get_name(c) ?? '',
    value: g.soup_cookie_get_value(c) ?? '',
    domain: g.soup_cookie_get_domain(c) ?? '',
    path: g.soup_cookie_get_path(c) ?? '/',
    expires: expires ? Number(g.g_date_time_to_unix(expires)) : null,
    httpOnly: g.soup_cookie_get_http_only(c) !== 0,
    secure: g.soup_cookie_get_secure(c) !== 0,
    sameSiteCode: g.soup_cookie_get_same_site_policy(c) as number,
  });
  g.soup_cookie_free(c);
  return cookie;
}
