// The "WebView2 Host Diagnostics" panel: one per window of VS Code, brought forward and refreshed
// by Show Diagnostics. Its Copy Report button copies issue-ready Markdown.
import * as vscode from 'vscode';
import type { DiagnosticsReport } from '../../protocol';
import { createMediaPanel, makeNonce, mediaUri } from '../panels/mediaPanel';
import { renderDiagnosticsPage, reportMarkdown } from './page';

export class DiagnosticsView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: DiagnosticsReport | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly fetch: () => Promise<DiagnosticsReport>) {}

  /**
   * A fresh report into the open panel, soon: windows opening, closing or failing, stalls and
   * recoveries come in bursts, and one refresh after the burst is enough. Nothing while closed.
   */
  refreshSoon(delayMs = 400): void {
    if (!this.panel || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (!this.panel) return;
      this.fetch().then((r) => { if (this.panel) this.render(r); }, () => { /* the helper went away: the next event refreshes */ });
    }, delayMs);
  }

  /** Hears the panel open and close (the windows' saved state keeps whether it was open). */
  onOpenChanged: () => void = () => undefined;

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(report: DiagnosticsReport, preserveFocus = false): void {
    if (!this.panel) {
      const panel = createMediaPanel(this.extensionUri, 'webview2Host.diagnostics', 'WebView2 Host Diagnostics');
      this.panel = panel;
      panel.onDidDispose(() => { this.panel = undefined; this.onOpenChanged(); });
      this.onOpenChanged();
      panel.webview.onDidReceiveMessage((message: { type?: string }) => {
        if (message?.type === 'copyReport') void this.copy();
        if (message?.type === 'refresh') void this.fetch().then((r) => this.show(r, true), (err: Error) => {
          void vscode.window.showErrorMessage(`WebView2 Host: could not refresh the diagnostics: ${err.message}`);
        });
      });
    } else {
      this.panel.reveal(undefined, preserveFocus);
    }
    this.render(report);
  }

  private render(report: DiagnosticsReport): void {
    const panel = this.panel;
    if (!panel) return;
    this.report = report;
    panel.webview.html = renderDiagnosticsPage(report, {
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      styleUri: mediaUri(panel, this.extensionUri, 'diagnostics.css'),
      scriptUri: mediaUri(panel, this.extensionUri, 'diagnostics.js'),
    });
  }

  /** Copies a report (the one shown when none is given) as Markdown; returns it. */
  async copy(report = this.report): Promise<string> {
    if (!report) throw new Error('no diagnostics are shown');
    const text = reportMarkdown(report);
    await vscode.env.clipboard.writeText(text);
    void this.panel?.webview.postMessage({ type: 'copied' });
    return text;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel?.dispose();
  }
}
