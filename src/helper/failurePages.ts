// What a window shows after its page failed to load, decided the same way for both engines (each
// engine's errorPage.ts shows it): our error page (errorPage.ts), or, for a refused connection to
// a loopback address (a dev server still starting), a page that says it waits while the helper's
// main thread probes the server (serverWait.ts) and says when to try again. The failure is
// reported (navigationCompleted) only when the window stops waiting without the page: a toast per
// attempt would be noise, and a window that loads after waiting never counts as failed.
// Runs on the UI thread.
import type { NavigationCompletedEvent, NetworkFailureKind } from '../protocol';
import type { BackendEvents, ServerWaitStep } from './backend';
import { errorPage, type ErrorPageContent } from './errorPage';

export interface FailedLoad {
  windowId: number;
  url: string;
  kind: NetworkFailureKind;
  /** The failure as navigationCompleted reports it (the engine's words and the address). */
  error: string;
  /** The engine's own words, for the page. */
  reason: string;
  httpStatus: number | null;
}

/** What an engine does for these pages. */
export interface FailurePageEngine {
  /** Shows our page in the window in place of the engine's, at the failed address. */
  show(windowId: number, url: string, page: { html: string; title: string }): void;
  /** Loads the address for real: the server answered. */
  load(windowId: number, url: string): void;
  /** Whether the window's toolbar shows (Edit address needs its field). */
  hasAddressField(windowId: number): boolean;
}

interface Wait {
  generation: number;
  target: string;
  attempt: number;
  /** The server answered a probe and the page is loading for real. */
  loading: boolean;
}
interface Shown {
  url: string;
  failure: FailedLoad;
  wait?: Wait;
}

/** A loopback http(s) address's server: where a dev server listens. Null for any other address. */
export function loopbackServer(url: string): { host: string; port: number; target: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const name = u.hostname.toLowerCase();
  const host = name === '[::1]' ? '::1' : name;
  const loopback = host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (!loopback) return null;
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return { host: host.endsWith('.localhost') ? 'localhost' : host, port, target: `${u.hostname}:${port}` };
}

export class FailurePages {
  private readonly shown = new Map<number, Shown>();
  private generation = 0;

  constructor(
    private readonly engine: FailurePageEngine,
    private readonly events: Pick<BackendEvents, 'navigationCompleted' | 'serverWait' | 'log'>,
    /** How long a window waits for a loopback server that refuses the connection; 0: it does not. */
    private readonly waitLimitMs: () => number,
  ) {}

  /** A load of the window's page failed: our page instead of the engine's, and a wait where one helps. */
  failed(f: FailedLoad): void {
    const now = this.shown.get(f.windowId);
    const waiting = now?.wait;
    if (now && waiting && now.url === f.url) {
      if (waiting.loading) { // the server answered the probe, and then the page did not load
        this.end(f.windowId, waiting);
        this.showError(f, `${waiting.target} answered, but the page did not load.`);
      } else {
        this.render(f.windowId, now); // a Retry that failed while waiting: the wait goes on
      }
      return;
    }
    if (waiting) this.end(f.windowId, waiting);
    const server = loopbackServer(f.url);
    const limitMs = this.waitLimitMs();
    if (f.kind !== 'refused' || !server || limitMs <= 0) {
      this.showError(f);
      return;
    }
    const wait: Wait = { generation: ++this.generation, target: server.target, attempt: 1, loading: false };
    const shown: Shown = { url: f.url, failure: f, wait };
    this.shown.set(f.windowId, shown);
    this.render(f.windowId, shown);
    this.events.log('info', `window ${f.windowId}: nothing answers at ${server.target} yet (${f.reason}); the window waits up to ${Math.round(limitMs / 1000)} s and loads ${f.url} as soon as it answers`);
    this.events.serverWait({ windowId: f.windowId, generation: wait.generation, state: 'started', host: server.host, port: server.port, limitMs });
  }

  /** What the main thread's probe found; false when this window no longer waits (stop probing). */
  step(s: ServerWaitStep): boolean {
    const now = this.shown.get(s.windowId);
    const wait = now?.wait;
    if (!now || !wait || wait.generation !== s.generation || wait.loading) return false;
    const seconds = Math.round(s.elapsedMs / 1000);
    if (s.outcome === 'down') {
      wait.attempt = s.attempt;
      this.render(s.windowId, now);
      return true;
    }
    if (s.outcome === 'up') {
      wait.loading = true;
      this.events.log('info', `window ${s.windowId}: ${wait.target} answers (attempt ${s.attempt}, after ${seconds} s); loading ${now.url}`);
      this.engine.load(s.windowId, now.url);
      return false;
    }
    this.end(s.windowId, wait);
    this.showError(now.failure, `Nothing answered at ${wait.target} for ${seconds} s.`, `nothing answered at ${wait.target} for ${seconds} s: `);
    return false;
  }

  /** Another page was asked for, or the window went back or forward: a wait ends, our page is gone. */
  navigationStarted(windowId: number): void {
    const now = this.shown.get(windowId);
    const wait = now?.wait;
    if (wait?.loading) return; // the load the wait started
    if (wait) {
      this.end(windowId, wait);
      this.events.log('info', `window ${windowId}: stopped waiting for ${wait.target}: another page was asked for`);
    }
    this.shown.delete(windowId);
  }

  /** A load of the window completed: whatever it showed of ours is gone. */
  loaded(windowId: number): void {
    this.shown.delete(windowId);
  }

  /** Stop: a wait ends with the error page. True when there was one to stop. */
  stopped(windowId: number): boolean {
    const now = this.shown.get(windowId);
    const wait = now?.wait;
    if (!now || !wait || wait.loading) return false;
    this.end(windowId, wait);
    this.showError(now.failure, `Stopped waiting for ${wait.target}.`, `stopped waiting for ${wait.target}: `);
    return true;
  }

  closed(windowId: number): void {
    this.shown.delete(windowId);
  }

  /** The address our page stands for, while the window shows it; else undefined. */
  failedUrl(windowId: number): string | undefined {
    return this.shown.get(windowId)?.url;
  }

  /** Whether the window waits for its server (not yet loading its page for real). */
  waiting(windowId: number): boolean {
    const wait = this.shown.get(windowId)?.wait;
    return wait !== undefined && !wait.loading;
  }

  /** Whether the server answered and the window loads its page for real. */
  loadingAfterWait(windowId: number): boolean {
    return this.shown.get(windowId)?.wait?.loading === true;
  }

  /** Whether the window shows our page (an error, or waiting). */
  showsErrorPage(windowId: number): boolean {
    return this.shown.has(windowId);
  }

  private render(windowId: number, shown: Shown): void {
    const wait = shown.wait;
    const limitSeconds = Math.round(this.waitLimitMs() / 1000);
    this.engine.show(windowId, shown.url, errorPage(this.content(shown.failure, wait && { target: wait.target, attempt: wait.attempt, limitSeconds })));
  }

  private showError(f: FailedLoad, note?: string, errorPrefix = ''): void {
    this.shown.set(f.windowId, { url: f.url, failure: f });
    this.engine.show(f.windowId, f.url, errorPage({ ...this.content(f), note }));
    const report: NavigationCompletedEvent = { windowId: f.windowId, url: f.url, isSuccess: false, httpStatus: f.httpStatus, error: `${errorPrefix}${f.error}` };
    this.events.navigationCompleted(report);
  }

  private content(f: FailedLoad, waiting?: ErrorPageContent['waiting']): ErrorPageContent {
    return { url: f.url, kind: f.kind, reason: f.reason, waiting, editAddress: this.engine.hasAddressField(f.windowId) };
  }

  private end(windowId: number, wait: Wait): void {
    const now = this.shown.get(windowId);
    if (now?.wait === wait) now.wait = undefined;
    this.events.serverWait({ windowId, generation: wait.generation, state: 'ended' });
  }
}
