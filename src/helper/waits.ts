// Waiting for an engine completion on the UI thread, the same way on every platform: record the
// wait in the ledger, refuse it inside an engine callback, pump with the chosen strategy until the
// completion handler has run or the deadline passes, and report what happened.
import type { Diagnosis, WaitRecord, WaitStrategy } from '../protocol';
import type { BackendEvents } from './backend';
import { epochNow, type LedgerWriter, type WaitSite, type WakeReason } from './ledger';
import { ReentrancyError, WaitTimeoutError } from './errors';

export interface WaitSpec {
  site: WaitSite;
  strategy: WaitStrategy;
  windowId: number | null;
  deadlineMs: number;
}

/**
 * Why a wait is still waiting, from what the ledger holds: its completion ran and the wait did not
 * see it, messages were posted to the thread and not dispatched by the wait, or nothing answered.
 * The same for the wait that gives up at its deadline and for the watchdog that watches it.
 */
export function diagnoseWait(completedAt: number | null, postedWaitingSince: number | null): Exclude<Diagnosis, 'not-picked-up'> {
  return completedAt !== null ? 'lost-wakeup' : postedWaitingSince !== null ? 'posted-not-dispatched' : 'no-answer';
}

/** How long one native wait of a wait may block: the time left to its deadline, within 1..100 ms,
 *  so that the deadline is honoured and the ledger's heartbeat moves. */
export function waitSlice(deadlineAt: number, now = epochNow()): number {
  return Math.max(1, Math.min(100, Math.ceil(deadlineAt - now)));
}

/** Settled by an engine completion handler. */
export class Completion<T> {
  settled = false;
  value?: T;
  error?: Error;
  /** Set when the wait gave up; a late handler must not touch the ledger slot any more. */
  abandoned = false;
  slot = -1;
  completedAt: number | null = null;
  /** Wakes the strategy's native wait (an event for cowait); run once, when settled. */
  onSettled?: () => void;

  constructor(private readonly ledger: LedgerWriter) {}

  resolve(value: T): void {
    this.settle(() => { this.value = value; });
  }
  reject(error: Error): void {
    this.settle(() => { this.error = error; });
  }
  /** Records in the ledger that the completion handler ran, whether or not it settles the wait. */
  noteArrival(): void {
    if (this.abandoned || this.slot < 0) return;
    this.completedAt = this.ledger.completed(this.slot);
  }
  private settle(store: () => void): void {
    if (this.abandoned || this.settled) return;
    store();
    this.settled = true;
    this.noteArrival();
    this.onSettled?.();
  }
}

/**
 * Engine callbacks run through here: the ledger knows one is on the stack (so a wait started from
 * it is refused), and an exception never escapes into native code, where it would read as success.
 */
export class CallbackScope {
  private readonly names: string[] = [];
  constructor(private readonly ledger: LedgerWriter, private readonly events: BackendEvents) {}

  get current(): string | null {
    return this.names[this.names.length - 1] ?? null;
  }

  run<R>(name: string, fallback: R, body: () => R): R {
    this.names.push(name);
    this.ledger.enterCallback();
    try {
      return body();
    } catch (err) {
      this.events.log('error', `engine callback ${name} threw: ${(err as Error)?.stack ?? err}`);
      return fallback;
    } finally {
      this.ledger.leaveCallback();
      this.names.pop();
    }
  }
}

export interface Waiter {
  ledger: LedgerWriter;
  events: BackendEvents;
  callbacks: CallbackScope;
  /** Set by the UI loop: serves queued requests from a loop not its own (a modal loop of the
   *  system's) unless a wait, an engine callback or a request is on the stack (uiLoop.ts). */
  serveInOtherLoop?: () => void;
}

/**
 * Starts an engine operation and waits for its completion.
 * `start` kicks the operation off and hands the Completion to its handler;
 * `pumpOnce` blocks in the strategy's native wait for at most until `deadlineAt`, dispatches
 * what arrives, and says what ended the native wait (nothing: the strategy does not say); the
 * ledger keeps it, so a completion that settles without waking its wait shows as woken by a slice.
 */
export function waitFor<T>(
  waiter: Waiter,
  spec: WaitSpec,
  start: (completion: Completion<T>) => void,
  pumpOnce: (completion: Completion<T>, deadlineAt: number) => WakeReason | void,
): T {
  const { ledger, events } = waiter;
  const inCallback = waiter.callbacks.current;
  const base = { site: spec.site, strategy: spec.strategy, windowId: spec.windowId };
  if (inCallback !== null) {
    events.hazard({
      kind: 'reentrancy',
      site: spec.site,
      strategy: spec.strategy,
      callback: inCallback,
      explanation: `a ${spec.strategy} wait for ${spec.site} was attempted inside the engine callback ${inCallback}; it was refused, because the engine delivers no completion while a callback is on the stack`,
    });
    events.waitCompleted({ ...base, elapsedMs: 0, completionAfterMs: null, outcome: 'refused', depth: 0 });
    throw new ReentrancyError(spec.site, spec.strategy, inCallback);
  }

  const completion = new Completion<T>(ledger);
  const { slot, depth, startedAt } = ledger.begin(base);
  completion.slot = slot;
  const deadlineAt = startedAt + spec.deadlineMs;
  const record = (outcome: WaitRecord['outcome']): void => {
    events.waitCompleted({
      ...base,
      elapsedMs: round(epochNow() - startedAt),
      completionAfterMs: completion.completedAt === null ? null : round(completion.completedAt - startedAt),
      outcome,
      depth,
    });
  };

  try {
    start(completion);
    for (let pumped = false; ; pumped = true) {
      // The deadline is checked before the result: a wait that returns only after its deadline
      // has failed, even if its completion had arrived (that is the lost wake-up).
      const now = epochNow();
      if (pumped && now >= deadlineAt) {
        completion.abandoned = true;
        ledger.woken(slot, 'deadline');
        record('deadline');
        const diagnosis = diagnoseWait(completion.completedAt, ledger.postedWaitingSince(slot));
        throw new WaitTimeoutError(spec.site, spec.strategy, diagnosis, now - startedAt);
      }
      if (completion.settled) break;
      ledger.woken(slot, pumpOnce(completion, deadlineAt) ?? 'unreported');
      ledger.beat();
    }
  } catch (err) {
    completion.abandoned = true;
    if (!(err instanceof WaitTimeoutError)) record('error');
    throw err;
  } finally {
    ledger.end(slot);
  }
  if (completion.error) {
    record('error');
    throw completion.error;
  }
  record('ok');
  return completion.value as T;
}

/** To the microsecond: a wake-up takes well under 0.1 ms, and the benchmark compares it. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
