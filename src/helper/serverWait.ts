// Waiting for a dev server, on the helper's main thread: a window whose page on a loopback address
// was refused (failurePages.ts, on the UI thread) waits while this probes the server with a plain
// TCP connect, 250 ms after the failure and then at doubling intervals up to 2 s, until it accepts
// a connection or the limit passes. Probing here rather than reloading the page each time keeps
// the window on our waiting page (not the engine's error page, again and again) and fills neither
// the network log nor the history with failed attempts; a connect is cheap and asks the server
// nothing. Each probe's outcome goes to the UI thread, which shows the attempt, loads the page or
// gives up; a window that stops waiting (another page, Stop, closed) ends its probes at once.
import * as net from 'node:net';
import type { ServerWaitEvent, ServerWaitStep } from './backend';

/** The first retry's delay; each next one doubles, up to MAX_DELAY_MS. */
export const FIRST_DELAY_MS = 250;
export const MAX_DELAY_MS = 2000;
/** A probe that neither connects nor is refused within this is "not up" (Windows retries a refused loopback connect for ~1 s). */
export const PROBE_TIMEOUT_MS = 1500;

export interface ServerWaitDeps {
  /** Whether something accepts a TCP connection at host:port within timeoutMs. */
  probe(host: string, port: number, timeoutMs: number): Promise<boolean>;
  /** Hands a probe's outcome to the UI thread; false when the window no longer waits. */
  step(s: ServerWaitStep): Promise<boolean>;
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  log(message: string): void;
}

interface Waiting {
  generation: number;
  host: string;
  port: number;
  limitMs: number;
  startedAt: number;
  attempt: number;
  delayMs: number;
  timer?: unknown;
}

export class ServerWaits {
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly deps: ServerWaitDeps) {}

  /** The UI thread started or ended a window's wait. */
  onEvent(e: ServerWaitEvent): void {
    if (e.state === 'ended') {
      if (this.waiting.get(e.windowId)?.generation === e.generation) this.cancel(e.windowId);
      return;
    }
    this.cancel(e.windowId);
    const w: Waiting = {
      generation: e.generation, host: e.host, port: e.port, limitMs: e.limitMs, startedAt: this.deps.now(), attempt: 1, delayMs: FIRST_DELAY_MS,
    };
    this.waiting.set(e.windowId, w);
    this.schedule(e.windowId, w);
  }

  /** The window closed: nothing of its wait survives it. */
  closed(windowId: number): void {
    this.cancel(windowId);
  }

  /** Windows waiting now (for tests and diagnostics). */
  get size(): number {
    return this.waiting.size;
  }

  private cancel(windowId: number): void {
    const w = this.waiting.get(windowId);
    if (w?.timer !== undefined) this.deps.clearTimer(w.timer);
    this.waiting.delete(windowId);
  }

  private schedule(windowId: number, w: Waiting): void {
    const remaining = w.limitMs - (this.deps.now() - w.startedAt);
    w.timer = this.deps.setTimer(() => void this.tick(windowId, w), Math.max(0, Math.min(w.delayMs, remaining)));
    w.delayMs = Math.min(MAX_DELAY_MS, w.delayMs * 2);
  }

  private async tick(windowId: number, w: Waiting): Promise<void> {
    w.timer = undefined;
    const remaining = w.limitMs - (this.deps.now() - w.startedAt);
    const up = await this.deps.probe(w.host, w.port, Math.max(1, Math.min(PROBE_TIMEOUT_MS, remaining)));
    if (this.waiting.get(windowId) !== w) return; // stopped meanwhile
    w.attempt += 1;
    const elapsedMs = Math.round(this.deps.now() - w.startedAt);
    const outcome: ServerWaitStep['outcome'] = up ? 'up' : elapsedMs >= w.limitMs ? 'gave-up' : 'down';
    let goOn = false;
    try {
      goOn = await this.deps.step({ windowId, generation: w.generation, outcome, attempt: w.attempt, elapsedMs });
    } catch (err) {
      this.deps.log(`window ${windowId}: the wait for ${w.host}:${w.port} ended: ${(err as Error).message}`);
    }
    if (this.waiting.get(windowId) !== w) return;
    if (goOn && outcome === 'down') this.schedule(windowId, w);
    else this.waiting.delete(windowId);
  }
}

/** Whether something accepts a TCP connection at host:port within timeoutMs (the connection is closed at once). */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (up: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(up);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
