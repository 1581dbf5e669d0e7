// Devices in the Windows backend, in the real helper against the test runtime under Wine and a real
// HTTP server on 127.0.0.1: the DevTools Emulation domain's overrides the product sends (the
// runtime keeps the metrics and touch on the page window, and sends the emulated user agent with
// the page's requests), and a reset that clears every one of them.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { emulationOf, findPreset } from '../../src/devices';
import { Requests, type WindowInfo } from '../../src/protocol';
import type { Harness } from '../support/harness';
import { listenOnFreePort } from '../support/ports';
import { pageProperty } from '../support/win32Chrome';
import { windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const PROPS = ['Width', 'Height', 'ScalePercent', 'Mobile', 'TouchPoints'] as const;

describeWithTestRuntime('Windows devices (the DevTools Emulation domain)', function () {
  let h: Harness;
  let env: number;
  let server: http.Server;
  let origin: string;
  const agents: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      agents.push(String(req.headers['user-agent']));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end('<!doctype html><title>device</title><p>device</p>');
    });
    origin = `http://127.0.0.1:${await listenOnFreePort(server)}`;
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
  });
  after(async () => {
    await h?.stop();
    await new Promise((r) => { server.closeAllConnections(); server.close(r); });
  });

  const emulation = (w: WindowInfo) => PROPS.map((p) => pageProperty(w.nativeHandle, `WebView2TestDevice${p}`));
  async function reload(w: WindowInfo): Promise<void> {
    const since = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
  }

  it('sets a phone\'s metrics, pixel ratio, mobile viewport, touch and user agent, and clears every one on reset', async () => {
    const w = await h.openLoaded(env, `${origin}/`);
    const engineAgent = agents.at(-1)!;
    assert.match(engineAgent, /^WebView2TestRuntime\//);
    assert.deepEqual(emulation(w), [0, 0, 0, 0, 0], 'no override yet');

    const phone = emulationOf(findPreset('phone')!)!;
    const result = await h.client.request(Requests.setDevice, { windowId: w.windowId, device: phone });
    assert.deepEqual(result, { emulated: ['viewport', 'userAgent', 'pixelRatio', 'touch'], notEmulated: [] });
    assert.deepEqual(emulation(w), [375, 667, 200, 1, 5], 'setDeviceMetricsOverride and setTouchEmulationEnabled as sent');
    const row = (await h.client.request(Requests.listWindows)).find((r) => r.windowId === w.windowId);
    assert.deepEqual([row?.bounds.width, row?.bounds.height], [375, 667], 'the window is sized to the device');
    await reload(w);
    assert.equal(agents.at(-1), phone.userAgent, 'setUserAgentOverride: the server sees the phone');

    const android = emulationOf(findPreset('android')!)!;
    await h.client.request(Requests.setDevice, { windowId: w.windowId, device: android });
    assert.deepEqual(emulation(w), [412, 915, 263, 1, 5], 'a pixel ratio of 2.625');

    assert.deepEqual(await h.client.request(Requests.setDevice, { windowId: w.windowId, device: null }), { emulated: [], notEmulated: [] });
    assert.deepEqual(emulation(w), [0, 0, 0, 0, 0], 'clearDeviceMetricsOverride and touch off');
    await reload(w);
    assert.equal(agents.at(-1), engineAgent, 'an empty user agent override: the runtime\'s own again');
  });
});
