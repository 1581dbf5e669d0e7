// The test hooks on the helper's main thread, as a plugin (helper/plugins.ts): the test requests,
// answered by the UI thread, and the ledger's extra wait sites. The entry point (helper/main.ts)
// hands it in only when the switch is on; otherwise the methods are unknown.
import type { MainThreadPlugin } from '../helper/plugins';
import { TEST_WAIT_SITES, TestRequests, type DebugThrowParams } from './protocol';

export const helperTestPlugin: MainThreadPlugin = {
  waitSites: TEST_WAIT_SITES,
  // Params are the test's own and are not checked.
  requests: (ui) => new Map<string, (params: unknown) => Promise<unknown>>([
    [TestRequests.debugWait.method, (params) => ui().call('debugWait', params)],
    [TestRequests.debugBlock.method, (params) => ui().call('debugBlock', params)],
    [TestRequests.debugFootprint.method, () => ui().call('debugFootprint', {})],
    [TestRequests.debugCoWaitFlags.method, () => ui().call('debugCoWaitFlags', {})],
    [TestRequests.debugMessageBox.method, (params) => ui().call('debugMessageBox', params)],
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
  ]),
};
