// Open/close cycling of windows through the real helper, and what the helper holds before and
// after: the soak benchmark's leak check (200 cycles) and longer leak hunts share it.
import { Requests } from '../../src/protocol';
import { TestRequests, type FootprintResult } from '../../src/testHooks/protocol';
import type { Harness } from './harness';

/** The helper's footprint, through the debug/footprint test hook. */
export function footprint(h: Harness): Promise<FootprintResult> {
  return h.client.request(TestRequests.debugFootprint);
}

/** Opens a window on url, waits for its navigation, closes it and waits for the close; n times. */
export async function cycleWindows(h: Harness, environmentId: number, url: string, n: number, onCycle?: (i: number) => void): Promise<void> {
  for (let i = 0; i < n; i++) {
    const w = await h.openLoaded(environmentId, url);
    const since = h.mark();
    await h.client.request(Requests.close, { windowId: w.windowId });
    await h.next('windowClosed', (e) => e.windowId === w.windowId, 20000, since);
    onCycle?.(i);
  }
}

export interface SoakResult {
  cycles: number;
  before: FootprintResult;
  after: FootprintResult;
}

/**
 * A few warm-up cycles first (caches, lazily created engine objects), then the footprint, n cycles,
 * and the footprint again.
 */
export async function soak(h: Harness, environmentId: number, url: string, n: number, warmUp = 5): Promise<SoakResult> {
  await cycleWindows(h, environmentId, url, warmUp);
  const before = await footprint(h);
  await cycleWindows(h, environmentId, url, n);
  const after = await footprint(h);
  return { cycles: n, before, after };
}

const signed = (v: number, decimals = 0) => `${v >= 0 ? '+' : ''}${v.toFixed(decimals)}`;

/** `soak: helper rss +N MiB, handles/fds +N, koffi callbacks +N` */
export function soakLine(r: SoakResult): string {
  const rss = (r.after.rssBytes - r.before.rssBytes) / 1048576;
  return `soak: helper rss ${signed(rss, 1)} MiB, handles/fds ${signed(r.after.handles - r.before.handles)}, ` +
    `koffi callbacks ${signed(r.after.koffiCallbacks - r.before.koffiCallbacks)}`;
}

/** The absolute figures behind soakLine. */
export function soakDetails(r: SoakResult): string {
  const mib = (b: number) => (b / 1048576).toFixed(1);
  return `soak before -> after ${r.cycles} cycles: rss ${mib(r.before.rssBytes)} -> ${mib(r.after.rssBytes)} MiB, ` +
    `handles/fds ${r.before.handles} -> ${r.after.handles}, koffi callbacks ${r.before.koffiCallbacks} -> ${r.after.koffiCallbacks}`;
}
