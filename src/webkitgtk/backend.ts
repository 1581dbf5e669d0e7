// The Linux backend: GTK 3 windows holding WebKitGTK 4.1 views, driven from the UI thread.
// Waits use the `glib` strategy: iterate the default main context until the completion has run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  Cookie, CreateEnvironmentParams, CreateWindowParams, EnvironmentInfo,
  HelperSettings, PlatformInfo, ScreenshotResult, WindowClosedEvent, WindowInfo,
} from '../protocol';
import { ErrorCodes } from '../protocol';
import { describeRuntime, type Backend, type BackendWaitSpec } from '../helper/backend';
import { toCookie } from '../helper/cookieMapping';
import { EngineError, HelperError, InvalidInputError, UnknownWindowError } from '../helper/errors';
import { epochNow } from '../helper/ledger';
import { waitFor, type Completion, type Waiter } from '../helper/waits';
import {
  Callbacks, COOKIE_STORAGE_SQLITE, LOAD_FINISHED, SNAPSHOT_OPTIONS_NONE, SNAPSHOT_REGION_VISIBLE,
  errorMessage, listData, loadGtk, register, takeError, type Gtk, type Ptr,
} from './ffi';

interface Environment {
  id: number;
  folder: string;
  context: bigint;
  cookieManager: bigint;
}

interface Window {
  id: number;
  env: Environment;
  window: bigint;
  view: bigint;
  xid: string;
  closing?: WindowClosedEvent['reason'];
  lastFailure?: string;
  failedUri?: string;
  /** WebKit shows its error page after a failure; that load is not a navigation of its own. */
  errorPageFor?: string;
  /** Test hook: runs inside the next finished load's callback. */
  onNextLoad?: () => void;
}

type AsyncHandler = (source: Ptr, result: Ptr) => void;

export class WebKitGtkBackend implements Backend {
  readonly info: PlatformInfo;
  readonly wakeHandle = 'glib-default-context';
  private readonly gtk: Gtk;
  private settings: HelperSettings;
  private readonly environments = new Map<number, Environment>();
  private readonly windows = new Map<number, Window>();
  private readonly asyncHandlers = new Map<number, AsyncHandler>();
  private readonly timeouts = new Map<number, () => void>();
  private nextEnvironmentId = 1;
  private nextWindowId = 1;
  /** Identifies a pending async call or timer to the shared C callbacks. */
  private nextToken = 1;
  private readonly cb: Record<keyof typeof Callbacks, bigint>;

  constructor(private readonly waiter: Waiter, settings: HelperSettings) {
    this.settings = settings;
    this.gtk = loadGtk();
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      throw new HelperError('no display: DISPLAY is not set. Run inside a desktop session, or under a virtual display with xvfb-run.', ErrorCodes.noDisplay);
    }
    if (!this.gtk.gtk_init_check(null, null)) {
      throw new HelperError(`GTK could not open the display "${process.env.DISPLAY ?? process.env.WAYLAND_DISPLAY}"`, ErrorCodes.noDisplay);
    }
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
    const scope = this.waiter.callbacks;
    this.cb = {
      asyncReady: register((source: Ptr, result: Ptr, data: bigint) => scope.run('GAsyncReadyCallback', undefined, () => {
        const handler = this.asyncHandlers.get(Number(data));
        this.asyncHandlers.delete(Number(data));
        handler?.(source, result);
      }), Callbacks.asyncReady),
      sourceFunc: register((data: bigint) => scope.run('GSourceFunc', 0, () => {
        const fire = this.timeouts.get(Number(data));
        this.timeouts.delete(Number(data));
        fire?.();
        return 0; // G_SOURCE_REMOVE
      }), Callbacks.sourceFunc),
      loadChanged: register((_view: Ptr, event: number, data: bigint) =>
        scope.run('load-changed', undefined, () => this.onLoadChanged(Number(data), event)), Callbacks.loadChanged),
      loadFailed: register((_view: Ptr, _event: number, uri: string, error: Ptr, data: bigint) =>
        scope.run('load-failed', 0, () => this.onLoadFailed(Number(data), uri, error)), Callbacks.loadFailed),
      notify: register((_object: Ptr, _pspec: Ptr, data: bigint) =>
        scope.run('notify::title', undefined, () => this.onTitle(Number(data))), Callbacks.notify),
      destroy: register((_widget: Ptr, data: bigint) =>
        scope.run('destroy', undefined, () => this.onDestroy(Number(data))), Callbacks.destroy),
      processTerminated: register((_view: Ptr, reason: number, data: bigint) =>
        scope.run('web-process-terminated', undefined, () => this.onProcessTerminated(Number(data), reason)), Callbacks.processTerminated),
    };
  }

  runOnce(): void {
    this.gtk.g_main_context_iteration(null, 1);
    this.waiter.ledger.beat();
  }

  configure(settings: HelperSettings): void {
    this.settings = settings;
  }

  createEnvironment(p: CreateEnvironmentParams): EnvironmentInfo {
    const folder = path.resolve(p.userDataFolder);
    for (const env of this.environments.values()) {
      if (env.folder === folder) return { environmentId: env.id, userDataFolder: folder };
    }
    try {
      fs.mkdirSync(folder, { recursive: true });
      fs.accessSync(folder, fs.constants.W_OK);
    } catch (err) {
      throw new InvalidInputError(`the user data folder ${folder} cannot be created or written: ${(err as Error).message}`);
    }
    const g = this.gtk;
    const manager = g.webkit_website_data_manager_new(
      'base-data-directory', 'const char *', path.join(folder, 'data'),
      'const char *', 'base-cache-directory', 'const char *', path.join(folder, 'cache'),
      'const char *', null,
    ) as bigint;
    const context = g.webkit_web_context_new_with_website_data_manager(manager) as bigint;
    g.g_object_unref(manager);
    const cookieManager = g.webkit_web_context_get_cookie_manager(context) as bigint;
    g.webkit_cookie_manager_set_persistent_storage(cookieManager, path.join(folder, 'cookies.sqlite'), COOKIE_STORAGE_SQLITE);
    const env: Environment = { id: this.nextEnvironmentId++, folder, context, cookieManager };
    this.environments.set(env.id, env);
    return { environmentId: env.id, userDataFolder: folder };
  }

  createWindow(p: CreateWindowParams): WindowInfo {
    const env = this.environments.get(p.environmentId);
    if (!env) throw new InvalidInputError(`no environment ${p.environmentId}`);
    const g = this.gtk;
    const id = this.nextWindowId++;
    const window = g.gtk_window_new(0) as bigint;
    g.gtk_window_set_title(window, p.title ?? `WebView2 Host: ${p.url ?? 'page'}`);
    g.gtk_window_set_default_size(window, p.width ?? 1024, p.height ?? 768);
    const view = g.webkit_web_view_new_with_context(env.context) as bigint;
    g.gtk_container_add(window, view);
    const data = BigInt(id);
    g.g_signal_connect_data(view, 'load-changed', this.cb.loadChanged, data, null, 0);
    g.g_signal_connect_data(view, 'load-failed', this.cb.loadFailed, data, null, 0);
    g.g_signal_connect_data(view, 'notify::title', this.cb.notify, data, null, 0);
    g.g_signal_connect_data(view, 'web-process-terminated', this.cb.processTerminated, data, null, 0);
    g.g_signal_connect_data(window, 'destroy', this.cb.destroy, data, null, 0);
    g.gtk_widget_show_all(window);
    const gdkWindow = g.gtk_widget_get_window(window);
    const xid = gdkWindow ? `0x${BigInt(g.gdk_x11_window_get_xid(gdkWindow)).toString(16)}` : 'none';
    const w: Window = { id, env, window, view, xid };
    this.windows.set(id, w);
    if (p.html !== undefined) g.webkit_web_view_load_html(view, p.html, p.url ?? null);
    else if (p.url) g.webkit_web_view_load_uri(view, p.url);
    return this.describe(w);
  }

  navigate(windowId: number, url: string): void {
    const w = this.window(windowId);
    w.lastFailure = undefined;
    this.gtk.webkit_web_view_load_uri(w.view, url);
  }

  reload(windowId: number): void {
    const w = this.window(windowId);
    w.lastFailure = undefined;
    this.gtk.webkit_web_view_reload(w.view);
  }

  focus(windowId: number): void {
    this.gtk.gtk_window_present(this.window(windowId).window);
  }

  close(windowId: number, reason: WindowClosedEvent['reason']): void {
    const w = this.window(windowId);
    w.closing = reason;
    this.gtk.gtk_widget_destroy(w.window); // `destroy` reports the close
  }

  getCookies(windowId: number, url?: string): Cookie[] {
    const w = this.window(windowId);
    const uri = url ?? this.gtk.webkit_web_view_get_uri(w.view);
    if (!uri) throw new InvalidInputError(`window ${windowId} has no URL yet to read cookies for`);
    const manager = w.env.cookieManager;
    return this.wait<Cookie[]>({ site: 'getCookies', windowId }, (completion) => {
      const token = this.onAsync((_source, result) => {
        const error: [Ptr] = [null];
        const list = this.gtk.webkit_cookie_manager_get_cookies_finish(manager, result, error) as Ptr;
        const failure = takeError(this.gtk, error[0]);
        const cookies = listData(list).map((c) => this.readCookie(c));
        this.gtk.g_list_free(list);
        if (failure) completion.reject(new EngineError('getCookies', failure.code, failure.message));
        else completion.resolve(cookies);
      });
      this.gtk.webkit_cookie_manager_get_cookies(manager, uri, null, this.cb.asyncReady, BigInt(token));
    });
  }

  screenshot(windowId: number, file: string): ScreenshotResult {
    const w = this.window(windowId);
    return this.wait<ScreenshotResult>({ site: 'screenshot', windowId }, (completion) => {
      const token = this.onAsync((_source, result) => {
        const error: [Ptr] = [null];
        const surface = this.gtk.webkit_web_view_get_snapshot_finish(w.view, result, error) as Ptr;
        const failure = takeError(this.gtk, error[0]);
        if (!surface) {
          completion.reject(new EngineError('screenshot', failure?.code ?? 'none', failure?.message ?? 'no snapshot'));
          return;
        }
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const status = this.gtk.cairo_surface_write_to_png(surface, file) as number;
        const width = this.gtk.cairo_image_surface_get_width(surface) as number;
        const height = this.gtk.cairo_image_surface_get_height(surface) as number;
        this.gtk.cairo_surface_destroy(surface);
        if (status !== 0) completion.reject(new EngineError('screenshot', `cairo ${status}`, `cannot write ${file}`));
        else completion.resolve({ path: file, width, height });
      });
      this.gtk.webkit_web_view_get_snapshot(w.view, SNAPSHOT_REGION_VISIBLE, SNAPSHOT_OPTIONS_NONE, null, this.cb.asyncReady, BigInt(token));
    });
  }

  listWindows(): WindowInfo[] {
    return [...this.windows.values()].map((w) => this.describe(w));
  }

  inNextNavigation(windowId: number, inside: () => void): void {
    this.window(windowId).onNextLoad = inside;
    this.reload(windowId);
  }

  // --- engine callbacks ---

  private onLoadChanged(id: number, event: number): void {
    const w = this.windows.get(id);
    if (!w || event !== LOAD_FINISHED) return;
    const g = this.gtk;
    const uri = g.webkit_web_view_get_uri(w.view) || w.failedUri || '';
    if (!w.lastFailure && w.errorPageFor !== undefined && uri === w.errorPageFor) {
      w.errorPageFor = undefined;
      return;
    }
    const resource = g.webkit_web_view_get_main_resource(w.view);
    const response = resource ? g.webkit_web_resource_get_response(resource) : null;
    const status = response ? (g.webkit_uri_response_get_status_code(response) as number) : 0;
    const httpStatus = status > 0 ? status : null;
    const error = w.lastFailure ?? (httpStatus !== null && httpStatus >= 400 ? `HTTP ${httpStatus}` : null);
    w.errorPageFor = w.lastFailure ? w.failedUri : undefined;
    w.lastFailure = undefined;
    w.failedUri = undefined;
    this.waiter.events.navigationCompleted({ windowId: id, url: uri, isSuccess: error === null, httpStatus, error });
    const inside = w.onNextLoad;
    w.onNextLoad = undefined;
    inside?.();
  }

  private onLoadFailed(id: number, uri: string, error: Ptr): number {
    const w = this.windows.get(id);
    const message = error ? errorMessage(error) : 'load failed';
    if (w) {
      w.lastFailure = `${message} (${uri})`;
      w.failedUri = uri;
    }
    return 0; // let WebKit show its error page and finish the load
  }

  private onTitle(id: number): void {
    const w = this.windows.get(id);
    if (!w) return;
    this.waiter.events.titleChanged({ windowId: id, title: this.gtk.webkit_web_view_get_title(w.view) ?? '' });
  }

  private onDestroy(id: number): void {
    const w = this.windows.get(id);
    if (!w) return;
    this.windows.delete(id);
    this.waiter.events.windowClosed({ windowId: id, reason: w.closing ?? 'user' });
  }

  private onProcessTerminated(id: number, reason: number): void {
    const kinds = ['web process crashed', 'web process exceeded its memory limit', 'web process terminated by the host'];
    this.waiter.events.processFailed({ windowId: id, kind: kinds[reason] ?? `web process ended (${reason})` });
  }

  // --- helpers ---

  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T {
    return waitFor<T>(
      this.waiter,
      { ...spec, strategy: 'glib', deadlineMs: spec.deadlineMs ?? this.settings.waitDeadlineMs },
      start,
      (_completion, deadlineAt) => this.iterateUntil(deadlineAt),
    );
  }

  /** One blocking iteration of the default context, woken at the latest by a slice timer. */
  private iterateUntil(deadlineAt: number): void {
    const sliceMs = Math.max(1, Math.min(100, Math.ceil(deadlineAt - epochNow())));
    let fired = false;
    const source = this.after(sliceMs, () => { fired = true; });
    this.gtk.g_main_context_iteration(null, 1);
    if (!fired) {
      this.timeouts.delete(source.token);
      this.gtk.g_source_remove(source.id);
    }
  }

  private after(ms: number, fire: () => void): { token: number; id: number } {
    const token = this.nextToken++;
    this.timeouts.set(token, fire);
    const id = this.gtk.g_timeout_add(ms, this.cb.sourceFunc, BigInt(token)) as number;
    return { token, id };
  }

  private onAsync(handler: AsyncHandler): number {
    const token = this.nextToken++;
    this.asyncHandlers.set(token, handler);
    return token;
  }

  private readCookie(c: bigint): Cookie {
    const g = this.gtk;
    const expires = g.soup_cookie_get_expires(c) as Ptr;
    const cookie = toCookie({
      name: g.soup_cookie_get_name(c) ?? '',
      value: g.soup_cookie_get_value(c) ?? '',
      domain: g.soup_cookie_get_domain(c) ?? '',
      path: g.soup_cookie_get_path(c) ?? '/',
      expires: expires ? Number(g.g_date_time_to_unix(expires)) : null,
      httpOnly: g.soup_cookie_get_http_only(c) !== 0,
      secure: g.soup_cookie_get_secure(c) !== 0,
      sameSiteCode: g.soup_cookie_get_same_site_policy(c) as number,
    });
    g.soup_cookie_free(c);
    return cookie;
  }

  private window(id: number): Window {
    const w = this.windows.get(id);
    if (!w) throw new UnknownWindowError(id);
    return w;
  }

  private describe(w: Window): WindowInfo {
    const g = this.gtk;
    return {
      windowId: w.id,
      environmentId: w.env.id,
      url: g.webkit_web_view_get_uri(w.view) ?? '',
      title: g.webkit_web_view_get_title(w.view) ?? '',
      loading: g.webkit_web_view_is_loading(w.view) !== 0,
      nativeHandle: w.xid,
    };
  }
}
