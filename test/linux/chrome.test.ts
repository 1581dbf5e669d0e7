// The window's own chrome in real WebKitGTK windows under Xvfb, against a real HTTP server on
// 127.0.0.1: the toolbar above a page that keeps the asked size, the address field and the
// window's keys driven by real X key events (XTEST), window.print() refused, and the setting that
// hides the toolbar.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Requests, type WindowInfo } from '../../src/protocol';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import { ARTIFACTS, type Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { listenOnFreePort } from '../support/ports';
import { until } from '../support/until';
import { topLevelWindows, windowGeometry } from '../support/x11Windows';
import { focusWindow, pressKeys, typeText } from '../support/xtest';

/** A page that puts its viewport's size in its title. */
const SIZE_PAGE = '<!doctype html><title>size</title><script>addEventListener("load", () => { document.title = innerWidth + "x" + innerHeight; });</script>';

interface Site {
  origin: string;
  hits: Map<string, number>;
  /** The User-Agent header of each request, in order, per path. */
  agents: Map<string, string[]>;
  close(): Promise<void>;
}

/** Counts each path's requests; /hang never answers (a load only Stop ends). */
async function startSite(): Promise<Site> {
  const hits = new Map<string, number>();
  const agents = new Map<string, string[]>();
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    agents.set(p, [...(agents.get(p) ?? []), String(req.headers['user-agent'] ?? '')]);
    if (p === '/hang') { hanging.push(res); return; }
    const html = p === '/size' ? SIZE_PAGE
      : p === '/print' ? '<!doctype html><title>print</title><script>window.print(); document.title = "printed";</script>'
        : p === '/agent-keys' ? '<!doctype html><title>keys</title><script>addEventListener("keydown", (e) => { if (e.key === "x") document.title = "got x"; });</script>'
          : `<!doctype html><title>page ${p}</title><p>${p}</p>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  const port = await listenOnFreePort(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    agents,
    close: () => new Promise((resolve) => { for (const r of hanging) r.destroy(); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('Linux window chrome and keys', function () {
  const suite = linuxSuite();
  let h: Harness;
  let env: number;
  let site: Site;

  before(async () => {
    h = suite.h;
    env = await h.environment();
    site = await startSite();
  });
  after(async () => { await site?.close(); });

  async function open(pathname: string, size = { width: 640, height: 480 }): Promise<WindowInfo> {
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${site.origin}${pathname}`, ...size });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    return w;
  }
  const row = async (id: number) => (await h.client.request(Requests.listWindows)).find((w) => w.windowId === id);
  const hits = (p: string) => site.hits.get(p) ?? 0;

  it('puts a toolbar above a page that keeps the asked viewport, at creation and after setBounds', async () => {
    const since = h.mark();
    const w = await open('/size', { width: 700, height: 500 });
    const title = await h.next('titleChanged', (e) => e.windowId === w.windowId && /^\d+x\d+$/.test(e.title), 10000, since);
    assert.equal(title.params.title, '700x500', 'the page sees the asked viewport');
    assert.deepEqual([w.bounds.width, w.bounds.height], [700, 500], 'bounds give the viewport');
    const native = await until('the X window at its size', () => {
      const g = windowGeometry(w.nativeHandle);
      return g.width === 700 && g.height > 500 ? g : undefined;
    });
    const toolbar = native.height - 500;
    assert.ok(toolbar >= 24 && toolbar <= 80, `the window is taller than its page by a toolbar, not by ${toolbar} px`);
    // A screenshot of the X display, for a person to look at (test-artifacts/linux-chrome.png).
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    try { execFileSync('import', ['-window', 'root', path.join(ARTIFACTS, 'linux-chrome.png')], { stdio: 'ignore' }); } catch { /* ImageMagick is the vscode part's */ }

    await h.client.request(Requests.setBounds, { windowId: w.windowId, width: 520, height: 400 });
    await until('the X window follows', () => { const g = windowGeometry(w.nativeHandle); return g.width === 520 && g.height === 400 + toolbar || undefined; });
    const resized = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    const again = await h.next('titleChanged', (e) => e.windowId === w.windowId && /^\d+x\d+$/.test(e.title), 10000, resized);
    assert.equal(again.params.title, '520x400');
    assert.deepEqual([(await row(w.windowId))?.bounds.width, (await row(w.windowId))?.bounds.height], [520, 400]);
  });

  it('navigates to what is typed into the address field (Ctrl+L, text, Enter), completing host:port to http', async () => {
    const w = await open('/start');
    const since = h.mark();
    focusWindow(w.nativeHandle);
    pressKeys('ctrl+l');
    typeText(`${site.origin.replace('http://', '')}/typed`); // no scheme: loopback gets http://
    pressKeys('Return');
    const done = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(done.params.url, `${site.origin}/typed`);
    assert.equal(hits('/typed'), 1);
  });

  it('refuses a javascript: address: nothing navigates and the log says why', async () => {
    const w = await open('/victim');
    const since = h.mark();
    focusWindow(w.nativeHandle);
    pressKeys('ctrl+l');
    typeText("javascript:location='/pwned'");
    pressKeys('Return');
    await h.next('log', (l) => /address field did not navigate: .*only http and https addresses, not javascript:/.test(l.message), 10000, since);
    assert.equal((await row(w.windowId))?.url, `${site.origin}/victim`);
    // The marker: an address typed after it, which the field takes in turn. Up to its load nothing
    // else loaded, and the page's script never ran (it would have asked the server for /pwned).
    pressKeys('ctrl+l');
    typeText(`${site.origin}/after`);
    pressKeys('Return');
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.url === `${site.origin}/after`, 10000, since);
    assert.deepEqual(h.events.slice(since).filter((e) => e.method === 'navigationCompleted' && e.params.windowId === w.windowId).map((e) => e.params.url),
      [`${site.origin}/after`]);
    assert.equal(hits('/pwned'), 0);
  });

  it('reloads with F5, Ctrl+R and Ctrl+Shift+R (counted by the server)', async () => {
    const w = await open('/reload');
    assert.equal(hits('/reload'), 1);
    focusWindow(w.nativeHandle);
    for (const [i, key] of ['F5', 'ctrl+r', 'ctrl+shift+r'].entries()) {
      const since = h.mark();
      pressKeys(key);
      await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
      assert.equal(hits('/reload'), i + 2, `${key} reloaded`);
    }
  });

  it('chooses a device in the window (Ctrl+Shift+M opens the toolbar\'s menu): sized, its user agent sent on the reload, the table told; a desktop size undoes it', async () => {
    const w = await open('/device');
    const agentsOf = () => site.agents.get('/device') ?? [];
    assert.equal(agentsOf().length, 1);
    let since = h.mark();
    focusWindow(w.nativeHandle);
    const shown = () => new Set(topLevelWindows().filter((t) => t.viewable).map((t) => t.id));
    const before = shown();
    pressKeys('ctrl+shift+m');
    // The menu is a top-level window of its own: the keys go to it once it shows.
    await until('the device menu to show', () => [...shown()].some((id) => !before.has(id)) || undefined);
    pressKeys('Down'); // the first item: Phone
    pressKeys('Return');
    await h.next('windowChanged', (e) => e.windowId === w.windowId && e.device === 'Phone' && e.bounds.width === 375 && e.bounds.height === 667, 10000, since);
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(agentsOf().length, 2, 'reloaded once');
    assert.match(agentsOf()[1], /iPhone/, 'the reload went out with the phone\'s user agent');
    await h.next('log', (l) => new RegExp(`^window ${w.windowId} is a Phone \\(chosen in the window\\): viewport 375 \u00d7 667 and user agent emulated; pixel ratio 2 and touch are not emulated on WebKitGTK; reloaded$`).test(l.message), 5000, since);
    assert.equal((await row(w.windowId))?.device, 'Phone');

    since = h.mark();
    const again = shown();
    pressKeys('ctrl+shift+m');
    await until('the device menu to show again', () => [...shown()].some((id) => !again.has(id)) || undefined);
    for (let i = 0; i < 4; i++) pressKeys('Down'); // Laptop, the last preset
    pressKeys('Return');
    await h.next('windowChanged', (e) => e.windowId === w.windowId && e.device === undefined && e.bounds.width === 1280, 10000, since);
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.doesNotMatch(agentsOf()[2], /iPhone/, 'WebKit\'s own user agent again');
    assert.equal((await row(w.windowId))?.device, undefined);
  });

  it('asks the client for a screenshot with Ctrl+Shift+S, and leaves Ctrl+S to the page', async () => {
    const w = await open('/shot');
    const since = h.mark();
    focusWindow(w.nativeHandle);
    pressKeys('ctrl+s');
    pressKeys('ctrl+shift+s');
    const asked = await h.next('screenshotRequested', (e) => e.windowId === w.windowId, 10000, since);
    assert.deepEqual(asked.params, { windowId: w.windowId });
    assert.equal(h.events.slice(since).filter((e) => e.method === 'screenshotRequested').length, 1, 'Ctrl+S asked for nothing');
  });

  it('keys an agent sends to the page (pageInput) are the page\'s: F5 does not reload, Ctrl+Shift+S asks for no screenshot', async () => {
    const w = await open('/agent-keys');
    const since = h.mark();
    await h.client.request(Requests.pageInput, { windowId: w.windowId, input: { kind: 'key', key: 'F5' } });
    await h.client.request(Requests.pageInput, { windowId: w.windowId, input: { kind: 'key', key: 's', modifiers: ['Control', 'Shift'] } });
    // The marker: a key the page takes after them. WebKit hands a key the page did not take back to
    // the window when the page has seen it, in order: by "got x" the F5 and Ctrl+Shift+S came back.
    await h.client.request(Requests.pageInput, { windowId: w.windowId, input: { kind: 'key', key: 'x' } });
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'got x', 10000, since);
    assert.equal(hits('/agent-keys'), 1, 'the agent\'s F5 did not reload');
    assert.deepEqual(h.events.slice(since).filter((e) => e.method === 'screenshotRequested'), [], 'the agent\'s Ctrl+Shift+S asked for nothing');
    // A real key still is the window's.
    focusWindow(w.nativeHandle);
    pressKeys('ctrl+shift+s');
    await h.next('screenshotRequested', (e) => e.windowId === w.windowId, 10000, since);
  });

  it('goes back and forward with Alt+Left and Alt+Right', async () => {
    const w = await open('/one');
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${site.origin}/two` });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    focusWindow(w.nativeHandle);
    pressKeys('alt+Left');
    await until('back on /one', async () => (await row(w.windowId))?.url === `${site.origin}/one` || undefined);
    pressKeys('alt+Right');
    await until('forward on /two', async () => (await row(w.windowId))?.url === `${site.origin}/two` || undefined);
  });

  it('zooms with Ctrl+=, Ctrl+- and Ctrl+0 in the extension\'s steps, and listWindows hears of it', async () => {
    const w = await open('/zoom');
    focusWindow(w.nativeHandle);
    const zoomIs = (z: number) => until(`zoom ${z}`, async () => (await row(w.windowId))?.zoom === z || undefined);
    pressKeys('ctrl+equal');
    await zoomIs(1.1);
    pressKeys('ctrl+plus');
    await zoomIs(1.25);
    pressKeys('ctrl+minus');
    await zoomIs(1.1);
    pressKeys('ctrl+0');
    await zoomIs(1);
    pressKeys('ctrl+minus');
    await zoomIs(0.9);
    assert.ok(h.events.some((e) => e.method === 'windowChanged' && e.params.windowId === w.windowId && e.params.zoom === 0.9), 'clients heard it as windowChanged');
  });

  it('stops a load that would never end with Esc', async () => {
    const w = await open('/before-hang');
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${site.origin}/hang` });
    await until('the server holds the request', () => hits('/hang') > 0 || undefined);
    focusWindow(w.nativeHandle);
    pressKeys('Escape');
    const done = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 5000, since);
    assert.equal(done.params.isSuccess, false);
  });

  it('opens DevTools with F12', async () => {
    const w = await open('/devtools');
    const before = topLevelWindows().filter((t) => t.viewable).map((t) => t.id);
    focusWindow(w.nativeHandle);
    pressKeys('F12');
    const inspector = await until('an inspector window', () => topLevelWindows().find((t) => t.viewable && !before.includes(t.id)));
    assert.match(inspector.name, /Inspector/i);
  });

  it('closes with Ctrl+W, as its user did', async () => {
    const w = await open('/close');
    const since = h.mark();
    focusWindow(w.nativeHandle);
    pressKeys('ctrl+w');
    const closed = await h.next('windowClosed', (e) => e.windowId === w.windowId, 5000, since);
    assert.equal(closed.params.reason, 'user');
    assert.equal(await row(w.windowId), undefined);
  });

  it('answers window.print() with no print dialog, saying so once in the log', async () => {
    const before = topLevelWindows().filter((t) => t.viewable).map((t) => t.id);
    const since = h.mark();
    const w = await open('/print');
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'printed', 10000, since);
    await h.next('log', (l) => l.message.startsWith(`window ${w.windowId}: the page asked to print; no print dialog`), 10000, since);
    // A print dialog is made and shown by the helper's UI thread inside the page's print() call,
    // before the page goes on to set its title. The marker: a request the UI thread serves after
    // that, so the thread has come back to its loop (and flushed its X requests) since.
    assert.deepEqual(await h.client.request(Requests.getCookies, { windowId: w.windowId }), []);
    const added = topLevelWindows().filter((t) => t.viewable && !before.includes(t.id) && t.id !== w.nativeHandle);
    assert.deepEqual(added.map((t) => t.name), [], 'no new top-level window');
  });
});

describe('Linux window chrome turned off (showChrome false)', function () {
  const suite = linuxSuite({ showChrome: false });
  let site: Site;
  before(async () => { site = await startSite(); });
  after(async () => { await site?.close(); });

  it('has no toolbar: the window is the page\'s size; turned on by configure, the toolbar comes back above the same viewport', async () => {
    const { h } = suite;
    const env = await h.environment();
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${site.origin}/size`, width: 600, height: 400 });
    const title = await h.next('titleChanged', (e) => e.windowId === w.windowId && /^\d+x\d+$/.test(e.title), 20000, since);
    assert.equal(title.params.title, '600x400');
    await until('the X window at the page\'s size', () => { const g = windowGeometry(w.nativeHandle); return g.width === 600 && g.height === 400 || undefined; });
    await h.client.request(Requests.configure, { ...DEFAULT_HELPER_SETTINGS, showChrome: true });
    const grown = await until('the toolbar back', () => { const g = windowGeometry(w.nativeHandle); return g.height > 400 ? g : undefined; });
    assert.ok(grown.height - 400 >= 24, `grew by ${grown.height - 400} px`);
    const reloaded = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    const again = await h.next('titleChanged', (e) => e.windowId === w.windowId && /^\d+x\d+$/.test(e.title), 10000, reloaded);
    assert.equal(again.params.title, '600x400');
  });
});
