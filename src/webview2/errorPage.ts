// Our page for a failed load on Windows (helper/failurePages.ts decides what it says, and whether
// the window waits for a dev server). The engine's error page is replaced by navigating to the
// failed address once more and answering that document request ourselves (WebResourceRequested,
// through a filter for exactly that address, while our navigations run): Source, the address field, Back and
// Reload keep the real address, and the navigation to the address already shown replaces the
// engine's history entry instead of adding one (NavigateToString would show about:blank and add
// one). NavigationStarting tells our navigations apart by their id, ends a wait when another page is
// asked for, and cancels every navigation to the Edit address link, focusing the address field only
// for a click (IsUserInitiated) while the window shows our page, never for a page's script.
import type { NetworkFailureKind } from '../protocol';
import type { BackendEvents } from '../helper/backend';
import { EDIT_ADDRESS_URL } from '../helper/errorPage';
import { FailurePages, type FailedLoad } from '../helper/failurePages';
import { certificateProblemOfWebError } from '../network/certificateMessage';
import { hex, Sig, type Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { IID, Slot, WEB_RESOURCE_CONTEXT_DOCUMENT, WebErrorStatus } from './ffi/webview2';
import { loadWin32, type Ptr } from './ffi/win32';
import { canTraverse } from './pageFeatures';
import type { Wv2Window } from './windows';

/** What the error pages need of the window's toolbar (chrome.ts). */
export interface Toolbar {
  shows(windowId: number): boolean;
  focusAddress(windowId: number): void;
  navigated(windowId: number, url: string, canGoBack: boolean, canGoForward: boolean): void;
  setLoading(windowId: number, loading: boolean): void;
}

/**
 * Our page's navigations in progress (a waiting page is shown again for each attempt): the latest
 * document to answer with, the filter that asks for it while any is in progress, how many have
 * not started yet (NavigationStarting gives each its id) and the ids of those that have.
 */
interface OwnPages {
  url: string;
  html: string;
  filter: string;
  starting: number;
  ids: Set<bigint>;
}

/**
 * What a failed navigation's WebErrorStatus is, in the product's kinds; null when our page must not
 * replace what the window shows: a cancelled navigation, a download (CONNECTION_ABORTED), a login
 * prompt, or an HTTP error (the server's own page).
 */
export function pageKindOfWebError(status: number, httpStatus: number | null, url: string, blockedPort: boolean): NetworkFailureKind | null {
  if (blockedPort) return 'blocked-port';
  if (certificateProblemOfWebError(status)) return 'tls';
  switch (status) {
    case WebErrorStatus.cannotConnect: return 'refused';
    // A loopback address answers at once or not at all: unreachable there means nothing listens.
    case WebErrorStatus.serverUnreachable: return /^https?:\/\/(localhost|127\.|\[::1\])/i.test(url) ? 'refused' : 'other';
    case WebErrorStatus.hostNameNotResolved: return 'dns';
    case WebErrorStatus.timeout: return 'timeout';
    case WebErrorStatus.invalidServerResponse: case WebErrorStatus.connectionReset: case WebErrorStatus.disconnected:
    case WebErrorStatus.redirectFailed: return 'other';
    case WebErrorStatus.unknown: return httpStatus === null ? 'other' : null;
    default: return null;
  }
}

/** A WebResourceRequested filter for exactly this address: its fragment removed, `*`, `?` and `\` escaped. */
export function exactFilter(url: string): string {
  return url.split('#')[0].replace(/[\\*?]/g, (c) => `\\${c}`);
}

export class Wv2ErrorPages {
  readonly pages: FailurePages;
  private readonly own = new Map<number, OwnPages>();
  /** Navigations whose NavigationCompleted reports nothing: the Edit address link's, cancelled. */
  private readonly quiet = new Map<number, Set<bigint>>();
  private readonly win = loadWin32();

  constructor(
    private readonly com: Com,
    private readonly handlers: HandlerFactory,
    private readonly windows: { find(id: number): Wv2Window | undefined },
    private readonly events: Pick<BackendEvents, 'navigationCompleted' | 'serverWait' | 'log'>,
    waitLimitMs: () => number,
    private readonly toolbar: Toolbar,
  ) {
    this.pages = new FailurePages({
      show: (id, url, page) => this.show(id, url, page.html),
      load: (id, url) => this.navigate(id, url),
      hasAddressField: (id) => this.toolbar.shows(id),
    }, events, waitLimitMs);
  }

  /** NavigationStarting and WebResourceRequested on a new webview. */
  subscribe(record: Wv2Window, webview: bigint): void {
    const add = (slot: number, iid: Buffer, name: string, invoke: (args: Ptr) => void) => {
      const handler = this.handlers.event(iid, name, (_sender, args) => invoke(args));
      try {
        this.com.call(webview, slot, Sig.addHandler, `add_${name}`, handler, [0n]);
      } finally {
        this.com.release(handler);
      }
    };
    add(Slot.webview.addNavigationStarting, IID.navigationStarting, 'NavigationStarting', (args) => { if (args) this.onStarting(record, args); });
    add(Slot.webview.addWebResourceRequested, IID.webResourceRequested, 'WebResourceRequested', (args) => { if (args) this.onRequested(record, args); });
  }

  /** A failed navigation of the window's page: true when our page shows it (and it is reported, or the window waits). */
  failed(f: FailedLoad): boolean {
    this.pages.failed(f);
    return true;
  }

  /** NavigationCompleted of a navigation that reports nothing: our page's, or a cancelled Edit address. */
  completedQuietly(record: Wv2Window, navigationId: bigint, isSuccess: boolean, status: number): boolean {
    if (this.quiet.get(record.id)?.delete(navigationId)) return true;
    const own = this.own.get(record.id);
    if (!own?.ids.delete(navigationId)) return false;
    // The toolbar follows our page (the address it stands for); a window that waits is still loading.
    if (record.webview) this.toolbar.navigated(record.id, own.url, ...canTraverse(this.com, record.webview));
    this.toolbar.setLoading(record.id, this.pages.waiting(record.id));
    if (own.starting === 0 && own.ids.size === 0) this.settle(record, own);
    // A newer one cancels an older one; anything else left the engine's page.
    if (!isSuccess && status !== WebErrorStatus.operationCanceled) {
      this.events.log('warn', `window ${record.id}: the engine did not show our page for ${own.url} (web error ${status}); its own page shows instead`);
    }
    return true;
  }

  closed(windowId: number): void {
    this.own.delete(windowId);
    this.quiet.delete(windowId);
    this.pages.closed(windowId);
  }

  private show(id: number, url: string, html: string): void {
    const record = this.windows.find(id);
    if (!record?.webview) return;
    let own = this.own.get(id);
    if (own && own.url !== url) this.settle(record, own);
    try {
      own = this.own.get(id);
      if (!own) {
        own = { url, html, filter: exactFilter(url), starting: 0, ids: new Set() };
        this.com.call(record.webview, Slot.webview.addWebResourceRequestedFilter, Sig.inStringInt, 'AddWebResourceRequestedFilter', own.filter, WEB_RESOURCE_CONTEXT_DOCUMENT);
        this.own.set(id, own);
      }
      own.html = html;
      own.starting += 1;
      this.com.call(record.webview, Slot.webview.navigate, Sig.inString, 'Navigate', url);
    } catch (err) {
      if (own) own.starting = Math.max(0, own.starting - 1);
      this.events.log('warn', `window ${id}: our page for ${url} could not be shown: ${(err as Error).message}`);
    }
  }

  /** Our pages of an address are done: the filter goes; navigations still in progress report nothing. */
  private settle(record: Wv2Window, own: OwnPages): void {
    this.own.delete(record.id);
    this.removeFilter(record, own);
    let quiet = this.quiet.get(record.id);
    if (!quiet) this.quiet.set(record.id, quiet = new Set());
    for (const id of own.ids) quiet.add(id);
  }

  private navigate(id: number, url: string): void {
    const record = this.windows.find(id);
    if (!record?.webview) return;
    record.loading = true;
    this.com.call(record.webview, Slot.webview.navigate, Sig.inString, 'Navigate', url);
  }

  private onStarting(record: Wv2Window, args: bigint): void {
    const uri = this.com.getString(args, Slot.navigationStartingArgs.uri, 'get_Uri');
    const idOut = [0n];
    this.com.call(args, Slot.navigationStartingArgs.navigationId, Sig.outUint64, 'get_NavigationId', idOut);
    const navigationId = BigInt(idOut[0]);
    if (uri === EDIT_ADDRESS_URL) {
      this.com.call(args, Slot.navigationStartingArgs.putCancel, Sig.inInt, 'put_Cancel', 1);
      let quiet = this.quiet.get(record.id);
      if (!quiet) this.quiet.set(record.id, quiet = new Set());
      quiet.add(navigationId);
      const clicked = this.com.getBool(args, Slot.navigationStartingArgs.isUserInitiated, 'get_IsUserInitiated');
      if (clicked && this.pages.showsErrorPage(record.id) && this.toolbar.shows(record.id)) this.toolbar.focusAddress(record.id);
      return;
    }
    const own = this.own.get(record.id);
    if (own && own.starting > 0 && uri === own.url) {
      own.starting -= 1;
      own.ids.add(navigationId);
      return;
    }
    if (uri !== this.pages.failedUrl(record.id)) this.pages.navigationStarted(record.id);
  }

  /** Our page's document request: answered with the latest page. */
  private onRequested(record: Wv2Window, args: bigint): void {
    const own = this.own.get(record.id);
    if (!own) return;
    const request = this.com.getPtr(args, Slot.webResourceRequestedArgs.request, 'get_Request');
    let uri: string;
    try {
      uri = this.com.getString(request, Slot.webResourceRequest.uri, 'get_Uri');
    } finally {
      this.com.release(request);
    }
    if (uri !== own.url.split('#')[0]) return;
    const response = this.response(record, own.html);
    try {
      this.com.call(args, Slot.webResourceRequestedArgs.putResponse, Sig.inPtr, 'put_Response', response);
    } finally {
      this.com.release(response);
    }
  }

  /** A 200 response whose content is the page as UTF-8, in a stream on an HGLOBAL, read from its start. */
  private response(record: Wv2Window, html: string): bigint {
    const out: [Ptr] = [null];
    const created = this.win.CreateStreamOnHGlobal(null, 1, out) as number;
    if (created < 0 || !out[0]) throw new Error(`CreateStreamOnHGlobal failed: ${hex(created)}`);
    const stream = out[0];
    try {
      const bytes = Buffer.from(html, 'utf8');
      this.com.call(stream, Slot.istream.write, Sig.streamWrite, 'IStream::Write', bytes, bytes.length, [0]);
      this.com.call(stream, Slot.istream.seek, Sig.streamSeek, 'IStream::Seek', 0n, 0 /* STREAM_SEEK_SET */, null);
      const response: [Ptr] = [null];
      this.com.call(record.env.env, Slot.env.createWebResourceResponse, Sig.createResponse, 'CreateWebResourceResponse', stream, 200, 'OK',
        'Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store', response);
      if (!response[0]) throw new Error('CreateWebResourceResponse gave no response');
      return response[0];
    } finally {
      this.com.release(stream);
    }
  }

  private removeFilter(record: Wv2Window, own: OwnPages): void {
    if (record.webview) this.com.callRaw(record.webview, Slot.webview.removeWebResourceRequestedFilter, Sig.inStringInt, own.filter, WEB_RESOURCE_CONTEXT_DOCUMENT);
  }
}
