// The Windows backend's engine events: NavigationCompleted, DocumentTitleChanged and ProcessFailed
// handlers added to each webview, reported as the backend's events. Handlers run inside the
// callback scope (handlers.ts), so a wait started from one is refused.
import type { BackendEvents } from '../helper/backend';
import { blockedPortReason } from '../helper/blockedPorts';
import { certificateProblemOfWebError, untrustedCertificateMessage } from '../network/certificateMessage';
import { hostOfUrl } from '../network/trustedHosts';
import { Sig, type Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { IID, Slot, WEB_ERROR_STATUS } from './ffi/webview2';
import { processFailedOutcome } from './processFailed';
import type { Ptr } from './ffi/win32';
import type { Wv2Window, Wv2Windows } from './windows';
import type { Win32Chrome } from './chrome';
import { canTraverse } from './pageFeatures';
import { pageKindOfWebError, type Wv2ErrorPages } from './errorPage';

/**
 * The backend's events as the window follows them: the native window titled after its page
 * (unless the caller asked for a title of its own), the toolbar after each completed navigation.
 */
export function followedEvents(
  base: BackendEvents, com: Com, windows: Wv2Windows, toolbar: Pick<Win32Chrome, 'navigated'>, setTitle: (hwnd: bigint, title: string) => void,
): BackendEvents {
  return {
    ...base,
    titleChanged: (e) => {
      const record = windows.find(e.windowId);
      if (record && record.fixedTitle === undefined) setTitle(record.hwnd, e.title || windows.describe(record).url);
      base.titleChanged(e);
    },
    navigationCompleted: (e) => {
      const record = windows.find(e.windowId);
      if (record?.webview) toolbar.navigated(e.windowId, e.url, ...canTraverse(com, record.webview));
      base.navigationCompleted(e);
    },
  };
}

export class WebViewEvents {
  constructor(
    private readonly com: Com, private readonly handlers: HandlerFactory, private readonly events: BackendEvents,
    private readonly errorPages: Wv2ErrorPages,
  ) {}

  subscribe(record: Wv2Window, webview: bigint): void {
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
      this.events.titleChanged({ windowId: record.id, title: this.com.getString(record.webview, Slot.webview.documentTitle, 'get_DocumentTitle') });
    });
    add(Slot.webview.addProcessFailed, IID.processFailed, 'ProcessFailed', (_sender, args) => {
      const kind = args ? this.com.getInt(args, Slot.processFailedArgs.kind, 'get_ProcessFailedKind') : -1;
      const outcome = processFailedOutcome(record.id, kind);
      if (outcome.kind !== 'failed') {
        this.events.log(outcome.kind === 'unresponsive' ? 'warn' : 'info', outcome.message);
        return;
      }
      // A dead browser process takes the environment with it; the backend starts a new one on the
      // next use. A crashed page comes back with Reload.
      if (outcome.browserGone) record.env.dead = true;
      this.events.log('warn', outcome.message);
      this.events.processFailed({ windowId: record.id, kind: outcome.text, recoverable: true });
    });
  }

  private onNavigationCompleted(record: Wv2Window, args: Ptr): void {
    if (!record.webview || !args) return;
    const isSuccess = this.com.getBool(args, Slot.navigationArgs.isSuccess, 'get_IsSuccess');
    const status = this.com.getInt(args, Slot.navigationArgs.webErrorStatus, 'get_WebErrorStatus');
    const id = [0n];
    this.com.call(args, Slot.navigationArgs.navigationId, Sig.outUint64, 'get_NavigationId', id);
    if (this.errorPages.completedQuietly(record, BigInt(id[0]), isSuccess, status)) return;
    const url = this.com.getString(record.webview, Slot.webview.source, 'get_Source');
    const httpStatus = this.httpStatus(args);
    record.loading = false;
    record.lastUrl = url;
    const certificate = certificateProblemOfWebError(status);
    const reason = status === 0 && httpStatus !== null && httpStatus >= 400 ? `HTTP ${httpStatus}`
      : certificate ? untrustedCertificateMessage(hostOfUrl(url), certificate)
        : WEB_ERROR_STATUS[status] ?? `web error ${status}`;
    // A refused port has no status of its own (net::ERR_UNSAFE_PORT): named as on Linux.
    const blocked = !isSuccess && status === 0 && httpStatus === null ? blockedPortReason(url) : null;
    const error = isSuccess ? null : blocked ?? `${reason} (${url})`;
    // Our page instead of the engine's, for a load that left no page of the server's (errorPage.ts).
    const kind = isSuccess ? null : pageKindOfWebError(status, httpStatus, url, blocked !== null);
    if (error !== null && kind !== null) {
      const words = blocked === null ? reason : blocked.slice(0, -(url.length + 3));
      this.errorPages.failed({ windowId: record.id, url, kind, reason: words, error, httpStatus });
      return;
    }
    if (isSuccess || httpStatus !== null) this.errorPages.pages.loaded(record.id); // the server's page replaced ours
    this.events.navigationCompleted({ windowId: record.id, url, isSuccess, httpStatus, error });
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
}
