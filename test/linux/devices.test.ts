// Devices in real WebKitGTK windows under Xvfb: a phone's viewport and user agent (what the server
// and the page's script see), the pixel ratio and touch WebKitGTK does not emulate (the page sees
// its own), and a reset that gives back the engine's own user agent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { emulationOf, findPreset } from '../../src/devices';
import { Requests } from '../../src/protocol';
import { runCli } from '../support/cliRun';
import { CLI, type Harness } from '../support/harness';
import { readPng } from '../support/png';
import { linuxSuite } from '../support/linuxSuite';
import { listenOnFreePort } from '../support/ports';

describe('Linux devices (viewport and user agent)', function () {
  const suite = linuxSuite();
  let h: Harness;
  let env: number;
  let server: http.Server;
  let origin: string;
  const agents: string[] = [];

  before(async () => {
    h = suite.h;
    env = await h.environment();
    server = http.createServer((req, res) => {
      agents.push(String(req.headers['user-agent']));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(`<!doctype html><title>device</title>
        <script>console.log("page sees " + innerWidth + "x" + innerHeight + " ratio " + devicePixelRatio + " touch " + navigator.maxTouchPoints + " ua " + navigator.userAgent);</script>`);
    });
    origin = `http://127.0.0.1:${await listenOnFreePort(server)}`;
  });
  after(() => new Promise((r) => { server.closeAllConnections(); server.close(r); }));

  const sees = (id: number, since: number) => h.next('consoleMessage', (e) => e.windowId === id && e.message.startsWith('page sees '), 20000, since);

  it('a phone: the window\'s viewport and the user agent the server and the page see; pixel ratio and touch stay the engine\'s', async () => {
    const phone = emulationOf(findPreset('phone')!)!;
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${origin}/`, width: 640, height: 480 });
    const before = await sees(w.windowId, since);
    const engineAgent = agents.at(-1)!;
    assert.doesNotMatch(engineAgent, /iPhone/);
    assert.match(before.params.message, / ua .*AppleWebKit/);

    const result = await h.client.request(Requests.setDevice, { windowId: w.windowId, device: phone });
    assert.deepEqual(result, { emulated: ['viewport', 'userAgent'], notEmulated: ['pixelRatio', 'touch'] });
    const row = (await h.client.request(Requests.listWindows)).find((r) => r.windowId === w.windowId);
    assert.deepEqual([row?.bounds.width, row?.bounds.height], [375, 667], 'the window is sized to the device');
    // The X server applies the new size a moment later: the page is reloaded until it reports
    // the phone's viewport (the positive marker), for 10 s at most.
    let page = await (async () => { const m = h.mark(); await h.client.request(Requests.reload, { windowId: w.windowId }); return sees(w.windowId, m); })();
    for (const until = Date.now() + 10_000; !page.params.message.startsWith('page sees 375x667') && Date.now() < until;) {
      const m = h.mark();
      await h.client.request(Requests.reload, { windowId: w.windowId });
      page = await sees(w.windowId, m);
    }
    assert.equal(agents.at(-1), phone.userAgent, 'the server sees the phone');
    assert.ok(page.params.message.startsWith('page sees 375x667 ratio 1 touch 0 ua '), `the viewport is the phone's; ratio and touch are not emulated: ${page.params.message}`);
    assert.ok(page.params.message.endsWith(` ua ${phone.userAgent}`), 'the page\'s script sees the phone\'s user agent');

    assert.deepEqual(await h.client.request(Requests.setDevice, { windowId: w.windowId, device: null }), { emulated: [], notEmulated: [] });
    const reset = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    const after = await sees(w.windowId, reset);
    assert.equal(agents.at(-1), engineAgent, 'the engine\'s own user agent again');
    assert.ok(after.params.message.endsWith(` ua ${engineAgent}`));
  });

  it('the CLI screenshot takes --device: the first request is the phone\'s, the PNG its viewport, stderr says what is not emulated', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-device-'));
    try {
      const file = path.join(dir, 'phone.png');
      const phone = emulationOf(findPreset('phone')!)!;
      const first = agents.length;
      const r = await runCli(CLI, ['screenshot', `${origin}/`, file, '--device', 'phone', '--user-data-folder', path.join(dir, 'profile')]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(agents.slice(first), [phone.userAgent], 'one request, already the phone\'s');
      assert.match(r.stderr, /window \d+ is a Phone: viewport 375 \u00d7 667 and user agent emulated; pixel ratio 2 and touch are not emulated on WebKitGTK/);
      const png = readPng(file);
      assert.deepEqual([png.width, png.height], [375, 667]);
      const unknown = await runCli(CLI, ['screenshot', `${origin}/`, file, '--device', 'watch']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /--device takes phone, android, tablet, laptop, not "watch"/);
      const both = await runCli(CLI, ['screenshot', `${origin}/`, file, '--device', 'tablet', '--width', '500']);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--device sets the size: give --device or --width\/--height, not both/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a user agent that is not printable ASCII (a header line break) before the engine sees it', async () => {
    const w = await h.openLoaded(env, `${origin}/`);
    const phone = emulationOf(findPreset('phone')!)!;
    await assert.rejects(h.client.request(Requests.setDevice, { windowId: w.windowId, device: { ...phone, userAgent: 'x\r\nCookie: a=b' } }),
      /device\.userAgent must be printable ASCII/);
    await assert.rejects(h.client.request(Requests.setDevice, { windowId: w.windowId, device: { ...phone, pixelRatio: 0 } }), /device\.pixelRatio/);
  });
});
