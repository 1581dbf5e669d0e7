// ProcessFailed by kind (COREWEBVIEW2_PROCESS_FAILED_KIND): the test runtime raises any kind for a
// URL with "webview2-test-process-failed=N" and then finishes loading the page. Only the browser
// process and the main frame's renderer fail a window (processes.test.ts kills them for real); an
// unresponsive page is said with the choice of waiting or reloading; every other kind is logged and
// the window stays as it was.
import * as assert from 'node:assert/strict';
import { Requests } from '../../src/protocol';
import type { Harness } from '../support/harness';
import { until } from '../support/until';
import { TEST_RUNTIME, windowsHarness } from '../support/winRuntime';
import { pendingWithoutTestRuntime } from '../support/wine';

const logLine = (h: Harness, since: number, text: string) =>
  h.events.slice(since).find((e) => e.method === 'log' && String(e.params.message).includes(text))?.params as { level: string; message: string } | undefined;

describe('Windows backend: ProcessFailed by kind', function () {
  let h: Harness;
  let env: number;
  before(async function () {
    if (!TEST_RUNTIME) return;
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
  });
  after(async () => h?.stop());

  const raise = async (kind: number) => {
    const since = h.mark();
    const w = await h.openLoaded(env, `https://app.test/?webview2-test-process-failed=${kind}`);
    return { w, since };
  };
  const notFailed = async (windowId: number, since: number) => {
    assert.ok(!h.events.slice(since).some((e) => e.method === 'processFailed'), 'no processFailed notification');
    const row = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === windowId);
    assert.equal(row?.failed, null, 'the window is not marked failed');
    assert.equal((await h.client.request(Requests.diagnostics)).verdict.cause === 'process-failed', false);
  };

  pendingWithoutTestRuntime(it, 'RENDER_PROCESS_UNRESPONSIVE: said as a page not responding, offering to wait or reload; the window is not failed', async () => {
    const { w, since } = await raise(2);
    const line = await until('the unresponsive line', () => logLine(h, since, `window ${w.windowId}: the page is not responding`));
    assert.equal(line.level, 'warn');
    assert.match(line.message, /wait for it, or reload it/);
    await notFailed(w.windowId, since);
    assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: w.windowId })), 'the window still serves requests');
  });

  for (const [kind, text] of [[3, 'a frame\'s renderer exited'], [4, 'utility process exited'], [5, 'sandbox helper process exited'],
    [6, 'GPU process exited'], [7, 'PPAPI plugin process exited'], [8, 'PPAPI broker process exited'], [9, 'unknown process exited']] as const) {
    pendingWithoutTestRuntime(it, `kind ${kind} (${text}) is logged only: the window is not failed`, async () => {
      const { w, since } = await raise(kind);
      const line = await until(`the line for kind ${kind}`, () => logLine(h, since, `window ${w.windowId}: ${text}`));
      assert.equal(line.level, 'info');
      await notFailed(w.windowId, since);
    });
  }

  pendingWithoutTestRuntime(it, 'RENDER_PROCESS_EXITED of the main frame fails the window ("page crashed"); Reload brings it back', async () => {
    const { w, since } = await raise(1);
    const failed = await h.next('processFailed', (e) => e.windowId === w.windowId, 15000, since);
    assert.deepEqual(failed.params, { windowId: w.windowId, kind: 'page crashed', recoverable: true });
    const reload = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: 'https://app.test/fine' });
    assert.equal((await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 15000, reload)).params.isSuccess, true);
  });
});
