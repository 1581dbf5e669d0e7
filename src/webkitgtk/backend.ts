// The Linux engine: GTK 3 windows holding WebKitGTK 4.1 views, driven from the UI thread. The
// engine base (helper/engineBase.ts) keeps the registry of environments and window defaults; this
// file serves each request from the file of its concern: ffi/ (every koffi declaration), wake.ts
// (waking the UI thread), wait.ts (the glib wait), environments.ts, windows.ts, events.ts
// (signals), chrome.ts and chromeKeys.ts (the window's toolbar and keys), cookies.ts, cookieEdits.ts, screenshot.ts, pdf.ts, pageFeatures.ts (resource loads,
// DevTools, history, zoom, geometry), pageConsole.ts and pageFilter.ts (the console relay and what
// guards it), certificates.ts (untrusted certificates), proxy.ts, popups.ts (a page's popups).
import * as path from 'node:path';
import type {
  Bounds, Cookie, DeleteCookieParams, DeviceEmulation, GetCookiesParams, HelperSettings, NavigateParams, PdfResult, PlatformInfo,
  SavePdfParams, PageInputParams, ScreenshotParams, ScreenshotResult, SetBoundsParams, SetCookieParams, SetNetworkCaptureParams, SetZoomParams,
  WindowClosedEvent, WindowInfo, WindowParams,
} from '../protocol';
import { ErrorCodes } from '../protocol';
import { describeRuntime, windowTitle, type Backend, type BackendWaitSpec, type ScriptToRun } from '../helper/backend';
import { EngineBase, type WindowToOpen } from '../helper/engineBase';
import { HelperError } from '../helper/errors';
import type { CheckedCookie } from '../cookies/cookieInput';
import type { Completion, Waiter } from '../helper/waits';
import { getCookies } from './cookies';
import * as cookieEdits from './cookieEdits';
import { applyProxy } from './proxy';
import { TlsDecisions } from './certificates';
import { GtkSignals } from './events';
import { GtkErrorPages } from './errorPage';
import type { ServerWaitStep } from '../helper/backend';
import { screenshot } from './screenshot';
import { savePdf } from './pdf';
import { GlibWaits } from './wait';
import { GLIB_WAKE_TARGET } from './wake';
import { openEnvironment, type Environment } from './environments';
import { GtkWindows, type GtkWindow } from './windows';
import { GtkChrome } from './chrome';
import { nameProgram, WebKitPageFeatures } from './pageFeatures';
import { type Ffi, loadFfi } from './ffi';
import { WebKitPageInput } from './pageInput';
import type { PageChannelAddress } from '../helper/pageChannels';
import { GtkPopups, type PendingPopup } from './popups';
import { popupBounds, popupSize, PopupRules } from '../helper/popups';
import type { WindowIds } from '../windowIds';

export class WebKitGtkBackend extends EngineBase<Environment> implements Backend {
  readonly info: PlatformInfo;
  readonly wake = GLIB_WAKE_TARGET;
  private readonly gtk: Ffi;
  private readonly waits: GlibWaits;
  private readonly windows: GtkWindows;
  private readonly signals: GtkSignals;
  private readonly page: WebKitPageFeatures;
  private readonly chrome: GtkChrome;
  private readonly tls: TlsDecisions;
  private readonly input: WebKitPageInput;
  private readonly popups: PopupRules;
  private readonly popupSignals: GtkPopups;
  private readonly errorPages: GtkErrorPages;

  constructor(private readonly waiter: Waiter, settings: HelperSettings, windowIds: WindowIds, private readonly pageChannel?: PageChannelAddress) {
    super(windowIds);
    this.gtk = loadFfi();
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      throw new HelperError('no display: DISPLAY is not set. Run inside a desktop session, or under a virtual display with xvfb-run.', ErrorCodes.noDisplay);
    }
    nameProgram('before-init');
    if (!this.gtk.gtk_init_check(null, null)) {
      throw new HelperError(`GTK could not open the display "${process.env.DISPLAY ?? process.env.WAYLAND_DISPLAY}"`, ErrorCodes.noDisplay);
    }
    nameProgram('after-init');
    const g = this.gtk;
    const display = g.gdk_display_get_default();
    this.info = {
      platform: 'linux',
      arch: process.arch,
      engine: 'WebKitGTK',
      engineVersion: `${g.webkit_get_major_version()}.${g.webkit_get_minor_version()}.${g.webkit_get_micro_version()}`,
      apartment: 'GLib default main context on the helper UI thread',
      helperPid: process.pid,
      runtime: describeRuntime(),
    };
    this.waiter.events.log('info', `GTK ${g.gtk_get_major_version()} on display ${display ? g.gdk_display_get_name(display) : '?'}`);
    this.waits = new GlibWaits(g, waiter, settings);
    this.input = new WebKitPageInput(g);
    this.windows = new GtkWindows(g);
    this.page = new WebKitPageFeatures(g, waiter.callbacks, waiter.events, settings.devTools !== false, (id) => this.chrome.height(id), pageChannel);
    this.chrome = new GtkChrome(g, waiter.callbacks, {
      load: (id, url) => this.navigate({ windowId: id, url }),
      reload: (id, bypassCache) => this.reloadWindow(id, bypassCache),
      stop: (id) => this.stop({ windowId: id }),
      waiting: (id) => this.errorPages.pages.waiting(id),
      openDevTools: (id) => this.openDevTools({ windowId: id }),
      close: (id) => this.closeWindow(id, 'user'),
      zoom: (id) => this.page.zoom(this.view({ windowId: id })),
      setZoom: (id, factor) => this.setZoom({ windowId: id, factor }),
      zoomChanged: (id, zoom) => waiter.events.zoomChanged(id, zoom),
      device: (id) => this.deviceOf(id),
      chooseDevice: (id, presetId) => this.chooseDeviceInWindow(id, presetId, waiter.events),
      screenshot: (id) => waiter.events.screenshotRequested({ windowId: id }),
      log: (level, message) => waiter.events.log(level, message),
    }, settings.showChrome !== false, settings.devTools !== false);
    this.page.network.enabled = settings.networkLog !== false;
    this.errorPages = new GtkErrorPages(g, this.windows, waiter.events, waiter.callbacks, () => this.waits.settings.waitForServerMs ?? 0, {
      shows: (id) => this.chrome.shows(id),
      focus: (id) => this.chrome.focusAddress(id),
    });
    this.page.ownDocument = (id, url) => this.errorPages.ownDocument(id, url);
    const events = {
      ...waiter.events,
      windowClosed: (e: Parameters<typeof waiter.events.windowClosed>[0]) => {
        this.page.detachView(e.windowId);
        this.chrome.detach(e.windowId);
        this.popups.closed(e.windowId);
        this.errorPages.pages.closed(e.windowId);
        waiter.events.windowClosed(e);
      },
      requestFinished: (e: Parameters<typeof waiter.events.requestFinished>[0]) => {
        if (this.page.network.enabled) waiter.events.requestFinished(e);
      },
    };
    this.signals = new GtkSignals(g, this.windows, events, waiter.callbacks, this.errorPages);
    this.tls = new TlsDecisions(g, this.windows, () => this.waits.settings, waiter.events, waiter.callbacks);
    this.popups = new PopupRules(waiter.events, settings);
    this.popupSignals = new GtkPopups(g, waiter.callbacks, {
      admit: (openerId, url) => this.admitPopup(openerId, url),
      show: (popup, asked) => this.showPopup(popup, asked),
      close: (id) => { if (this.windows.find(id)) this.closeWindow(id, 'page'); },
      dropped: (id) => this.popups.closed(id),
      log: (level, message) => waiter.events.log(level, message),
    });
  }

  runOnce(): void {
    this.gtk.g_main_context_iteration(null, 1);
    this.waiter.ledger.beat();
  }

  configure(settings: HelperSettings): void {
    this.waits.settings = settings;
    this.page.setDevTools(settings.devTools !== false, this.windows.all().map((w) => w.view));
    // Each page keeps its viewport while its toolbar comes or goes.
    this.chrome.configure(settings.showChrome !== false, settings.devTools !== false, (id, apply) => {
      const w = this.windows.get(id);
      const viewport = this.page.bounds(id, w.window);
      apply();
      this.page.setBounds(id, w.window, viewport);
    });
    this.page.network.enabled = settings.networkLog !== false;
    this.popups.configure(settings);
  }

  protected resolveFolder(folder: string): string {
    return path.resolve(folder);
  }

  protected sameFolder(a: string, b: string): boolean {
    return a === b;
  }

  protected openEnvironment(id: number, folder: string, proxy: string | undefined): Environment {
    const env = openEnvironment(this.gtk, id, folder, (context) => this.page.attachContext(context));
    this.tls.configure(env);
    if (proxy) {
      applyProxy(this.gtk, env, proxy, this.pageChannel?.port);
      env.proxy = proxy;
    }
    return env;
  }

  protected openWindow(p: WindowToOpen, env: Environment): WindowInfo {
    const w = this.windows.createWindow(p, env, this.dress, this.wire(p, false), (created, url) => this.windows.load(created, url));
    return this.describe(w);
  }

  /** The toolbar above the view, and how much taller than its page that makes the window. */
  private readonly dress = (id: number, window: bigint, view: bigint) => {
    const root = this.chrome.build(id, window, view);
    return { root, extraHeight: this.chrome.height(id) };
  };

  /** Connects a new window's signals and features before anything loads, and places it. */
  private wire(p: WindowToOpen, popup: boolean) {
    return (id: number, window: bigint, view: bigint) => {
      this.signals.connect(id, window, view);
      if (!popup) this.popupSignals.connect(id, view); // a popup's view has them from WebKit's `create` on
      this.errorPages.connect(id, view);
      this.page.attachView(id, view);
      this.tls.connect(id, view);
      this.page.attachWindow(id, window);
      this.chrome.focusPage(id);
      if (p.x !== undefined && p.y !== undefined) this.page.setBounds(id, window, { width: p.width, height: p.height, x: p.x, y: p.y });
    };
  }

  /**
   * Inside WebKit's `create` signal: whether window `openerId`'s page gets a popup (the popup
   * rules), and if so its id (from the counter the main thread shares) and its place beside the
   * opener. Nothing here waits: this runs inside an engine callback.
   */
  private admitPopup(openerId: number, url: string): { windowId: number; openerView: bigint; place: Bounds } | null {
    const opener = this.windows.find(openerId);
    if (!opener || this.popups.decide(openerId, url) !== 'window') return null;
    const windowId = this.windowIds.next();
    const place = popupBounds(this.page.bounds(opener.id, opener.window), {}, this.popups.openCount(openerId));
    this.popups.opened(windowId, openerId);
    return { windowId, openerView: opener.view, place };
  }

  /** The popup's page is ready to show: a window of ours, in its opener's environment, at the size its page asked for. */
  private showPopup(popup: PendingPopup, asked: { width: number; height: number }): void {
    const opener = this.windows.find(popup.openerId);
    if (!opener) { // gone meanwhile: the view goes with the reference popups.ts lets go of
      this.popups.closed(popup.windowId);
      return;
    }
    const p: WindowToOpen = {
      windowId: popup.windowId, environmentId: opener.env.id, ...popup.place, ...popupSize(asked, popup.place),
      nativeTitle: windowTitle({ url: popup.url || 'about:blank' }),
    };
    const w = this.windows.createPopup(p, opener.env, popup.view, this.dress, this.wire(p, true));
    this.waiter.events.windowOpened({ windowId: w.id, openerId: popup.openerId, url: popup.url, window: { ...this.describe(w), openerId: popup.openerId } });
  }

  protected closeWindow(windowId: number, reason: WindowClosedEvent['reason']): void {
    const w = this.windows.get(windowId);
    w.closing = reason;
    this.gtk.gtk_widget_destroy(w.window); // `destroy` reports the close
  }

  navigate(p: NavigateParams): void {
    this.windows.load(this.windows.get(p.windowId), p.url);
  }

  goBack(p: WindowParams): void { this.page.goBack(this.view(p)); }
  goForward(p: WindowParams): void { this.page.goForward(this.view(p)); }
  stop(p: WindowParams): void {
    this.page.stop(this.view(p));
    this.errorPages.pages.stopped(p.windowId); // a wait for a server ends with our error page
  }
  openDevTools(p: WindowParams): void { this.page.openDevTools(this.view(p)); }
  setZoom(p: SetZoomParams): void { this.page.setZoom(this.view(p), p.factor); }
  /** WebKitGTK emulates a device's user agent (its viewport is the window's: setBounds); null: WebKit's own again. */
  protected applyDevice(windowId: number, device: DeviceEmulation | null): void {
    const settings = this.gtk.webkit_web_view_get_settings(this.windows.get(windowId).view);
    this.gtk.webkit_settings_set_user_agent(settings, device ? device.userAgent : null);
  }

  setBounds(p: SetBoundsParams): Bounds {
    const w = this.windows.get(p.windowId);
    const now = this.page.bounds(w.id, w.window);
    this.page.setBounds(w.id, w.window, p);
    return { x: p.x ?? now.x, y: p.y ?? now.y, width: p.width, height: p.height };
  }

  reload(p: WindowParams): void {
    this.reloadWindow(p.windowId, false);
  }

  /** Reload, from a request or the window's own keys (Ctrl+Shift+R passes the cache by). */
  private reloadWindow(windowId: number, bypassCache: boolean): void {
    const w = this.windows.get(windowId);
    // Our error page stands for an address that failed: load that address again.
    const failed = this.errorPages.pages.failedUrl(windowId);
    if (failed !== undefined) {
      this.windows.load(w, failed);
      return;
    }
    // Nothing committed yet (a first load whose page crashed): load what was asked for again.
    if (!w.committed && w.askedUri !== undefined) {
      this.windows.load(w, w.askedUri);
      return;
    }
    w.lastFailure = undefined;
    if (bypassCache) this.gtk.webkit_web_view_reload_bypass_cache(w.view);
    else this.gtk.webkit_web_view_reload(w.view);
  }

  /** A probe of the main thread for a window that waits for its server (helper/serverWait.ts). */
  serverWait(p: ServerWaitStep): boolean {
    return this.errorPages.pages.step(p);
  }

  setNetworkCapture(p: SetNetworkCaptureParams): void {
    this.windows.get(p.windowId); // an unknown window is refused
    this.page.network.setCapture(p.windowId, p.bodies);
  }

  focus(p: WindowParams): void {
    this.gtk.gtk_window_present(this.windows.get(p.windowId).window);
  }

  getCookies(p: GetCookiesParams): Cookie[] {
    return getCookies(this.gtk, this.waits, this.windows.get(p.windowId), p.url);
  }

  setCookie(p: SetCookieParams): void {
    // Checked by the cookie rules at the boundary, which fill in every field (protocolSchema.ts).
    cookieEdits.setCookie(this.gtk, this.waits, p.windowId, this.windows.get(p.windowId).env, p.cookie as CheckedCookie);
  }

  deleteCookie(p: DeleteCookieParams): void {
    cookieEdits.deleteCookie(this.gtk, this.waits, p.windowId, this.windows.get(p.windowId).env, p.name, p.domain, p.path);
  }

  clearCookies(p: WindowParams): number {
    return cookieEdits.clearCookies(this.gtk, this.waits, p.windowId, this.windows.get(p.windowId).env);
  }

  screenshot(p: ScreenshotParams): ScreenshotResult {
    return screenshot(this.gtk, this.waits, this.windows.get(p.windowId), p.path, p.fullPage === true);
  }

  /** Never called: on Linux the main thread runs scripts through the pages' own channels (helper/pageChannels.ts). */
  runScript(p: ScriptToRun): void {
    this.windows.get(p.windowId); // an unknown window is refused
    throw new HelperError('page script is served by the helper\'s main thread on Linux', ErrorCodes.internal);
  }

  pageInput(p: PageInputParams): void {
    const view = this.view(p);
    this.input.deliver(view, this.page.zoom(view), p);
  }

  savePdf(p: SavePdfParams): PdfResult {
    return savePdf(this.gtk, this.waits, this.windows.get(p.windowId), p.path);
  }

  listWindows(): WindowInfo[] {
    return this.windows.all().map((w) => this.describe(w));
  }

  private view(p: WindowParams): bigint {
    return this.windows.get(p.windowId).view;
  }

  private describe(w: GtkWindow): WindowInfo {
    return { ...this.windows.describe(w), zoom: this.page.zoom(w.view), bounds: this.page.bounds(w.id, w.window), failed: null }; // the helper's window table owns failures
  }

  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T {
    return this.waits.wait(spec, start);
  }
}
