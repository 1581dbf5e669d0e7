// The watchdog: runs on the helper's main thread, reads the wait ledger on a timer and turns
// what it sees into `stall` and `recovered` reports, each with a diagnosis.
import type { RecoveredReport, StallReport } from '../protocol';
import type { LedgerSnapshot, LedgerWait } from './ledger';
import { diagnoseWait } from './waits';

export interface PendingRequest {
  seq: number;
  method: string;
  postedAt: number;
}

/** The requests waiting for the UI thread, and whether it is working through them. */
export interface QueueState {
  /** Requests handed over and not picked up yet. */
  queued: number;
  /** How long ago the UI thread last picked up a request (null: never). */
  pickedAgoMs: number | null;
  /** It picked up a request within the stall threshold: a queue it is working through, not a thread stuck elsewhere. */
  moving: boolean;
}

/**
 * Why requests wait: a burst keeps the UI thread busy serving one request after another (it picks
 * them up as it goes), while a thread stuck in one request or one wait picks up nothing.
 */
export function queueState(snap: LedgerSnapshot, pending: Iterable<PendingRequest>, now: number, thresholdMs: number): QueueState {
  let queued = 0;
  for (const request of pending) if (request.seq > snap.pickedSeq) queued++;
  const pickedAgoMs = snap.pickedAt === null ? null : Math.max(0, Math.round(now - snap.pickedAt));
  return { queued, pickedAgoMs, moving: pickedAgoMs !== null && pickedAgoMs < thresholdMs };
}

/** What holds up a request the UI thread has not picked up, in the words of its error. */
export function holdUp(state: QueueState): string {
  return state.moving
    ? `busy: ${state.queued} request${state.queued === 1 ? '' : 's'} queued, served in turn (it picked one up ${state.pickedAgoMs} ms ago)`
    : 'stuck elsewhere (see the stall report)';
}

export interface WatchdogOptions {
  snapshot: () => LedgerSnapshot;
  /** Requests handed to the UI thread and not yet answered. */
  pending: () => Iterable<PendingRequest>;
  now: () => number;
  thresholdMs: () => number;
  apartment: () => string;
  arch: string;
  messageName: (code: number) => string;
  onStall: (report: StallReport) => void;
  onRecovered: (report: RecoveredReport) => void;
}

export class Watchdog {
  /** Stalls in progress; `phase` tells a busy queue from a stuck thread for the same request. */
  private readonly active = new Map<string, StallReport & { startedAt: number; phase: string }>();
  private readonly history: StallReport[] = [];

  constructor(private readonly options: WatchdogOptions) {}

  /** Stalls in progress, with their elapsed time as of the last tick. */
  get activeStalls(): StallReport[] {
    return [...this.active.values()].map(({ startedAt: _s, phase: _p, ...report }) => report);
  }
  /** Every stall reported since start, oldest first (the last 100). */
  get stalls(): StallReport[] {
    return [...this.history];
  }

  tick(): void {
    const o = this.options;
    const now = o.now();
    const threshold = o.thresholdMs();
    const snap = o.snapshot();
    const seen = new Set<string>();

    for (const wait of snap.waits) {
      const key = `wait:${wait.id}`;
      const elapsed = now - wait.startedAt;
      if (elapsed < threshold && !this.active.has(key)) continue;
      seen.add(key);
      const report = this.waitReport(key, wait, snap, now);
      this.raise(key, wait.startedAt, report, report.diagnosis);
    }

    const queue = queueState(snap, o.pending(), now, threshold);
    for (const request of o.pending()) {
      if (request.seq <= snap.pickedSeq) continue;
      const key = `request:${request.seq}`;
      const elapsed = now - request.postedAt;
      if (elapsed < threshold && !this.active.has(key)) continue;
      seen.add(key);
      this.raise(key, request.postedAt, this.requestReport(key, request, snap, queue, now), queue.moving ? 'busy' : 'stuck');
    }

    for (const [key, stall] of this.active) {
      if (seen.has(key)) continue;
      this.active.delete(key);
      o.onRecovered({ key, site: stall.site, stalledForMs: Math.round(now - stall.startedAt) });
    }
  }

  private raise(key: string, startedAt: number, report: StallReport, phase: string): void {
    const known = this.active.get(key);
    this.active.set(key, { ...report, startedAt, phase });
    // A wait whose completion arrives while it is stalled changes diagnosis, a queue that stops
    // moving changes phase: report it again.
    if (known && known.diagnosis === report.diagnosis && known.phase === phase) return;
    this.history.push(report);
    if (this.history.length > 100) this.history.shift();
    this.options.onStall(report);
  }

  private waitReport(key: string, wait: LedgerWait, snap: LedgerSnapshot, now: number): StallReport {
    const elapsedMs = Math.round(now - wait.startedAt);
    const completionAgoMs = wait.completedAt === null ? null : Math.round(now - wait.completedAt);
    const diagnosis = diagnoseWait(wait.completedAt, wait.postedWaitingSince);
    let explanation: string;
    if (diagnosis === 'lost-wakeup') {
      explanation = `the completion of ${wait.site} arrived ${completionAgoMs} ms ago but the ${wait.strategy} wait has not returned: a lost wake-up (a loop blocked in its native wait after the handler ran)`;
    } else if (diagnosis === 'posted-not-dispatched') {
      explanation = `${wait.site} has had no completion for ${elapsedMs} ms while posted messages have waited in the UI thread's queue for ${Math.round(now - wait.postedWaitingSince!)} ms: the ${wait.strategy} wait does not dispatch posted messages, so a completion posted to the thread is never delivered`;
    } else if (wait.inCallback) {
      explanation = `${wait.site} was started inside an engine callback, and the engine delivers nothing while a callback is on the stack: re-entrancy, it will not complete`;
    } else {
      explanation = `${wait.site} has had no completion for ${elapsedMs} ms: the engine is slow, blocked or not running`;
    }
    return {
      key,
      site: wait.site,
      strategy: wait.strategy,
      windowId: wait.windowId,
      elapsedMs,
      diagnosis,
      completionAgoMs,
      depth: wait.depth,
      apartment: this.options.apartment(),
      arch: this.options.arch,
      lastMessage: this.options.messageName(snap.lastMessage),
      explanation,
    };
  }

  private requestReport(key: string, request: PendingRequest, snap: LedgerSnapshot, queue: QueueState, now: number): StallReport {
    const elapsedMs = Math.round(now - request.postedAt);
    const innermost = snap.waits[snap.waits.length - 1];
    const busy = queue.moving
      ? holdUp(queue)
      : innermost
        ? `waiting at ${innermost.site} (${innermost.strategy}) for ${Math.round(now - innermost.startedAt)} ms`
        : `busy outside any wait, last loop heartbeat ${Math.round(now - snap.heartbeatAt)} ms ago`;
    return {
      key,
      site: request.method,
      strategy: innermost?.strategy ?? 'none',
      windowId: null,
      elapsedMs,
      diagnosis: 'not-picked-up',
      completionAgoMs: null,
      depth: snap.waits.length,
      apartment: this.options.apartment(),
      arch: this.options.arch,
      lastMessage: this.options.messageName(snap.lastMessage),
      explanation: `request ${request.method} has waited ${elapsedMs} ms for the UI thread, which is ${busy}`,
    };
  }
}
