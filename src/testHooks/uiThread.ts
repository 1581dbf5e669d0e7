// The test hooks on the helper's UI thread: waits that misbehave on purpose, the same on every
// backend (a completion that never comes, one that comes and is not seen, a wait started inside an
// engine callback), and a thread kept busy. Backends provide only how they wait; the hook reaches
// a window's next navigation callback by watching the events the backend reports from inside it.
import { workerData } from 'node:worker_threads';
import type { BackendEvents, Backend } from '../helper/backend';
import { HelperError, InvalidInputError } from '../helper/errors';
import { epochNow } from '../helper/ledger';
import type { UiHandlers, UiThreadData } from '../helper/uiMessages';
import { ErrorCodes } from '../protocol';
import { footprint } from './footprint';
import type { DebugWaitParams, TestUiCalls } from './protocol';
import type { PlatformSeams } from './switch';

export class UiTestHooks {
  /** Runs inside the next navigationCompleted of a window, i.e. inside the engine's callback. */
  private readonly nextNavigation = new Map<number, () => void>();
  private events: BackendEvents | undefined;

  /** Seams default to the UI thread's own (workerData): this runs before the backend loads. */
  constructor(readonly enabled: boolean, seams: PlatformSeams = (workerData as UiThreadData | null)?.seams ?? {}) {
    if (enabled && seams.coWait === 'strict' && process.platform === 'win32') {
      const { useCoWait } = require('../webview2/win32') as typeof import('../webview2/win32');
      useCoWait((require('./strictCoWait') as typeof import('./strictCoWait')).strictCoWait());
    }
  }

  /** The backend's events, with the next-navigation hook when the hooks are on. */
  wrapEvents(events: BackendEvents): BackendEvents {
    if (!this.enabled) return events;
    this.events = events;
    return {
      ...events,
      navigationCompleted: (e) => {
        events.navigationCompleted(e);
        const inside = this.nextNavigation.get(e.windowId);
        this.nextNavigation.delete(e.windowId);
        inside?.();
      },
    };
  }

  readonly handlers: UiHandlers<TestUiCalls> = {
    debugWait: (backend, p) => this.guard(() => this.debugWait(backend, p)),
    debugBlock: (_backend, p) => this.guard(() => {
      // Said first, so that a test can wait for the thread to be busy instead of sleeping.
      this.events?.log('info', `debug/block: the UI thread is busy for ${p.ms} ms`);
      busyFor(p.ms);
    }),
    debugFootprint: () => this.guard(footprint),
    debugCoWaitFlags: () => this.guard(() => process.platform === 'win32'
      ? [...(require('./strictCoWait') as typeof import('./strictCoWait')).coWaitFlagsSeen]
      : []),
  };

  private guard<T>(body: () => T): T {
    if (!this.enabled) throw new HelperError('the test hooks are off', ErrorCodes.methodNotFound);
    return body();
  }

  private debugWait(backend: Backend, p: DebugWaitParams): void {
    const deadlineMs = p.deadlineMs; // undefined: the configured deadline
    const windowId = p.windowId ?? null;
    if (p.mode === 'no-answer') {
      backend.wait<void>({ site: 'debug/no-answer', windowId, deadlineMs }, () => { /* never completes */ });
    } else if (p.mode === 'lost-wakeup') {
      // The handler runs and is recorded, but never settles what the wait looks at.
      backend.wait<void>({ site: 'debug/lost-wakeup', windowId, deadlineMs }, (completion) => completion.noteArrival());
    } else {
      // Read cookies from inside the window's next navigation callback: the shape of a host that
      // waits in an engine event handler (wry issue 583). The inner wait is refused; its error is
      // the answer.
      if (p.windowId === undefined) throw new InvalidInputError('debug/wait in-callback needs a windowId');
      const id = p.windowId;
      backend.wait<void>({ site: 'debug/in-callback', windowId: id, deadlineMs }, (completion) => {
        this.nextNavigation.set(id, () => {
          try {
            backend.getCookies(id);
            completion.resolve();
          } catch (err) {
            completion.reject(err as Error);
          }
        });
        backend.reload(id);
      });
    }
  }
}

/** Keeps the UI thread busy without dispatching anything: requests pile up unpicked. */
function busyFor(ms: number): void {
  const until = epochNow() + ms;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (epochNow() < until) Atomics.wait(sleeper, 0, 0, Math.min(50, until - epochNow()));
}
