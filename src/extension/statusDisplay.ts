// The status bar item: the helper's state at a glance, diagnostics on click.
import * as vscode from 'vscode';
import type { HelperState } from '../client/helperClient';
import type { StallReport } from '../protocol';

export class StatusDisplay implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('webview2Host.status', vscode.StatusBarAlignment.Left, 50);
  private state: HelperState = { kind: 'stopped' };
  private windowCount = 0;
  private readonly stalls = new Map<string, StallReport>();
  /** Every text shown, oldest first (the last 200): the states it went through. */
  readonly history: string[] = [];

  constructor() {
    this.item.name = 'WebView2 Host';
    this.item.command = 'webview2Host.showDiagnostics';
    this.render();
    this.item.show();
  }

  setState(state: HelperState): void {
    this.state = state;
    if (state.kind !== 'ready') this.stalls.clear();
    if (state.kind !== 'ready') this.windowCount = 0;
    this.render();
  }
  setWindowCount(count: number): void {
    this.windowCount = count;
    this.render();
  }
  stalled(report: StallReport): void {
    this.stalls.set(report.key, report);
    this.render();
  }
  recovered(key: string): void {
    this.stalls.delete(key);
    this.render();
  }

  /** The text as shown, for tests and the diagnostics view. */
  get text(): string {
    return this.item.text;
  }
  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : this.item.tooltip?.value ?? '';
  }

  private render(): void {
    const s = this.state;
    const stall = [...this.stalls.values()].pop();
    let background: vscode.ThemeColor | undefined;
    if (s.kind === 'stopped') {
      this.item.text = '$(browser) WebView2: stopped';
      this.item.tooltip = 'The WebView2 Host helper is not running; it starts with the first command.';
    } else if (s.kind === 'starting') {
      this.item.text = '$(sync~spin) WebView2: starting';
      this.item.tooltip = 'Starting the helper process…';
    } else if (s.kind === 'crashed') {
      this.item.text = '$(error) WebView2: crashed';
      this.item.tooltip = `The helper ${s.reason}. ${s.lostWindows.length} window(s) were open. The next command restarts it; "Restart Helper" reopens them.`;
      background = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (stall) {
      this.item.text = `$(warning) WebView2: stalled at ${stall.site}`;
      this.item.tooltip = `${stall.diagnosis} after ${stall.elapsedMs} ms: ${stall.explanation}\nstrategy ${stall.strategy}, apartment ${stall.apartment}, arch ${stall.arch}\nClick for diagnostics.`;
      background = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = `$(browser) WebView2: ${this.windowCount} window${this.windowCount === 1 ? '' : 's'}`;
      this.item.tooltip = `${s.info.engine} ${s.info.engineVersion}, helper pid ${s.info.helperPid}. Click for diagnostics.`;
    }
    this.item.backgroundColor = background;
    if (this.history[this.history.length - 1] !== this.item.text) {
      this.history.push(this.item.text);
      if (this.history.length > 200) this.history.shift();
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
