// Changing cookies on Windows, through ICoreWebView2_2's CookieManager: CreateCookie and the
// cookie's setters, then AddOrUpdateCookie; DeleteCookie with the profile's own cookie object;
// DeleteAllCookies. These calls complete at once; a GetCookies afterwards sees their effect.
import * as koffi from 'koffi';
import type { CheckedCookie } from '../cookies/cookieInput';
import { InvalidInputError } from '../helper/errors';
import { Sig, type Com } from './com';
import { asEngineError } from './hresult';
import { IID, Slot } from './abi';
import type { Win32Waits } from './wait';
import type { Ptr } from './win32';
import { sameSiteCode } from '../helper/cookieMapping';

const Edit = {
  createCookie: 3, addOrUpdateCookie: 6, deleteCookie: 7, deleteAllCookies: 10,
  cookie: { putValue: 5, putExpires: 9, putIsHttpOnly: 11, putSameSite: 13, putIsSecure: 15 },
};
const CreateCookie = koffi.proto('int __stdcall CookieManagerCreateCookie(void *self, const char16_t *name, const char16_t *value, const char16_t *domain, const char16_t *path, _Out_ void **cookie)');
const InPtr = koffi.proto('int __stdcall CookieManagerInPtr(void *self, void *cookie)');
const InInt = koffi.proto('int __stdcall CookieInInt(void *self, int value)');
const InDouble = koffi.proto('int __stdcall CookieInDouble(void *self, double value)');

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
    com.call(manager, Edit.createCookie, CreateCookie, 'CreateCookie', c.name, c.value, c.domain, c.path, out);
    const cookie = out[0] as bigint;
    try {
      com.call(cookie, Edit.cookie.putExpires, InDouble, 'put_Expires', c.expires ?? -1);
      com.call(cookie, Edit.cookie.putIsHttpOnly, InInt, 'put_IsHttpOnly', c.httpOnly ? 1 : 0);
      com.call(cookie, Edit.cookie.putIsSecure, InInt, 'put_IsSecure', c.secure ? 1 : 0);
      com.call(cookie, Edit.cookie.putSameSite, InInt, 'put_SameSite', sameSiteCode(c.sameSite));
      com.call(manager, Edit.addOrUpdateCookie, InPtr, 'AddOrUpdateCookie', cookie);
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
      com.call(manager, Edit.deleteCookie, InPtr, 'DeleteCookie', match);
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
    com.call(manager, Edit.deleteAllCookies, Sig.none, 'DeleteAllCookies');
    return cookies.length;
  });
}
