// The Windows backend's windows: a top-level Win32 window per browser, its controller and webview,
// the window procedure that keeps the browser filling the window and closes it with the window,
// and the record each window keeps.
import * as koffi from 'koffi';
import type { WindowClosedEvent } from '../protocol';
import type { BackendEvents, WindowBasics } from '../helper/backend';
import { UnknownWindowError } from '../helper/errors';
import { Sig, type Com } from './ffi/com';
import { lastError, win32Failure } from './lastError';
import { Slot } from './ffi/webview2';
import type { PageSubscriptions } from './pageFeatures';
import type { Environment } from './environments';
import { CW_USEDEFAULT, WM_DESTROY, WM_SIZE, WndProc, WS_OVERLAPPEDWINDOW, WS_VISIBLE, type Ptr, type Win32 } from './ffi/win32';

const WINDOW_CLASS = 'WebView2HostWindow';
const WM_MOVE = 0x0003;

export interface Wv2Window {
  id: number;
  env: Environment;
  hwnd: bigint;
  controller?: bigint;
  webview?: bigint;
  closing?: WindowClosedEvent['reason'];
  /** The title the caller asked for; without one the window takes the page's title. */
  fixedTitle?: string;
  /** The page features' subscriptions (pageFeatures.ts), let go of before the controller closes. */
  page?: PageSubscriptions;
  /** From a navigation this backend started until its NavigationCompleted. */
  loading?: boolean;
  /** The last page it showed, to show again in a new browser after its browser process died. */
  lastUrl?: string;
}

export class Wv2Windows {
  private readonly windows = new Map<number, Wv2Window>();
  private readonly byHwnd = new Map<bigint, Wv2Window>();
  /** Runs when a window is being destroyed, before its controller closes. */
  onClosing: (record: Wv2Window) => void = () => undefined;
  /** Runs when a window was moved or sized. */
  onMoved: (record: Wv2Window) => void = () => undefined;

  constructor(private readonly w: Win32, private readonly com: Com, private readonly instance: Ptr, private readonly events: BackendEvents) {
    const wndProc = koffi.register((hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number) =>
      this.windowProc(hwnd, msg, wp, lp), koffi.pointer(WndProc));
    const atom = w.RegisterClassExW({
      cbSize: koffi.sizeof('WNDCLASSEXW'), style: 0, lpfnWndProc: wndProc, cbClsExtra: 0, cbWndExtra: 0,
      hInstance: instance, hIcon: null, hCursor: null, hbrBackground: 6n /* COLOR_WINDOW + 1 */, lpszMenuName: null,
      lpszClassName: WINDOW_CLASS, hIconSm: null,
    });
    if (!atom) throw win32Failure(`RegisterClassExW(${WINDOW_CLASS})`, lastError());
  }

  /** A visible top-level window for a browser, recorded before its controller exists. */
  open(id: number, env: Environment, title: string, width: number, height: number, x?: number, y?: number): Wv2Window {
    const hwnd = this.w.CreateWindowExW(0, WINDOW_CLASS, title, WS_OVERLAPPEDWINDOW | WS_VISIBLE,
      x ?? CW_USEDEFAULT, y ?? CW_USEDEFAULT, width, height, null, null, this.instance, null) as Ptr;
    if (!hwnd) throw win32Failure('CreateWindowExW for a browser window', lastError());
    const record: Wv2Window = { id, env, hwnd };
    this.windows.set(record.id, record);
    this.byHwnd.set(hwnd, record);
    return record;
  }

  /** Destroys the window; WM_DESTROY closes the controller and reports the close. */
  destroy(record: Wv2Window, reason: WindowClosedEvent['reason']): void {
    record.closing = reason;
    this.w.DestroyWindow(record.hwnd);
  }

  get(id: number): Wv2Window {
    const record = this.windows.get(id);
    if (!record) throw new UnknownWindowError(id);
    return record;
  }

  all(): Wv2Window[] {
    return [...this.windows.values()];
  }

  /** What the window record knows; the backend adds zoom, bounds and failure (pageFeatures.ts). */
  describe(record: Wv2Window): WindowBasics {
    const webview = record.webview;
    return {
      windowId: record.id,
      environmentId: record.env.id,
      url: webview ? this.com.getString(webview, Slot.webview.source, 'get_Source') : '',
      title: webview ? this.com.getString(webview, Slot.webview.documentTitle, 'get_DocumentTitle') : '',
      loading: record.loading === true,
      nativeHandle: `0x${record.hwnd.toString(16)}`,
    };
  }

  /** Sizes the browser to the window's client area. */
  fitToWindow(record: Wv2Window): void {
    if (!record.controller) return;
    const rect = { left: 0, top: 0, right: 0, bottom: 0 };
    this.w.GetClientRect(record.hwnd, rect);
    this.com.callRaw(record.controller, Slot.controller.putBounds, Sig.inRect, rect);
  }

  /** Closes the window's browser (its controller) and lets go of it; the window stays. */
  detachBrowser(record: Wv2Window): void {
    this.onClosing(record);
    record.page = undefined;
    if (record.controller) {
      this.com.callRaw(record.controller, Slot.controller.close, Sig.none);
      this.com.release(record.webview ?? null);
      this.com.release(record.controller);
      record.webview = undefined;
      record.controller = undefined;
    }
  }

  private windowProc(hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number): bigint | number {
    try {
      const record = this.byHwnd.get(hwnd);
      if (record && msg === WM_SIZE) this.fitToWindow(record);
      if (record && (msg === WM_SIZE || msg === WM_MOVE)) this.onMoved(record);
      if (record && msg === WM_DESTROY) this.onDestroyed(record);
    } catch (err) {
      this.events.log('error', `window procedure (message 0x${msg.toString(16)}): ${(err as Error)?.stack ?? err}`);
    }
    return this.w.DefWindowProcW(hwnd, msg, wp, lp);
  }

  private onDestroyed(record: Wv2Window): void {
    this.byHwnd.delete(record.hwnd);
    this.windows.delete(record.id);
    this.detachBrowser(record);
    this.events.windowClosed({ windowId: record.id, reason: record.closing ?? 'user' });
  }
}
