// The Windows backend: Edge WebView2 through koffi, on an STA UI thread with a Win32 message loop.
// Every asynchronous WebView2 call (environment, controller, cookies) is waited for with the
// configured strategy: `cowait` (CoWaitForMultipleHandles with COWAIT_DISPATCH_CALLS |
// COWAIT_DISPATCH_WINDOW_MESSAGES on an event the completion handler sets, in slices) or `pump`
// (the legacy GetMessage/DispatchMessage loop, kept for comparison).
import * as koffi from 'koffi';
import * as path from 'node:path';
import type {
  Cookie, CreateEnvironmentParams, CreateWindowParams, EnvironmentInfo, HelperSettings,
  PlatformInfo, ScreenshotResult, WindowClosedEvent, WindowInfo,
} from '../protocol';
import { describeRuntime, type Backend, type BackendWaitSpec } from '../helper/backend';
import { toCookie } from '../helper/cookieMapping';
import { EngineError, HelperError, InvalidInputError, UnknownWindowError } from '../helper/errors';
import { epochNow } from '../helper/ledger';
import { waitFor, type Completion, type Waiter, type WaitSpec } from '../helper/waits';
import { Com, ComError, guid, hex, Sig } from './com';
import { HandlerFactory } from './handlers';
import { explainHresult } from './hresult';
import { locateRuntime, RuntimeLoadError, type LoaderOptions, type RuntimeLocation } from './loader';
import { describeApartment, describeMachine } from './platformInfo';
import { WM_APP_WAKE } from './wake';
import {
  COINIT_APARTMENTTHREADED, COWAIT_DISPATCH_CALLS, COWAIT_DISPATCH_WINDOW_MESSAGES, CW_USEDEFAULT, HWND_MESSAGE,
  loadWin32, MSG_BYTES, MSG_MESSAGE_OFFSET, MSG_WPARAM_OFFSET, SW_RESTORE, WM_DESTROY, WM_SIZE, WM_TIMER, WndProc, WS_OVERLAPPEDWINDOW, WS_VISIBLE,
  type Ptr, type Win32,
} from './win32';

const IID = {
  environmentCompleted: guid('4e8a3389-c9d8-4bd2-b6b5-124fee6cc14d'),
  controllerCompleted: guid('6c4819f3-c9b7-4260-8127-c9f5bde7f68c'),
  getCookiesCompleted: guid('5a4f5069-5c15-47c3-8646-f4de1c116670'),
  navigationCompleted: guid('d33a35bf-1c49-4f98-93ab-006e0533fe1c'),
  documentTitleChanged: guid('f5f2b923-953e-4042-9f95-f3a118e1afd4'),
  processFailed: guid('79e0aea4-990b-42d9-aa1d-0fcc2e5bc7f1'),
  webView2_2: guid('9e8f0cf8-e670-4b5e-b2bc-73e061e3184c'),
  navigationArgs2: guid('fdf8b738-ee1e-4db2-a329-8d7d7b74d792'),
};
const Slot = {
  env: { createController: 3, browserVersion: 5 },
  controller: { putIsVisible: 4, putBounds: 6, close: 24, coreWebView2: 25 },
  webview: {
    source: 4, navigate: 5, navigateToString: 6, addNavigationCompleted: 15, addProcessFailed: 25, reload: 31,
    addDocumentTitleChanged: 46, documentTitle: 48,
  },
  webview2: { cookieManager: 66 },
  cookieManager: { getCookies: 5 },
  cookieList: { count: 3, at: 4 },
  cookie: { name: 3, value: 4, domain: 6, path: 7, expires: 8, httpOnly: 10, sameSite: 12, secure: 14, session: 16 },
  navigationArgs: { isSuccess: 3, webErrorStatus: 4, httpStatusCode: 6 /* ICoreWebView2NavigationCompletedEventArgs2 */ },
  processFailedArgs: { kind: 3 },
};
const WEB_ERROR_STATUS = [
  'unknown', 'certificate common name is incorrect', 'certificate expired', 'client certificate contains errors',
  'certificate revoked', 'certificate is invalid', 'server unreachable', 'timeout', 'invalid HTTP server response',
  'connection aborted', 'connection reset', 'disconnected', 'cannot connect', 'host name not resolved',
  'operation canceled', 'redirect failed', 'unexpected error', 'authentication credentials required',
  'proxy authentication credentials required',
];
const PROCESS_FAILED_KINDS = [
  'browser process exited', 'render process exited', 'render process unresponsive', 'frame render process exited',
  'utility process exited', 'sandbox helper process exited', 'GPU process exited', 'PPAPI plugin process exited',
  'PPAPI broker process exited', 'unknown process exited',
];

interface Environment {
  id: number;
  folder: string;
  env: bigint;
}

interface Window {
  id: number;
  env: Environment;
  hwnd: bigint;
  controller?: bigint;
  webview?: bigint;
  closing?: WindowClosedEvent['reason'];
  /** Test hook: runs inside the next NavigationCompleted handler. */
  onNextNavigation?: () => void;
}

export class WebView2Backend implements Backend {
  readonly info: PlatformInfo;
  readonly wakeHandle: string;
  private readonly win32: Win32;
  private readonly com: Com;
  private readonly handlers: HandlerFactory;
  private readonly msg = Buffer.alloc(MSG_BYTES);
  private readonly instance: Ptr;
  private readonly environments = new Map<number, Environment>();
  private readonly windows = new Map<number, Window>();
  private readonly byHwnd = new Map<bigint, Window>();
  private runtime: RuntimeLocation | null;
  private settings: HelperSettings;
  private nextEnvironmentId = 1;
  private nextWindowId = 1;

  constructor(private readonly waiter: Waiter, settings: HelperSettings, private readonly loader: LoaderOptions) {
    this.settings = settings;
    this.win32 = loadWin32();
    const w = this.win32;
    const hr = w.CoInitializeEx(null, COINIT_APARTMENTTHREADED);
    if (hr < 0) throw new EngineError('initialize', hex(hr), explainHresult(hr));
    w.PeekMessageW(this.msg, null, 0, 0, 0); // creates this thread's message queue
    this.com = new Com(w);
    this.handlers = new HandlerFactory(waiter.callbacks);
    this.instance = w.GetModuleHandleW(null);
    const wndProc = koffi.register((hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number) =>
      this.windowProc(hwnd, msg, wp, lp), koffi.pointer(WndProc));
    for (const name of ['WebView2HostWindow', 'WebView2HostWake']) {
      const atom = w.RegisterClassExW({
        cbSize: koffi.sizeof('WNDCLASSEXW'), style: 0, lpfnWndProc: wndProc, cbClsExtra: 0, cbWndExtra: 0,
        hInstance: this.instance, hIcon: null, hCursor: null, hbrBackground: 6n /* COLOR_WINDOW + 1 */, lpszMenuName: null,
        lpszClassName: name, hIconSm: null,
      });
      if (!atom) throw new HelperError(`RegisterClassExW(${name}) failed`, -32603);
    }
    const wake = w.CreateWindowExW(0, 'WebView2HostWake', null, 0, 0, 0, 0, 0, HWND_MESSAGE, null, this.instance, null) as Ptr;
    if (!wake) throw new HelperError('cannot create the message-only window that wakes the UI thread', -32603);
    this.wakeHandle = `0x${wake.toString(16)}`;
    this.runtime = locateRuntime(w, loader);
    this.info = {
      platform: 'win32',
      arch: process.arch,
      engine: 'WebView2',
      engineVersion: this.runtime?.version ?? (this.runtime ? 'not started yet' : 'none: no WebView2 Runtime found'),
      apartment: describeApartment(w),
      helperPid: process.pid,
      runtime: describeRuntime(),
      machine: describeMachine(w),
      loader: this.runtime?.description ?? 'none found (no loader DLL, browser folder or registry entry)',
    };
    this.waiter.events.log('info', `UI thread ${w.GetCurrentThreadId()}: ${this.info.apartment}; runtime: ${this.info.loader}`);
  }

  runOnce(): void {
    const w = this.win32;
    const got = w.GetMessageW(this.msg, null, 0, 0) as number;
    if (got === -1) {
      this.waiter.events.log('error', 'GetMessageW failed');
      return;
    }
    w.TranslateMessage(this.msg);
    w.DispatchMessageW(this.msg);
    this.waiter.ledger.beat(this.msg.readUInt32LE(MSG_MESSAGE_OFFSET));
  }

  configure(settings: HelperSettings): void {
    this.settings = settings;
  }

  createEnvironment(p: CreateEnvironmentParams): EnvironmentInfo {
    const folder = path.win32.resolve(p.userDataFolder);
    for (const env of this.environments.values()) {
      if (env.folder.toLowerCase() === folder.toLowerCase()) return { environmentId: env.id, userDataFolder: folder };
    }
    // Looked up again each time: a runtime installed since start is found without a restart.
    this.runtime ??= locateRuntime(this.win32, this.loader);
    const runtime = this.runtime;
    if (!runtime) throw new EngineError('createEnvironment', hex(0x80070002), explainHresult(0x80070002));
    const env = this.awaitObject('createEnvironment', null, IID.environmentCompleted, 'EnvironmentCompletedHandler', (handler) => {
      let hr: number;
      try {
        hr = runtime.start(folder, handler);
      } catch (err) {
        if (err instanceof RuntimeLoadError) throw new EngineError('createEnvironment', hex(err.hr), `${explainHresult(err.hr)} (${err.message})`);
        throw err;
      }
      if (hr < 0) throw new EngineError('createEnvironment', hex(hr), explainHresult(hr));
    });
    const version = this.com.getString(env, Slot.env.browserVersion, 'get_BrowserVersionString');
    if (version && version !== this.info.engineVersion) {
      this.info.engineVersion = version;
      this.waiter.events.log('info', `WebView2 Runtime ${version} answered (${runtime.description})`);
      this.waiter.events.platformChanged(this.info);
    }
    const record: Environment = { id: this.nextEnvironmentId++, folder, env };
    this.environments.set(record.id, record);
    return { environmentId: record.id, userDataFolder: folder };
  }

  createWindow(p: CreateWindowParams): WindowInfo {
    const env = this.environments.get(p.environmentId);
    if (!env) throw new InvalidInputError(`no environment ${p.environmentId}`);
    const w = this.win32;
    const title = p.title ?? `WebView2 Host: ${p.url ?? 'page'}`;
    const hwnd = w.CreateWindowExW(0, 'WebView2HostWindow', title, WS_OVERLAPPEDWINDOW | WS_VISIBLE,
      CW_USEDEFAULT, CW_USEDEFAULT, p.width ?? 1024, p.height ?? 768, null, null, this.instance, null) as Ptr;
    if (!hwnd) throw new HelperError('CreateWindowExW failed for a browser window', -32603);
    const record: Window = { id: this.nextWindowId++, env, hwnd };
    this.windows.set(record.id, record);
    this.byHwnd.set(hwnd, record);
    try {
      record.controller = this.awaitObject('createController', record.id, IID.controllerCompleted, 'ControllerCompletedHandler', (handler) =>
        this.com.call(env.env, Slot.env.createController, Sig.inPtrPtr, 'CreateCoreWebView2Controller', hwnd, handler));
      const webview = this.com.getPtr(record.controller, Slot.controller.coreWebView2, 'get_CoreWebView2');
      record.webview = webview;
      this.subscribe(record, webview);
      this.fitToWindow(record);
      if (p.html !== undefined) this.com.call(webview, Slot.webview.navigateToString, Sig.inString, 'NavigateToString', p.html);
      else if (p.url) this.com.call(webview, Slot.webview.navigate, Sig.inString, 'Navigate', p.url);
    } catch (err) {
      record.closing = 'request';
      w.DestroyWindow(hwnd);
      throw asEngineError('createWindow', err);
    }
    return this.describe(record);
  }

  navigate(windowId: number, url: string): void {
    this.call(windowId, 'navigate', (webview) => this.com.call(webview, Slot.webview.navigate, Sig.inString, 'Navigate', url));
  }

  reload(windowId: number): void {
    this.call(windowId, 'reload', (webview) => this.com.call(webview, Slot.webview.reload, Sig.none, 'Reload'));
  }

  focus(windowId: number): void {
    const record = this.window(windowId);
    this.win32.ShowWindow(record.hwnd, SW_RESTORE);
    this.win32.SetForegroundWindow(record.hwnd);
  }

  close(windowId: number, reason: WindowClosedEvent['reason']): void {
    const record = this.window(windowId);
    record.closing = reason;
    this.win32.DestroyWindow(record.hwnd); // WM_DESTROY closes the controller and reports it
  }

  getCookies(windowId: number, url?: string): Cookie[] {
    const record = this.window(windowId);
    const webview = record.webview;
    if (!webview) throw new InvalidInputError(`window ${windowId} has no browser yet`);
    const uri = url ?? this.com.getString(webview, Slot.webview.source, 'get_Source');
    const webview2 = this.queryOrFail(webview, IID.webView2_2, 'ICoreWebView2_2');
    let manager: Ptr = null;
    try {
      manager = this.com.getPtr(webview2, Slot.webview2.cookieManager, 'get_CookieManager');
      const cookieManager = manager;
      const list = this.awaitObject('getCookies', windowId, IID.getCookiesCompleted, 'GetCookiesCompletedHandler', (handler) =>
        this.com.call(cookieManager, Slot.cookieManager.getCookies, Sig.inStringPtr, 'GetCookies', uri, handler));
      try {
        return this.readCookies(list);
      } finally {
        this.com.release(list);
      }
    } catch (err) {
      throw asEngineError('getCookies', err);
    } finally {
      this.com.release(manager);
      this.com.release(webview2);
    }
  }

  screenshot(): ScreenshotResult {
    throw new HelperError('screenshots are not available on Windows in this version (CapturePreview needs an IStream)', -32601);
  }

  listWindows(): WindowInfo[] {
    return [...this.windows.values()].map((w) => this.describe(w));
  }

  inNextNavigation(windowId: number, inside: () => void): void {
    this.window(windowId).onNextNavigation = inside;
    this.reload(windowId);
  }

  // --- waiting ---

  /**
   * Starts an asynchronous WebView2 call whose completion handler receives (HRESULT, object), and
   * waits for it. `begin` gets the handler; the call keeps its own reference if it needs one.
   * Returns the object with a reference of ours.
   */
  private awaitObject(site: string, windowId: number | null, iid: Buffer, handlerName: string, begin: (handler: bigint) => void): bigint {
    return this.wait<bigint>({ site, windowId }, (completion) => {
      const handler = this.handlers.completion(iid, handlerName, (hr: number, result: Ptr) => {
        if (completion.abandoned) return; // the wait gave up; nobody would release it
        if (hr < 0 || !result) completion.reject(new EngineError(site, hex(hr), explainHresult(hr)));
        else {
          this.com.addRef(result);
          completion.resolve(result);
        }
      });
      try {
        begin(handler);
      } finally {
        this.com.release(handler);
      }
    });
  }

  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T {
    const full: WaitSpec = { ...spec, strategy: this.settings.strategy, deadlineMs: spec.deadlineMs ?? this.settings.waitDeadlineMs };
    return full.strategy === 'pump' ? this.waitWithPump(full, start) : this.waitWithCoWait(full, start);
  }

  /** The fix: CoWaitForMultipleHandles on an event that the completion handler sets. */
  private waitWithCoWait<T>(spec: WaitSpec, start: (c: Completion<T>) => void): T {
    const w = this.win32;
    const event = w.CreateEventW(null, 1, 0, null) as bigint;
    const handles = Buffer.alloc(8);
    handles.writeBigUInt64LE(event);
    const index = [0];
    try {
      return waitFor<T>(this.waiter, spec, (completion) => {
        if (!spec.ignoreCompletion) completion.onSettled = () => w.SetEvent(event);
        start(completion);
      }, (_completion, deadlineAt) => {
        const slice = Math.max(1, Math.min(100, Math.ceil(deadlineAt - epochNow())));
        w.CoWaitForMultipleHandles(COWAIT_DISPATCH_CALLS | COWAIT_DISPATCH_WINDOW_MESSAGES, slice, 1, handles, index);
      });
    } finally {
      w.CloseHandle(event);
    }
  }

  /**
   * The legacy wait (the shape of webview2-com's wait_with_pump): check for the result, else
   * GetMessage + DispatchMessage. A thread timer at the deadline is the only thing that wakes it
   * when a completion arrives by SendMessage: GetMessage runs the handler inside itself and
   * returns only for a posted message.
   */
  private waitWithPump<T>(spec: WaitSpec, start: (c: Completion<T>) => void): T {
    const w = this.win32;
    let timer = 0;
    try {
      return waitFor<T>(this.waiter, spec, start, (_completion, deadlineAt) => {
        timer ||= Number(w.SetTimer(null, 0, Math.max(1, Math.ceil(deadlineAt - epochNow())), null));
        const got = w.GetMessageW(this.msg, null, 0, 0) as number;
        if (got === 0) throw new HelperError(`${spec.site} cancelled: WM_QUIT arrived during the wait`, -32603);
        if (got === -1) throw new HelperError(`${spec.site}: GetMessageW failed`, -32603);
        if (this.msg.readUInt32LE(MSG_MESSAGE_OFFSET) === WM_TIMER && Number(this.msg.readBigUInt64LE(MSG_WPARAM_OFFSET)) === timer) {
          // Our deadline timer, which Windows may fire a tick early: it means the deadline.
          sleepUntil(deadlineAt);
          return;
        }
        w.TranslateMessage(this.msg);
        w.DispatchMessageW(this.msg);
      });
    } finally {
      if (timer) w.KillTimer(null, timer);
    }
  }

  // --- events and window messages ---

  private subscribe(record: Window, webview: bigint): void {
    const token = [0n];
    const add = (slot: number, iid: Buffer, name: string, invoke: (sender: Ptr, args: Ptr) => void) => {
      const handler = this.handlers.event(iid, name, invoke);
      try {
        this.com.call(webview, slot, Sig.addHandler, `add_${name}`, handler, token);
      } finally {
        this.com.release(handler);
      }
    };
    add(Slot.webview.addNavigationCompleted, IID.navigationCompleted, 'NavigationCompleted', (_sender, args) => this.onNavigationCompleted(record, args));
    add(Slot.webview.addDocumentTitleChanged, IID.documentTitleChanged, 'DocumentTitleChanged', () => {
      if (!record.webview) return;
      this.waiter.events.titleChanged({ windowId: record.id, title: this.com.getString(record.webview, Slot.webview.documentTitle, 'get_DocumentTitle') });
    });
    add(Slot.webview.addProcessFailed, IID.processFailed, 'ProcessFailed', (_sender, args) => {
      const kind = args ? this.com.getInt(args, Slot.processFailedArgs.kind, 'get_ProcessFailedKind') : -1;
      this.waiter.events.processFailed({ windowId: record.id, kind: PROCESS_FAILED_KINDS[kind] ?? `process failure ${kind}` });
    });
  }

  private onNavigationCompleted(record: Window, args: Ptr): void {
    if (!record.webview || !args) return;
    const isSuccess = this.com.getBool(args, Slot.navigationArgs.isSuccess, 'get_IsSuccess');
    const status = this.com.getInt(args, Slot.navigationArgs.webErrorStatus, 'get_WebErrorStatus');
    const url = this.com.getString(record.webview, Slot.webview.source, 'get_Source');
    const httpStatus = this.httpStatus(args);
    const reason = status === 0 && httpStatus !== null && httpStatus >= 400 ? `HTTP ${httpStatus}` : WEB_ERROR_STATUS[status] ?? `web error ${status}`;
    this.waiter.events.navigationCompleted({
      windowId: record.id, url, isSuccess, httpStatus,
      error: isSuccess ? null : `${reason} (${url})`,
    });
    const inside = record.onNextNavigation;
    record.onNextNavigation = undefined;
    inside?.();
  }

  /** The HTTP status, from NavigationCompletedEventArgs2; null from a runtime too old for it, or for no response. */
  private httpStatus(args: bigint): number | null {
    const out: [Ptr] = [null];
    if (this.com.callRaw(args, 0, Sig.queryInterface, IID.navigationArgs2, out) < 0 || !out[0]) return null;
    try {
      const status = this.com.getInt(out[0], Slot.navigationArgs.httpStatusCode, 'get_HttpStatusCode');
      return status > 0 ? status : null;
    } finally {
      this.com.release(out[0]);
    }
  }

  private windowProc(hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number): bigint | number {
    try {
      if (msg === WM_APP_WAKE) return 0; // the loop drains requests when DispatchMessage returns
      const record = this.byHwnd.get(hwnd);
      if (record && msg === WM_SIZE) this.fitToWindow(record);
      if (record && msg === WM_DESTROY) this.onDestroyed(record);
    } catch (err) {
      this.waiter.events.log('error', `window procedure (message 0x${msg.toString(16)}): ${(err as Error)?.stack ?? err}`);
    }
    return this.win32.DefWindowProcW(hwnd, msg, wp, lp);
  }

  private onDestroyed(record: Window): void {
    this.byHwnd.delete(record.hwnd);
    this.windows.delete(record.id);
    if (record.controller) {
      this.com.callRaw(record.controller, Slot.controller.close, Sig.none);
      this.com.release(record.webview ?? null);
      this.com.release(record.controller);
      record.webview = undefined;
      record.controller = undefined;
    }
    this.waiter.events.windowClosed({ windowId: record.id, reason: record.closing ?? 'user' });
  }

  private fitToWindow(record: Window): void {
    if (!record.controller) return;
    const rect = { left: 0, top: 0, right: 0, bottom: 0 };
    this.win32.GetClientRect(record.hwnd, rect);
    this.com.callRaw(record.controller, Slot.controller.putBounds, Sig.inRect, rect);
  }

  // --- helpers ---

  private readCookies(list: bigint): Cookie[] {
    const c = this.com;
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

  private queryOrFail(obj: bigint, iid: Buffer, name: string): bigint {
    try {
      return this.com.queryInterface(obj, iid, name);
    } catch (err) {
      throw asEngineError(name, err);
    }
  }

  private call(windowId: number, site: string, body: (webview: bigint) => void): void {
    const record = this.window(windowId);
    if (!record.webview) throw new InvalidInputError(`window ${windowId} has no browser yet`);
    try {
      body(record.webview);
    } catch (err) {
      throw asEngineError(site, err);
    }
  }

  private window(id: number): Window {
    const record = this.windows.get(id);
    if (!record) throw new UnknownWindowError(id);
    return record;
  }

  private describe(record: Window): WindowInfo {
    const webview = record.webview;
    return {
      windowId: record.id,
      environmentId: record.env.id,
      url: webview ? this.com.getString(webview, Slot.webview.source, 'get_Source') : '',
      title: webview ? this.com.getString(webview, Slot.webview.documentTitle, 'get_DocumentTitle') : '',
      loading: false,
      nativeHandle: `0x${record.hwnd.toString(16)}`,
    };
  }
}

function sleepUntil(at: number): void {
  const ms = at - epochNow();
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.ceil(ms));
}

function asEngineError(site: string, err: unknown): Error {
  if (err instanceof ComError) return new EngineError(site, hex(err.hr), `${err.method}: ${explainHresult(err.hr)}`);
  return err as Error;
}
