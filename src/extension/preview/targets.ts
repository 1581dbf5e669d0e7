// Which window shows which target, and which workspace files each page loaded, so that a save
// reloads exactly the windows it affects and Open Current File finds the window it opened before.
// Targets and resources are keys: canonical strings of workspace URIs (the caller maps URLs to
// keys). Free of the vscode module so that it can be tested anywhere.

import type { ReloadOnSave } from '../../settings';

/** At most this many resources are remembered per window: a page that loads thousands (a
 *  polling image, an endless feed) must not grow memory without bound. */
const MAX_RESOURCES = 1000;

interface Shown {
  /** The key of the main document, or undefined when the window shows something else. */
  page: string | undefined;
  /** Keys of the workspace files the page loaded (CSS, JS, images, frames), oldest first. */
  resources: Set<string>;
}

export class PreviewTargets {
  private readonly windows = new Map<number, Shown>();

  /**
   * A window was opened for, or navigated to, a page (undefined: not a workspace file). What it
   * loaded is kept: the engine reports a page's resources before its navigation completes (and
   * before the answer to createWindow may arrive), so they cannot be told from the previous
   * page's; reloading a window for a file its previous page used costs one reload.
   */
  showing(windowId: number, page: string | undefined): void {
    const w = this.windows.get(windowId);
    if (w) w.page = page;
    else this.windows.set(windowId, { page, resources: new Set() });
  }

  resourceLoaded(windowId: number, key: string): void {
    let w = this.windows.get(windowId);
    if (!w) {
      w = { page: undefined, resources: new Set() };
      this.windows.set(windowId, w);
    }
    if (key === w.page) return;
    w.resources.delete(key);
    w.resources.add(key);
    if (w.resources.size > MAX_RESOURCES) w.resources.delete(w.resources.values().next().value as string);
  }

  closed(windowId: number): void {
    this.windows.delete(windowId);
  }

  clear(): void {
    this.windows.clear();
  }

  /** The window already showing this page, the most recently opened first. */
  windowFor(page: string): number | undefined {
    let found: number | undefined;
    for (const [id, w] of this.windows) if (w.page === page) found = id;
    return found;
  }

  pageOf(windowId: number): string | undefined {
    return this.windows.get(windowId)?.page;
  }

  resourcesOf(windowId: number): string[] {
    return [...(this.windows.get(windowId)?.resources ?? [])];
  }

  /** The windows to reload after these files were saved, in window order. */
  affectedBy(saved: Iterable<string>, mode: ReloadOnSave): number[] {
    if (mode === 'off') return [];
    const keys = new Set(saved);
    const ids: number[] = [];
    for (const [id, w] of this.windows) {
      const page = w.page !== undefined && keys.has(w.page);
      const resource = mode === 'workspace' && [...keys].some((k) => w.resources.has(k));
      if (page || resource) ids.push(id);
    }
    return ids.sort((a, b) => a - b);
  }
}

/** Gathers saves for a quiet moment, so that "Save All" or a formatter's second write reloads
 *  once. The clock is injected for tests. */
export class SaveDebouncer {
  private pending = new Set<string>();
  private timer: unknown;

  constructor(
    private readonly delayMs: number,
    private readonly flush: (keys: string[]) => void,
    private readonly clock: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void } = {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
    },
  ) {}

  saved(key: string): void {
    this.pending.add(key);
    if (this.timer !== undefined) this.clock.clear(this.timer);
    this.timer = this.clock.set(() => {
      this.timer = undefined;
      const keys = [...this.pending];
      this.pending = new Set();
      this.flush(keys);
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clear(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
