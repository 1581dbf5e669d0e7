// Our page for a failed load on Linux (helper/failurePages.ts decides what it says, and whether
// the window waits for a dev server): shown with webkit_web_view_load_alternate_html at the failed
// address, from load-failed as WebKit does with its own page, so that the back-forward list, Reload
// and the address field keep the real address. Edit address is a link to a reserved address
// (helper/errorPage.ts): decide-policy ignores every navigation to it, and focuses the address
// field only for a click (a user gesture) while the window shows our page, never for a script.
import type { BackendEvents } from '../helper/backend';
import { EDIT_ADDRESS_URL } from '../helper/errorPage';
import { FailurePages } from '../helper/failurePages';
import type { CallbackScope } from '../helper/waits';
import type { NetworkFailureKind } from '../protocol';
import { boundedString } from './networkRead';
import type { GtkWindow, GtkWindows } from './windows';
import { Callbacks, type Ffi, NAVIGATION_TYPE_LINK_CLICKED, POLICY_DECISION_NAVIGATION_ACTION, type Ptr, register } from './ffi';

/** What the error pages need of the window's toolbar. */
export interface AddressField {
  shows(windowId: number): boolean;
  focus(windowId: number): void;
}

export class GtkErrorPages {
  readonly pages: FailurePages;
  private readonly decidePolicy: bigint;

  constructor(
    private readonly gtk: Ffi,
    private readonly windows: GtkWindows,
    events: Pick<BackendEvents, 'navigationCompleted' | 'serverWait' | 'log'>,
    scope: CallbackScope,
    waitLimitMs: () => number,
    private readonly field: AddressField,
  ) {
    this.pages = new FailurePages({
      show: (id, url, page) => this.show(id, url, page.html),
      load: (id, url) => {
        const w = this.windows.find(id);
        if (w) this.windows.load(w, url);
      },
      hasAddressField: (id) => this.field.shows(id),
    }, events, waitLimitMs);
    this.decidePolicy = register((_view: Ptr, decision: Ptr, type: number, data: bigint) =>
      scope.run('decide-policy', 0, () => this.onDecidePolicy(Number(data), decision, type)), Callbacks.decidePolicy);
  }

  connect(id: number, view: bigint): void {
    this.gtk.g_signal_connect_data(view, 'decide-policy', this.decidePolicy, BigInt(id), null, 0);
  }

  /**
   * From load-failed: our page instead of WebKit's, for every failure but a cancelled load (a
   * Stop, or another page asked for: WebKit shows nothing then either). True when handled.
   */
  failed(w: GtkWindow, uri: string, kind: NetworkFailureKind, reason: string, error: string): boolean {
    if (kind === 'cancelled') return false;
    w.failureShown = true;
    this.pages.failed({ windowId: w.id, url: uri, kind, reason, error, httpStatus: null });
    return true;
  }

  /** A load of the window started: unless it is of the address our page stands for, a wait ends. */
  started(w: GtkWindow): void {
    const uri = this.gtk.webkit_web_view_get_uri(w.view) ?? '';
    if (uri !== this.pages.failedUrl(w.id)) this.pages.navigationStarted(w.id);
  }

  /** Whether a document now starting is one of our pages (not a request of the page's: no network entry). */
  ownDocument(id: number, uri: string): boolean {
    const w = this.windows.find(id);
    return w !== undefined && (w.ownLoads ?? 0) > 0 && uri === this.pages.failedUrl(id) && !this.pages.loadingAfterWait(id);
  }

  /** Whether a load that finished was one of our pages (nothing to report). */
  finishedOwn(w: GtkWindow, uri: string): boolean {
    if (!w.ownLoads || uri !== this.pages.failedUrl(w.id)) return false;
    w.ownLoads -= 1;
    return true;
  }

  private show(id: number, url: string, html: string): void {
    const w = this.windows.find(id);
    if (!w) return;
    w.ownLoads = (w.ownLoads ?? 0) + 1;
    this.gtk.webkit_web_view_load_alternate_html(w.view, html, url, url);
  }

  /** Navigations to the Edit address link never load; a click on it on our page focuses the field. */
  private onDecidePolicy(id: number, decision: Ptr, type: number): number {
    if (type !== POLICY_DECISION_NAVIGATION_ACTION || !decision) return 0;
    const g = this.gtk;
    const action = g.webkit_navigation_policy_decision_get_navigation_action(decision) as Ptr;
    const request = action ? g.webkit_navigation_action_get_request(action) as Ptr : null;
    const uri = request ? boundedString(g, g.webkit_uri_request_get_uri(request) as Ptr, EDIT_ADDRESS_URL.length + 1) : '';
    if (uri !== EDIT_ADDRESS_URL) return 0;
    g.webkit_policy_decision_ignore(decision);
    const clicked = g.webkit_navigation_action_is_user_gesture(action) !== 0
      && g.webkit_navigation_action_get_navigation_type(action) === NAVIGATION_TYPE_LINK_CLICKED;
    if (clicked && this.pages.showsErrorPage(id) && this.field.shows(id)) this.field.focus(id);
    return 1;
  }
}
