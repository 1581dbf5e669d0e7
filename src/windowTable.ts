// What is known about each open window, kept up to date from the helper's answers and events.
// The helper's main thread keeps one (so listWindows and diagnostics answer even while the UI
// thread is stuck); the client keeps one (so windows open at a crash can be reopened).
import type { Bounds, NavigationCompletedEvent, ProcessFailedEvent, TitleChangedEvent, WindowInfo } from './protocol';

export class WindowTable {
  private readonly windows = new Map<number, WindowInfo>();

  added(info: WindowInfo): void {
    this.windows.set(info.windowId, { ...info, failed: info.failed ?? null });
  }
  navigating(windowId: number, url?: string): void {
    const w = this.windows.get(windowId);
    if (!w) return;
    w.loading = true;
    w.failed = null;
    if (url) w.url = url;
  }
  navigated(e: NavigationCompletedEvent): void {
    const w = this.windows.get(e.windowId);
    if (!w) return;
    w.loading = false;
    w.failed = e.isSuccess ? null : e.error;
    if (e.url) w.url = e.url;
  }
  zoomed(windowId: number, zoom: number): void {
    const w = this.windows.get(windowId);
    if (w) w.zoom = zoom;
  }
  moved(windowId: number, bounds: Bounds): void {
    const w = this.windows.get(windowId);
    if (w) w.bounds = { ...bounds };
  }
  processFailed(e: ProcessFailedEvent): void {
    const w = this.windows.get(e.windowId);
    if (w) w.failed = e.kind;
  }
  titled(e: TitleChangedEvent): void {
    const w = this.windows.get(e.windowId);
    if (w) w.title = e.title;
  }
  removed(windowId: number): void {
    this.windows.delete(windowId);
  }
  get(windowId: number): WindowInfo | undefined {
    return this.windows.get(windowId);
  }
  list(): WindowInfo[] {
    return [...this.windows.values()].map((w) => ({ ...w }));
  }
  clear(): WindowInfo[] {
    const all = this.list();
    this.windows.clear();
    return all;
  }
  get size(): number {
    return this.windows.size;
  }
}
