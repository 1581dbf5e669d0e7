// The Windows backend in the real helper: environments, several controllers, events, cookies,
// closing. Under Wine against the test runtime; on real Windows against the installed runtime.
import * as assert from 'node:assert/strict';
import * as koffi from 'koffi';
import { Requests } from '../../src/protocol';
import { Harness } from '../support/harness';
import { cookieFile, TEST_RUNTIME, TEST_RUNTIME_VERSION, windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const EXPIRES = 1925089445;
const SEED = cookieFile([
  ['sid', 's1', 'app.test', '/', -1, true, false, 2],
  ['lax_persist', 'l2', 'app.test', '/', EXPIRES, false, false, 1],
  ['none_secure', 'n3', 'app.test', '/', -1, false, true, 0],
  ['scoped', 'p5', 'app.test', '/admin', -1, false, false, 2],
  ['elsewhere', 'o6', 'other.test', '/', -1, false, false, 1],
]);

for (const strategy of ['cowait', 'pump'] as const) {
  describe(`Windows backend (${strategy} wait)`, function () {
    let h: Harness;
    before(async () => {
      // The legacy pump only works when completions arrive as posted messages (see waits.test.ts).
      h = windowsHarness({ strategy }, strategy === 'pump' ? 'post' : 'send');
      const info = await h.client.start();
      assert.equal(info.engine, 'WebView2');
      assert.equal(info.platform, 'win32');
      assert.match(info.apartment, /STA/);
      assert.equal(info.machine?.process, process.arch);
    });
    after(async () => h?.stop());

    it('creates an environment and reports the runtime version that answered', async () => {
      await h.environment();
      const report = await h.client.request(Requests.diagnostics);
      if (TEST_RUNTIME) assert.equal(report.platform.engineVersion, TEST_RUNTIME_VERSION);
      assert.match(report.platform.engineVersion, /^\d+\.\d+\.\d+\.\d+$/);
      assert.match(report.platform.loader ?? '', TEST_RUNTIME ? /fixed-version runtime .*browser folder setting/ : /Evergreen runtime/);
      const wait = report.waits.find((w) => w.site === 'createEnvironment');
      assert.equal(wait?.strategy, strategy);
      assert.equal(wait?.outcome, 'ok');
    });

    it('creates a second and a third controller from the UI thread, interleaved with cookie reads', async () => {
      const env = await h.environment(TEST_RUNTIME ? { 'test-cookies.tsv': SEED } : {});
      const windows = [];
      for (let i = 0; i < 3; i++) {
        const w = await h.openLoaded(env, 'https://app.test/');
        windows.push(w);
        for (const open of windows) assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: open.windowId })));
      }
      const waits = (await h.client.request(Requests.diagnostics)).waits;
      assert.equal(waits.filter((w) => w.site === 'createController' && w.outcome === 'ok').length >= 3, true);
      assert.ok(waits.filter((w) => w.site === 'getCookies').every((w) => w.outcome === 'ok' && w.strategy === strategy));
      assert.equal(new Set(windows.map((w) => w.nativeHandle)).size, 3);
    });

    it('reports navigation and title events, and a failed navigation with its reason', async () => {
      const env = await h.environment();
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url: 'data:text/html,<title>Hello from WebView2</title><p>hi</p>' });
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Hello from WebView2', 20000, since);
      const ok = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
      assert.equal(ok.params.isSuccess, true);
      const mark = h.mark();
      await h.client.request(Requests.navigate, { windowId: w.windowId, url: 'https://nowhere.invalid/' });
      const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, mark);
      assert.equal(failed.params.isSuccess, false);
      assert.match(failed.params.error, /host name not resolved \(https:\/\/nowhere\.invalid\/\)/);
      assert.equal(failed.params.url, 'https://nowhere.invalid/');
    });

    it('reports a window the user closed (WM_CLOSE from outside, as the title bar sends it)', async () => {
      const env = await h.environment();
      const w = await h.openLoaded(env, 'https://app.test/');
      const since = h.mark();
      const PostMessageW = koffi.load('user32.dll').func('int __stdcall PostMessageW(void *hwnd, uint msg, uintptr wp, intptr lp)');
      assert.ok(PostMessageW(BigInt(w.nativeHandle), 0x0010 /* WM_CLOSE */, 0, 0));
      const closed = await h.next('windowClosed', (e) => e.windowId === w.windowId, 10000, since);
      assert.equal(closed.params.reason, 'user');
      assert.ok(!(await h.client.request(Requests.listWindows)).some((l) => l.windowId === w.windowId));
    });

    it('closes windows on request and says so', async () => {
      const env = await h.environment();
      const w = await h.openLoaded(env, 'https://app.test/');
      const since = h.mark();
      await h.client.request(Requests.close, { windowId: w.windowId });
      const closed = await h.next('windowClosed', (e) => e.windowId === w.windowId, 10000, since);
      assert.equal(closed.params.reason, 'request');
      await assert.rejects(h.client.request(Requests.getCookies, { windowId: w.windowId }), /no window/);
    });
  });
}

{
  describeWithTestRuntime('Windows backend: cookies from the test runtime\'s store', function () {
    let h: Harness;
    before(async () => { h = windowsHarness(); await h.client.start(); });
    after(async () => h?.stop());

    it('returns every attribute: HttpOnly, Secure, SameSite of each kind, expiry, session', async () => {
      const env = await h.environment({ 'test-cookies.tsv': SEED });
      const w = await h.openLoaded(env, 'https://app.test/');
      const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId });
      assert.deepEqual(cookies, [
        { name: 'sid', value: 's1', domain: 'app.test', path: '/', expires: null, httpOnly: true, secure: false, sameSite: 'strict', session: true },
        { name: 'lax_persist', value: 'l2', domain: 'app.test', path: '/', expires: EXPIRES, httpOnly: false, secure: false, sameSite: 'lax', session: false },
        { name: 'none_secure', value: 'n3', domain: 'app.test', path: '/', expires: null, httpOnly: false, secure: true, sameSite: 'none', session: true },
      ]);
    });

    it('filters by the URL asked for: path scope, and no Secure cookie over http', async () => {
      const env = await h.environment({ 'test-cookies.tsv': SEED });
      const w = await h.openLoaded(env, 'https://app.test/');
      const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId, url: 'http://app.test/admin/users' });
      assert.deepEqual(cookies.map((c) => c.name), ['sid', 'lax_persist', 'scoped']);
    });

    it('keeps environments apart', async () => {
      const seeded = await h.environment({ 'test-cookies.tsv': SEED });
      const empty = await h.environment();
      const a = await h.openLoaded(seeded, 'https://app.test/');
      const b = await h.openLoaded(empty, 'https://app.test/');
      assert.equal((await h.client.request(Requests.getCookies, { windowId: a.windowId })).length, 3);
      assert.deepEqual(await h.client.request(Requests.getCookies, { windowId: b.windowId }), []);
    });

    it('keeps the browser filling the window below its toolbar when the window is resized (put_Bounds)', async () => {
      const env = await h.environment();
      const w = await h.openLoaded(env, 'https://app.test/');
      const user32 = koffi.load('user32.dll');
      const RECT = koffi.struct('TestRECT', { left: 'int', top: 'int', right: 'int', bottom: 'int' });
      const GetWindow = user32.func('void * __stdcall GetWindow(void *hwnd, uint cmd)');
      const GetClassNameW = user32.func('int __stdcall GetClassNameW(void *hwnd, void *name, int max)');
      const GetClientRect = user32.func('GetClientRect', 'int', ['void *', koffi.out(koffi.pointer(RECT))]);
      const GetWindowRect = user32.func('GetWindowRect', 'int', ['void *', koffi.out(koffi.pointer(RECT))]);
      const MapWindowPoints = user32.func('MapWindowPoints', 'int', ['void *', 'void *', koffi.inout(koffi.pointer(RECT)), 'uint']);
      const SetWindowPos = user32.func('int __stdcall SetWindowPos(void *hwnd, void *after, int x, int y, int cx, int cy, uint flags)');
      const parent = BigInt(w.nativeHandle);
      const className = (hwnd: unknown) => {
        const b = Buffer.alloc(512);
        return b.toString('utf16le', 0, (GetClassNameW(hwnd, b, 256) as number) * 2);
      };
      let browser = GetWindow(parent, 5 /* GW_CHILD */);
      while (browser && ['BUTTON', 'EDIT'].includes(className(browser).toUpperCase())) browser = GetWindow(browser, 2 /* GW_HWNDNEXT */);
      assert.ok(browser, 'the runtime put a child window in ours, beside the toolbar\'s controls');
      const client = () => {
        const r = { left: 0, top: 0, right: 0, bottom: 0 };
        GetClientRect(parent, r);
        return r;
      };
      const place = () => {
        const r = { left: 0, top: 0, right: 0, bottom: 0 };
        GetWindowRect(browser, r);
        MapWindowPoints(null, parent, r, 2);
        return r;
      };
      const fills = () => place().left === 0 && place().right === client().right && place().bottom === client().bottom;
      assert.ok(SetWindowPos(parent, null, 0, 0, 900, 700, 0x0002 | 0x0004 /* SWP_NOMOVE | SWP_NOZORDER */));
      const end = Date.now() + 5000;
      while (!fills() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(place(), { left: 0, top: place().top, right: client().right, bottom: client().bottom });
      assert.ok(place().top >= 24, `below the toolbar: ${place().top}`);
      assert.ok(client().right > 640, `the window grew: ${client().right}`);
    });

    it('reports the HTTP status, and a 404 as a failed navigation', async () => {
      const env = await h.environment();
      let since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url: 'https://app.test/ok' });
      const ok = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
      assert.deepEqual([ok.params.isSuccess, ok.params.httpStatus, ok.params.error], [true, 200, null]);
      since = h.mark();
      await h.client.request(Requests.navigate, { windowId: w.windowId, url: 'https://app.test/missing' });
      const missing = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
      assert.deepEqual([missing.params.isSuccess, missing.params.httpStatus, missing.params.error], [false, 404, 'HTTP 404 (https://app.test/missing)']);
    });

    it('reports a page whose renderer crashed', async () => {
      const env = await h.environment();
      const w = await h.openLoaded(env, 'https://app.test/');
      const since = h.mark();
      await h.client.request(Requests.navigate, { windowId: w.windowId, url: 'https://app.test/webview2-test-crash' });
      const failed = await h.next('processFailed', (e) => e.windowId === w.windowId, 10000, since);
      assert.deepEqual([failed.params.kind, failed.params.recoverable], ['page crashed', true]);
    });
  });
}
