// `open --watch`: reloads a window when its page's file changes, or any file the page loaded from
// disk (what the engine reported as resourceLoaded, file: URLs only). Changes are debounced per
// window, so that an editor writing several files at once causes one reload.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEBOUNCE_MS = 150;
/** How often a watched file is looked at: stat polling works the same on every file system and under Wine. */
const POLL_MS = 100;

export class FileWatcher {
  /** file -> windows that loaded it */
  private readonly watched = new Map<string, Set<number>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly changed = new Map<number, Set<string>>();

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
      fs.watchFile(file, { interval: POLL_MS, persistent: false }, (now, before) => {
        if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return;
        for (const id of this.watched.get(file) ?? []) this.schedule(id, file);
      });
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
    for (const [file, windows] of this.watched) {
      windows.delete(windowId);
      if (windows.size === 0) {
        fs.unwatchFile(file);
        this.watched.delete(file);
      }
    }
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const file of this.watched.keys()) fs.unwatchFile(file);
    this.watched.clear();
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
