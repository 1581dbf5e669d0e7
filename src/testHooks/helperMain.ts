// The test hooks on the helper's main thread: the test requests, answered by the UI thread, and
// the ledger's extra wait sites. With the hooks off there are none, and the methods are unknown.
import { WAIT_SITES } from '../helper/ledger';
import type { UiBridge } from '../helper/uiBridge';
import { TEST_WAIT_SITES, TestRequests, type DebugBlockParams, type DebugThrowParams, type DebugWaitParams, type ServedUiCalls } from './protocol';

export type TestRequestHandler = (params: unknown) => Promise<unknown>;

/** The test requests by wire name; params are the test's own and are not checked. */
export function testRequestHandlers(enabled: boolean, ui: () => UiBridge<ServedUiCalls>): ReadonlyMap<string, TestRequestHandler> {
  if (!enabled) return new Map();
  return new Map<string, TestRequestHandler>([
    [TestRequests.debugWait.method, (params) => ui().call('debugWait', params as DebugWaitParams)],
    [TestRequests.debugBlock.method, (params) => ui().call('debugBlock', params as DebugBlockParams)],
    [TestRequests.debugFootprint.method, () => ui().call('debugFootprint', {})],
    [TestRequests.debugCoWaitFlags.method, () => ui().call('debugCoWaitFlags', {})],
    // Read here, from the ledger, without asking the UI thread.
    [TestRequests.debugWaitEndings.method, async () => ui().reader.endings()],
    [TestRequests.debugThrow.method, async (params) => {
      // After the answer, from a timer: nothing but the process's own handlers can catch it.
      const kind = (params as DebugThrowParams | undefined)?.kind;
      setTimeout(() => {
        if (kind === 'rejection') void Promise.reject(new Error('debug/throw: a rejection nobody handles'));
        else throw new Error('debug/throw: an exception nobody catches');
      }, 10);
    }],
  ]);
}

/** The wait sites the ledger knows, on both threads. */
export function ledgerSites(enabled: boolean): readonly string[] {
  return enabled ? [...WAIT_SITES, ...TEST_WAIT_SITES] : WAIT_SITES;
}
