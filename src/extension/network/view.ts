// The Network view: one webview panel per window, listing the requests the helper's network log
// holds. Live: each networkRequest notification adds its entry, renders coalesced. Cookie,
// Set-Cookie and Authorization values stay masked (the helper masks them) until the user confirms
// Reveal values; only then does the view ask for them. Nothing here writes a header value to the log.
import * as vscode from 'vscode';
import { Notifications, Requests, type NetworkEntry, type NetworkLog } from '../../protocol';
import type { Ctx } from '../ctx';
import { createMediaPanel, makeNonce, mediaUri, windowPanelTitle } from '../panels/mediaPanel';
import { curlCommand } from './curl';
import { DEFAULT_SORT, filterFrom, nextSort, NO_FILTER, pageStart, statusClassOf, visibleEntries, type NetworkFilter, type NetworkSort } from './model';
import { detailsHtml, networkViewHtml, rowsHtml, sortState, statusWords } from './viewPage';

/** Requests come in bursts (a page's subresources): one render after each burst. */
const RENDER_DELAY_MS = 100;

export interface NetworkViewActions {
  exportHar(windowId: number): Promise<unknown>;
  /** Asks the person whether header values may be shown or copied; true when they agreed. */
  confirmValues(what: string): Promise<boolean>;
}

export class NetworkView implements vscode.Disposable {
  private entries: NetworkEntry[] = [];
  private lastSeq = 0;
  /** Entries before this seq belong to earlier pages: hidden unless "keep across navigations". */
  private fromSeq = 0;
  /** The seq of the current page's own document entry. */
  private pageDocument = 0;
  /** A navigation finished whose document entry has not arrived yet. */
  private pendingPage: string | undefined;
  private keep = false;
  private revealed = false;
  private filter: NetworkFilter = NO_FILTER;
  private sort: NetworkSort = DEFAULT_SORT;
  private selected: number | undefined;
  private closed = false;
  private renderTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** What the last Copy as curl put on the clipboard, for the tests. */
  lastCopied = '';

  constructor(private readonly ctx: Ctx, readonly windowId: number, readonly panel: vscode.WebviewPanel, private readonly actions: NetworkViewActions, onDisposed: () => void) {
    panel.webview.html = networkViewHtml({
      cspSource: panel.webview.cspSource,
      script: mediaUri(panel, ctx.extension.extensionUri, 'networkView.js'),
      style: mediaUri(panel, ctx.extension.extensionUri, 'networkView.css'),
      nonce: makeNonce(),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.onMessage(m).catch((err) => this.fail(err))),
      panel.onDidDispose(() => { this.dispose(); onDisposed(); }),
    );
    this.follow();
  }

  static open(ctx: Ctx, windowId: number, actions: NetworkViewActions, onDisposed: () => void): NetworkView {
    const panel = createMediaPanel(ctx.extension.extensionUri, 'webview2Host.network', `Network: window ${windowId}`);
    return new NetworkView(ctx, windowId, panel, actions, onDisposed);
  }

  private follow(): void {
    const c = this.ctx.client;
    const off = [
      c.onNotification(Notifications.networkRequest, (e) => {
        if (e.windowId !== this.windowId) return;
        // In order, nothing skipped, values not asked for: the notification is the entry. Else read the log.
        if (e.skipped === 0 && !this.revealed && e.entry.seq === this.lastSeq + 1) this.add([e.entry]);
        else void this.sync().catch((err) => this.fail(err));
      }),
      c.onNotification(Notifications.navigationCompleted, (e) => {
        if (e.windowId !== this.windowId || this.keep) return;
        this.pendingPage = e.url;
        this.cutAtPage();
        if (this.pendingPage !== undefined) void this.sync().catch((err) => this.fail(err));
      }),
      c.onNotification(Notifications.windowClosed, (e) => {
        if (e.windowId !== this.windowId) return;
        this.closed = true;
        this.panel.title = `Network: window ${this.windowId} (closed)`;
        this.scheduleRender();
      }),
    ];
    this.disposables.push({ dispose: () => { for (const f of off) f(); clearTimeout(this.renderTimer); } });
  }

  /** Reads the whole log again (values only when revealed) and shows it; earlier pages stay hidden unless kept. */
  async refresh(): Promise<void> {
    const log = await this.read(undefined);
    this.entries = [];
    this.lastSeq = 0;
    // Opened on a page already loaded: the list starts at that page.
    if (!this.keep && this.fromSeq === 0) this.pendingPage = this.ctx.client.windows.get(this.windowId)?.url;
    this.add(log.entries);
    if (!this.keep) this.entries = this.entries.filter((e) => e.seq >= this.fromSeq);
    this.renderNow();
  }

  /** Reads what the log holds past the last entry shown (one read at a time). */
  private async sync(): Promise<void> {
    while (this.syncing) await this.syncing;
    this.syncing = (async () => {
      const log = await this.read(this.lastSeq);
      this.add(log.entries);
    })().finally(() => { this.syncing = undefined; });
    return this.syncing;
  }

  private read(since: number | undefined): Promise<NetworkLog> {
    return this.ctx.client.request(Requests.getNetworkLog, { windowId: this.windowId, since, includeValues: this.revealed || undefined });
  }

  private add(entries: readonly NetworkEntry[]): void {
    for (const e of entries) {
      if (e.seq <= this.lastSeq) continue;
      this.entries.push(e);
      this.lastSeq = e.seq;
    }
    this.cutAtPage();
    this.scheduleRender();
  }

  /** Once the entry of the new page's document is here, earlier pages' requests are let go. */
  private cutAtPage(): void {
    if (this.pendingPage === undefined) return;
    // Only a document newer than the current page's: a reload has the same URL.
    const found = pageStart(this.entries, this.pendingPage, this.pageDocument);
    if (found === undefined) return;
    const start = found.start;
    this.pageDocument = found.document;
    this.pendingPage = undefined;
    this.fromSeq = start;
    this.entries = this.entries.filter((e) => e.seq >= start);
    if (this.selected !== undefined && this.selected < start) this.selected = undefined;
    this.scheduleRender();
  }

  private shown(): NetworkEntry[] {
    return visibleEntries(this.entries, this.filter, this.sort);
  }

  private scheduleRender(): void {
    if (this.renderTimer) return;
    this.renderTimer = setTimeout(() => this.renderNow(), RENDER_DELAY_MS);
  }

  private renderNow(): void {
    clearTimeout(this.renderTimer);
    this.renderTimer = undefined;
    const rows = this.shown();
    const info = this.ctx.client.windows.get(this.windowId);
    const count = `${rows.length} of ${this.entries.length} request${this.entries.length === 1 ? '' : 's'}` +
      `${this.keep ? '' : ' of this page'}${this.closed ? `; window ${this.windowId} was closed` : ''}`;
    if (!this.closed) this.panel.title = windowPanelTitle('Network', this.windowId, info?.url);
    void this.panel.webview.postMessage({
      type: 'render',
      rows: rowsHtml(rows, this.selected),
      details: detailsHtml(this.entries.find((e) => e.seq === this.selected)),
      count,
      source: `window ${this.windowId}: ${this.ctx.preview.present(info?.url ?? '')}`,
      sort: sortState(this.sort),
      keep: this.keep,
      revealed: this.revealed,
    });
  }

  private async onMessage(m: Record<string, unknown>): Promise<void> {
    switch (m?.type) {
      case 'ready':
        await this.refresh();
        return;
      case 'filter':
        this.filter = filterFrom(m);
        break;
      case 'sort':
        this.sort = nextSort(this.sort, m.key);
        break;
      case 'select':
        this.selected = typeof m.seq === 'number' && this.entries.some((e) => e.seq === m.seq) ? m.seq : undefined;
        break;
      case 'keep':
        this.keep = m.keep === true;
        if (!this.keep) return this.renderNow();
        // Kept from now on, and the earlier pages' requests the log still holds come back.
        this.pendingPage = undefined;
        this.fromSeq = 0;
        await this.refresh();
        return;
      case 'reveal':
        if (this.revealed) this.revealed = false;
        else if (await this.actions.confirmValues('show Cookie, Set-Cookie and Authorization values in this view')) this.revealed = true;
        else return;
        await this.refresh();
        return;
      case 'clear':
        await this.clear();
        return;
      case 'export':
        await this.actions.exportHar(this.windowId);
        return;
      case 'copyCurl':
        if (typeof m.seq === 'number') await this.copyCurl(m.seq);
        return;
      default:
        return;
    }
    this.renderNow();
  }

  async clear(): Promise<number> {
    const count = await this.ctx.client.request(Requests.clearNetworkLog, { windowId: this.windowId });
    this.entries = [];
    this.selected = undefined;
    this.renderNow();
    return count;
  }

  /** Copy as curl: secret header values only after the same confirmation as a cookie export. */
  async copyCurl(seq: number): Promise<string | undefined> {
    const entry = this.entries.find((e) => e.seq === seq);
    if (!entry) throw new Error(`request ${seq} is no longer in the log`);
    let source = entry;
    const secret = entry.requestHeaders.some((h) => /^(cookie|authorization|proxy-authorization)$/i.test(h.name));
    if (secret && !this.revealed) {
      const choice = await vscode.window.showWarningMessage('Copy this request\'s Cookie and Authorization values too?',
        { modal: true, detail: 'Anyone you paste the command to can use these sessions. Copy Masked copies it with ******** in their place.' }, 'Copy with Values', 'Copy Masked');
      if (!choice) return undefined;
      if (choice === 'Copy with Values') {
        const log = await this.ctx.client.request(Requests.getNetworkLog, { windowId: this.windowId, since: seq - 1, includeValues: true });
        source = log.entries.find((e) => e.seq === seq) ?? (() => { throw new Error(`request ${seq} is no longer in the log`); })();
      }
    }
    const curl = curlCommand(source);
    this.lastCopied = curl.text;
    await vscode.env.clipboard.writeText(curl.text);
    const left = curl.omitted.length ? `; left out ${curl.omitted.length} header(s) holding line breaks` : '';
    void vscode.window.setStatusBarMessage(`WebView2: copied request ${seq} as curl${left}`, 4000);
    return curl.text;
  }

  private fail(err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    this.ctx.output.error(`network view of window ${this.windowId}: ${message}`);
    void this.panel.webview.postMessage({ type: 'error', message });
  }

  /** The view's state as tests see it: the rows shown, values as shown. */
  describe(): { windowId: number; keep: boolean; revealed: boolean; rows: { seq: number; method: string; url: string; status: string; statusClass: string; type: string }[] } {
    return {
      windowId: this.windowId, keep: this.keep, revealed: this.revealed,
      rows: this.shown().map((e) => ({ seq: e.seq, method: e.method, url: e.url, status: statusWords(e), statusClass: statusClassOf(e), type: e.resourceType })),
    };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
