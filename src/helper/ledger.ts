// The wait ledger: a SharedArrayBuffer that the UI thread writes and the watchdog (main thread)
// reads without ever waiting for the UI thread. A thread stuck in a native wait cannot report
// itself; this memory is how somebody else can.
import { ENGINE_REQUESTS, type EngineRequestName, type WaitStrategy } from '../protocol';

/** Waits an engine makes that belong to no request of their own. */
const ENGINE_STEPS = ['createController'] as const;
/** Where a wait can be: the engine request it serves, or one of the engine's own steps. */
export type WaitSite = EngineRequestName | (typeof ENGINE_STEPS)[number];
/** The sites by code, derived from the protocol's requests; both threads build the same list (a
 *  plugin's sites append). */
export const WAIT_SITES: readonly string[] = ['other', ...ENGINE_REQUESTS, ...ENGINE_STEPS];
export const STRATEGIES: readonly WaitStrategy[] = ['glib', 'cowait', 'pump'];
/** Depth of nested waits the ledger can hold; deeper waits are refused. */
export const MAX_WAITS = 8;
/**
 * What ended a wait's native wait the last time it returned, by code:
 *   completion  its own signal (the event the completion set, the message that delivered it);
 *   slice       a slice timeout, which then found the completion settled (a missed signal);
 *   other       an unrelated message, after the completion had run (a lucky lost wake-up);
 *   deadline    the deadline;
 *   unreported  the strategy does not say (or the completion settled before any native wait).
 */
export const WAKE_REASONS = ['unreported', 'completion', 'slice', 'other', 'deadline'] as const;
export type WakeReason = (typeof WAKE_REASONS)[number];
/** How many ended waits the ledger remembers, newest last. */
export const MAX_ENDINGS = 32;

// Header, Int32 words.
const H_HEARTBEAT = 0;
const H_PICKED_SEQ = 1;
const H_CALLBACK_DEPTH = 2;
const H_LAST_MESSAGE = 3;
const H_WAIT_ID = 4;
const H_ENDINGS = 5; // how many waits have ended; the ring holds the last MAX_ENDINGS
const HEADER_I32 = 8;
// Header, Float64 words.
const F_HEARTBEAT_AT = 0;
const F_PICKED_AT = 1;
const HEADER_F64 = 2;
// Per wait slot.
const S_ID = 0; // 0: free
const S_SITE = 1;
const S_STRATEGY = 2;
const S_WINDOW = 3; // -1: none
const S_DEPTH = 4;
const S_IN_CALLBACK = 5;
const S_WOKEN = 6;
const SLOT_I32 = 7;
const SF_STARTED = 0;
const SF_COMPLETED = 1; // 0: not yet
const SF_POSTED_WAITING = 2; // 0: none seen; else since when posted messages wait undispatched
const SLOT_F64 = 3;

// Per ending in the ring: the ending's number + 1 (written last: 0 or another number means the
// entry is being rewritten), the wait's id, site, strategy, window and what woke it.
const E_SEQ = 0;
const E_ID = 1;
const E_SITE = 2;
const E_STRATEGY = 3;
const E_WINDOW = 4;
const E_WOKEN = 5;
const ENDING_I32 = 6;

const ENDINGS_OFFSET = HEADER_I32 + MAX_WAITS * SLOT_I32;
const I32_WORDS = ENDINGS_OFFSET + MAX_ENDINGS * ENDING_I32;
const F64_OFFSET = Math.ceil((I32_WORDS * 4) / 8) * 8;
const BYTES = F64_OFFSET + (HEADER_F64 + MAX_WAITS * SLOT_F64) * 8;

export function createLedgerBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(BYTES);
}

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across threads. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface WaitStart {
  site: string;
  strategy: WaitStrategy;
  windowId: number | null;
}

export interface LedgerWait extends WaitStart {
  id: number;
  slot: number;
  depth: number;
  inCallback: boolean;
  /** Since when posted messages have waited in the queue while this wait did not dispatch them; null: none seen. */
  postedWaitingSince: number | null;
  startedAt: number;
  completedAt: number | null;
  /** What ended its native wait the last time it returned (so far). */
  wokenBy: WakeReason;
}

/** A wait that has ended, and what woke it at the end. */
export interface LedgerEnding extends WaitStart {
  id: number;
  wokenBy: WakeReason;
}

export interface LedgerSnapshot {
  heartbeat: number;
  heartbeatAt: number;
  pickedSeq: number;
  /** When the UI thread last picked up a request (null: never): it moves through its queue. */
  pickedAt: number | null;
  callbackDepth: number;
  lastMessage: number;
  waits: LedgerWait[];
}

class LedgerViews {
  protected readonly i32: Int32Array;
  protected readonly f64: Float64Array;
  constructor(buffer: SharedArrayBuffer, protected readonly sites: readonly string[]) {
    this.i32 = new Int32Array(buffer, 0, I32_WORDS);
    this.f64 = new Float64Array(buffer, F64_OFFSET, HEADER_F64 + MAX_WAITS * SLOT_F64);
  }
  protected si(slot: number, field: number): number {
    return HEADER_I32 + slot * SLOT_I32 + field;
  }
  protected sf(slot: number, field: number): number {
    return HEADER_F64 + slot * SLOT_F64 + field;
  }
  protected ei(ending: number, field: number): number {
    return ENDINGS_OFFSET + (ending % MAX_ENDINGS) * ENDING_I32 + field;
  }
}

/** The UI thread's side. Only one thread may write. */
export class LedgerWriter extends LedgerViews {
  constructor(buffer: SharedArrayBuffer, private readonly now: () => number = epochNow, sites: readonly string[] = WAIT_SITES) {
    super(buffer, sites);
  }

  /** Called once per dispatched message or loop iteration. */
  beat(lastMessage = 0): void {
    this.f64[F_HEARTBEAT_AT] = this.now();
    Atomics.store(this.i32, H_LAST_MESSAGE, lastMessage);
    Atomics.add(this.i32, H_HEARTBEAT, 1);
  }

  pickedUp(seq: number): void {
    this.f64[F_PICKED_AT] = this.now();
    Atomics.store(this.i32, H_PICKED_SEQ, seq);
  }

  enterCallback(): void {
    Atomics.add(this.i32, H_CALLBACK_DEPTH, 1);
  }
  leaveCallback(): void {
    Atomics.sub(this.i32, H_CALLBACK_DEPTH, 1);
  }
  get callbackDepth(): number {
    return Atomics.load(this.i32, H_CALLBACK_DEPTH);
  }

  /** Waits in progress on the UI thread: each is on its stack. */
  get waitsInProgress(): number {
    return this.activeCount();
  }

  /** Records a wait and returns its slot; throws when waits nest deeper than the ledger holds. */
  begin(start: WaitStart): { slot: number; id: number; depth: number; startedAt: number } {
    let slot = -1;
    for (let i = 0; i < MAX_WAITS; i++) {
      if (Atomics.load(this.i32, this.si(i, S_ID)) === 0) { slot = i; break; }
    }
    if (slot < 0) throw new Error(`waits nested deeper than ${MAX_WAITS}`);
    const depth = this.activeCount();
    const id = Atomics.add(this.i32, H_WAIT_ID, 1) + 1;
    const startedAt = this.now();
    this.i32[this.si(slot, S_SITE)] = Math.max(0, this.sites.indexOf(start.site));
    this.i32[this.si(slot, S_STRATEGY)] = STRATEGIES.indexOf(start.strategy);
    this.i32[this.si(slot, S_WINDOW)] = start.windowId ?? -1;
    this.i32[this.si(slot, S_DEPTH)] = depth;
    this.i32[this.si(slot, S_IN_CALLBACK)] = this.callbackDepth > 0 ? 1 : 0;
    this.i32[this.si(slot, S_WOKEN)] = 0;
    this.f64[this.sf(slot, SF_STARTED)] = startedAt;
    this.f64[this.sf(slot, SF_COMPLETED)] = 0;
    this.f64[this.sf(slot, SF_POSTED_WAITING)] = 0;
    Atomics.store(this.i32, this.si(slot, S_ID), id); // published last: readers see a whole record
    return { slot, id, depth, startedAt };
  }

  /** The completion handler ran (whether or not the wait notices). Returns the time. */
  completed(slot: number): number {
    const at = this.now();
    this.f64[this.sf(slot, SF_COMPLETED)] = at;
    return at;
  }

  /**
   * What the wait saw when its native wait returned without the completion: whether posted
   * messages sit in the queue undispatched (the wait does not dispatch posted messages).
   */
  postedWaiting(slot: number, waiting: boolean): void {
    const since = this.f64[this.sf(slot, SF_POSTED_WAITING)];
    if (!waiting) this.f64[this.sf(slot, SF_POSTED_WAITING)] = 0;
    else if (since === 0) this.f64[this.sf(slot, SF_POSTED_WAITING)] = this.now();
  }
  postedWaitingSince(slot: number): number | null {
    return this.f64[this.sf(slot, SF_POSTED_WAITING)] || null;
  }

  /** What ended the wait's native wait this time (the last one before the wait ends is kept). */
  woken(slot: number, reason: WakeReason): void {
    this.i32[this.si(slot, S_WOKEN)] = WAKE_REASONS.indexOf(reason);
  }

  /** Frees the slot, and remembers the wait and what woke it last among the endings. */
  end(slot: number): void {
    const n = Atomics.load(this.i32, H_ENDINGS);
    Atomics.store(this.i32, this.ei(n, E_SEQ), 0);
    for (const [to, from] of [[E_ID, S_ID], [E_SITE, S_SITE], [E_STRATEGY, S_STRATEGY], [E_WINDOW, S_WINDOW], [E_WOKEN, S_WOKEN]]) {
      this.i32[this.ei(n, to)] = this.i32[this.si(slot, from)];
    }
    Atomics.store(this.i32, this.ei(n, E_SEQ), n + 1);
    Atomics.store(this.i32, H_ENDINGS, n + 1);
    Atomics.store(this.i32, this.si(slot, S_ID), 0);
  }

  private activeCount(): number {
    let n = 0;
    for (let i = 0; i < MAX_WAITS; i++) if (Atomics.load(this.i32, this.si(i, S_ID)) !== 0) n++;
    return n;
  }
}

/** The watchdog's side: reads without locks; a record that changes while read is skipped. */
export class LedgerReader extends LedgerViews {
  constructor(buffer: SharedArrayBuffer, sites: readonly string[] = WAIT_SITES) {
    super(buffer, sites);
  }

  snapshot(): LedgerSnapshot {
    const waits: LedgerWait[] = [];
    for (let slot = 0; slot < MAX_WAITS; slot++) {
      const id = Atomics.load(this.i32, this.si(slot, S_ID));
      if (id === 0) continue;
      const window = this.i32[this.si(slot, S_WINDOW)];
      const completedAt = this.f64[this.sf(slot, SF_COMPLETED)];
      const posted = this.f64[this.sf(slot, SF_POSTED_WAITING)];
      const wait: LedgerWait = {
        id,
        slot,
        site: this.sites[this.i32[this.si(slot, S_SITE)]] ?? 'other',
        strategy: STRATEGIES[this.i32[this.si(slot, S_STRATEGY)]] ?? 'glib',
        windowId: window < 0 ? null : window,
        depth: this.i32[this.si(slot, S_DEPTH)],
        inCallback: this.i32[this.si(slot, S_IN_CALLBACK)] === 1,
        startedAt: this.f64[this.sf(slot, SF_STARTED)],
        completedAt: completedAt === 0 ? null : completedAt,
        postedWaitingSince: posted === 0 ? null : posted,
        wokenBy: WAKE_REASONS[this.i32[this.si(slot, S_WOKEN)]] ?? 'unreported',
      };
      if (Atomics.load(this.i32, this.si(slot, S_ID)) === id) waits.push(wait);
    }
    waits.sort((a, b) => a.depth - b.depth);
    return {
      heartbeat: Atomics.load(this.i32, H_HEARTBEAT),
      heartbeatAt: this.f64[F_HEARTBEAT_AT],
      pickedSeq: Atomics.load(this.i32, H_PICKED_SEQ),
      pickedAt: this.f64[F_PICKED_AT] || null,
      callbackDepth: Atomics.load(this.i32, H_CALLBACK_DEPTH),
      lastMessage: Atomics.load(this.i32, H_LAST_MESSAGE),
      waits,
    };
  }

  /** The waits that ended most recently (at most MAX_ENDINGS), oldest first; entries rewritten while read are skipped. */
  endings(): LedgerEnding[] {
    const count = Atomics.load(this.i32, H_ENDINGS);
    const out: LedgerEnding[] = [];
    for (let n = Math.max(0, count - MAX_ENDINGS); n < count; n++) {
      if (Atomics.load(this.i32, this.ei(n, E_SEQ)) !== n + 1) continue;
      const window = this.i32[this.ei(n, E_WINDOW)];
      const ending: LedgerEnding = {
        id: this.i32[this.ei(n, E_ID)],
        site: this.sites[this.i32[this.ei(n, E_SITE)]] ?? 'other',
        strategy: STRATEGIES[this.i32[this.ei(n, E_STRATEGY)]] ?? 'glib',
        windowId: window < 0 ? null : window,
        wokenBy: WAKE_REASONS[this.i32[this.ei(n, E_WOKEN)]] ?? 'unreported',
      };
      if (Atomics.load(this.i32, this.ei(n, E_SEQ)) === n + 1) out.push(ending);
    }
    return out;
  }
}
