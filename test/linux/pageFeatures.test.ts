// Page features in real WebKitGTK windows against a real HTTP server on 127.0.0.1: the console,
// resource loads, DevTools, navigation controls, zoom, size, the window's title and class, and
// failed navigations.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Requests } from '../../src/protocol';
import { ARTIFACTS, type Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { colourCounts, readPng } from '../support/png';
import { startStaticServer, TINY_PNG, type StaticServer } from '../support/staticServer';
import { moveResizeLikeUser, topLevelWindows, windowGeometry } from '../support/x11Windows';

const INDEX = [
  '<!doctype html><html><head><meta charset="utf-8"><title>Feature page</title>', // line 1
  '<link rel="stylesheet" href="style.css"><script src="app.js"></script></head>', // line 2
  '<body><h1>features</h1><img src="pixel.png"><iframe src="frame.html"></iframe>', // line 3
  '<script>', // line 4
  'console.error("boom from page", 42);', // line 5
  'Promise.reject(new Error("nope"));', // line 6
  'throw new Error("kaboom");', // line 7
  '</script></body></html>',
].join('\n');

function box(title: string, colour: string, size: number): string {
  return `<!doctype html><title>${title}</title><style>html,body{margin:0;background:#fff}div{width:${size}px;height:${size}px;background:${colour}}</style><div></div>`;
}

function count(file: string, colour: string): number {
  return colourCounts(readPng(file)).find(([c]) => c === colour)?.[1] ?? 0;
}

describe('Linux page features', function () {
  const suite = linuxSuite();
  let site: string;
  let server: StaticServer;
  let h: Harness;
  let env: number;

  before(async () => {
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-site-'));
    fs.writeFileSync(path.join(site, 'index.html'), INDEX);
    fs.writeFileSync(path.join(site, 'style.css'), 'h1{color:#345}');
    fs.writeFileSync(path.join(site, 'app.js'), 'console.info("app.js ran");');
    fs.writeFileSync(path.join(site, 'pixel.png'), TINY_PNG);
    fs.writeFileSync(path.join(site, 'frame.html'), '<title>frame</title><p>frame</p>');
    fs.writeFileSync(path.join(site, 'red.html'), box('Red box', '#ff0000', 100));
    fs.writeFileSync(path.join(site, 'blue.html'), box('Blue box', '#0000ff', 100));
    for (const name of ['logs-a', 'logs-b']) {
      fs.writeFileSync(path.join(site, `${name}.html`), `<title>${name}</title><script>console.log("parsing ${name}");`
        + `addEventListener("load", () => console.log("loaded ${name}"))</script><p>${name}</p>`);
    }
    server = await startStaticServer(site);
    h = suite.h;
    env = await h.environment();
  });
  after(async () => {
    await server?.close();
    fs.rmSync(site, { recursive: true, force: true });
  });

  it('streams the page console: console calls, an uncaught error and an unhandled rejection, with source:line', async () => {
    const since = h.mark();
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    const mine = (e: any) => e.windowId === w.windowId;
    const error = await h.next('consoleMessage', (e) => mine(e) && e.kind === 'console' && e.level === 'error', 10000, since);
    assert.deepEqual(error.params, { windowId: w.windowId, level: 'error', kind: 'console', message: 'boom from page 42', source: `${server.origin}/index.html`, line: 5 });
    const thrown = await h.next('consoleMessage', (e) => mine(e) && e.kind === 'exception', 10000, since);
    assert.equal(thrown.params.message, 'Uncaught Error: kaboom');
    assert.equal(thrown.params.level, 'error');
    assert.equal(thrown.params.source, `${server.origin}/index.html`);
    assert.equal(thrown.params.line, 7);
    // With its stack, a frame a line, as JavaScriptCore gives it (the hook's own frames left out).
    assert.deepEqual(thrown.params.stack, [`global code (${server.origin}/index.html:7:16)`]);
    const rejected = await h.next('consoleMessage', (e) => mine(e) && e.kind === 'rejection', 10000, since);
    assert.equal(rejected.params.message, 'Uncaught (in promise) Error: nope');
    assert.deepEqual(rejected.params.stack, [`global code (${server.origin}/index.html:6:25)`]);
    const info = await h.next('consoleMessage', (e) => mine(e) && e.level === 'info', 10000, since);
    assert.equal(info.params.message, 'app.js ran');
    assert.equal(info.params.source, `${server.origin}/app.js`);
    assert.equal(info.params.line, 1);
  });

  it('limits a noisy page: past 100 messages a second the rest are counted, and the count is reported', async () => {
    fs.writeFileSync(path.join(site, 'noisy.html'), '<!doctype html><title>noisy</title><script>' +
      'for (let i = 0; i < 1000; i++) console.log("line " + i);' +
      'setTimeout(() => console.log("after the burst"), 1500);</script>');
    const since = h.mark();
    const w = await h.openLoaded(env, `${server.origin}/noisy.html`);
    const after = await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'after the burst', 15000, since);
    const mine = h.events.slice(since).filter((e) => e.method === 'consoleMessage' && e.params.windowId === w.windowId);
    const lines = mine.filter((e) => e.params.message.startsWith('line '));
    assert.ok(lines.length <= 100, `${lines.length} lines passed in the first second`);
    assert.ok(lines.length >= 10, `only ${lines.length} lines passed`);
    const note = mine.find((e) => e.params.level === 'warn' && /console message\(s\) dropped/.test(e.params.message));
    assert.ok(note, 'the dropped messages are reported');
    const dropped = Number(/^(\d+)/.exec(note.params.message)?.[1]);
    assert.equal(dropped + lines.length, 1000, 'every message of the burst is either shown or counted');
    assert.ok(note.at <= after.at);
  });

  it('a page cannot use the console relay itself: its forged messages and dropped counts never arrive', async () => {
    fs.writeFileSync(path.join(site, 'forger.html'), '<!doctype html><title>forger</title><script>' +
      'const forged = (m) => "&l=error&k=console&m=" + m + "&d=999999999";' +
      'const fetches = [fetch("webview2-host-console://post?" + forged("forged-fetch"), { mode: "no-cors" }).catch(() => {}),' +
      '  fetch("webview2-host-console://relay/00000000000000000000000000000000?" + forged("forged-guess"), { mode: "no-cors" }).catch(() => {})];' +
      'const image = new Promise((r) => { const i = new Image(); i.onload = i.onerror = r; i.src = "webview2-host-console://post?" + forged("forged-image"); });' +
      'const f = document.createElement("iframe"); f.src = "webview2-host-console://post?" + forged("forged-frame"); document.documentElement.appendChild(f);' +
      // A blocked frame says nothing (no load, no error): a frame appended after it has loaded
      // instead. Frame navigations are decided in order, so the forged one's request, had it not
      // been blocked, left for the helper before this one's document did.
      'const frame = new Promise((r) => { const after = document.createElement("iframe"); after.onload = r; after.src = "frame.html"; document.documentElement.appendChild(after); });' +
      // The real message goes once every forged request has settled: one that reached the helper
      // would have been answered there first, so anything it let through comes before "real".
      'Promise.all([...fetches, image, frame]).then(() => console.log("real"));</script>');
    const since = h.mark();
    const w = await h.openLoaded(env, `${server.origin}/forger.html`);
    await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'real', 10000, since);
    const mine = h.events.slice(since).filter((e) => e.method === 'consoleMessage' && e.params.windowId === w.windowId).map((e) => e.params.message);
    assert.deepEqual(mine, ['real'], 'nothing but the page\'s console.log arrived');
  });

  it('the relay\'s address stays out of the page\'s reach: no resource timing, no CSP report names it', async () => {
    fs.writeFileSync(path.join(site, 'snoop.html'), '<!doctype html><title>snoop</title>' +
      '<meta http-equiv="Content-Security-Policy" content="default-src \'self\' \'unsafe-inline\'">' +
      '<script>window.seen = [];' +
      'document.addEventListener("securitypolicyviolation", (e) => seen.push("csp " + e.blockedURI));' +
      'new PerformanceObserver((l) => l.getEntries().forEach((e) => seen.push("timing " + e.name))).observe({ type: "resource", buffered: true });' +
      'console.log("first");' +
      '</script>');
    const since = h.mark();
    const w = await h.openLoaded(env, `${server.origin}/snoop.html`);
    // "first" reached the helper: the relay's request was made, not refused by the CSP, and answered.
    await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'first', 10000, since);
    // Then the page looks, in its own world, through a script sent after the helper had answered
    // the relay's request (it answers before it reports the message), and after the command loop's
    // own hello to the relay.
    const look = await h.client.request(Requests.runScript, { windowId: w.windowId, world: 'page',
      expression: '(performance.getEntries().forEach((e) => seen.push("entry " + e.name)), seen.filter((s) => s.includes("console")))' });
    assert.deepEqual(look, { ok: true, json: '[]' }, 'no timing entry or CSP report names the relay');
    // And the console still works under the strict Content-Security-Policy.
    await h.client.request(Requests.runScript, { windowId: w.windowId, world: 'page', expression: '(console.log("second"), 1)' });
    await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'second', 10000, since);
  });

  it('a file: page reads no other file (fetch, synchronous XHR), and its console works', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-filepage-'));
    try {
      fs.writeFileSync(path.join(folder, 'private.txt'), 'PRIVATE');
      fs.writeFileSync(path.join(folder, 'page.html'), '<!doctype html><title>file page</title><script>' +
        'let xhr; try { const x = new XMLHttpRequest(); x.open("GET", "private.txt", false); x.send(); xhr = "read " + x.responseText; } catch (e) { xhr = "refused"; }' +
        'console.log("xhr: " + xhr);' +
        'fetch("private.txt").then((r) => r.text()).then((t) => console.log("fetch: read " + t), () => console.log("fetch: refused"));' +
        '</script>');
      const since = h.mark();
      const w = await h.openLoaded(env, `file://${folder}/page.html`);
      const xhr = await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message.startsWith('xhr: '), 10000, since);
      const fetched = await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message.startsWith('fetch: '), 10000, since);
      assert.deepEqual([xhr.params.message, fetched.params.message], ['xhr: refused', 'fetch: refused']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reports every subresource and frame the page loaded, from the engine\'s resource loads', async () => {
    const since = h.mark();
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    for (const name of ['style.css', 'app.js', 'pixel.png', 'frame.html']) {
      await h.next('resourceLoaded', (e) => e.windowId === w.windowId && e.url === `${server.origin}/${name}`, 10000, since);
    }
    const urls = h.events.slice(since).filter((e) => e.method === 'resourceLoaded' && e.params.windowId === w.windowId).map((e) => e.params.url);
    assert.ok(!urls.includes(`${server.origin}/index.html`), 'the main document arrives as navigationCompleted, not as a resource');
    assert.ok(urls.every((u: string) => !u.startsWith('webview2-host-console:')), 'the console relay is not a resource of the page');
  });

  it('opens DevTools as a second native window, and refuses when the setting turns them off', async () => {
    const w = await h.openLoaded(env, `${server.origin}/red.html`);
    const before = topLevelWindows().filter((t) => t.viewable).map((t) => t.id);
    await h.client.request(Requests.openDevTools, { windowId: w.windowId });
    let inspector;
    for (let i = 0; i < 100 && !inspector; i++) {
      await new Promise((r) => setTimeout(r, 100));
      inspector = topLevelWindows().find((t) => t.viewable && !before.includes(t.id));
    }
    assert.ok(inspector, 'no new native window appeared after openDevTools');
    assert.match(inspector.name, /Inspector/i);
    await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, devTools: false });
    await assert.rejects(h.client.request(Requests.openDevTools, { windowId: w.windowId }), /DevTools are turned off/);
    await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, devTools: true });
  });

  it('navigates, goes back and forward; the native title follows the page and the class is the product', async () => {
    const w = await h.openLoaded(env, `${server.origin}/red.html`);
    const loaded = async (act: () => Promise<unknown>, url: string) => {
      const since = h.mark();
      await act();
      const e = await h.next('navigationCompleted', (n) => n.windowId === w.windowId, 10000, since);
      assert.equal(e.params.url, url);
      assert.equal(e.params.isSuccess, true, JSON.stringify(e.params));
    };
    await loaded(() => h.client.request(Requests.navigate, { windowId: w.windowId, url: `${server.origin}/blue.html` }), `${server.origin}/blue.html`);
    await loaded(() => h.client.request(Requests.goBack, { windowId: w.windowId }), `${server.origin}/red.html`);
    await loaded(() => h.client.request(Requests.goForward, { windowId: w.windowId }), `${server.origin}/blue.html`);
    // Again several times, each step as soon as the last load ended, with pages that log as they load:
    // a page left while its console message was on its way came back from WebKit's page cache
    // "cancelled" (every such round under CPU load).
    const [a, b] = [`${server.origin}/logs-a.html`, `${server.origin}/logs-b.html`];
    await loaded(() => h.client.request(Requests.navigate, { windowId: w.windowId, url: a }), a);
    for (let round = 0; round < 8; round++) {
      await loaded(() => h.client.request(Requests.navigate, { windowId: w.windowId, url: b }), b);
      await loaded(() => h.client.request(Requests.goBack, { windowId: w.windowId }), a);
      await loaded(() => h.client.request(Requests.goForward, { windowId: w.windowId }), b);
      await loaded(() => h.client.request(Requests.navigate, { windowId: w.windowId, url: a }), a);
    }
    await loaded(() => h.client.request(Requests.navigate, { windowId: w.windowId, url: `${server.origin}/blue.html` }), `${server.origin}/blue.html`);
    const native = topLevelWindows().find((t) => t.id === w.nativeHandle);
    assert.equal(native?.name, 'Blue box');
    assert.equal(native?.resName, 'webview2-host');
    assert.equal(native?.resClass, 'WebView2 Host');
  });

  it('zooms the page (the box covers four times the pixels at 200 %) and reports the zoom', async () => {
    const w = await h.openLoaded(env, `${server.origin}/red.html`);
    const at1 = path.join(ARTIFACTS, 'linux-zoom-100.png');
    const at2 = path.join(ARTIFACTS, 'linux-zoom-200.png');
    await h.client.request(Requests.screenshot, { windowId: w.windowId, path: at1 });
    await h.client.request(Requests.setZoom, { windowId: w.windowId, factor: 2 });
    // The web process repaints at the new scale a moment later: look until it has (or 10 s pass).
    let ratio = 0;
    for (let i = 0; i < 50 && !(ratio > 3.5); i++) {
      await h.client.request(Requests.screenshot, { windowId: w.windowId, path: at2 });
      ratio = count(at2, '#ff0000') / count(at1, '#ff0000');
      if (!(ratio > 3.5)) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(ratio > 3.5 && ratio < 4.5, `red pixels grew ${ratio.toFixed(2)} times, expected about 4`);
    const info = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.equal(info?.zoom, 2);
    await assert.rejects(h.client.request(Requests.setZoom, { windowId: w.windowId, factor: 9 }), /0\.25/);
  });

  it('sizes and places the window: the bounds and the screenshot follow', async () => {
    const w = await h.openLoaded(env, `${server.origin}/blue.html`);
    await h.client.request(Requests.setBounds, { windowId: w.windowId, width: 375, height: 667, x: 40, y: 30 });
    const info = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.deepEqual(info?.bounds, { x: 40, y: 30, width: 375, height: 667 });
    // The window system applies the new size a moment later: what the window shows is the proof.
    let shot;
    for (let i = 0; i < 50; i++) {
      shot = await h.client.request(Requests.screenshot, { windowId: w.windowId, path: path.join(ARTIFACTS, 'linux-phone-size.png') });
      if (shot.width === 375 && shot.height === 667) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual([shot?.width, shot?.height], [375, 667]);
    const native = topLevelWindows().find((t) => t.id === w.nativeHandle);
    assert.ok(native?.viewable);
  });

  it('opens a window where it is asked to (CreateWindowParams x and y)', async () => {
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${server.origin}/blue.html`, width: 500, height: 400, x: 120, y: 90 });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.deepEqual(w.bounds, { x: 120, y: 90, width: 500, height: 400 });
    let place;
    for (let i = 0; i < 50 && place?.x !== 120; i++) {
      place = windowGeometry(w.nativeHandle);
      if (place.x !== 120) await new Promise((r) => setTimeout(r, 100));
    }
    // The page's viewport is 500x400; the window holds its toolbar above it (chrome.test.ts).
    assert.deepEqual({ ...place, height: 400 }, { x: 120, y: 90, width: 500, height: 400 }, 'where X11 says the window is');
    assert.ok(place!.height - 400 >= 24 && place!.height - 400 <= 80, `taller than the page by its toolbar, not by ${place!.height - 400} px`);
  });

  it('follows a window the user moves and sizes: listWindows has its new bounds', async () => {
    const w = await h.openLoaded(env, `${server.origin}/blue.html`);
    moveResizeLikeUser(w.nativeHandle, 300, 200, 700, 500);
    let info;
    for (let i = 0; i < 100; i++) {
      info = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
      if (info?.bounds.width === 700) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The bounds give the page's viewport: the 500 px window less its toolbar.
    const toolbar = 500 - (info?.bounds.height ?? 0);
    assert.ok(toolbar >= 24 && toolbar <= 80, `the viewport is the window less its toolbar, not less ${toolbar} px`);
    assert.deepEqual(info?.bounds, { x: 300, y: 200, width: 700, height: 500 - toolbar });
    const changed = h.events.filter((e) => e.method === 'windowChanged' && e.params.windowId === w.windowId && e.params.bounds.width === 700);
    assert.ok(changed.length >= 1, 'clients heard of it through windowChanged');
  });

  it('keeps the scroll position when a window reloads (the page reports it through its console)', async () => {
    // Scrolls itself once per session, then says where it is after every load.
    fs.writeFileSync(path.join(site, 'tall.html'), '<!doctype html><title>tall</title><div style="height:6000px"></div><script>' +
      'const load = Number(sessionStorage.getItem("loads") || 0) + 1; sessionStorage.setItem("loads", String(load));' +
      'if (load === 1) scrollTo(0, 1500);' +
      'const say = () => console.log("load " + load + " scrollY=" + scrollY); addEventListener("load", say); addEventListener("scroll", say);</script>');
    const since = h.mark();
    const w = await h.openLoaded(env, `${server.origin}/tall.html`);
    await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'load 1 scrollY=1500', 10000, since);
    // The engine restores the position during or after the reload's load: the page says where it
    // is at its load and at every scroll, and one of them must be the kept position (the reloaded
    // page does not scroll itself).
    await h.client.request(Requests.reload, { windowId: w.windowId });
    await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'load 2 scrollY=1500', 10000, since);
    // and it stays there: asked afterwards, the page is still at it.
    assert.deepEqual(await h.client.request(Requests.runScript, { windowId: w.windowId, expression: 'scrollY', world: 'isolated' }), { ok: true, json: '1500' });
  });

  it('refuses bad zoom and size values with the reason', async () => {
    const w = await h.openLoaded(env, `${server.origin}/red.html`);
    await assert.rejects(h.client.request(Requests.setZoom, { windowId: w.windowId, factor: 0 }), /setZoom: factor must be a number from 0\.25 to 5/);
    await assert.rejects(h.client.request(Requests.setBounds, { windowId: w.windowId, width: 10, height: 600 }), /setBounds: width must be a whole number from 100 to 16384/);
    await assert.rejects(h.client.request(Requests.setBounds, { windowId: w.windowId, width: 800, height: 600, x: 5 } as never), /setBounds: y must be given with x, or neither/);
    await assert.rejects(h.client.request(Requests.goBack, { windowId: 9999 }), /9999/);
  });

  it('a blocked port is a failed navigation, and the window is listed as failed', async () => {
    const w = await h.openLoaded(env, `${server.origin}/red.html`);
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: 'http://127.0.0.1:6000/' });
    const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(failed.params.isSuccess, false);
    assert.match(failed.params.error, /port 6000 is blocked/);
    const info = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.match(info?.failed ?? '', /port 6000 is blocked/);
    const back = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${server.origin}/blue.html` });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 10000, back);
    assert.equal((await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId)?.failed, null);
  });
});
