// The helper's network log, on its main thread: a ring of finished requests per window (the
// engine reports each one as it ends), answered by getNetworkLog even while the UI thread is busy,
// and a networkRequest notification per entry, masked and without its body. Past a rate per window
// the notifications are coalesced: the entries stay in the ring, and the latest of them goes out
// once the second is over, saying how many were not notified. Bounded: MAX_ENTRIES per window, and
// at most MAX_BODY_BYTES of bodies per window (older bodies are let go first).
import type { FinishedRequest, GetNetworkLogParams, NetworkEntry, NetworkLog, NetworkRequestEvent } from '../protocol';
import { maskEntry } from '../network/entries';

export const MAX_ENTRIES = 1000;
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const MAX_NOTIFIED_PER_SECOND = 100;
/** A closed window's log stays readable this long, so that a client can take its last entries. */
export const CLOSED_LOG_KEPT_MS = 30_000;

interface Ring {
  entries: NetworkEntry[];
  nextSeq: number;
  evicted: number;
  bodyBytes: number;
  open: boolean;
  dropTimer?: NodeJS.Timeout;
  // notification budget of the current second
  secondStart: number;
  notified: number;
  skipped: number;
  latestSkipped?: NetworkEntry;
  flushTimer?: NodeJS.Timeout;
}

export interface NetworkLogOptions {
  notify(e: NetworkRequestEvent): void;
  now(): number;
  /** setTimeout, replaceable in tests. */
  later?(fn: () => void, ms: number): NodeJS.Timeout;
  maxEntries?: number;
  perSecond?: number;
}

export class NetworkLogs {
  private readonly rings = new Map<number, Ring>();
  private readonly later: (fn: () => void, ms: number) => NodeJS.Timeout;
  private readonly maxEntries: number;
  private readonly perSecond: number;

  constructor(private readonly o: NetworkLogOptions) {
    this.later = o.later ?? ((fn, ms) => setTimeout(fn, ms));
    this.maxEntries = o.maxEntries ?? MAX_ENTRIES;
    this.perSecond = o.perSecond ?? MAX_NOTIFIED_PER_SECOND;
  }

  /** An engine reported a finished request. */
  add(request: FinishedRequest): void {
    let ring = this.rings.get(request.windowId);
    if (ring && !ring.open) { // the id is in use again: the closed window's log goes
      this.drop(request.windowId);
      ring = undefined;
    }
    ring ??= this.newRing(request.windowId);
    const entry: NetworkEntry = { ...request, seq: ring.nextSeq++ };
    ring.entries.push(entry);
    ring.bodyBytes += bodySize(entry);
    while (ring.entries.length > this.maxEntries) {
      ring.bodyBytes -= bodySize(ring.entries.shift()!);
      ring.evicted++;
    }
    for (let i = 0; ring.bodyBytes > MAX_BODY_BYTES && i < ring.entries.length; i++) {
      const e = ring.entries[i];
      if (!e.body) continue;
      ring.bodyBytes -= bodySize(e);
      delete e.body;
    }
    this.notify(request.windowId, ring, entry);
  }

  get(p: GetNetworkLogParams): NetworkLog | undefined {
    const ring = this.rings.get(p.windowId);
    if (!ring) return undefined;
    const since = p.since ?? 0;
    const entries = ring.entries.filter((e) => e.seq > since).map((e) => maskEntry(e, { values: p.includeValues === true, body: p.bodies === true }));
    return { windowId: p.windowId, entries, evicted: ring.evicted, open: ring.open };
  }

  /** Empties a window's log (its numbering goes on); returns how many entries it had. */
  clear(windowId: number): number {
    const ring = this.rings.get(windowId);
    if (!ring) return 0;
    const n = ring.entries.length;
    ring.entries = [];
    ring.bodyBytes = 0;
    ring.evicted = 0;
    return n;
  }

  has(windowId: number): boolean {
    return this.rings.has(windowId);
  }

  /** A window was opened: its log exists (empty) from now on. */
  opened(windowId: number): void {
    if (this.rings.get(windowId)?.open === false) this.drop(windowId);
    if (!this.rings.has(windowId)) this.newRing(windowId);
  }

  /** The window closed: what is left to notify goes out, and its log is dropped a little later. */
  closed(windowId: number): void {
    const ring = this.rings.get(windowId);
    if (!ring || !ring.open) return;
    this.flush(windowId, ring);
    ring.open = false;
    ring.dropTimer = this.later(() => this.drop(windowId), CLOSED_LOG_KEPT_MS);
    ring.dropTimer.unref?.();
  }

  private newRing(windowId: number): Ring {
    const ring: Ring = { entries: [], nextSeq: 1, evicted: 0, bodyBytes: 0, open: true, secondStart: -Infinity, notified: 0, skipped: 0 };
    this.rings.set(windowId, ring);
    return ring;
  }

  private drop(windowId: number): void {
    const ring = this.rings.get(windowId);
    if (!ring) return;
    clearTimeout(ring.dropTimer);
    clearTimeout(ring.flushTimer);
    this.rings.delete(windowId);
  }

  private notify(windowId: number, ring: Ring, entry: NetworkEntry): void {
    const now = this.o.now();
    if (now - ring.secondStart >= 1000) {
      this.flush(windowId, ring);
      ring.secondStart = now;
      ring.notified = 0;
    }
    if (ring.notified < this.perSecond) {
      ring.notified++;
      this.o.notify({ windowId, entry: maskEntry(entry), skipped: 0 });
      return;
    }
    ring.skipped++;
    ring.latestSkipped = entry;
    ring.flushTimer ??= this.later(() => {
      ring.flushTimer = undefined;
      this.flush(windowId, ring);
    }, Math.max(0, ring.secondStart + 1000 - now));
  }

  /** Sends the latest entry held back, with the count of those before it. */
  private flush(windowId: number, ring: Ring): void {
    clearTimeout(ring.flushTimer);
    ring.flushTimer = undefined;
    if (!ring.latestSkipped) return;
    this.o.notify({ windowId, entry: maskEntry(ring.latestSkipped), skipped: ring.skipped - 1 });
    ring.latestSkipped = undefined;
    ring.skipped = 0;
  }
}

function bodySize(e: NetworkEntry): number {
  return e.body ? e.body.text.length : 0;
}
