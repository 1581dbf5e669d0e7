// The Linux engine's popups. WebKitWebView::create, on every view, answers a page's window.open or
// link with target=_blank with a new view made with its opener as `related-view` (the same web
// process, web context and session: window.opener, postMessage and the cookies are the opener's);
// WebKit loads the page into it. WebKit's popup blocker stays as it is (a page opens windows from a
// click or a key, not from a timer or on load). The view gets its window only at `ready-to-show`,
// when the page's window features are known: WebKit adds the frame of a window the view already
// sits in to the size the page asked for. ::close is the page's window.close(), which WebKit emits
// only where a script may close its window (one a script opened, or one with a single page of history).
import * as koffi from 'koffi';
import type { Bounds } from '../protocol';
import type { CallbackScope } from '../helper/waits';
import { Limits } from '../limits';
import { Callbacks, type Ffi, type Ptr, register } from './ffi';

/** A popup between WebKit's `create` and `ready-to-show`: its view exists, its window not yet. */
export interface PendingPopup {
  windowId: number;
  openerId: number;
  /** The address its page asked for ('' for a window it writes itself). */
  url: string;
  view: bigint;
  /** Where it opens, and its size until its page asks for one. */
  place: Bounds;
}

export interface PopupHost {
  /** A page of window `openerId` asks for a popup of `url`: its id, its opener's view and place, or null for none. */
  admit(openerId: number, url: string): { windowId: number; openerView: bigint; place: Bounds } | null;
  /** The popup's page is ready: its window, at the size the page asked for (0: not asked). */
  show(popup: PendingPopup, asked: { width: number; height: number }): void;
  /** A page closed its window. */
  close(windowId: number): void;
  /** A popup closed before it was shown. */
  dropped(windowId: number): void;
  log(level: 'warn', message: string): void;
}

export class GtkPopups {
  private readonly cb: { create: bigint; readyToShow: bigint; close: bigint };
  private readonly pending = new Map<number, PendingPopup>();

  constructor(private readonly gtk: Ffi, scope: CallbackScope, private readonly host: PopupHost) {
    this.cb = {
      create: register((_view: Ptr, action: Ptr, data: bigint) =>
        scope.run('create', null, () => this.created(Number(data), action)), Callbacks.createView),
      readyToShow: register((view: Ptr, data: bigint) =>
        scope.run('ready-to-show', undefined, () => this.ready(Number(data), view as bigint)), Callbacks.viewSignal),
      close: register((_view: Ptr, data: bigint) =>
        scope.run('close', undefined, () => this.closed(Number(data))), Callbacks.viewSignal),
    };
  }

  /** A window's view answers its page's popups and window.close() (a popup's from `create` on). */
  connect(id: number, view: bigint): void {
    const g = this.gtk;
    const data = BigInt(id);
    g.g_signal_connect_data(view, 'create', this.cb.create, data, null, 0);
    g.g_signal_connect_data(view, 'close', this.cb.close, data, null, 0);
  }

  private created(openerId: number, action: Ptr): bigint | null {
    const g = this.gtk;
    const request = action ? g.webkit_navigation_action_get_request(action) as Ptr : null;
    const uri = request ? g.webkit_uri_request_get_uri(request) as Ptr : null;
    // Read whole (the system browser may get it), within the protocol's bound on a URL.
    const length = uri ? Number(g.strnlen(uri, Limits.urlBytes + 1)) : 0;
    if (length > Limits.urlBytes) {
      this.host.log('warn', `window ${openerId}: a popup was refused: its address is longer than ${Limits.urlBytes} bytes`);
      return null;
    }
    const url = length ? koffi.decode(uri, 'char', length) as string : '';
    const admitted = this.host.admit(openerId, url);
    if (!admitted) return null;
    const view = g.g_object_new(g.webkit_web_view_get_type(), 'related-view', 'void *', admitted.openerView, 'const char *', null) as bigint;
    g.g_object_ref_sink(view); // ours until its window holds it (or it closes unshown)
    const { windowId, place } = admitted;
    this.pending.set(windowId, { windowId, openerId, url, view, place });
    this.connect(windowId, view);
    g.g_signal_connect_data(view, 'ready-to-show', this.cb.readyToShow, BigInt(windowId), null, 0);
    return view;
  }

  private ready(windowId: number, view: bigint): void {
    const popup = this.pending.get(windowId);
    if (!popup) return;
    this.pending.delete(windowId);
    const g = this.gtk;
    const geometry = { x: 0, y: 0, width: 0, height: 0 };
    g.webkit_window_properties_get_geometry(g.webkit_web_view_get_window_properties(view), geometry);
    try {
      this.host.show(popup, { width: geometry.width, height: geometry.height });
    } finally {
      g.g_object_unref(view);
    }
  }

  private closed(windowId: number): void {
    const popup = this.pending.get(windowId);
    if (!popup) {
      this.host.close(windowId);
      return;
    }
    this.pending.delete(windowId);
    this.host.dropped(windowId);
    this.gtk.g_object_unref(popup.view);
  }
}
