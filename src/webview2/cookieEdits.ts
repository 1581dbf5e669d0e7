// Changing cookies on Windows, through ICoreWebView2_2's CookieManager: CreateCookie and the
// cookie's setters, then AddOrUpdateCookie; DeleteCookie with the profile's own cookie object;
// DeleteAllCookies. These calls complete at once; a GetCookies afterwards sees their effect.
import type { CheckedCookie } from '../cookies/cookieInput';
import { InvalidInputError } from '../helper/errors';
import { Sig, type Com } from './ffi/com';
import { asEngineError } from './hresult';
import { IID, Slot } from './ffi/webview2';
import type { Win32Waits } from './wait';
import type { Ptr } from './ffi/win32';
import { sameSiteCode } from '../helper/cookieMapping';


/** Runs `body` with the webview's cookie manager, released afterwards; COM failures become engine errors. */
function withCookieManager<T>(com: Com, site: string, webview: bigint, body: (manager: bigint) => T): T {
  let webview2: Ptr = null;
  let manager: Ptr = null;
  try {
    webview2 = com.queryInterface(webview, IID.webView2_2, 'ICoreWebView2_2');
    manager = com.getPtr(webview2, Slot.webview2.cookieManager, 'get_CookieManager');
    return body(manager);
  } catch (err) {
    throw asEngineError(site, err);
  } finally {
    com.release(manager);
    com.release(webview2);
  }
}

export function setCookie(com: Com, webview: bigint, c: CheckedCookie): void {
  withCookieManager(com, 'setCookie', webview, (manager) => {
    const out: [Ptr] = [null];
    com.call(manager, Slot.cookieManager.createCookie, Sig.createCookie, 'CreateCookie', c.name, c.value, c.domain, c.path, out);
    const cookie = out[0] as bigint;
    try {
      com.call(cookie, Slot.cookie.putExpires, Sig.inDouble, 'put_Expires', c.expires ?? -1);
      com.call(cookie, Slot.cookie.putIsHttpOnly, Sig.inInt, 'put_IsHttpOnly', c.httpOnly ? 1 : 0);
      com.call(cookie, Slot.cookie.putIsSecure, Sig.inInt, 'put_IsSecure', c.secure ? 1 : 0);
      com.call(cookie, Slot.cookie.putSameSite, Sig.inInt, 'put_SameSite', sameSiteCode(c.sameSite));
      com.call(manager, Slot.cookieManager.addOrUpdateCookie, Sig.inPtr, 'AddOrUpdateCookie', cookie);
    } finally {
      com.release(cookie);
    }
  });
}

/** Every cookie object of the profile (GetCookies with an empty URI), each with a reference of ours. */
function profileCookies(com: Com, waits: Win32Waits, windowId: number, manager: bigint): bigint[] {
  const list = waits.awaitObject('getCookies', windowId, IID.getCookiesCompleted, 'GetCookiesCompletedHandler', (handler) =>
    com.call(manager, Slot.cookieManager.getCookies, Sig.inStringPtr, 'GetCookies', '', handler));
  try {
    const count = [0];
    com.call(list, Slot.cookieList.count, Sig.outUint, 'get_Count', count);
    const cookies: bigint[] = [];
    for (let i = 0; i < count[0]; i++) {
      const out: [Ptr] = [null];
      com.call(list, Slot.cookieList.at, Sig.inUintOutPtr, 'GetValueAtIndex', i, out);
      if (out[0]) cookies.push(out[0]);
    }
    return cookies;
  } finally {
    com.release(list);
  }
}

export function deleteCookie(com: Com, waits: Win32Waits, windowId: number, webview: bigint, name: string, domain: string, path: string): void {
  withCookieManager(com, 'deleteCookie', webview, (manager) => {
    const cookies = profileCookies(com, waits, windowId, manager);
    try {
      const match = cookies.find((c) => com.getString(c, Slot.cookie.name, 'get_Name') === name
        && com.getString(c, Slot.cookie.domain, 'get_Domain') === domain && com.getString(c, Slot.cookie.path, 'get_Path') === path);
      if (!match) throw new InvalidInputError(`no cookie "${name}" for ${domain}${path} in window ${windowId}'s environment`);
      com.call(manager, Slot.cookieManager.deleteCookie, Sig.inPtr, 'DeleteCookie', match);
    } finally {
      for (const c of cookies) com.release(c);
    }
  });
}

/** DeleteAllCookies of the profile; returns how many there were. */
export function clearCookies(com: Com, waits: Win32Waits, windowId: number, webview: bigint): number {
  return withCookieManager(com, 'clearCookies', webview, (manager) => {
    const cookies = profileCookies(com, waits, windowId, manager);
    for (const c of cookies) com.release(c);
    com.call(manager, Slot.cookieManager.deleteAllCookies, Sig.none, 'DeleteAllCookies');
    return cookies.length;
  });
}
