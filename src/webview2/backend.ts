// The Windows engine: Edge WebView2 through koffi, on an STA UI thread with a Win32 message loop.
// The engine base (helper/engineBase.ts) keeps the registry of environments and window defaults;
// this file serves each request from the file of its concern: ffi/ (win32.ts, com.ts and
// webview2.ts: every binding, IID, slot and enumeration), wake.ts (waking the UI thread), wait.ts
// (the cowait and pump strategies), environments.ts, windows.ts (windows and their procedure),
// chrome.ts, chromeKeys.ts and acceleratorKeys.ts (the toolbar and the window's keys),
// events.ts (engine event handlers), cookies.ts, cookieEdits.ts, loader.ts and runtimeSearch.ts
// (finding the runtime), handlers.ts, handlerShapes.ts and comObjects.ts (COM objects of ours),
// pageFeatures.ts (DevTools, history, zoom, geometry, screenshots), pageConsole.ts (console and
// resource loads from the DevTools protocol), pdf.ts, certificates.ts (untrusted certificates),
// errorPage.ts (our page for a failed load), deviceEmulation.ts (the Emulation domain),
// proxy.ts (the proxy's browser arguments), popups.ts (a page's popups), browserProcess.ts and processFailed.ts, platformInfo.ts,
// lastError.ts and hresult.ts (errors in words), desktop.ts (Wine's desktop process).
import * as path from 'node:path';
import type {
  Bounds, Cookie, DeleteCookieParams, DeviceEmulation, GetCookiesParams, HelperSettings, NavigateParams, PdfResult, PlatformInfo,
  SavePdfParams, PageInputParams, ScreenshotParams, ScreenshotResult, SetBoundsParams, SetCookieParams, SetNetworkCaptureParams, SetZoomParams,
  WindowClosedEvent, WindowInfo, WindowParams,
} from '../protocol';
import { describeRuntime, windowTitle, type Backend, type BackendWaitSpec, type ScriptToRun, type ServerWaitStep } from '../helper/backend';
import { WebView2Popups, type QueuedPopup } from './popups';
import { EngineBase, type WindowToOpen } from '../helper/engineBase';
import { EngineError, InvalidInputError } from '../helper/errors';
import type { Completion, Waiter } from '../helper/waits';
import type { WakeTarget } from '../helper/wake';
import { Com, hex, Sig } from './ffi/com';
import { getCookies } from './cookies';
import type { CheckedCookie } from '../cookies/cookieInput';
import { CertificateDecisions } from './certificates';
import * as cookieEdits from './cookieEdits';
import { followedEvents, WebViewEvents } from './events';
import { Wv2ErrorPages } from './errorPage';
import { applyDeviceEmulation } from './deviceEmulation';
import { HandlerFactory } from './handlers';
import { asEngineError, explainHresult } from './hresult';
import { IID, MOVE_FOCUS_PROGRAMMATIC, Slot } from './ffi/webview2';
import { describeWin32Error, lastError } from './lastError';
import { findRuntime, type LoaderOptions } from './loader';
import { describeApartment, describeMachine } from './platformInfo';
import { Win32Waits } from './wait';
import { WakeWindow } from './wake';
import { EnvironmentStarter, type Environment } from './environments';
import { Wv2Windows, type Wv2Window } from './windows';
import { Win32Chrome } from './chrome';
import { subscribeAcceleratorKeys } from './acceleratorKeys';
import { WebView2PageFeatures } from './pageFeatures';
import { WebView2PageScripts } from './pageScript';
import { deliverInput } from './pageInput';
import { fullPageScreenshot } from './fullPageShot';
import { WebView2NetworkLog } from './networkLog';
import { savePdf } from './pdf';
import { browserProcessId, watchBrowserProcess } from './browserProcess';
import type { WindowIds } from '../windowIds';
import { COINIT_APARTMENTTHREADED, loadWin32, MSG_BYTES, MSG_MESSAGE_OFFSET, SW_RESTORE, type Win32 } from './ffi/win32';

export class WebView2Backend extends EngineBase<Environment> implements Backend {
  readonly info: PlatformInfo;
  readonly wake: WakeTarget;
  private readonly wakeWindow: WakeWindow;
  private readonly win32: Win32;
  private readonly com: Com;
  private readonly msg = Buffer.alloc(MSG_BYTES);
  private readonly waits: Win32Waits;
  private readonly windows: Wv2Windows;
  private readonly chrome: Win32Chrome;
  private readonly webviewEvents: WebViewEvents;
  private readonly errorPages: Wv2ErrorPages;
  private readonly page: WebView2PageFeatures;
  private readonly scripts: WebView2PageScripts;
  private readonly network: WebView2NetworkLog;
  private readonly handlers: HandlerFactory;
  private readonly certificates: CertificateDecisions;
  private readonly environmentStarter: EnvironmentStarter;
  private readonly popups: WebView2Popups;

  constructor(private readonly waiter: Waiter, settings: HelperSettings, windowIds: WindowIds, loader: LoaderOptions) {
    super(windowIds);
    this.win32 = loadWin32();
    const w = this.win32;
    const hr = w.CoInitializeEx(null, COINIT_APARTMENTTHREADED);
    if (hr < 0) throw new EngineError('initialize', hex(hr), explainHresult(hr));
    w.PeekMessageW(this.msg, null, 0, 0, 0); // creates this thread's message queue
    this.com = new Com(w);
    const handlers = new HandlerFactory(waiter.callbacks);
    this.handlers = handlers;
    const instance = w.GetModuleHandleW(null);
    this.chrome = new Win32Chrome(w, instance, this.chromeHost(), settings.showChrome !== false, settings.devTools !== false);
    this.windows = new Wv2Windows(w, this.com, instance, { ...waiter.events, windowClosed: (e) => { this.popups.closed(e.windowId); waiter.events.windowClosed(e); } }, this.chrome);
    this.wakeWindow = new WakeWindow(w, instance, () => waiter.serveInOtherLoop?.());
    this.wake = this.wakeWindow.target;
    this.waits = new Win32Waits(w, this.com, handlers, waiter, settings);
    this.certificates = new CertificateDecisions(this.com, handlers, () => this.waits.settings, waiter.events);
    this.page = new WebView2PageFeatures(this.com, handlers, waiter.events, (spec, start) => this.waits.wait(spec, start), settings.devTools !== false);
    this.scripts = new WebView2PageScripts(this.com, handlers, (id, result) => waiter.events.scriptAnswered(id, result));
    this.network = new WebView2NetworkLog(this.com, handlers, waiter.events, settings.networkLog !== false);
    this.popups = new WebView2Popups(this.com, handlers, windowIds, waiter.events, settings, {
      viewport: (id) => this.windows.viewport(this.windows.get(id)), open: (popup, adopt) => this.openPopup(popup, adopt),
      close: (id) => { if (this.windows.all().some((r) => r.id === id)) this.closeWindow(id, 'page'); },
    });
    this.windows.onClosing = (record) => {
      this.network.detach(record.id);
      this.page.detach(record.id, record.page);
      this.errorPages.closed(record.id);
    };
    this.windows.onMoved = (record) => waiter.events.boundsChanged(record.id, this.windows.viewport(record));
    const events = followedEvents(waiter.events, this.com, this.windows, this.chrome, (hwnd, title) => this.page.setTitle(hwnd, title));
    this.errorPages = new Wv2ErrorPages(this.com, handlers, this.windows, events, () => this.waits.settings.waitForServerMs ?? 0, this.chrome);
    this.webviewEvents = new WebViewEvents(this.com, handlers, events, this.errorPages);
    const runtime = findRuntime(w, loader).location;
    this.info = {
      platform: 'win32',
      arch: process.arch,
      engine: 'WebView2',
      engineVersion: runtime?.version ?? (runtime ? 'not started yet' : 'none: no WebView2 Runtime found'),
      apartment: describeApartment(w),
      helperPid: process.pid,
      runtime: describeRuntime(),
      machine: describeMachine(w),
      loader: runtime?.description ?? 'none found (no loader DLL, browser folder or registry entry)',
    };
    this.environmentStarter = new EnvironmentStarter(w, this.com, this.waits, loader, runtime, this.info, waiter.events);
    this.waiter.events.log('info', `UI thread ${w.GetCurrentThreadId()}: ${this.info.apartment}; runtime: ${this.info.loader}`);
  }

  runOnce(): void {
    if (this.popups.runDue() || this.chrome.runDue()) return this.waiter.ledger.beat(); // what handlers left for the top of the loop
    const got = this.win32.GetMessageW(this.msg, null, 0, 0) as number;
    if (got === -1) {
      this.waiter.events.log('error', `GetMessageW failed: ${describeWin32Error(lastError())}`);
      return;
    }
    this.wakeWindow.dispatch(this.msg); // all but its own wake-up, which the loop drains after (wake.ts)
    this.waiter.ledger.beat(this.msg.readUInt32LE(MSG_MESSAGE_OFFSET));
  }

  configure(settings: HelperSettings): void {
    this.waits.settings = settings;
    this.page.setDevTools(settings.devTools !== false, this.windows.all().flatMap((r) => (r.webview ? [r.webview] : [])));
    this.network.setEnabled(settings.networkLog !== false);
    this.popups.configure(settings);
    // Each page keeps its viewport while its toolbar comes or goes.
    this.chrome.configure(settings.showChrome !== false, settings.devTools !== false, (id, apply) => {
      const record = this.windows.get(id);
      const viewport = this.windows.viewport(record);
      apply();
      this.windows.setViewport(record, { width: viewport.width, height: viewport.height });
    });
  }

  /** What the toolbar and the window's keys do, each as the request of the same name does. */
  private chromeHost(): ConstructorParameters<typeof Win32Chrome>[2] {
    return {
      load: (id, url) => this.navigate({ windowId: id, url }),
      reload: (id, bypassCache) => (bypassCache
        ? this.call(id, 'reload', (webview, record) => this.startNavigation(record, () => this.page.reloadBypassingCache(webview)))
        : this.reload({ windowId: id })),
      goBack: (id) => this.goBack({ windowId: id }), goForward: (id) => this.goForward({ windowId: id }),
      stop: (id) => this.stop({ windowId: id }),
      openDevTools: (id) => this.openDevTools({ windowId: id }),
      close: (id) => this.closeWindow(id, 'user'),
      zoom: (id) => this.page.zoom(this.windows.get(id).controller),
      setZoom: (id, factor) => this.setZoom({ windowId: id, factor }),
      zoomChanged: (id, zoom) => this.waiter.events.zoomChanged(id, zoom),
      device: (id) => this.deviceOf(id),
      chooseDevice: (id, presetId) => this.chooseDeviceInWindow(id, presetId, this.waiter.events),
      screenshot: (id) => this.waiter.events.screenshotRequested({ windowId: id }),
      focusPage: (id) => { const { controller } = this.windows.get(id); if (controller) this.com.callRaw(controller, Slot.controller.moveFocus, Sig.inInt, MOVE_FOCUS_PROGRAMMATIC); },
      log: (level, message) => this.waiter.events.log(level, message),
    };
  }

  protected resolveFolder(folder: string): string {
    return path.win32.resolve(folder);
  }

  /** NTFS names are case-insensitive. */
  protected sameFolder(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
  }

  protected openEnvironment(id: number, folder: string, proxy: string | undefined): Environment {
    const record: Environment = { id, folder, env: this.environmentStarter.start(folder, proxy), ...(proxy ? { proxy } : {}) };
    watchBrowserProcess(this.com, this.handlers, this.waiter.events, record);
    return record;
  }

  protected openWindow(p: WindowToOpen, env: Environment, adopt?: (webview: bigint) => void): WindowInfo {
    this.revive(env);
    const record = this.windows.open(p.windowId, env, p.nativeTitle, p.width, p.height, p.x, p.y);
    record.fixedTitle = p.title;
    try {
      const webview = this.attachBrowser(record, adopt);
      if (!env.browserPid) {
        env.browserPid = browserProcessId(this.com, webview);
        this.waiter.events.log('info', `environment ${env.id}: browser process ${env.browserPid}`);
      }
      if (p.url) this.startNavigation(record, () => this.com.call(webview, Slot.webview.navigate, Sig.inString, 'Navigate', p.url));
    } catch (err) {
      this.windows.destroy(record, 'request');
      throw asEngineError('createWindow', err);
    }
    return this.describe(record);
  }

  /** A popup's window (popups.ts, at the top of the loop): in its opener's environment, adopted by put_NewWindow, announced. */
  private openPopup(popup: QueuedPopup, adopt: (webview: bigint) => void): void {
    const { env } = this.windows.get(popup.openerId);
    const info = this.openWindow({ windowId: popup.windowId, environmentId: env.id, ...popup.place, nativeTitle: windowTitle({ url: popup.url || 'about:blank' }) }, env, adopt);
    this.waiter.events.windowOpened({ windowId: info.windowId, openerId: popup.openerId, url: popup.url, window: { ...info, openerId: popup.openerId } });
  }

  /** A controller and its webview in the window, with every event of ours on it (a popup's adopted before its page features). */
  private attachBrowser(record: Wv2Window, adopt?: (webview: bigint) => void): bigint {
    const env = record.env;
    record.controller = this.waits.awaitObject('createController', record.id, IID.controllerCompleted, 'ControllerCompletedHandler', (handler) =>
      this.com.call(env.env, Slot.env.createController, Sig.inPtrPtr, 'CreateCoreWebView2Controller', record.hwnd, handler));
    const webview = this.com.getPtr(record.controller, Slot.controller.coreWebView2, 'get_CoreWebView2');
    record.webview = webview;
    this.webviewEvents.subscribe(record, webview);
    this.popups.subscribe(record.id, webview);
    this.errorPages.subscribe(record, webview);
    if (adopt) { this.page.applyDevToolsSetting(webview); adopt(webview); } // settings first, as put_NewWindow asks
    this.network.attach(record.id, webview); // before Network.enable (page.attach): no event missed
    record.page = this.page.attach(record.id, webview);
    this.certificates.subscribe(record.id, webview);
    record.acceleratorToken = subscribeAcceleratorKeys(this.com, this.handlers, record.controller, (vk, repeat) => this.chrome.pageKey(record.id, vk, repeat));
    this.windows.fitToWindow(record);
    const device = this.emulation(record.id); // a browser started again after a crash is the device its window was
    if (device) this.applyDevice(record.id, device);
    return webview;
  }

  /**
   * After its browser process ended, an environment is dead, and so is every browser in its
   * windows. On the next use: a new environment for the same folder, and a new browser in each of
   * its windows, showing the page it showed; window ids stay. Returns whether it did anything.
   */
  private revive(env: Environment): boolean {
    if (!env.dead) return false;
    this.waiter.events.log('info', `environment ${env.id}: starting a new browser process for ${env.folder}`);
    const fresh = this.environmentStarter.start(env.folder, env.proxy);
    this.com.release(env.env);
    env.env = fresh;
    env.dead = false;
    watchBrowserProcess(this.com, this.handlers, this.waiter.events, env);
    for (const record of this.windows.all().filter((r) => r.env === env)) {
      this.windows.detachBrowser(record);
      const webview = this.attachBrowser(record);
      this.startNavigation(record, () => this.com.call(webview, Slot.webview.navigate, Sig.inString, 'Navigate', record.lastUrl ?? 'about:blank'));
    }
    const first = this.windows.all().find((r) => r.env === env && r.webview);
    env.browserPid = first?.webview ? browserProcessId(this.com, first.webview) : undefined;
    this.waiter.events.log('info', `environment ${env.id}: browser process ${env.browserPid ?? '(none yet)'} serves its windows again`);
    return true;
  }

  navigate(p: NavigateParams): void {
    this.call(p.windowId, 'navigate', (webview, record) =>
      this.startNavigation(record, () => this.com.call(webview, Slot.webview.navigate, Sig.inString, 'Navigate', p.url)));
  }

  goBack(p: WindowParams): void { this.call(p.windowId, 'goBack', (webview) => this.page.goBack(webview)); }
  goForward(p: WindowParams): void { this.call(p.windowId, 'goForward', (webview) => this.page.goForward(webview)); }
  /** Stop also ends a wait for a server, with our error page. */
  stop(p: WindowParams): void { this.call(p.windowId, 'stop', (webview) => this.page.stop(webview)); this.errorPages.pages.stopped(p.windowId); }
  openDevTools(p: WindowParams): void { this.call(p.windowId, 'openDevTools', (webview) => this.page.openDevTools(webview)); }
  setZoom(p: SetZoomParams): void {
    const record = this.windows.get(p.windowId);
    this.call(p.windowId, 'setZoom', () => this.page.setZoom(record.controller as bigint, p.factor));
    this.chrome.showZoom(p.windowId, this.page.zoom(record.controller));
  }
  protected applyDevice(windowId: number, device: DeviceEmulation | null): void {
    applyDeviceEmulation(this.com, this.handlers, (spec, start) => this.waits.wait(spec, start), windowId, this.webview(this.windows.get(windowId)), device);
  }
  /** The page gets the asked viewport; the window grows by its frame and toolbar. */
  setBounds(p: SetBoundsParams): Bounds {
    const record = this.windows.get(p.windowId);
    this.windows.setViewport(record, p);
    return this.windows.viewport(record);
  }

  reload(p: WindowParams): void {
    // After a dead browser process, the new browsers were sent to their pages: that is the reload.
    if (this.revive(this.windows.get(p.windowId).env)) return;
    this.call(p.windowId, 'reload', (webview, record) =>
      this.startNavigation(record, () => this.com.call(webview, Slot.webview.reload, Sig.none, 'Reload')));
  }

  focus(p: WindowParams): void {
    const record = this.windows.get(p.windowId);
    this.win32.ShowWindow(record.hwnd, SW_RESTORE);
    this.win32.SetForegroundWindow(record.hwnd);
  }

  /** A probe of the main thread for a window that waits for its server (helper/serverWait.ts). */
  serverWait(p: ServerWaitStep): boolean { return this.errorPages.pages.step(p); }

  setNetworkCapture(p: SetNetworkCaptureParams): void {
    this.windows.get(p.windowId); // an unknown window is refused
    this.network.setCapture(p.windowId, p.bodies);
  }

  protected closeWindow(windowId: number, reason: WindowClosedEvent['reason']): void {
    this.network.forgetWindow(windowId);
    this.windows.destroy(this.windows.get(windowId), reason);
    // At shutdown, once the last window (and its controller) is closed, the environments go too:
    // the runtime ends a browser process nobody holds at once, while one left behind by a host
    // that just exits keeps the profile a while, and a rerun on it with other options would meet
    // ERROR_INVALID_STATE.
    if (reason === 'shutdown' && this.windows.all().length === 0) this.releaseEnvironments();
  }

  private releaseEnvironments(): void {
    for (const env of this.environments.values()) this.com.release(env.env);
    this.environments.clear();
    this.waiter.events.log('info', 'environments released: their browser processes end');
  }

  getCookies({ windowId, url }: GetCookiesParams): Cookie[] {
    const record = this.windows.get(windowId);
    // Not [] from a new browser process: the window's own is gone until it is reloaded.
    if (record.env.dead) {
      throw new EngineError('getCookies', 'browser-process-exited', `window ${windowId}'s browser process exited; reload the window to read its cookies`);
    }
    return getCookies(this.com, this.waits, windowId, this.webview(record), url);
  }

  setCookie(p: SetCookieParams): void {
    // Checked by the cookie rules at the boundary, which fill in every field (protocolSchema.ts).
    cookieEdits.setCookie(this.com, this.webview(this.windows.get(p.windowId)), p.cookie as CheckedCookie);
  }

  deleteCookie(p: DeleteCookieParams): void {
    cookieEdits.deleteCookie(this.com, this.waits, p.windowId, this.webview(this.windows.get(p.windowId)), p.name, p.domain, p.path);
  }

  clearCookies(p: WindowParams): number {
    return cookieEdits.clearCookies(this.com, this.waits, p.windowId, this.webview(this.windows.get(p.windowId)));
  }

  screenshot(p: ScreenshotParams): ScreenshotResult {
    const webview = this.webview(this.windows.get(p.windowId));
    if (p.fullPage) return fullPageScreenshot(this.com, this.handlers, (spec, start) => this.waits.wait(spec, start), p.windowId, webview, p.path);
    return this.page.screenshot(p.windowId, webview, p.path);
  }

  runScript(p: ScriptToRun): void {
    this.call(p.windowId, 'runScript', (webview) => this.scripts.run(webview, p));
  }

  pageInput(p: PageInputParams): void {
    this.call(p.windowId, 'pageInput', (webview) => deliverInput(this.com, this.handlers, webview, p, (m) => this.waiter.events.log('warn', m)));
  }

  savePdf(p: SavePdfParams): PdfResult {
    return savePdf(this.com, this.handlers, this.waits, p.windowId, this.webview(this.windows.get(p.windowId)), p.path);
  }

  listWindows(): WindowInfo[] {
    return this.windows.all().map((r) => this.describe(r));
  }

  private describe(record: Wv2Window): WindowInfo {
    return { ...this.windows.describe(record), zoom: this.page.zoom(record.controller), bounds: this.windows.viewport(record), failed: null }; // the helper's window table owns failures
  }

  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T {
    return this.waits.wait(spec, start);
  }

  private webview(record: Wv2Window): bigint {
    this.revive(record.env);
    if (!record.webview) throw new InvalidInputError(`window ${record.id} has no browser yet`);
    return record.webview;
  }

  /** A navigation this backend starts: the window is loading until its NavigationCompleted. */
  private startNavigation(record: Wv2Window, start: () => void): void {
    record.loading = true;
    this.chrome.setLoading(record.id, true);
    try {
      start();
    } catch (err) {
      record.loading = false;
      this.chrome.setLoading(record.id, false);
      throw err;
    }
  }

  private call(windowId: number, site: string, body: (webview: bigint, record: Wv2Window) => void): void {
    const record = this.windows.get(windowId);
    const webview = this.webview(record);
    try {
      body(webview, record);
    } catch (err) {
      throw asEngineError(site, err);
    }
  }
}
