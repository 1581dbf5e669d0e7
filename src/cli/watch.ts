// `open --watch`: reloads a window when its page's file changes, or any file the page loaded from
// disk (what the engine reported as resourceLoaded, file: URLs only). Changes are debounced per
// window, so that an editor writing several files at once causes one reload.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEBOUNCE_MS = 150;
/** How often the watched files are looked at: stat polling works the same on every file system and
 *  under Wine. Our own poll, not fs.watchFile: its first look is not reported, so a write made
 *  between add() and that first look would be missed. */
const POLL_MS = 100;

export class FileWatcher {
  /** file -> windows that loaded it */
  private readonly watched = new Map<string, Set<number>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly changed = new Map<number, Set<string>>();
  /** What each file looked like when last seen, from add() on. */
  private readonly seen = new Map<string, string>();
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly reload: (windowId: number, files: string[]) => void, private readonly onWatch: (windowId: number, file: string) => void = () => undefined) {}

  /** Watches what a file: URL names for this window; other URLs are ignored. */
  add(windowId: number, url: string): void {
    let file: string;
    try {
      if (!url.startsWith('file:')) return;
      file = fileURLToPath(url);
    } catch {
      return;
    }
    let windows = this.watched.get(file);
    if (!windows) {
      windows = new Set();
      this.watched.set(file, windows);
      this.seen.set(file, fingerprint(statOrNull(file)));
      this.poller ??= setInterval(() => this.poll(), POLL_MS).unref();
    }
    if (!windows.has(windowId)) {
      windows.add(windowId);
      this.onWatch(windowId, file);
    }
  }

  /** The window closed: nothing to reload for it any more. */
  remove(windowId: number): void {
    clearTimeout(this.timers.get(windowId));
    this.timers.delete(windowId);
    this.changed.delete(windowId);
    for (const [file, windows] of this.watched) {
      windows.delete(windowId);
      if (windows.size === 0) {
        this.watched.delete(file);
        this.seen.delete(file);
      }
    }
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    clearInterval(this.poller);
    this.poller = undefined;
    this.watched.clear();
    this.seen.clear();
  }

  private poll(): void {
    for (const [file, windows] of this.watched) {
      const print = fingerprint(statOrNull(file));
      if (print === this.seen.get(file)) continue;
      this.seen.set(file, print);
      for (const id of windows) this.schedule(id, file);
    }
  }

  private schedule(windowId: number, file: string): void {
    const files = this.changed.get(windowId) ?? new Set<string>();
    files.add(file);
    this.changed.set(windowId, files);
    clearTimeout(this.timers.get(windowId));
    this.timers.set(windowId, setTimeout(() => {
      this.timers.delete(windowId);
      this.changed.delete(windowId);
      this.reload(windowId, [...files]);
    }, DEBOUNCE_MS));
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** A missing file has a fingerprint of its own, so deleting and restoring one count as changes. */
function fingerprint(stats: fs.Stats | null): string {
  return stats ? `${stats.mtimeMs}/${stats.size}/${stats.ino}` : '0/0/0';
}
