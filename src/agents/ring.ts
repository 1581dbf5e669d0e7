// What a page sent, kept per window in a bounded ring: a page can log without end, an agent reads
// now and then. Each entry has a number (1, 2, ... per window), so that an agent reads what came
// after the last one it saw and is told how many it missed.

export interface Numbered<T> {
  seq: number;
  /** Date.now() when it arrived. */
  at: number;
  item: T;
}

export interface RingRead<T> {
  entries: Numbered<T>[];
  /** Entries after `since` that the ring no longer holds. */
  missed: number;
  /** The number of the newest entry so far (0 before any): the `since` of the next read. */
  last: number;
}

export class WindowRings<T> {
  private readonly rings = new Map<number, { entries: Numbered<T>[]; last: number }>();

  constructor(readonly capacity: number) {}

  push(windowId: number, item: T, at = Date.now()): void {
    let ring = this.rings.get(windowId);
    if (!ring) this.rings.set(windowId, ring = { entries: [], last: 0 });
    ring.entries.push({ seq: ++ring.last, at, item });
    if (ring.entries.length > this.capacity) ring.entries.splice(0, ring.entries.length - this.capacity);
  }

  read(windowId: number, since = 0, keep: (item: T) => boolean = () => true): RingRead<T> {
    const ring = this.rings.get(windowId);
    if (!ring) return { entries: [], missed: 0, last: 0 };
    const oldest = ring.entries[0]?.seq ?? ring.last + 1;
    return {
      entries: ring.entries.filter((e) => e.seq > since && keep(e.item)),
      missed: Math.max(0, oldest - 1 - since),
      last: ring.last,
    };
  }

  forget(windowId: number): void {
    this.rings.delete(windowId);
  }
}
