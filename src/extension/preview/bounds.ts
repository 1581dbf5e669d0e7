// Where each target's window was last: per workspace file (else per URL without its fragment), in
// the workspace's state, so that a page opens again at the size and place it had. Followed from
// the helper's windowChanged rows (it reports a move once the gesture pauses); nothing is polled.
import type * as vscode from 'vscode';
import type { Bounds, WindowInfo } from '../../protocol';

const BOUNDS_KEY = 'webview2Host.boundsByTarget';
/** The most targets remembered; the oldest go first. */
const MAX_TARGETS = 200;

export class RememberedBounds {
  constructor(private readonly state: vscode.Memento) {}

  /** The bounds last seen for a target key, if usable. */
  of(key: string): Bounds | undefined {
    const b = this.state.get<Record<string, Bounds>>(BOUNDS_KEY, {})[key];
    return b && b.width > 0 && b.height > 0 ? b : undefined;
  }

  /** A window's row as the helper reported it, under its target's key. */
  async seen(key: string, w: WindowInfo): Promise<void> {
    if (!w.bounds || w.bounds.width <= 0 || w.bounds.height <= 0) return;
    const all = { ...this.state.get<Record<string, Bounds>>(BOUNDS_KEY, {}) };
    const old = all[key];
    if (old && old.x === w.bounds.x && old.y === w.bounds.y && old.width === w.bounds.width && old.height === w.bounds.height) return;
    delete all[key]; // newest last
    all[key] = { ...w.bounds };
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_TARGETS))) delete all[k];
    await this.state.update(BOUNDS_KEY, all);
  }
}
