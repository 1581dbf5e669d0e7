// The current window: the target of window commands when none is named, shown in the status bar.
// The helper does not report which native window has focus, so "current" is the window most
// recently opened, navigated or acted on by a command; when it closes, the one before it.
// A page navigating by itself (a redirect, a timer) does not make its window current: the target
// changes only by what a person did. Free of the vscode module.

export class CurrentWindow {
  /** Window ids, least recent first. */
  private readonly order: number[] = [];
  private last: number | undefined;

  /** Hears the current window's id whenever it changes (undefined: none). */
  constructor(private readonly onChange: (windowId: number | undefined) => void = () => undefined) {}

  /** A window opened, navigated or acted on: it is now the current one. */
  touched(windowId: number): void {
    const at = this.order.indexOf(windowId);
    if (at >= 0) this.order.splice(at, 1);
    this.order.push(windowId);
    this.changed();
  }

  /** A window seen in the helper's table: new ones are current (they were just opened); known ones
   *  keep their place (a window reopened under its id after a restart). */
  seen(windowId: number): void {
    if (!this.order.includes(windowId)) this.touched(windowId);
  }

  /** A window closed: the most recent other window is current. */
  closed(windowId: number): void {
    const at = this.order.indexOf(windowId);
    if (at < 0) return;
    this.order.splice(at, 1);
    this.changed();
  }

  /** The current window: the most recent one that is open (all known ones when `open` is not given). */
  of(open?: Iterable<number>): number | undefined {
    const ids = open ? new Set(open) : undefined;
    for (let i = this.order.length - 1; i >= 0; i--) if (!ids || ids.has(this.order[i])) return this.order[i];
    return undefined;
  }

  /** Least recent first, for saving. */
  get recency(): readonly number[] {
    return this.order;
  }

  private changed(): void {
    const now = this.of();
    if (now === this.last) return;
    this.last = now;
    this.onChange(now);
  }
}
