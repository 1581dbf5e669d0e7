// Requests that exist only for tests, answered only by a helper started with the test hooks on:
// waits that misbehave on purpose and a UI thread kept busy. The product's protocol (src/protocol.ts)
// does not know them.
import { RequestType, RequestType0 } from 'vscode-jsonrpc/node';

export interface DebugWaitParams {
  /** no-answer: the completion never comes; lost-wakeup: it comes and the wait does not see it;
   *  in-callback: the wait is started from inside an engine callback. */
  mode: 'no-answer' | 'lost-wakeup' | 'in-callback';
  deadlineMs?: number;
  windowId?: number;
}
export interface DebugBlockParams {
  /** Keep the UI thread busy outside any wait, so requests are not picked up. */
  ms: number;
}

/** debug/footprint: what the helper holds (the soak benchmark's leak check). */
export interface FootprintResult {
  rssBytes: number;
  /** File descriptors on Linux, kernel handles on Windows (-1: not known). */
  handles: number;
  koffiCallbacks: number;
}

/** debug/throw: something escapes on the helper's main thread, outside any request. */
export interface DebugThrowParams {
  kind: 'exception' | 'rejection';
}

/** debug/waitEndings: the waits that ended most recently, and what woke each at the end (the ledger's). */
export type WaitEndingsResult = import('../helper/ledger').LedgerEnding[];

export const TestRequests = {
  debugWait: new RequestType<DebugWaitParams, void, void>('debug/wait'),
  debugBlock: new RequestType<DebugBlockParams, void, void>('debug/block'),
  debugFootprint: new RequestType0<FootprintResult, void>('debug/footprint'),
  debugThrow: new RequestType<DebugThrowParams, void, void>('debug/throw'),
  debugWaitEndings: new RequestType0<WaitEndingsResult, void>('debug/waitEndings'),
  /** Windows: a MessageBox with this title opens on the UI thread from the top of its loop, after the answer. */
  debugMessageBox: new RequestType<{ title: string }, void, void>('debug/messageBox'),
  /** The flags values the strict CoWait (WEBVIEW2_HOST_TEST_COWAIT=strict) was called with. */
  debugCoWaitFlags: new RequestType0<number[], void>('debug/coWaitFlags'),
} as const;

/** The ledger's wait sites of the test waits, appended to the product's. */
export const TEST_WAIT_SITES = ['debug/no-answer', 'debug/lost-wakeup', 'debug/in-callback'] as const;
