// The Linux backend: GTK 3 windows holding WebKitGTK 4.1 views, driven from the UI thread.
// This file puts the concerns together; each lives in its own file: abi.ts (koffi declarations),
// wake.ts (waking the UI thread), wait.ts (the glib wait), windows.ts (environments and windows),
// events.ts (signals), cookies.ts, screenshot.ts, pageFeatures.ts (console, resource loads,
// DevTools, history, zoom, geometry), cookieEdits.ts, tls.ts (untrusted certificates), proxy.ts,
// networkAbi.ts (their koffi declarations).
import type {
  Bounds, SetBoundsParams,
  Cookie, CreateEnvironmentParams, EnvironmentInfo,
  HelperSettings, PdfResult, PlatformInfo, ScreenshotResult, WindowClosedEvent, WindowInfo,
} from '../protocol';
import { ErrorCodes } from '../protocol';
import { describeRuntime, type Backend, type BackendWaitSpec, type NewWindowParams } from '../helper/backend';
import { HelperError, InvalidInputError } from '../helper/errors';
import type { CheckedCookie } from '../cookies/cookieInput';
import type { Completion, Waiter } from '../helper/waits';
import { loadGtk, type Gtk } from './abi';
import { getCookies } from './cookies';
import * as cookieEdits from './cookieEdits';
import { loadNetworkAbi, type NetworkAbi } from './networkAbi';
import { applyProxy } from './proxy';
import { TlsDecisions } from './tls';
import { GtkSignals } from './events';
import { screenshot } from './screenshot';
import { savePdf } from './pdf';
import { GlibWaits } from './wait';
import { GLIB_WAKE_TARGET } from './wake';
import { GtkWindows, type GtkWindow } from './windows';
import { nameProgram, WebKitPageFeatures } from './pageFeatures';

export class WebKitGtkBackend implements Backend {
  readonly info: PlatformInfo;
  readonly wake = GLIB_WAKE_TARGET;
  private readonly gtk: Gtk;
  private readonly waits: GlibWaits;
  private readonly windows: GtkWindows;
  private readonly signals: GtkSignals;
  private readonly page: WebKitPageFeatures;
  private readonly net: NetworkAbi;
  private readonly tls: TlsDecisions;

  constructor(private readonly waiter: Waiter, settings: HelperSettings) {
    this.gtk = loadGtk();
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
    this.windows = new GtkWindows(g);
    this.page = new WebKitPageFeatures(g, waiter.callbacks, waiter.events, settings.devTools !== false);
    const events = {
      ...waiter.events,
      windowClosed: (e: Parameters<typeof waiter.events.windowClosed>[0]) => {
        this.page.detachView(e.windowId);
        waiter.events.windowClosed(e);
      },
    };
    this.signals = new GtkSignals(g, this.windows, events, waiter.callbacks);
    this.net = loadNetworkAbi();
    this.tls = new TlsDecisions(g, this.net, this.windows, () => this.waits.settings, waiter.events, waiter.callbacks);
  }

  runOnce(): void {
    this.gtk.g_main_context_iteration(null, 1);
    this.waiter.ledger.beat();
  }

  configure(settings: HelperSettings): void {
    this.waits.settings = settings;
    this.page.setDevTools(settings.devTools !== false, this.windows.all().map((w) => w.view));
  }

  createEnvironment(p: CreateEnvironmentParams): EnvironmentInfo {
    const existing = this.windows.environmentOf(p.userDataFolder);
    if (existing) {
      if ((existing.proxy ?? undefined) !== p.proxy) {
        throw new InvalidInputError(`the profile ${existing.folder} is already open ${existing.proxy ? `with the proxy ${existing.proxy}` : 'without a proxy'}; restart the helper to change it`);
      }
      return { environmentId: existing.id, userDataFolder: existing.folder };
    }
    const info = this.windows.createEnvironment(p.userDataFolder, (context) => this.page.attachContext(context));
    const env = this.windows.environment(info.environmentId);
    this.tls.configure(env);
    if (p.proxy) {
      applyProxy(this.net, env, p.proxy);
      env.proxy = p.proxy;
    }
    return info;
  }

  createWindow(p: NewWindowParams): WindowInfo {
    const w = this.windows.createWindow(p, (id, window, view) => {
      this.signals.connect(id, window, view);
      this.page.attachView(id, view);
      this.tls.connect(id, view);
      this.page.attachWindow(id, window);
      if (p.x !== undefined && p.y !== undefined) this.page.setBounds(window, { width: p.width ?? 1024, height: p.height ?? 768, x: p.x, y: p.y });
    }, (created, url) => this.windows.load(created, url));
    return this.describe(w);
  }

  navigate(windowId: number, url: string): void {
    this.windows.load(this.windows.get(windowId), url);
  }

  goBack(windowId: number): void { this.page.goBack(this.windows.get(windowId).view); }
  goForward(windowId: number): void { this.page.goForward(this.windows.get(windowId).view); }
  stop(windowId: number): void { this.page.stop(this.windows.get(windowId).view); }
  openDevTools(windowId: number): void { this.page.openDevTools(this.windows.get(windowId).view); }
  setZoom(windowId: number, factor: number): void { this.page.setZoom(this.windows.get(windowId).view, factor); }
  setBounds(p: SetBoundsParams): Bounds {
    const w = this.windows.get(p.windowId);
    const now = this.page.bounds(w.window);
    this.page.setBounds(w.window, p);
    return { x: p.x ?? now.x, y: p.y ?? now.y, width: p.width, height: p.height };
  }

  reload(windowId: number): void {
    const w = this.windows.get(windowId);
    // Nothing committed yet (a first load whose page crashed): load what was asked for again.
    if (!w.committed && w.askedUri !== undefined) {
      this.windows.load(w, w.askedUri);
      return;
    }
    w.lastFailure = undefined;
    this.gtk.webkit_web_view_reload(w.view);
  }

  focus(windowId: number): void {
    this.gtk.gtk_window_present(this.windows.get(windowId).window);
  }

  close(windowId: number, reason: WindowClosedEvent['reason']): void {
    const w = this.windows.get(windowId);
    w.closing = reason;
    this.gtk.gtk_widget_destroy(w.window); // `destroy` reports the close
  }

  getCookies(windowId: number, url?: string): Cookie[] {
    return getCookies(this.gtk, this.waits, this.windows.get(windowId), url);
  }

  setCookie(windowId: number, cookie: CheckedCookie): void {
    cookieEdits.setCookie(this.gtk, this.net, this.waits, windowId, this.windows.get(windowId).env, cookie);
  }

  deleteCookie(windowId: number, name: string, domain: string, path: string): void {
    cookieEdits.deleteCookie(this.gtk, this.net, this.waits, windowId, this.windows.get(windowId).env, name, domain, path);
  }

  clearCookies(windowId: number): number {
    return cookieEdits.clearCookies(this.gtk, this.net, this.waits, windowId, this.windows.get(windowId).env);
  }

  screenshot(windowId: number, file: string): ScreenshotResult {
    return screenshot(this.gtk, this.waits, this.windows.get(windowId), file);
  }

  savePdf(windowId: number, file: string): PdfResult {
    return savePdf(this.gtk, this.waits, this.windows.get(windowId), file);
  }

  listWindows(): WindowInfo[] {
    return this.windows.all().map((w) => this.describe(w));
  }

  private describe(w: GtkWindow): WindowInfo {
    return { ...this.windows.describe(w), zoom: this.page.zoom(w.view), bounds: this.page.bounds(w.window), failed: null };
  }

  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T {
    return this.waits.wait(spec, start);
  }
}
