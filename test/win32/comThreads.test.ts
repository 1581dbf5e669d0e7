// The helper's COM objects called from a thread other than its UI thread: the test runtime releases
// a closed WebView's event handlers on its own runtime thread (native/test-runtime/runtime.c), as a
// runtime tearing a WebView down on threads of its own may. A Release that needed the UI thread's
// JavaScript would block that thread for ever, and every completion queued behind it.
import * as assert from 'node:assert/strict';
import * as koffi from 'koffi';
import { Requests } from '../../src/protocol';
import type { Harness } from '../support/harness';
import { until } from '../support/until';
import { windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const GetWindowThreadProcessId = koffi.load('user32.dll').func('uint32 __stdcall GetWindowThreadProcessId(void *hwnd, void *pid)');
const THRESHOLD = 1000;
const DEADLINE = 5000;
const RELEASED = /WebView2 test runtime released (\d+) event handlers of a closed WebView on runtime thread (\d+) \((\d+) answered QueryInterface there\)/;

describeWithTestRuntime('Windows: COM calls from another thread', function () {
  let h: Harness | undefined;
  afterEach(async () => { await h?.stop(); h = undefined; });

  it("a closed window's event handlers released on the runtime's own thread: the release returns and the helper keeps answering", async () => {
    h = windowsHarness({ strategy: 'cowait', stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE });
    const env = await h.environment();
    const first = await h.openLoaded(env, 'https://app.test/first');
    const second = await h.openLoaded(env, 'https://app.test/second');
    const logsBefore = h.logs.length;
    await h.client.request(Requests.close, { windowId: first.windowId });
    // Printed by the runtime thread after its last Release returned.
    const line = await until('the runtime thread to return from releasing the handlers', () => h!.logs.slice(logsBefore).find((l) => RELEASED.test(l)), DEADLINE);
    const [, count, thread, answered] = RELEASED.exec(line)!;
    assert.ok(Number(count) >= 3, `released ${count} handlers (navigation, title, process failure at least)`);
    assert.equal(answered, count, 'each handler answered QueryInterface(IUnknown) on the runtime thread with itself');
    const uiThread = GetWindowThreadProcessId(BigInt(second.nativeHandle), null) as number;
    assert.ok(uiThread !== 0 && uiThread !== Number(thread), `released on thread ${thread}, the UI thread is ${uiThread}`);
    // Deliveries queued after the release still come: the runtime thread was not left blocked.
    assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: second.windowId })));
    const third = await h.openLoaded(env, 'https://app.test/third');
    assert.deepEqual((await h.client.request(Requests.listWindows)).map((w) => w.windowId).sort(), [second.windowId, third.windowId].sort());
    assert.deepEqual((await h.client.request(Requests.diagnostics)).stalls, []);
  });
});
