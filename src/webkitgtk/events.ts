// The Linux backend's engine events: the GTK and WebKit signals of each window, wired to the
// backend's events. Each handler runs inside the callback scope, so a wait started from it is refused.
import type { BackendEvents } from '../helper/backend';
import { blockedPortReason } from '../helper/blockedPorts';
import type { CallbackScope } from '../helper/waits';
import { refusedDocument } from '../network/entries';
import { epochNow } from '../helper/ledger';
import type { GtkErrorPages } from './errorPage';
import { failureOf } from './networkRead';
import type { GtkWindow, GtkWindows } from './windows';
import { Callbacks, type Ffi, LOAD_FINISHED, type Ptr, register } from './ffi';

/** WebKitWebProcessTerminationReason, in the words the product reports a page's process ending with. */
const TERMINATION_REASONS = ['page crashed', 'page crashed (its web process exceeded its memory limit)', 'page closed by the host'];
/** WebKitLoadEvent values besides LOAD_FINISHED (ffi/constants.ts). */
const LOAD_STARTED = 0;
const LOAD_COMMITTED = 2;

export class GtkSignals {
  private readonly cb: {
    loadChanged: bigint; loadFailed: bigint; notify: bigint; destroy: bigint; processTerminated: bigint;
  };

  constructor(
    private readonly gtk: Ffi, private readonly windows: GtkWindows, private readonly events: BackendEvents, scope: CallbackScope,
    private readonly errorPages: GtkErrorPages,
  ) {
    this.cb = {
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

  /** Connects a new window's signals; the window id travels as the signals' user data. */
  connect(id: number, window: bigint, view: bigint): void {
    const g = this.gtk;
    const data = BigInt(id);
    g.g_signal_connect_data(view, 'load-changed', this.cb.loadChanged, data, null, 0);
    g.g_signal_connect_data(view, 'load-failed', this.cb.loadFailed, data, null, 0);
    g.g_signal_connect_data(view, 'notify::title', this.cb.notify, data, null, 0);
    g.g_signal_connect_data(view, 'web-process-terminated', this.cb.processTerminated, data, null, 0);
    g.g_signal_connect_data(window, 'destroy', this.cb.destroy, data, null, 0);
  }

  private onLoadChanged(id: number, event: number): void {
    const w = this.windows.find(id);
    if (!w) return;
    if (event === LOAD_STARTED) {
      w.inLoad = true;
      this.errorPages.started(w);
    }
    if (event === LOAD_COMMITTED) w.committed = true;
    if (event !== LOAD_FINISHED) return;
    w.inLoad = false;
    const g = this.gtk;
    if (w.tlsRetry) { // its certificate was allowed for this host (certificates.ts): load it again, report that load
      const retry = w.tlsRetry;
      w.tlsRetry = undefined;
      this.windows.load(w, retry);
      return;
    }
    if (w.failureShown) { // our page shows this failure and reported it (or the window waits: errorPage.ts)
      w.failureShown = undefined;
      w.lastFailure = undefined;
      w.failedUri = undefined;
      w.requestedUri = undefined;
      w.tlsRetried = undefined;
      return;
    }
    // A failed load leaves the view's URI at the page it was showing: report the address that failed.
    const uri = (w.lastFailure ? w.failedUri : undefined) || g.webkit_web_view_get_uri(w.view) || w.failedUri || '';
    if (!w.lastFailure && this.errorPages.finishedOwn(w, uri)) return;
    if (!w.lastFailure && w.errorPageFor !== undefined && uri === w.errorPageFor) {
      w.errorPageFor = undefined;
      return;
    }
    const requested = w.requestedUri;
    w.requestedUri = undefined;
    // A load WebKit refuses (a blocked port) ends on about:blank with no load-failed: a failure.
    if (uri === 'about:blank' && !w.lastFailure && requested !== undefined && requested !== 'about:blank') {
      const port = blockedPortReason(requested);
      const error = port ?? `the engine refused to load ${requested}`;
      // No resource ever started, so the network log hears of it here.
      this.events.requestFinished(refusedDocument(id, requested, port ? 'blocked-port' : 'blocked', error, epochNow()));
      const reason = error.endsWith(` (${requested})`) ? error.slice(0, -(requested.length + 3)) : error;
      if (!this.errorPages.failed(w, requested, port ? 'blocked-port' : 'blocked', reason, error)) {
        this.events.navigationCompleted({ windowId: id, url: requested, isSuccess: false, httpStatus: null, error });
      }
      w.failureShown = undefined; // this load has ended; the next one to end is our page's
      return;
    }
    const resource = g.webkit_web_view_get_main_resource(w.view);
    const response = resource ? g.webkit_web_resource_get_response(resource) : null;
    const status = response ? (g.webkit_uri_response_get_status_code(response) as number) : 0;
    const httpStatus = status > 0 ? status : null;
    const error = w.lastFailure ?? (httpStatus !== null && httpStatus >= 400 ? `HTTP ${httpStatus}` : null);
    w.tlsRetried = undefined;
    w.errorPageFor = w.lastFailure ? w.failedUri : undefined;
    const failed = w.lastFailure !== undefined;
    w.lastFailure = undefined;
    w.failedUri = undefined;
    if (!failed) this.errorPages.pages.loaded(id); // the server's page (an HTTP error's too) replaces ours
    this.events.navigationCompleted({ windowId: id, url: uri, isSuccess: error === null, httpStatus, error });
  }

  private onLoadFailed(id: number, uri: string, error: Ptr): number {
    const w = this.windows.find(id);
    if (!w) return 0;
    const failure = error ? failureOf(this.gtk, error) : { kind: 'other' as const, message: 'load failed' };
    const kind = w.tlsFailure ? 'tls' : failure.kind;
    const message = w.tlsFailure ?? failure.message;
    w.tlsFailure = undefined;
    // Our own page's load, cancelled by the next one (or by a load asked for): nothing to report.
    if (kind === 'cancelled' && w.ownLoads && uri === this.errorPages.pages.failedUrl(id)) {
      w.ownLoads -= 1;
      w.failureShown = true;
      return 1;
    }
    w.lastFailure = `${message} (${uri})`;
    w.failedUri = uri;
    // Our page instead of WebKit's (errorPage.ts); a cancelled load gets none, as in WebKit.
    return this.errorPages.failed(w, uri, kind, message, w.lastFailure) ? 1 : 0;
  }

  private onTitle(id: number): void {
    const w = this.windows.find(id);
    if (!w) return;
    const title = this.gtk.webkit_web_view_get_title(w.view) ?? '';
    // The native window is titled after the page, unless the caller asked for a title of its own.
    if (w.fixedTitle === undefined) this.gtk.gtk_window_set_title(w.window, title || (this.gtk.webkit_web_view_get_uri(w.view) ?? ''));
    this.events.titleChanged({ windowId: id, title });
  }

  private onDestroy(id: number): void {
    const w = this.windows.find(id);
    if (!w) return;
    this.windows.remove(id);
    this.events.windowClosed({ windowId: id, reason: w.closing ?? 'user' });
  }

  private onProcessTerminated(id: number, reason: number): void {
    const kind = TERMINATION_REASONS[reason] ?? `page crashed (web process ended: ${reason})`;
    const w = this.windows.find(id);
    if (w?.inLoad) this.endCrashedLoad(w, kind);
    // WebKit starts a new web process for the view on its next load: Reload brings the page back.
    this.events.log('warn', `window ${id}: ${kind}; reload it to recover`);
    this.events.processFailed({ windowId: id, kind, recoverable: true });
  }

  /**
   * WebKit says nothing more of a load whose web process ended (no load-failed, no load-finished):
   * it is reported finished here, failed, or the window would stay loading for good.
   */
  private endCrashedLoad(w: GtkWindow, kind: string): void {
    const url = w.requestedUri ?? this.gtk.webkit_web_view_get_uri(w.view) ?? w.askedUri ?? '';
    w.inLoad = false;
    w.requestedUri = undefined;
    w.lastFailure = undefined;
    w.failedUri = undefined;
    w.tlsRetry = undefined;
    this.events.navigationCompleted({ windowId: w.id, url, isSuccess: false, httpStatus: null, error: `${kind} before the page finished loading` });
  }
}
