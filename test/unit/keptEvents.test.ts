// What the main thread keeps of the UI thread's events: a device chosen in a window reaches the
// table as one windowChanged with its size, and a move reported before it does not settle after it
// on the old size.
import * as assert from 'node:assert/strict';
import { FailureLog } from '../../src/helper/failureLog';
import { BOUNDS_SETTLE_MS, KeptEvents } from '../../src/helper/keptEvents';
import { NetworkLogs } from '../../src/helper/networkLog';
import type { WindowInfo } from '../../src/protocol';
import { WindowTable } from '../../src/windowTable';

const row = (bounds = { x: 10, y: 20, width: 1024, height: 768 }): WindowInfo =>
  ({ windowId: 1, environmentId: 1, url: 'http://127.0.0.1/', title: '', loading: false, nativeHandle: '0x1', zoom: 1, bounds, failed: null });

describe('kept events: a device chosen in the window', () => {
  it('is one windowChanged with the device and its size; a move reported before it never settles after it', async () => {
    const changes: WindowInfo[] = [];
    const windows = new WindowTable((r) => changes.push(r));
    windows.added(row());
    changes.length = 0;
    const kept = new KeptEvents(windows, new FailureLog(), () => undefined, new NetworkLogs({ notify: () => undefined, now: () => 0 }), { onEvent: () => undefined, closed: () => undefined });
    kept.boundsSettled(1, { x: 10, y: 20, width: 1000, height: 700 }); // a drag's last report, settling later
    kept.deviceChanged(1, 'Phone', { x: 10, y: 20, width: 375, height: 667 });
    assert.deepEqual(changes.map((r) => [r.device, r.bounds.width, r.bounds.height]), [['Phone', 375, 667]]);
    // A timer set after the earlier report's, for longer, runs after it would have (timers keep their order).
    await new Promise((resolve) => setTimeout(resolve, 2 * BOUNDS_SETTLE_MS));
    assert.deepEqual(changes.map((r) => [r.bounds.width, r.bounds.height]), [[375, 667]], 'the move reported before the device never settled');
    kept.deviceChanged(1, null, { x: 10, y: 20, width: 1280, height: 800 });
    assert.equal(windows.get(1)?.device, undefined);
  });
});
