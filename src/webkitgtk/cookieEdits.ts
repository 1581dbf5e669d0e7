// Changing cookies on Linux: add or replace one (webkit_cookie_manager_add_cookie), delete one
// (webkit_cookie_manager_delete_cookie), and clear an environment's (the website data manager's
// clear of WEBKIT_WEBSITE_DATA_COOKIES). Each waited for with the glib strategy.
import type { CheckedCookie } from '../cookies/cookieInput';
import { EngineError, InvalidInputError } from '../helper/errors';
import type { WaitSite } from '../helper/ledger';
import { sameSiteCode } from '../helper/cookieMapping';
import type { GlibWaits } from './wait';
import type { Environment } from './environments';
import { type Ffi, type Ptr, WEBSITE_DATA_COOKIES, listData, takeError } from './ffi';

type FinishBool = (manager: bigint, result: Ptr, error: [Ptr]) => number;

/** Runs one GIO-style async call that answers TRUE or a GError, and waits for it. */
function awaitDone(gtk: Ffi, waits: GlibWaits, site: WaitSite, windowId: number, manager: bigint, finish: FinishBool, start: (token: bigint) => void): void {
  waits.wait<void>({ site, windowId }, (completion) => {
    const token = waits.onAsync((_source, result) => {
      const error: [Ptr] = [null];
      const ok = finish(manager, result, error);
      const failure = takeError(gtk, error[0]);
      if (failure || !ok) completion.reject(new EngineError(site, failure?.code ?? 'FALSE', failure?.message ?? 'the engine refused'));
      else completion.resolve();
    });
    start(token);
  });
}

/** Every cookie of the environment as SoupCookies we own; the caller frees them. */
function allSoupCookies(gtk: Ffi, waits: GlibWaits, windowId: number, env: Environment): bigint[] {
  return waits.wait<bigint[]>({ site: 'getCookies', windowId }, (completion) => {
    const token = waits.onAsync((_source, result) => {
      const error: [Ptr] = [null];
      const list = gtk.webkit_cookie_manager_get_all_cookies_finish(env.cookieManager, result, error) as Ptr;
      const failure = takeError(gtk, error[0]);
      const cookies = listData(list);
      gtk.g_list_free(list);
      if (failure) completion.reject(new EngineError('getCookies', failure.code, failure.message));
      else completion.resolve(cookies);
    });
    gtk.webkit_cookie_manager_get_all_cookies(env.cookieManager, null, waits.asyncReady, token);
  });
}

export function setCookie(gtk: Ffi, waits: GlibWaits, windowId: number, env: Environment, c: CheckedCookie): void {
  const cookie = gtk.soup_cookie_new(c.name, c.value, c.domain, c.path, -1) as bigint;
  try {
    gtk.soup_cookie_set_http_only(cookie, c.httpOnly ? 1 : 0);
    gtk.soup_cookie_set_secure(cookie, c.secure ? 1 : 0);
    gtk.soup_cookie_set_same_site_policy(cookie, sameSiteCode(c.sameSite));
    if (c.expires !== null) {
      const when = gtk.g_date_time_new_from_unix_utc(c.expires) as bigint;
      gtk.soup_cookie_set_expires(cookie, when);
      gtk.g_date_time_unref(when);
    }
    awaitDone(gtk, waits, 'setCookie', windowId, env.cookieManager, gtk.webkit_cookie_manager_add_cookie_finish as FinishBool,
      (token) => gtk.webkit_cookie_manager_add_cookie(env.cookieManager, cookie, null, waits.asyncReady, token));
  } finally {
    gtk.soup_cookie_free(cookie);
  }
}

export function deleteCookie(gtk: Ffi, waits: GlibWaits, windowId: number, env: Environment, name: string, domain: string, path: string): void {
  const cookies = allSoupCookies(gtk, waits, windowId, env);
  try {
    const match = cookies.find((c) => gtk.soup_cookie_get_name(c) === name && gtk.soup_cookie_get_domain(c) === domain && gtk.soup_cookie_get_path(c) === path);
    if (!match) throw new InvalidInputError(`no cookie "${name}" for ${domain}${path} in window ${windowId}'s environment`);
    awaitDone(gtk, waits, 'deleteCookie', windowId, env.cookieManager, gtk.webkit_cookie_manager_delete_cookie_finish as FinishBool,
      (token) => gtk.webkit_cookie_manager_delete_cookie(env.cookieManager, match, null, waits.asyncReady, token));
  } finally {
    for (const c of cookies) gtk.soup_cookie_free(c);
  }
}

/** Clears every cookie of the environment; returns how many there were. */
export function clearCookies(gtk: Ffi, waits: GlibWaits, windowId: number, env: Environment): number {
  const cookies = allSoupCookies(gtk, waits, windowId, env);
  for (const c of cookies) gtk.soup_cookie_free(c);
  const manager = gtk.webkit_web_context_get_website_data_manager(env.context) as bigint;
  awaitDone(gtk, waits, 'clearCookies', windowId, manager, gtk.webkit_website_data_manager_clear_finish as FinishBool,
    (token) => gtk.webkit_website_data_manager_clear(manager, WEBSITE_DATA_COOKIES, 0, null, waits.asyncReady, token));
  return cookies.length;
}
