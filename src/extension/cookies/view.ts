// The cookie view: one webview panel per window, showing the cookies the helper reported. Values
// stay in the extension host until the user reveals one (or all, for this view); only then does a
// value travel to the page. Nothing here writes a value to the log.
import * as vscode from 'vscode';
import { maskValue } from '../../client/format';
import { cookieKey } from '../../cookies/snapshotDiff';
import { Notifications, Requests, type Cookie } from '../../protocol';
import type { Ctx } from '../ctx';
import { createMediaPanel, makeNonce, mediaUri, windowPanelTitle } from '../panels/mediaPanel';
import { cookieViewHtml } from './viewPage';
import { closedWindowNote, cookieViewNote, httpOriginOf } from './viewNotes';

/** Navigations and table changes come in bursts (redirects, title, bounds): one read after them. */
const FOLLOW_DEBOUNCE_MS = 300;

export interface CookieKeyOf { name: string; domain: string; path: string }

/** What the view's buttons ask of the commands (edit, delete, add, export), by window. */
export interface CookieViewActions {
  edit(windowId: number, key: CookieKeyOf | undefined): Promise<void>;
  remove(windowId: number, key: CookieKeyOf): Promise<void>;
  exportAll(windowId: number): Promise<void>;
}

export class CookieView implements vscode.Disposable {
  private cookies: Cookie[] = [];
  private url = '';
  private readonly revealed = new Set<string>();
  private revealAll = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** http(s) origins the window's page loaded resources from (current page; next page's so far). */
  private pageOrigins = new Set<string>();
  private nextPageOrigins = new Set<string>();
  private followTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Errors already shown in the page, so that the message handler does not show them twice. */
  private readonly shown = new WeakSet<object>();
  /** What the last Copy put on the clipboard, for the tests. */
  lastCopied = '';

  constructor(
    private readonly ctx: Ctx,
    readonly windowId: number,
    readonly panel: vscode.WebviewPanel,
    private readonly actions: CookieViewActions,
    onDisposed: () => void,
  ) {
    const webview = panel.webview;
    webview.html = cookieViewHtml({
      cspSource: webview.cspSource,
      script: mediaUri(panel, ctx.extension.extensionUri, 'cookieView.js'),
      style: mediaUri(panel, ctx.extension.extensionUri, 'cookieView.css'),
      nonce: makeNonce(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m) => void this.onMessage(m).catch((err) => this.fail(err))),
      panel.onDidDispose(() => { this.dispose(); onDisposed(); }),
    );
    this.follow();
  }

  /** Follows the window: reads its cookies again (debounced) after each navigation; notes its end. */
  private follow(): void {
    const c = this.ctx.client;
    const mine = (e: { windowId: number }): boolean => e.windowId === this.windowId;
    const off = [
      c.onNotification(Notifications.navigationCompleted, (e) => {
        if (!mine(e)) return;
        this.pageOrigins = this.nextPageOrigins;
        this.nextPageOrigins = new Set();
        this.closed = false;
        this.scheduleRefresh();
      }),
      c.onNotification(Notifications.windowChanged, (row) => {
        if (mine(row) && (row.url ?? '') !== this.url) { this.closed = false; this.scheduleRefresh(); }
      }),
      c.onNotification(Notifications.resourceLoaded, (e) => {
        const origin = mine(e) ? httpOriginOf(e.url) : undefined;
        if (origin) { this.pageOrigins.add(origin); this.nextPageOrigins.add(origin); }
      }),
      c.onNotification(Notifications.windowClosed, (e) => {
        if (mine(e)) this.showClosed();
      }),
    ];
    this.disposables.push({ dispose: () => { for (const f of off) f(); clearTimeout(this.followTimer); } });
  }

  private scheduleRefresh(): void {
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      void this.refresh().catch((err) => this.fail(err));
    }, FOLLOW_DEBOUNCE_MS);
  }

  /** The window is gone: one line, no rows left from before. */
  private showClosed(): void {
    clearTimeout(this.followTimer);
    this.closed = true;
    this.cookies = [];
    this.revealed.clear();
    this.panel.title = `Cookies: window ${this.windowId} (closed)`;
    void this.panel.webview.postMessage({ type: 'gone', message: closedWindowNote(this.windowId) });
  }

  static open(ctx: Ctx, windowId: number, actions: CookieViewActions, onDisposed: () => void): CookieView {
    const panel = createMediaPanel(ctx.extension.extensionUri, 'webview2Host.cookies', `Cookies: window ${windowId}`);
    return new CookieView(ctx, windowId, panel, actions, onDisposed);
  }

  /** Reads the window's cookies again and shows them. */
  async refresh(): Promise<Cookie[]> {
    const client = this.ctx.client;
    if (this.closed) {
      this.showClosed();
      throw this.shownError(new Error(closedWindowNote(this.windowId)));
    }
    try {
      this.cookies = await client.request(Requests.getCookies, { windowId: this.windowId });
    } catch (err) {
      if (!client.windows.get(this.windowId)) {
        this.showClosed();
        throw this.shownError(new Error(closedWindowNote(this.windowId)));
      }
      this.cookies = [];
      void this.panel.webview.postMessage({ type: 'error', message: (err as Error)?.message ?? String(err), clear: true });
      throw this.shownError(err);
    }
    const info = client.windows.get(this.windowId);
    this.url = info?.url ?? '';
    this.panel.title = windowPanelTitle('Cookies', this.windowId, info?.url);
    const keys = new Set(this.cookies.map(cookieKey));
    for (const k of [...this.revealed]) if (!keys.has(k)) this.revealed.delete(k);
    void this.panel.webview.postMessage({
      type: 'cookies',
      source: `window ${this.windowId}: ${this.ctx.preview.present(this.url)}`,
      note: cookieViewNote(this.url, [...this.pageOrigins]) ?? '',
      now: Date.now(),
      revealAll: this.revealAll,
      cookies: this.cookies.map((c) => ({ ...c, value: maskValue(c.value) })),
      revealed: this.cookies.filter((c) => this.revealAll || this.revealed.has(cookieKey(c))).map((c) => ({ name: c.name, domain: c.domain, path: c.path, value: c.value })),
    });
    return this.cookies;
  }

  private async onMessage(m: { type: string; key?: CookieKeyOf; keys?: CookieKeyOf[] }): Promise<void> {
    switch (m.type) {
      case 'ready':
      case 'refresh':
        await this.refresh();
        return;
      case 'reveal': {
        const c = this.find(m.key);
        if (!c) return;
        this.revealed.add(cookieKey(c));
        void this.panel.webview.postMessage({ type: 'revealed', name: c.name, domain: c.domain, path: c.path, value: c.value });
        return;
      }
      case 'revealAll':
      case 'maskAll':
        this.revealAll = m.type === 'revealAll';
        if (!this.revealAll) this.revealed.clear();
        await this.refresh();
        return;
      case 'copy': {
        const rows = (m.keys ?? []).map((k) => this.find(k)).filter((c): c is Cookie => c !== undefined)
          .map((c) => (this.isRevealed(c) ? c : { ...c, value: maskValue(c.value) }));
        this.lastCopied = JSON.stringify(rows.length === 1 && m.keys?.length === 1 ? rows[0] : rows, null, 2);
        await vscode.env.clipboard.writeText(this.lastCopied);
        void vscode.window.setStatusBarMessage(`WebView2: copied ${rows.length} cookie row(s) as JSON`, 3000);
        return;
      }
      case 'edit':
        await this.actions.edit(this.windowId, m.key);
        return;
      case 'add':
        await this.actions.edit(this.windowId, undefined);
        return;
      case 'delete':
        if (m.key) await this.actions.remove(this.windowId, m.key);
        return;
      case 'export':
        await this.actions.exportAll(this.windowId);
        return;
    }
  }

  private isRevealed(c: Cookie): boolean {
    return this.revealAll || this.revealed.has(cookieKey(c));
  }

  private find(key: CookieKeyOf | undefined): Cookie | undefined {
    if (!key) return undefined;
    return this.cookies.find((c) => c.name === key.name && c.domain === key.domain && c.path === key.path);
  }

  private shownError(err: unknown): unknown {
    if (typeof err === 'object' && err !== null) this.shown.add(err);
    return err;
  }

  private fail(err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    this.ctx.output.error(`cookie view of window ${this.windowId}: ${message}`);
    if (typeof err === 'object' && err !== null && this.shown.has(err)) return;
    void this.panel.webview.postMessage({ type: 'error', message });
  }

  /** The view's state as the tests see it: rows with values as shown. */
  describe(): { windowId: number; rows: { name: string; value: string }[]; revealAll: boolean; note: string } {
    return {
      windowId: this.windowId,
      note: this.closed ? closedWindowNote(this.windowId) : cookieViewNote(this.url, [...this.pageOrigins]) ?? '',
      rows: this.cookies.map((c) => ({ name: c.name, value: this.isRevealed(c) ? c.value : maskValue(c.value) })),
      revealAll: this.revealAll,
    };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
