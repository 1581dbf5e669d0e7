// The Windows backend's windows: a top-level Win32 window per browser, its toolbar (chrome.ts),
// controller and webview, the window procedure that keeps the browser filling the window below the
// toolbar, tells it when the window moves and closes it with the window, the window's geometry (the
// page's viewport is the size asked for: the window is larger by its frame and toolbar), and the
// record each window keeps. The windows are per-monitor DPI aware (dpiAwareness.ts): Win32 and the
// controller count physical pixels, the protocol's bounds count device-independent pixels (CSS
// pixels at zoom 100 %), so a length is scaled by the window's DPI / 96 on its way in and out.
import * as koffi from 'koffi';
import type { Bounds, WindowClosedEvent } from '../protocol';
import type { BackendEvents, WindowBasics } from '../helper/backend';
import { EngineError, UnknownWindowError } from '../helper/errors';
import { Sig, type Com } from './ffi/com';
import { describeWin32Error, lastError, win32Failure } from './lastError';
import { MOVE_FOCUS_PROGRAMMATIC, Slot } from './ffi/webview2';
import type { PageSubscriptions } from './pageFeatures';
import type { Environment } from './environments';
import type { Win32Chrome } from './chrome';
import { scaleForDpi } from './chromeKeys';
import { declarePerMonitorDpiAwareness } from './dpiAwareness';
import {
  CW_USEDEFAULT, IDC_ARROW, RECT, SW_SHOW, SWP_NOACTIVATE, SWP_NOMOVE, SWP_NOZORDER, WM_COMMAND, WM_DESTROY, WM_DPICHANGED, WM_MOVE, WM_MOVING,
  WM_SIZE, WndProc, WS_OVERLAPPEDWINDOW, type Ptr, type Win32,
} from './ffi/win32';

const WINDOW_CLASS = 'WebView2HostWindow';
const WM_SETFOCUS = 0x0007;

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
  /** The controller's AcceleratorKeyPressed registration (acceleratorKeys.ts). */
  acceleratorToken?: bigint;
}

export class Wv2Windows {
  private readonly windows = new Map<number, Wv2Window>();
  private readonly byHwnd = new Map<bigint, Wv2Window>();
  /** Runs when a window is being destroyed, before its controller closes. */
  onClosing: (record: Wv2Window) => void = () => undefined;
  /** Runs when a window was moved or sized. */
  onMoved: (record: Wv2Window) => void = () => undefined;

  constructor(private readonly w: Win32, private readonly com: Com, private readonly instance: Ptr, private readonly events: BackendEvents,
    private readonly chrome: Win32Chrome) {
    // Before the first window: a window's awareness is fixed when it is created.
    events.log('info', declarePerMonitorDpiAwareness(w).description);
    const wndProc = koffi.register((hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number) =>
      this.windowProc(hwnd, msg, wp, lp), koffi.pointer(WndProc));
    const atom = w.RegisterClassExW({
      cbSize: koffi.sizeof('WNDCLASSEXW'), style: 0, lpfnWndProc: wndProc, cbClsExtra: 0, cbWndExtra: 0,
      hInstance: instance, hIcon: null, hCursor: w.LoadCursorW(null, IDC_ARROW), hbrBackground: 6n /* COLOR_WINDOW + 1 */, lpszMenuName: null,
      lpszClassName: WINDOW_CLASS, hIconSm: null,
    });
    if (!atom) throw win32Failure(`RegisterClassExW(${WINDOW_CLASS})`, lastError());
  }

  /** A visible top-level window with its toolbar, whose page will have this viewport; recorded before its controller exists. */
  open(id: number, env: Environment, title: string, width: number, height: number, x?: number, y?: number): Wv2Window {
    // Placed and sized by setViewport once the window has a DPI.
    const hwnd = this.w.CreateWindowExW(0, WINDOW_CLASS, title, WS_OVERLAPPEDWINDOW,
      CW_USEDEFAULT, CW_USEDEFAULT, width, height, null, null, this.instance, null) as Ptr;
    if (!hwnd) throw win32Failure('CreateWindowExW for a browser window', lastError());
    const record: Wv2Window = { id, env, hwnd };
    this.windows.set(record.id, record);
    this.byHwnd.set(hwnd, record);
    try {
      this.chrome.build(id, hwnd);
      this.setViewport(record, { width, height, x, y });
    } catch (err) {
      this.destroy(record, 'request');
      throw err;
    }
    this.w.ShowWindow(hwnd, SW_SHOW);
    return record;
  }

  /** The window's place on screen and its page's viewport (protocol.ts, WindowInfo.bounds), in device-independent pixels. */
  viewport(record: Wv2Window): Bounds {
    const outer = { left: 0, top: 0, right: 0, bottom: 0 };
    const client = { left: 0, top: 0, right: 0, bottom: 0 };
    this.w.GetWindowRect(record.hwnd, outer);
    this.w.GetClientRect(record.hwnd, client);
    const dpi = this.dpi(record.hwnd);
    const dips = (physical: number) => Math.round((physical * 96) / dpi);
    return { x: dips(outer.left), y: dips(outer.top), width: dips(client.right), height: dips(Math.max(0, client.bottom - this.chrome.height(record.id))) };
  }

  /** Gives the page that viewport (and the window that place), in device-independent pixels: the
   *  window grows by its frame and toolbar, and everything scales with its DPI. */
  setViewport(record: Wv2Window, b: { width: number; height: number; x?: number; y?: number }): void {
    const dpi = this.dpi(record.hwnd);
    const px = (dips: number) => scaleForDpi(dips, dpi);
    const rect = { left: 0, top: 0, right: px(b.width), bottom: px(b.height) + this.chrome.height(record.id) };
    if (this.w.AdjustWindowRectExForDpi && this.w.GetDpiForWindow) this.w.AdjustWindowRectExForDpi(rect, WS_OVERLAPPEDWINDOW, 0, 0, dpi);
    else this.w.AdjustWindowRectEx(rect, WS_OVERLAPPEDWINDOW, 0, 0);
    const move = b.x !== undefined && b.y !== undefined;
    const flags = SWP_NOZORDER | SWP_NOACTIVATE | (move ? 0 : SWP_NOMOVE);
    if (!this.w.SetWindowPos(record.hwnd, null, px(b.x ?? 0), px(b.y ?? 0), rect.right - rect.left, rect.bottom - rect.top, flags)) {
      throw new EngineError('setBounds', 'SetWindowPos', `the window could not be moved or sized: ${describeWin32Error(lastError())}`);
    }
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

  /** The window if it is still open (engine callbacks may outlive it). */
  find(id: number): Wv2Window | undefined {
    return this.windows.get(id);
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

  /** Lays out the toolbar and sizes the browser to the client area below it. */
  fitToWindow(record: Wv2Window): void {
    const rect = { left: 0, top: 0, right: 0, bottom: 0 };
    this.w.GetClientRect(record.hwnd, rect);
    this.chrome.layout(record.id, rect.right);
    if (!record.controller) return;
    rect.top = Math.min(this.chrome.height(record.id), rect.bottom);
    this.com.callRaw(record.controller, Slot.controller.putBounds, Sig.inRect, rect);
  }

  /** Closes the window's browser (its controller) and lets go of it; the window stays. */
  detachBrowser(record: Wv2Window): void {
    this.onClosing(record);
    record.page = undefined;
    if (record.controller) {
      if (record.acceleratorToken !== undefined) {
        this.com.callRaw(record.controller, Slot.controller.removeAcceleratorKeyPressed, Sig.removeHandler, record.acceleratorToken);
        record.acceleratorToken = undefined;
      }
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
      if (record && msg === WM_COMMAND && this.chrome.command(record.id, wp)) return 0;
      if (record && msg === WM_DPICHANGED && lp) { // the suggested rectangle for the new DPI
        const r = koffi.decode(lp, RECT) as { left: number; top: number; right: number; bottom: number };
        this.w.SetWindowPos(hwnd, null, r.left, r.top, r.right - r.left, r.bottom - r.top, SWP_NOZORDER | SWP_NOACTIVATE);
        this.fitToWindow(record); // the toolbar's lengths changed with the DPI even where the window's did not
        return 0;
      }
      if (record && (msg === WM_MOVE || msg === WM_MOVING) && record.controller) { // the browser's popups and IME follow the window
        this.com.callRaw(record.controller, Slot.controller.notifyParentWindowPositionChanged, Sig.none);
      }
      if (record && msg === WM_SETFOCUS && record.controller) { // the window's keys go to its page, as in Microsoft's samples
        this.com.callRaw(record.controller, Slot.controller.moveFocus, Sig.inInt, MOVE_FOCUS_PROGRAMMATIC);
      }
      if (record && msg === WM_SIZE) this.fitToWindow(record);
      if (record && (msg === WM_SIZE || msg === WM_MOVE)) this.onMoved(record);
      if (record && msg === WM_DESTROY) this.onDestroyed(record);
    } catch (err) {
      this.events.log('error', `window procedure (message 0x${msg.toString(16)}): ${(err as Error)?.stack ?? err}`);
    }
    return this.w.DefWindowProcW(hwnd, msg, wp, lp);
  }

  /** The window's DPI; 96 where GetDpiForWindow is missing (older Windows). */
  private dpi(hwnd: bigint): number {
    const dpi = this.w.GetDpiForWindow ? this.w.GetDpiForWindow(hwnd) as number : 0;
    return dpi > 0 ? dpi : 96;
  }

  private onDestroyed(record: Wv2Window): void {
    this.byHwnd.delete(record.hwnd);
    this.windows.delete(record.id);
    this.chrome.detach(record.id);
    this.detachBrowser(record);
    this.events.windowClosed({ windowId: record.id, reason: record.closing ?? 'user' });
  }
}
