// Reading a window's cookies on Windows: ICoreWebView2_2's CookieManager, GetCookies waited for with
// the configured strategy, each ICoreWebView2Cookie mapped to the protocol's Cookie.
import type { Cookie } from '../protocol';
import { toCookie } from '../helper/cookieMapping';
import { Sig, type Com } from './ffi/com';
import { asEngineError } from './hresult';
import { IID, Slot } from './ffi/webview2';
import type { Win32Waits } from './wait';
import type { Ptr } from './ffi/win32';

export function getCookies(com: Com, waits: Win32Waits, windowId: number, webview: bigint, url?: string): Cookie[] {
  const uri = url ?? com.getString(webview, Slot.webview.source, 'get_Source');
  let webview2: bigint;
  try {
    webview2 = com.queryInterface(webview, IID.webView2_2, 'ICoreWebView2_2');
  } catch (err) {
    throw asEngineError('ICoreWebView2_2', err);
  }
  let manager: Ptr = null;
  try {
    manager = com.getPtr(webview2, Slot.webview2.cookieManager, 'get_CookieManager');
    const cookieManager = manager;
    const list = waits.awaitObject('getCookies', windowId, IID.getCookiesCompleted, 'GetCookiesCompletedHandler', (handler) =>
      com.call(cookieManager, Slot.cookieManager.getCookies, Sig.inStringPtr, 'GetCookies', uri, handler));
    try {
      return readCookies(com, list);
    } finally {
      com.release(list);
    }
  } catch (err) {
    throw asEngineError('getCookies', err);
  } finally {
    com.release(manager);
    com.release(webview2);
  }
}

function readCookies(c: Com, list: bigint): Cookie[] {
  const count = [0];
  c.call(list, Slot.cookieList.count, Sig.outUint, 'get_Count', count);
  const cookies: Cookie[] = [];
  for (let i = 0; i < count[0]; i++) {
    const out: [Ptr] = [null];
    c.call(list, Slot.cookieList.at, Sig.inUintOutPtr, 'GetValueAtIndex', i, out);
    const cookie = out[0] as bigint;
    try {
      const expires = [0];
      c.call(cookie, Slot.cookie.expires, Sig.outDouble, 'get_Expires', expires);
      cookies.push(toCookie({
        name: c.getString(cookie, Slot.cookie.name, 'get_Name'),
        value: c.getString(cookie, Slot.cookie.value, 'get_Value'),
        domain: c.getString(cookie, Slot.cookie.domain, 'get_Domain'),
        path: c.getString(cookie, Slot.cookie.path, 'get_Path'),
        expires: expires[0],
        httpOnly: c.getBool(cookie, Slot.cookie.httpOnly, 'get_IsHttpOnly'),
        secure: c.getBool(cookie, Slot.cookie.secure, 'get_IsSecure'),
        sameSiteCode: c.getInt(cookie, Slot.cookie.sameSite, 'get_SameSite'),
        session: c.getBool(cookie, Slot.cookie.session, 'get_IsSession'),
      }));
    } finally {
      c.release(cookie);
    }
  }
  return cookies;
}
