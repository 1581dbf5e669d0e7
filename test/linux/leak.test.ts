// Open/close cycles leave nothing of the helper's own behind: no koffi callback, no file
// descriptor, nothing the size of a window. The engine itself keeps about 22 KiB of malloc'd memory
// per WebKitWebView (WebKitGTK 2.50: the bare C program, native/bench/webkitgtk-bare.c, grows the
// same, and so does a view that is created and destroyed without ever being shown); its RSS, run
// beside the helper's, is printed for comparison. RSS moves by whole pages and arenas, so the bound
// is per window: a window's GTK and WebKit objects left behind would be hundreds of KiB each.
import * as assert from 'node:assert/strict';
import type { CookieServer } from '../support/cookieServer';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { soak } from '../support/soak';
import { bareSoakKiB } from '../bench/soak';

const CYCLES = 100;

describe('Linux backend: window open/close cycles', function () {
  const suite = linuxSuite();
  let server: CookieServer;
  let h: Harness;
  before(() => ({ server, h } = suite));

  it(`${CYCLES} cycles: no koffi callback or fd kept per window, less than 100 KiB of memory per window`, async function () {
    this.timeout(300000);
    const url = `${server.origin}/plain`;
    const r = await soak(h, await h.environment(), url, CYCLES, 20);
    assert.equal(r.after.koffiCallbacks - r.before.koffiCallbacks, 0, 'koffi callbacks registered per window');
    // The engine's sockets and pipes come and go by a few; a descriptor kept per window would be +100.
    assert.ok(r.after.handles - r.before.handles < CYCLES / 10, `fds ${r.before.handles} -> ${r.after.handles}`);
    const helperKiB = (r.after.rssBytes - r.before.rssBytes) / 1024;
    const bareKiB = await bareSoakKiB(CYCLES, url);
    console.log(`      (rss over ${CYCLES} cycles: helper ${helperKiB >= 0 ? "+" : ""}${helperKiB.toFixed(0)} KiB, bare WebKitGTK program ${bareKiB >= 0 ? "+" : ""}${bareKiB} KiB)`);
    assert.ok(helperKiB / CYCLES < 100, `helper rss +${helperKiB.toFixed(0)} KiB over ${CYCLES} cycles (bare engine +${bareKiB} KiB)`);
  });
});
