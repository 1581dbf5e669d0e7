// The scripts pages are running for runScript, waited for on the main thread: the UI thread only
// starts a script (a page may take seconds to answer, and the UI thread must not sit in a wait for
// it, which the watchdog would rightly call a stall), and its answer comes back as an event. Every
// script ends: with its answer, at its time limit plus a margin, or when its window closes.
import type { RunScriptResult } from '../page/protocol';

/** How long past its own limit a script's answer may take to come back before it is given up. */
export const ANSWER_MARGIN_MS = 2000;

interface Pending {
  windowId: number;
  settle(result: RunScriptResult): void;
}

export class PageScripts {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Starts a script through `start` (under the id it is given) and answers its result. */
  async run(windowId: number, timeoutMs: number, start: (scriptId: number) => Promise<void>): Promise<RunScriptResult> {
    const scriptId = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<RunScriptResult>((resolve) => {
      this.pending.set(scriptId, { windowId, settle: resolve });
      timer = setTimeout(() => resolve({ ok: false, error: `the page did not answer within ${timeoutMs} ms` }), timeoutMs + ANSWER_MARGIN_MS);
    });
    try {
      await start(scriptId);
      return await answer;
    } finally {
      clearTimeout(timer);
      this.pending.delete(scriptId);
    }
  }

  answered(scriptId: number, result: RunScriptResult): void {
    this.pending.get(scriptId)?.settle(result);
  }

  /** The window closed (or its helper's UI thread ended): its scripts will not answer. */
  windowClosed(windowId: number, why = 'the window closed before the page answered'): void {
    for (const p of this.pending.values()) if (p.windowId === windowId) p.settle({ ok: false, error: why });
  }

  get size(): number {
    return this.pending.size;
  }
}
