// The Windows engine's popups. NewWindowRequested, on every webview, answers a page's window.open or
// link with target=_blank. Its handler only decides (the popup rules: a window, the system browser,
// or refused), takes a deferral and queues the rest: it creates nothing and waits for nothing,
// because a controller created and waited for inside an engine handler is the deadlock of wry
// issue 583 (the runtime delivers nothing while a handler of the host runs). The queued work runs
// at the top of the UI loop (runDue, from the backend's runOnce): a window of ours, its controller
// and webview in the opener's environment, put_NewWindow (so that window.opener and postMessage
// work), then Complete. Refused or sent to the system browser: put_Handled(TRUE), so that the
// runtime opens no window of its own either. WindowCloseRequested (the page's window.close(), which
// the runtime raises only where a script may close its window) closes the window, from the top of
// the loop too: a window and its controller are not destroyed inside the runtime's own handler.
import type { Bounds, HelperSettings } from '../protocol';
import type { BackendEvents } from '../helper/backend';
import { popupBounds, PopupRules } from '../helper/popups';
import type { WindowIds } from '../windowIds';
import { hex, Sig, type Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { explainHresult } from './hresult';
import { IID, Slot } from './ffi/webview2';
import type { Ptr } from './ffi/win32';

/** A popup decided inside the handler, opened at the top of the loop. */
export interface QueuedPopup {
  windowId: number;
  openerId: number;
  url: string;
  /** Where it opens and the size of its page (the window features' size, within bounds). */
  place: Bounds;
}

export interface PopupHost {
  /** The opener's place on screen and viewport, for the popup's place. */
  viewport(openerId: number): Bounds;
  /** A window of ours for the popup, with its controller and webview; `adopt` runs once the
   *  webview has its event handlers and settings, before its page features (put_NewWindow). */
  open(popup: QueuedPopup, adopt: (webview: bigint) => void): void;
  /** A page closed its window (window.close()). */
  close(windowId: number): void;
}

export class WebView2Popups {
  /** Work the handlers left for the top of the UI loop, oldest first. */
  private readonly due: (() => void)[] = [];
  private readonly rules: PopupRules;

  constructor(
    private readonly com: Com, private readonly handlers: HandlerFactory, private readonly windowIds: WindowIds,
    private readonly events: Pick<BackendEvents, 'log' | 'openExternal'>, settings: HelperSettings, private readonly host: PopupHost,
  ) {
    this.rules = new PopupRules(events, settings);
  }

  configure(settings: HelperSettings): void {
    this.rules.configure(settings);
  }

  /** Any window closed: a popup no longer counts against its opener's bound. */
  closed(windowId: number): void {
    this.rules.closed(windowId);
  }

  /** NewWindowRequested and WindowCloseRequested on a window's webview. */
  subscribe(windowId: number, webview: bigint): void {
    const token = [0n];
    const add = (slot: number, iid: Buffer, name: string, invoke: (sender: Ptr, args: Ptr) => void) => {
      const handler = this.handlers.event(iid, name, invoke);
      try {
        this.com.call(webview, slot, Sig.addHandler, `add_${name}`, handler, token);
      } finally {
        this.com.release(handler);
      }
    };
    add(Slot.webview.addNewWindowRequested, IID.newWindowRequested, 'NewWindowRequested', (_sender, args) => { if (args) this.requested(windowId, args); });
    add(Slot.webview.addWindowCloseRequested, IID.windowCloseRequested, 'WindowCloseRequested', () => this.due.push(() => this.host.close(windowId)));
  }

  /** Runs what the handlers left for the top of the loop; says whether there was anything. */
  runDue(): boolean {
    const work = this.due.splice(0);
    for (const job of work) {
      try {
        job();
      } catch (err) {
        this.events.log('error', `popup work failed: ${(err as Error)?.stack ?? err}`);
      }
    }
    return work.length > 0;
  }

  /** Inside the handler: decide, and for a window take a deferral and queue the rest. A request
   *  refused, sent away or failing here is left handled: unhandled, the runtime opens a window of its own. */
  private requested(openerId: number, args: bigint): void {
    let queued = false;
    try {
      queued = this.queue(openerId, args);
    } catch (err) {
      this.events.log('warn', `window ${openerId}: its popup could not open: ${(err as Error)?.message ?? err}`);
    }
    if (!queued) this.com.callRaw(args, Slot.newWindowArgs.putHandled, Sig.inInt, 1);
  }

  private queue(openerId: number, args: bigint): boolean {
    const url = this.com.getString(args, Slot.newWindowArgs.uri, 'get_Uri');
    if (this.rules.decide(openerId, url) !== 'window') return false;
    const place = popupBounds(this.host.viewport(openerId), this.askedSize(args), this.rules.openCount(openerId));
    const deferral = this.com.getPtr(args, Slot.newWindowArgs.getDeferral, 'GetDeferral');
    const windowId = this.windowIds.next();
    this.rules.opened(windowId, openerId); // counted from now on: a loop of window.open meets the bound
    this.com.addRef(args); // kept past the handler, until the deferral completes
    this.due.push(() => this.open({ windowId, openerId, url, place }, args, deferral));
    return true;
  }

  /** At the top of the loop: the window, put_NewWindow, Complete; on any failure a handled request. */
  private open(popup: QueuedPopup, args: bigint, deferral: bigint): void {
    try {
      this.host.open(popup, (webview) => this.com.call(args, Slot.newWindowArgs.putNewWindow, Sig.inPtr, 'put_NewWindow', webview));
    } catch (err) {
      this.rules.closed(popup.windowId);
      this.events.log('warn', `window ${popup.openerId}: its popup could not open: ${(err as Error)?.message ?? err}`);
      this.com.callRaw(args, Slot.newWindowArgs.putHandled, Sig.inInt, 1);
    } finally {
      const hr = this.com.callRaw(deferral, Slot.deferral.complete, Sig.none);
      if (hr < 0) this.events.log('warn', `window ${popup.openerId}: completing its popup's deferral failed: ${hex(hr)} (${explainHresult(hr)})`);
      this.com.release(deferral);
      this.com.release(args);
    }
  }

  /** The size window.open asked for, when it asked (ICoreWebView2WindowFeatures). */
  private askedSize(args: bigint): { width?: number; height?: number } {
    const features = this.com.getPtr(args, Slot.newWindowArgs.windowFeatures, 'get_WindowFeatures');
    try {
      if (!this.com.getBool(features, Slot.windowFeatures.hasSize, 'get_HasSize')) return {};
      return {
        width: this.com.getInt(features, Slot.windowFeatures.width, 'get_Width'),
        height: this.com.getInt(features, Slot.windowFeatures.height, 'get_Height'),
      };
    } finally {
      this.com.release(features);
    }
  }
}
