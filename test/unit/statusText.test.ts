import * as assert from 'node:assert/strict';
import { exitReason, type HelperState } from '../../src/client/helperClient';
import { statusView } from '../../src/extension/status/text';
import type { PlatformInfo, WindowInfo } from '../../src/protocol';

const info: PlatformInfo = {
  platform: 'win32', arch: 'arm64', engine: 'WebView2', engineVersion: '131.0.2903.70', apartment: 'STA',
  helperPid: 42, runtime: 'node 22',
};
const lostWindow: WindowInfo = { windowId: 3, environmentId: 1, url: 'http://a/', title: '', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 640, height: 480 }, failed: null };

describe('status bar texts', () => {
  it('says how the helper ended in a whole sentence', () => {
    const crashed: HelperState = { kind: 'crashed', reason: exitReason(null, 'SIGKILL'), lostWindows: [lostWindow] };
    const view = statusView({ state: crashed, windowCount: 0, lostCount: 1 });
    assert.equal(view.text, '$(error) WebView2: crashed');
    assert.match(view.tooltip, /^The helper was killed by SIGKILL\. 1 window\(s\) were open\./);
    assert.equal(view.tone, 'error');
    assert.match(statusView({ state: { kind: 'crashed', reason: exitReason(3, null), lostWindows: [] }, windowCount: 0, lostCount: 0 }).tooltip,
      /^The helper exited with code 3\./);
  });

  it('shows the engine version the helper found, and windows a crash took until they are reopened', () => {
    const ready: HelperState = { kind: 'ready', info };
    const view = statusView({ state: ready, windowCount: 2, lostCount: 0 });
    assert.equal(view.text, '$(browser) WebView2: 2 windows');
    assert.equal(view.tooltip, 'WebView2 131.0.2903.70, helper pid 42. Click for the windows and diagnostics.');
    const withLost = statusView({ state: ready, windowCount: 1, lostCount: 2 });
    assert.equal(withLost.text, '$(browser) WebView2: 1 window');
    assert.match(withLost.tooltip, /2 window\(s\) lost in a crash: "Restart Helper" reopens them\./);
    assert.equal(withLost.tone, 'warning');
  });

  it('names a window whose row says it failed (its browser process exited, its page crashed), and says Reload tries again', () => {
    const ready: HelperState = { kind: 'ready', info };
    const view = statusView({ state: ready, windowCount: 2, lostCount: 0, failures: [[1, 'browser process exited'], [2, 'page crashed']] });
    assert.equal(view.text, '$(warning) WebView2: window 2 page crashed');
    assert.match(view.tooltip, /^window 1: browser process exited\nwindow 2: page crashed\nReload the window/);
    assert.equal(view.tone, 'warning');
    assert.equal(statusView({ state: ready, windowCount: 2, lostCount: 0, failures: [] }).text, '$(browser) WebView2: 2 windows');
  });
});
