// The status bar item: the helper's state at a glance, the window list on click.
import * as vscode from 'vscode';
import type { HelperState } from '../client/helperClient';
import type { StallReport } from '../protocol';
import { statusView } from './statusText';

export class StatusDisplay implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('webview2Host.status', vscode.StatusBarAlignment.Left, 50);
  private state: HelperState = { kind: 'stopped' };
  private windowCount = 0;
  private lostCount = 0;
  private readonly stalls = new Map<string, StallReport>();
  /** Windows whose engine process failed and that have not loaded since: window id -> what failed. */
  private readonly failures = new Map<number, string>();
  /** Every text shown, oldest first (the last 200): the states it went through. */
  readonly history: string[] = [];

  constructor() {
    this.item.name = 'WebView2 Host';
    this.item.command = 'webview2Host.listWindows';
    this.render();
    this.item.show();
  }

  setState(state: HelperState): void {
    this.state = state;
    if (state.kind !== 'ready') this.stalls.clear();
    if (state.kind !== 'ready') this.failures.clear();
    this.render();
  }
  /** The helper's open windows, and those a crash took that can still be reopened. */
  setWindows(count: number, lostCount: number): void {
    this.windowCount = count;
    this.lostCount = lostCount;
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
  /** A window's browser process exited or its page crashed. */
  processFailed(windowId: number, kind: string): void {
    this.failures.set(windowId, kind);
    this.render();
  }
  /** The window loaded again, or closed. */
  windowRecovered(windowId: number): void {
    if (this.failures.delete(windowId)) this.render();
  }

  /** The text as shown, for tests and the diagnostics view. */
  get text(): string {
    return this.item.text;
  }
  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : this.item.tooltip?.value ?? '';
  }

  private render(): void {
    const view = statusView({ state: this.state, windowCount: this.windowCount, stall: [...this.stalls.values()].pop(), lostCount: this.lostCount, failures: [...this.failures] });
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.tone === 'normal' ? undefined : new vscode.ThemeColor(`statusBarItem.${view.tone}Background`);
    if (this.history[this.history.length - 1] !== this.item.text) {
      this.history.push(this.item.text);
      if (this.history.length > 200) this.history.shift();
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
