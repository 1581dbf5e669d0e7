// The status bar items: the helper's state at a glance (the window list on click), and beside it
// the current window, the target of window commands (choose another on click).
import * as vscode from 'vscode';
import type { HelperState } from '../../client/helperClient';
import type { StallReport, WindowInfo } from '../../protocol';
import { currentWindowView, statusView } from './text';

export class StatusDisplay implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('webview2Host.status', vscode.StatusBarAlignment.Left, 50);
  private readonly currentItem = vscode.window.createStatusBarItem('webview2Host.current', vscode.StatusBarAlignment.Left, 49);
  private state: HelperState = { kind: 'stopped' };
  private windows: WindowInfo[] = [];
  private lostCount = 0;
  private currentShown = '';
  private readonly stalls = new Map<string, StallReport>();
  /** Every text shown, oldest first (the last 200): the states it went through. */
  readonly history: string[] = [];

  constructor() {
    this.item.name = 'WebView2 Host';
    this.item.command = 'webview2Host.listWindows';
    this.currentItem.name = 'WebView2 Current Window';
    this.currentItem.command = 'webview2Host.chooseWindow';
    this.render();
    this.item.show();
  }

  /** The current window (its row and its address as people see it), or none. */
  setCurrent(w: WindowInfo | undefined, address: string): void {
    const view = currentWindowView(w, address);
    this.currentShown = view?.text ?? '';
    if (!view) {
      this.currentItem.hide();
      return;
    }
    this.currentItem.text = view.text;
    this.currentItem.tooltip = view.tooltip;
    this.currentItem.show();
  }
  /** The current window's text as shown, or '' while hidden. */
  get currentText(): string {
    return this.currentShown;
  }

  setState(state: HelperState): void {
    this.state = state;
    if (state.kind !== 'ready') this.stalls.clear();
    this.render();
  }
  /** The helper's open windows as its table has them (failed ones included), and how many a crash
   *  took that can still be reopened. */
  setWindows(windows: WindowInfo[], lostCount: number): void {
    this.windows = windows;
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
  /** The text as shown. */
  get text(): string {
    return this.item.text;
  }
  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : this.item.tooltip?.value ?? '';
  }

  private render(): void {
    const view = statusView({ state: this.state, windowCount: this.windows.length, stall: [...this.stalls.values()].pop(), lostCount: this.lostCount,
      failures: this.windows.flatMap((w): [number, string][] => (w.failed ? [[w.windowId, w.failed]] : [])) });
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
    this.currentItem.dispose();
  }
}
