// What is known about each open window. The helper's main thread owns the table that counts (so
// listWindows and diagnostics answer even while the UI thread is stuck): it gives windows their
// ids and follows the UI thread's events, and reports every change of a row as a `windowChanged`
// notification. A client keeps a mirror of it, filled only from those notifications.
import type { Bounds, NavigationCompletedEvent, ProcessFailedEvent, TitleChangedEvent, WindowInfo } from './protocol';
import { WindowIds } from './windowIds';

export class WindowTable {
  private readonly windows = new Map<number, WindowInfo>();
  private readonly reserved = new Set<number>();

  /** `onChange` hears every row that changed, as it now is; `ids` is where new ids come from (the
   *  helper shares its counter with the UI thread, which names the popups it opens). */
  constructor(private readonly onChange: (row: WindowInfo) => void = () => undefined, private readonly ids = new WindowIds()) {}

  /** Window ids start here (never below what was handed out already). */
  startAt(first: number): void {
    if (Number.isInteger(first) && first >= 1) this.ids.claim(first - 1);
  }

  /** An id for a window about to be opened: the one asked for, or the next free one. */
  reserve(requested?: number): number {
    if (requested !== undefined) {
      if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`a window id is a whole number from 1, not ${requested}`);
      if (this.windows.has(requested) || this.reserved.has(requested)) throw new RangeError(`window id ${requested} is in use`);
    }
    const id = requested ?? this.ids.next();
    this.ids.claim(id);
    this.reserved.add(id);
    return id;
  }
  /** A reserved id whose window did not open. */
  unreserve(id: number): void {
    this.reserved.delete(id);
  }

  added(info: WindowInfo): void {
    this.reserved.delete(info.windowId);
    this.set({ ...info, failed: info.failed ?? null });
  }
  navigating(windowId: number, url?: string): void {
    this.update(windowId, (w) => {
      w.loading = true;
      w.failed = null;
      if (url) w.url = url;
    });
  }
  navigated(e: NavigationCompletedEvent): void {
    this.update(e.windowId, (w) => {
      w.loading = false;
      // A failed load without a reason of its own keeps the failure already known (a crash).
      w.failed = e.isSuccess ? null : e.error ?? w.failed ?? 'the page did not load';
      if (e.url) w.url = e.url;
    });
  }
  zoomed(windowId: number, zoom: number): void {
    this.update(windowId, (w) => { w.zoom = zoom; });
  }
  moved(windowId: number, bounds: Bounds): void {
    this.update(windowId, (w) => { w.bounds = { ...bounds }; });
  }
  /** The device the window emulates now (a preset's label), or null for none; with its new size
   *  when that changed with it (one windowChanged, never a row with the new size and the old device). */
  emulating(windowId: number, device: string | null, bounds?: Bounds): void {
    this.update(windowId, (w) => {
      if (device) w.device = device;
      else delete w.device;
      if (bounds) w.bounds = { ...bounds };
    });
  }
  titled(e: TitleChangedEvent): void {
    this.update(e.windowId, (w) => { w.title = e.title; });
  }
  processFailed(e: ProcessFailedEvent): void {
    this.update(e.windowId, (w) => { w.failed = e.kind; });
  }
  /** A row as its owner reported it (a mirror's way in). */
  set(info: WindowInfo): void {
    this.windows.set(info.windowId, { ...info });
    this.onChange({ ...info });
  }
  removed(windowId: number): void {
    this.windows.delete(windowId);
  }
  get(windowId: number): WindowInfo | undefined {
    const w = this.windows.get(windowId);
    return w && { ...w };
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

  private update(windowId: number, change: (w: WindowInfo) => void): void {
    const w = this.windows.get(windowId);
    if (!w) return;
    change(w);
    this.onChange({ ...w });
  }
}
