// Is the helper alive? The client pings the helper's main thread, which answers from the wait
// ledger without asking the UI thread. A helper that does not answer in time, or whose UI thread
// has been busy outside any wait for longer than the wait deadline allows, is not responding: no
// request can succeed there any more, and nothing inside it will say so.
import type { PingResult } from '../protocol';

export interface LivenessLimits {
  /** Between the answer to one ping and the next ping. */
  intervalMs: number;
  /** A ping not answered within this is a helper not responding. */
  answerWithinMs: number;
  /** How far past the wait deadline a UI thread may stay busy outside any wait. */
  uiGraceMs: number;
}

export const DEFAULT_LIVENESS: LivenessLimits = { intervalMs: 3000, answerWithinMs: 10_000, uiGraceMs: 10_000 };

export interface LivenessProbe {
  ping(): Promise<PingResult>;
  /** The wait deadline in force (settings may change). */
  waitDeadlineMs(): number;
  onNotResponding(reason: string): void;
}

type Clock = { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (t: unknown) => void };
const realClock: Clock = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref(); // never what keeps a CLI alive
    return t;
  },
  clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
};

/** One helper's liveness: pings one at a time while started, and reports once. */
export class Liveness {
  private timer: unknown;
  private running = false;

  constructor(private readonly probe: LivenessProbe, private readonly limits: LivenessLimits = DEFAULT_LIVENESS, private readonly clock: Clock = realClock) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.running) this.timer = this.clock.setTimeout(() => void this.check(), this.limits.intervalMs);
  }

  /** One ping; exported through start(), and directly for tests. */
  async check(): Promise<void> {
    let answered = false;
    const late = this.clock.setTimeout(() => {
      if (answered || !this.running) return;
      this.report(`it did not answer a ping within ${this.limits.answerWithinMs} ms`);
    }, this.limits.answerWithinMs);
    let result: PingResult;
    try {
      result = await this.probe.ping();
    } catch {
      return; // the connection went away: the process's exit says why
    } finally {
      answered = true;
      this.clock.clearTimeout(late);
    }
    if (!this.running) return;
    const limit = this.probe.waitDeadlineMs() + this.limits.uiGraceMs;
    if (result.uiBusyMs !== null && result.uiBusyMs > limit) {
      this.report(`its UI thread has been busy for ${result.uiBusyMs} ms outside any wait, longer than the wait deadline allows (${limit} ms); heartbeat ${result.heartbeat}`);
      return;
    }
    this.schedule();
  }

  private report(reason: string): void {
    if (!this.running) return;
    this.stop();
    this.probe.onNotResponding(reason);
  }
}
