// The Linux engine's windows (a GTK window holding its toolbar and a WebKitWebView), and what each record
// remembers between engine callbacks.
import type { WindowClosedEvent } from '../protocol';
import type { WindowBasics } from '../helper/backend';
import type { WindowToOpen } from '../helper/engineBase';
import type { Environment } from './environments';
import { UnknownWindowError } from '../helper/errors';
import type { Ffi } from './ffi';


export interface GtkWindow {
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
  /** The failed load in progress is shown by our page (errorPage.ts), which reports it: its end reports nothing. */
  failureShown?: boolean;
  /** Loads of our page in progress (load_alternate_html): their ends report nothing. */
  ownLoads?: number;
  /** The URL last asked for, until its load finishes: a load that WebKit refuses ends on about:blank. */
  requestedUri?: string;
  /**
   * The URL last asked for, kept after its load ends: Reload loads it again while it has not
   * committed, since WebKit's own reload has no page to reload then (a first load whose web
   * process crashed does nothing on webkit_web_view_reload).
   */
  askedUri?: string;
  /** The load of askedUri has committed: WebKit's reload reloads the page it made. */
  committed?: boolean;
  /** A load started and has not finished; a web process that ends now ends it too (events.ts). */
  inLoad?: boolean;
  /** The title the caller asked for; without one the window takes the page's title. */
  fixedTitle?: string;
  /** A refused certificate, worded for the user (certificates.ts); load-failed reports it. */
  tlsFailure?: string;
  /** A URI to load again once its failed load finished: its host's certificate was just allowed (certificates.ts). */
  tlsRetry?: string;
  /** The last URI loaded again that way, so that a second refusal is reported, not retried. */
  tlsRetried?: string;
}

/** Puts the view in what the window holds (the view under its toolbar) and says how much taller than the page the window is. */
type Dress = (id: number, window: bigint, view: bigint) => { root: bigint; extraHeight: number };
/** Connects the view's and window's signals before anything loads. */
type Wire = (id: number, window: bigint, view: bigint) => void;

export class GtkWindows {
  private readonly windows = new Map<number, GtkWindow>();

  constructor(private readonly gtk: Ffi) {}

  /**
   * Creates the window and its view; `dress` puts the view in what the window holds (the view
   * under its toolbar) and says how much taller than the page the window is, `wire` connects the
   * view's signals before anything loads, and `load` starts loading a URL.
   */
  createWindow(p: WindowToOpen, env: Environment, dress: Dress, wire: Wire, load: (w: GtkWindow, url: string) => void): GtkWindow {
    const w = this.build(p, env, this.gtk.webkit_web_view_new_with_context(env.context) as bigint, dress, wire);
    this.gtk.gtk_widget_show_all(w.window);
    if (p.url) load(w, p.url);
    return w;
  }

  /** A popup's window around the view WebKit asked for (popups.ts), shown; WebKit loads its page. */
  createPopup(p: WindowToOpen, env: Environment, view: bigint, dress: Dress, wire: Wire): GtkWindow {
    const w = this.build(p, env, view, dress, wire);
    this.gtk.gtk_widget_show_all(w.window);
    return w;
  }

  /** The window around a view, with its toolbar, size and signals, realized (it has its X window) but not shown. */
  private build(p: WindowToOpen, env: Environment, view: bigint, dress: Dress, wire: Wire): GtkWindow {
    const g = this.gtk;
    const id = p.windowId;
    const window = g.gtk_window_new(0) as bigint;
    g.gtk_window_set_title(window, p.nativeTitle);
    const { root, extraHeight } = dress(id, window, view);
    g.gtk_container_add(window, root);
    // The page's viewport is the size asked for; the window holds the toolbar besides.
    g.gtk_window_set_default_size(window, p.width, p.height + extraHeight);
    wire(id, window, view);
    g.gtk_widget_realize(window);
    const gdkWindow = g.gtk_widget_get_window(window);
    const xid = gdkWindow ? `0x${BigInt(g.gdk_x11_window_get_xid(gdkWindow)).toString(16)}` : 'none';
    const w: GtkWindow = { id, env, window, view, xid, fixedTitle: p.title };
    this.windows.set(id, w);
    return w;
  }

  /** Loads a URL, remembering it so that a load the engine refuses can be told (events.ts). */
  load(w: GtkWindow, url: string): void {
    w.lastFailure = undefined;
    w.tlsRetry = undefined;
    w.requestedUri = url;
    w.askedUri = url;
    w.committed = false;
    w.inLoad = true;
    this.gtk.webkit_web_view_load_uri(w.view, url);
  }

  /** The window, or an error naming it when it was closed or never existed. */
  get(id: number): GtkWindow {
    const w = this.windows.get(id);
    if (!w) throw new UnknownWindowError(id);
    return w;
  }
  /** The window if it is still open (engine callbacks may outlive it). */
  find(id: number): GtkWindow | undefined {
    return this.windows.get(id);
  }
  remove(id: number): void {
    this.windows.delete(id);
  }
  all(): GtkWindow[] {
    return [...this.windows.values()];
  }

  /** What the window record knows; the backend adds zoom, bounds and failure (pageFeatures.ts). */
  describe(w: GtkWindow): WindowBasics {
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
