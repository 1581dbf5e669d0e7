// The test hooks on the helper's UI thread, as a plugin (helper/plugins.ts): waits that misbehave
// on purpose, the same on every engine (a completion that never comes, one that comes and is not
// seen, a wait started inside an engine callback), a thread kept busy, and the Windows seams
// (switch.ts), put in place before the engine loads. Engines provide only how they wait; the hook
// reaches a window's next navigation callback by watching the events the engine reports from
// inside it.
import type { BackendEvents } from '../helper/backend';
import { InvalidInputError } from '../helper/errors';
import { epochNow, type WaitSite } from '../helper/ledger';
import type { PluginEngine, UiThreadPlugin } from '../helper/plugins';
import { footprint } from './footprint';
import type { DebugBlockParams, DebugWaitParams, TEST_WAIT_SITES } from './protocol';
import { platformSeams, type PlatformSeams } from './switch';

/** IMAGE_FILE_MACHINE_* of the machines a seam may name. */
const MACHINE_CODES: Record<string, number> = { x86: 0x014c, x64: 0x8664, arm64: 0xaa64, arm: 0x01c4 };

export class UiTestHooks implements UiThreadPlugin {
  /** Runs inside the next navigationCompleted of a window, i.e. inside the engine's callback. */
  private readonly nextNavigation = new Map<number, () => void>();
  private events: BackendEvents | undefined;

  constructor(private readonly seams: PlatformSeams = platformSeams(process.env, true)) {}

  /** The Windows seams, on the bindings the engine is about to use (loadWin32 hands out one set). */
  beforeEngine(): void {
    if (process.platform !== 'win32') return;
    const win32 = require('../webview2/ffi/win32') as typeof import('../webview2/ffi/win32');
    const w = win32.loadWin32();
    if (this.seams.coWait === 'strict') w.CoWaitForMultipleHandles = (require('./strictCoWait') as typeof import('./strictCoWait')).strictCoWait();
    // Someone got here first: the engine's request for an STA meets RPC_E_CHANGED_MODE.
    if (this.seams.apartment === 'mta') w.CoInitializeEx(null, win32.COINIT_MULTITHREADED);
    const native = this.seams.nativeMachine;
    const real = w.IsWow64Process2;
    if (native !== undefined && real) {
      const answer = (process_: unknown, processMachine: number[], nativeMachine: number[]): number => {
        const ok = real(process_, processMachine, nativeMachine) as number;
        nativeMachine[0] = MACHINE_CODES[native] ?? 0xffff;
        return ok;
      };
      w.IsWow64Process2 = answer as unknown as typeof real;
    }
  }

  /** The engine's events, with the next-navigation hook. */
  wrapEvents(events: BackendEvents): BackendEvents {
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

  readonly handlers: UiThreadPlugin['handlers'] = {
    debugWait: (engine, p) => this.debugWait(engine, p as DebugWaitParams),
    debugBlock: (_engine, p) => {
      const { ms } = p as DebugBlockParams;
      // Said first, so that a test can wait for the thread to be busy instead of sleeping.
      this.events?.log('info', `debug/block: the UI thread is busy for ${ms} ms`);
      busyFor(ms);
    },
    debugFootprint: () => footprint(),
    debugMessageBox: (_engine, p) => {
      if (process.platform !== 'win32') throw new InvalidInputError('debug/messageBox is for Windows');
      (require('./messageBox') as typeof import('./messageBox')).openMessageBoxSoon((p as { title: string }).title);
    },
    debugCoWaitFlags: () => process.platform === 'win32'
      ? [...(require('./strictCoWait') as typeof import('./strictCoWait')).coWaitFlagsSeen]
      : [],
  };

  private debugWait(backend: PluginEngine, p: DebugWaitParams): void {
    const deadlineMs = p.deadlineMs; // undefined: the configured deadline
    const windowId = p.windowId ?? null;
    if (p.mode === 'no-answer') {
      backend.wait<void>({ site: testSite('debug/no-answer'), windowId, deadlineMs }, () => { /* never completes */ });
    } else if (p.mode === 'lost-wakeup') {
      // The handler runs and is recorded, but never settles what the wait looks at.
      backend.wait<void>({ site: testSite('debug/lost-wakeup'), windowId, deadlineMs }, (completion) => completion.noteArrival());
    } else {
      // Read cookies from inside the window's next navigation callback: the shape of a host that
      // waits in an engine event handler (wry issue 583). The inner wait is refused; its error is
      // the answer.
      if (p.windowId === undefined) throw new InvalidInputError('debug/wait in-callback needs a windowId');
      const id = p.windowId;
      backend.wait<void>({ site: testSite('debug/in-callback'), windowId: id, deadlineMs }, (completion) => {
        this.nextNavigation.set(id, () => {
          try {
            backend.getCookies({ windowId: id });
            completion.resolve();
          } catch (err) {
            completion.reject(err as Error);
          }
        });
        backend.reload({ windowId: id });
      });
    }
  }
}

/** A test wait's site: the plugin appends these to the ledger's list (helperMain.ts). */
function testSite(site: (typeof TEST_WAIT_SITES)[number]): WaitSite {
  return site as unknown as WaitSite;
}

/** Keeps the UI thread busy without dispatching anything: requests pile up unpicked. */
function busyFor(ms: number): void {
  const until = epochNow() + ms;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (epochNow() < until) Atomics.wait(sleeper, 0, 0, Math.min(50, until - epochNow()));
}
