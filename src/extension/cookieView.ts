// The cookie view: one webview panel per window, showing the cookies the helper reported. Values
// stay in the extension host until the user reveals one (or all, for this view); only then does a
// value travel to the page. Nothing here writes a value to the log.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { maskValue } from '../client/format';
import { cookieKey } from '../cookies/snapshotDiff';
import { Requests, type Cookie } from '../protocol';
import type { Ctx } from './ctx';
import { cookieViewHtml } from './cookieViewPage';

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
  /** What the last Copy put on the clipboard, for the tests. */
  lastCopied = '';

  constructor(
    private readonly ctx: Ctx,
    readonly windowId: number,
    readonly panel: vscode.WebviewPanel,
    private readonly actions: CookieViewActions,
    onDisposed: () => void,
  ) {
    const media = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media');
    const webview = panel.webview;
    webview.html = cookieViewHtml({
      cspSource: webview.cspSource,
      script: webview.asWebviewUri(vscode.Uri.joinPath(media, 'cookieView.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(media, 'cookieView.css')).toString(),
      nonce: randomBytes(18).toString('base64').replace(/[+/=]/g, ''),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m) => void this.onMessage(m).catch((err) => this.fail(err))),
      panel.onDidDispose(() => { this.dispose(); onDisposed(); }),
    );
  }

  static open(ctx: Ctx, windowId: number, actions: CookieViewActions, onDisposed: () => void): CookieView {
    const panel = vscode.window.createWebviewPanel('webview2Host.cookies', `Cookies: window ${windowId}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(ctx.extension.extensionUri, 'media')],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'icon.png');
    return new CookieView(ctx, windowId, panel, actions, onDisposed);
  }

  /** Reads the window's cookies again and shows them. */
  async refresh(): Promise<Cookie[]> {
    this.cookies = await this.ctx.client.request(Requests.getCookies, { windowId: this.windowId });
    const info = this.ctx.client.windows.get(this.windowId);
    this.url = info?.url ?? '';
    this.panel.title = `Cookies: window ${this.windowId}${info?.url ? ` (${hostOf(info.url)})` : ''}`;
    const keys = new Set(this.cookies.map(cookieKey));
    for (const k of [...this.revealed]) if (!keys.has(k)) this.revealed.delete(k);
    void this.panel.webview.postMessage({
      type: 'cookies',
      source: `window ${this.windowId}: ${this.url}`,
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

  private fail(err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    this.ctx.output.error(`cookie view of window ${this.windowId}: ${message}`);
    void this.panel.webview.postMessage({ type: 'error', message });
  }

  /** The view's state as the tests see it: rows with values as shown. */
  describe(): { windowId: number; rows: { name: string; value: string }[]; revealAll: boolean } {
    return {
      windowId: this.windowId,
      rows: this.cookies.map((c) => ({ name: c.name, value: this.isRevealed(c) ? c.value : maskValue(c.value) })),
      revealAll: this.revealAll,
    };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
