// Page features of the Windows backend in the real helper: the console and resource loads through
// the DevTools protocol, DevTools, navigation controls, zoom, size, screenshots, and the CLI's
// page commands. Under Wine against the test runtime (native/test-runtime: page.c, devtools.c,
// controls.c, capture.c say what it models); on real Windows against the installed runtime.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as koffi from 'koffi';
import { Requests } from '../../src/protocol';
import { ARTIFACTS, CLI, Harness } from '../support/harness';
import { colourCounts, readPng } from '../support/png';
import { TEST_RUNTIME, windowsHarness } from '../support/winRuntime';
import { startStaticServer, type StaticServer } from '../support/staticServer';
import { pendingWithoutTestRuntime } from '../support/wine';
import { pageWindow, placeIn } from '../support/win32Chrome';

const PAGE = [
  '<!doctype html><html><head><title>Feature page</title>', // line 1
  '<link rel="stylesheet" href="style.css"><script src="js/app.js"></script></head>', // line 2
  '<body><img src="../shared/pixel.png"><iframe src="frame.html"></iframe>', // line 3
  '<script>', // line 4
  'console.error("boom from page");', // line 5
  'Promise.reject(new Error("nope"));', // line 6
  'throw new Error("kaboom");', // line 7
  '</script></body></html>',
].join('\n');

const user32 = koffi.load('user32.dll');
const FindWindowW = user32.func('void * __stdcall FindWindowW(const char16_t *cls, const char16_t *title)');
const IsWindowVisible = user32.func('int __stdcall IsWindowVisible(void *hwnd)');

function pixel(file: string, x: number, y: number): string {
  const image = readPng(file);
  const i = (y * image.width + x) * 3;
  return `#${[image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

describe('Windows page features', function () {
  let dir: string;
  let h: Harness;
  let env: number;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-page-'));
    fs.mkdirSync(path.join(dir, 'site', 'js'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'shared'));
    fs.writeFileSync(path.join(dir, 'site', 'index.html'), PAGE);
    fs.writeFileSync(path.join(dir, 'site', 'style.css'), 'h1{}');
    fs.writeFileSync(path.join(dir, 'site', 'js', 'app.js'), '// app\nconsole.info("app.js ran");\n');
    fs.writeFileSync(path.join(dir, 'site', 'frame.html'), '<p>frame</p>');
    fs.writeFileSync(path.join(dir, 'shared', 'pixel.png'), '');
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
  });
  after(async () => {
    await h?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const site = (name: string) => pathToFileURL(path.join(dir, 'site', name)).href;

  it('streams the page console through the DevTools protocol: console.error, an uncaught error, an unhandled rejection', async () => {
    const since = h.mark();
    const w = await h.openLoaded(env, site('index.html'));
    const mine = (e: any) => e.windowId === w.windowId;
    const error = await h.next('consoleMessage', (e) => mine(e) && e.kind === 'console' && e.level === 'error', 10000, since);
    assert.deepEqual(error.params, { windowId: w.windowId, level: 'error', kind: 'console', message: 'boom from page', source: site('index.html'), line: 5 });
    const thrown = await h.next('consoleMessage', (e) => mine(e) && e.kind === 'exception', 10000, since);
    assert.deepEqual(thrown.params, { windowId: w.windowId, level: 'error', kind: 'exception', message: 'Uncaught Error: kaboom', source: site('index.html'), line: 7 });
    const rejected = await h.next('consoleMessage', (e) => mine(e) && e.kind === 'rejection', 10000, since);
    assert.equal(rejected.params.message, 'Uncaught (in promise) Error: nope');
    const info = await h.next('consoleMessage', (e) => mine(e) && e.level === 'info', 10000, since);
    assert.deepEqual([info.params.message, info.params.source, info.params.line], ['app.js ran', site('js/app.js'), 2]);
  });

  it('reports the subresources and frames the page loaded (Network.requestWillBeSent), not the page itself', async () => {
    const since = h.mark();
    const w = await h.openLoaded(env, site('index.html'));
    const expected = [site('style.css'), site('js/app.js'), pathToFileURL(path.join(dir, 'shared', 'pixel.png')).href, site('frame.html')];
    for (const url of expected) await h.next('resourceLoaded', (e) => e.windowId === w.windowId && e.url === url, 10000, since);
    const urls = h.events.slice(since).filter((e) => e.method === 'resourceLoaded' && e.params.windowId === w.windowId).map((e) => e.params.url);
    assert.deepEqual(urls.sort(), expected.sort());
  });

  it('opens DevTools (OpenDevToolsWindow: a second native window), and refuses when the setting turns them off', async function () {
    const w = await h.openLoaded(env, site('index.html'));
    await h.client.request(Requests.openDevTools, { windowId: w.windowId });
    if (TEST_RUNTIME) {
      const devtools = FindWindowW(null, `DevTools - ${site('index.html')}`);
      assert.ok(devtools, 'the runtime opened no DevTools window');
      assert.ok(IsWindowVisible(devtools));
    }
    await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, devTools: false });
    await assert.rejects(h.client.request(Requests.openDevTools, { windowId: w.windowId }), /DevTools are turned off/);
    if (TEST_RUNTIME) assert.equal(FindWindowW(null, `DevTools - ${site('index.html')}`), null, 'put_AreDevToolsEnabled(FALSE) closes it');
    await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, devTools: true });
  });

  it('navigates, goes back and forward, and sets the native title to the page title', async () => {
    const a = 'data:text/html,<title>Page A</title>';
    const b = 'data:text/html,<title>Page B</title>';
    const w = await h.openLoaded(env, a);
    const step = async (act: () => Promise<unknown>, url: string) => {
      const since = h.mark();
      await act();
      const e = await h.next('navigationCompleted', (n) => n.windowId === w.windowId, 10000, since);
      assert.equal(e.params.url, url);
    };
    await step(() => h.client.request(Requests.navigate, { windowId: w.windowId, url: b }), b);
    await step(() => h.client.request(Requests.goBack, { windowId: w.windowId }), a);
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Page A');
    assert.ok(FindWindowW(null, 'Page A'), 'the native window is titled after the page');
    await step(() => h.client.request(Requests.goForward, { windowId: w.windowId }), b);
  });

  // The navigation must still be in flight when Stop arrives: the test runtime's delivery delay
  // makes it so; a real runtime may well have finished a data: URL by then.
  pendingWithoutTestRuntime(it, 'stops a navigation that has not finished: it completes as cancelled', async () => {
    const slow = new Harness({}, { WEBVIEW2_TEST_DELIVERY: 'send', WEBVIEW2_TEST_DELAY_MS: '400' }, { browserFolder: TEST_RUNTIME });
    try {
      await slow.client.start();
      const w = await slow.openLoaded(await slow.environment(), 'data:text/html,<title>first</title>');
      const since = slow.mark();
      await slow.client.request(Requests.navigate, { windowId: w.windowId, url: 'data:text/html,<title>second</title>' });
      await slow.client.request(Requests.stop, { windowId: w.windowId });
      const e = await slow.next('navigationCompleted', (n) => n.windowId === w.windowId, 10000, since);
      assert.equal(e.params.isSuccess, false);
      assert.match(e.params.error, /operation canceled/);
    } finally {
      await slow.stop();
    }
  });

  it('zooms (put_ZoomFactor) and sizes and places the window (SetWindowPos); both are reported', async () => {
    const w = await h.openLoaded(env, site('index.html'));
    await h.client.request(Requests.setZoom, { windowId: w.windowId, factor: 1.5 });
    await h.client.request(Requests.setBounds, { windowId: w.windowId, width: 375, height: 667, x: 20, y: 10 });
    const info = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.equal(info?.zoom, 1.5);
    assert.deepEqual(info?.bounds, { x: 20, y: 10, width: 375, height: 667 });
    const shot = await h.client.request(Requests.screenshot, { windowId: w.windowId, path: path.join(ARTIFACTS, 'win32-phone-size.png') });
    assert.ok(shot.width <= 375 && shot.width >= 300, `the browser fills the window's client area (${shot.width} wide)`);
  });

  it('follows a window the user moves and sizes: listWindows has its place and its page\'s viewport (the window less frame and toolbar)', async () => {
    const w = await h.openLoaded(env, site('index.html'));
    const SetWindowPos = user32.func('int __stdcall SetWindowPos(void *hwnd, void *after, int x, int y, int cx, int cy, uint flags)');
    assert.ok(SetWindowPos(BigInt(w.nativeHandle), null, 60, 50, 640, 480, 0x0014 /* SWP_NOZORDER | SWP_NOACTIVATE */));
    let info;
    for (let i = 0; i < 100; i++) {
      info = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
      if (info?.bounds.x === 60 && info.bounds.y === 50) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual([info?.bounds.x, info?.bounds.y], [60, 50]);
    const { width = 0, height = 0 } = info?.bounds ?? {};
    assert.ok(width < 640 && width > 600 && height < 480 - 24 && height > 380, `a viewport inside the 640x480 window: ${width}x${height}`);
    if (TEST_RUNTIME) {
      const page = placeIn(w.nativeHandle, pageWindow(w.nativeHandle));
      assert.deepEqual([page.right - page.left, page.bottom - page.top], [width, height], 'the controller\'s bounds');
    }
  });

  it('takes a screenshot (CapturePreview into a stream on an HGLOBAL): a real PNG, not blank, that shows a new version of the page', async () => {
    const page = path.join(dir, 'site', 'shot.html');
    // The page's colour changes with its version: a real browser's centre pixel follows it, and so
    // does the test runtime's (a hash of the document's text, capture.c).
    fs.writeFileSync(page, '<title>v1</title><body style="margin:0;background:#1e5aa0"><p>one');
    const w = await h.openLoaded(env, pathToFileURL(page).href);
    const first = path.join(ARTIFACTS, 'win32-screenshot-1.png');
    const shot = await h.client.request(Requests.screenshot, { windowId: w.windowId, path: first });
    assert.ok(shot.width > 100 && shot.height > 100);
    assert.ok(colourCounts(readPng(first)).length >= 2, 'not blank');
    if (TEST_RUNTIME) assert.equal(pixel(first, 0, 0), '#0078d4', 'the test runtime\'s known picture (capture.c)');
    fs.writeFileSync(page, '<title>v2</title><body style="margin:0;background:#c8641e"><p>two');
    const since = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    const second = path.join(ARTIFACTS, 'win32-screenshot-2.png');
    await h.client.request(Requests.screenshot, { windowId: w.windowId, path: second });
    const centre = (f: string) => pixel(f, Math.floor(shot.width / 2), Math.floor(shot.height / 2));
    assert.notEqual(centre(second), centre(first), 'the picture changed with the page');
  });

  it('a page from an HTTP server on 127.0.0.1: its console, its resources, its title; a 404 fails', async () => {
    const server: StaticServer = await startStaticServer(path.join(dir, 'site'));
    try {
      const since = h.mark();
      const w = await h.openLoaded(env, `${server.origin}/index.html`);
      const loaded = h.events.slice(since).find((e) => e.method === 'navigationCompleted' && e.params.windowId === w.windowId);
      assert.equal(loaded?.params.isSuccess, true);
      assert.equal(loaded?.params.httpStatus, 200);
      const error = await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.level === 'error' && e.kind === 'console', 10000, since);
      assert.deepEqual([error.params.message, error.params.source, error.params.line], ['boom from page', `${server.origin}/index.html`, 5]);
      await h.next('resourceLoaded', (e) => e.windowId === w.windowId && e.url === `${server.origin}/style.css`, 10000, since);
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Feature page', 10000, since);
      if (TEST_RUNTIME) assert.ok(server.requests.includes('/index.html'), 'the page was fetched from the server');
      const missing = h.mark();
      await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${server.origin}/nothing-here.html` });
      const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, missing);
      assert.equal(failed.params.isSuccess, false);
      assert.equal(failed.params.httpStatus, 404);
    } finally {
      await server.close();
    }
  });

  it('a blocked port is a failed navigation, and the window is listed as failed', async () => {
    const w = await h.openLoaded(env, 'data:text/html,<title>ok</title>');
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: 'http://127.0.0.1:6666/' });
    const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(failed.params.isSuccess, false);
    const info = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.match(info?.failed ?? '', /port 6666 is blocked/);
  });
});

describe('CLI page commands under Windows', function () {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-page-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  interface Run { child: ChildProcess; stdout: string; stderr: string }
  const start = (args: string[]): Run => {
    const runtime = TEST_RUNTIME ? ['--browser-folder', TEST_RUNTIME] : [];
    const child = spawn(process.execPath, [CLI, ...args, ...runtime, '--user-data-folder', path.join(dir, 'profile')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = { child, stdout: '', stderr: '' };
    child.stdout!.on('data', (d) => { run.stdout += d; });
    child.stderr!.on('data', (d) => { run.stderr += d; });
    return run;
  };
  const until = async (run: Run, what: () => boolean, label: string) => {
    const deadline = Date.now() + 20000;
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`${label} did not happen\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('open --console prints [window N] level: message (source:line)', async () => {
    const page = path.join(dir, 'console.html');
    fs.writeFileSync(page, ['<title>console</title>', '<script>', 'console.log("hello");', 'throw new Error("kaboom");', '</script>'].join('\n'));
    const run = start(['open', 'console.html', '--console', '--for', '30']);
    try {
      // Served from its folder; people read the file's own path, not the server's address.
      const file = fs.realpathSync(page);
      await until(run, () => run.stdout.includes('kaboom'), 'the console lines');
      assert.deepEqual(run.stdout.trim().split(/\r?\n/), [`[window 1] log: hello (${file}:3)`, `[window 1] error: Uncaught Error: kaboom (${file}:4)`]);
    } finally {
      run.child.kill();
    }
  });

  it('open --watch reloads after the page or its stylesheet changes', async () => {
    fs.writeFileSync(path.join(dir, 'index.html'), '<title>version 1</title><link rel="stylesheet" href="style.css">');
    fs.writeFileSync(path.join(dir, 'style.css'), 'p{}');
    const run = start(['open', 'index.html', '--watch', '--for', '60']);
    try {
      await until(run, () => run.stderr.includes(`watching ${path.join(dir, 'style.css')}`), 'watching the stylesheet');
      fs.writeFileSync(path.join(dir, 'style.css'), 'p{color:red}');
      await until(run, () => /reloading: .*style\.css changed/.test(run.stderr), 'a reload for the stylesheet');
      fs.writeFileSync(path.join(dir, 'index.html'), '<title>version 2</title><link rel="stylesheet" href="style.css">');
      await until(run, () => run.stderr.includes('title "version 2"'), 'the new version');
    } finally {
      run.child.kill();
    }
  });

  it('screenshot writes a PNG and prints its path', async () => {
    fs.writeFileSync(path.join(dir, 'shot.html'), '<title>shot</title>');
    const file = path.join(ARTIFACTS, 'win32-cli-screenshot.png');
    fs.rmSync(file, { force: true });
    const run = start(['screenshot', 'shot.html', file, '--width', '400', '--height', '300']);
    try {
      await until(run, () => run.stdout.includes(file), 'the path on stdout');
      const image = readPng(file);
      assert.ok(colourCounts(image).length >= 2, 'not blank');
    } finally {
      run.child.kill();
    }
  });
});
