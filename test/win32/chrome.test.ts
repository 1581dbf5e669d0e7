// The window's own chrome on Windows in the real helper, against the test runtime under Wine and
// a real HTTP server on 127.0.0.1 (the runtime fetches loopback pages for real): the toolbar's
// controls as child windows of the top-level window, the page's viewport below them at the asked
// size, the address field driven by WM_CHAR and WM_KEYDOWN posted to its EDIT, and the window's
// keys pressed "in the page" (the runtime raises AcceleratorKeyPressed for them, keys.c).
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { Requests, type WindowInfo } from '../../src/protocol';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import type { Harness } from '../support/harness';
import { listenOnFreePort } from '../support/ports';
import { until } from '../support/until';
import { windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';
import { displayShot } from '../support/displayShot';
import {
  caption, children, click, clientSize, enabled, FindWindowW, keyDown, keysInPage, MOD, openMenu, pageProperty, pageWindow, placeIn, pressInPage,
  selection, text, topmost, typeInto, visible, VK,
} from '../support/win32Chrome';

interface Site {
  origin: string;
  hits: Map<string, number>;
  /** The Cache-Control header of each request, in order, per path. */
  cache: Map<string, string[]>;
  close(): Promise<void>;
}

async function startSite(): Promise<Site> {
  const hits = new Map<string, number>();
  const cache = new Map<string, string[]>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    cache.set(p, [...(cache.get(p) ?? []), String(req.headers['cache-control'] ?? '')]);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(`<!doctype html><title>page ${p}</title><p>${p}`);
  });
  const port = await listenOnFreePort(server);
  return {
    origin: `http://127.0.0.1:${port}`, hits, cache,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The toolbar's controls by their text (BUTTONs) and the address field (the one EDIT). */
function toolbar(w: WindowInfo) {
  const buttons = new Map(children(w.nativeHandle, 'BUTTON').map((b) => [caption(b), b]));
  const get = (label: string) => {
    const b = buttons.get(label);
    if (!b) throw new Error(`no "${label}" button; the toolbar has ${[...buttons.keys()].map((k) => `"${k}"`).join(', ')}`);
    return b;
  };
  const edits = children(w.nativeHandle, 'EDIT');
  assert.equal(edits.length, 1, 'one address field');
  return { buttons, get, address: edits[0] };
}

describeWithTestRuntime('Windows window chrome and keys', function () {
  let h: Harness;
  let env: number;
  let site: Site;
  before(async () => {
    site = await startSite();
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  async function open(pathname: string, size = { width: 640, height: 480 }): Promise<WindowInfo> {
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${site.origin}${pathname}`, ...size });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    return w;
  }
  const row = async (id: number) => (await h.client.request(Requests.listWindows)).find((w) => w.windowId === id);
  const hits = (p: string) => site.hits.get(p) ?? 0;

  it('puts the toolbar\'s controls above a page whose viewport is the asked size, at creation and after setBounds', async () => {
    const w = await open('/size', { width: 700, height: 500 });
    const bar = toolbar(w);
    for (const label of ['\u2190', '\u2192', 'Reload', '100 %', 'Device', 'Screenshot', 'Top', 'DevTools']) bar.get(label);
    assert.ok(visible(bar.address));
    const page = placeIn(w.nativeHandle, pageWindow(w.nativeHandle));
    assert.deepEqual([page.right - page.left, page.bottom - page.top], [700, 500], 'the controller\'s bounds are the asked viewport');
    const toolbarHeight = page.top;
    assert.ok(toolbarHeight >= 24 && toolbarHeight <= 80, `the page sits below a toolbar, not ${toolbarHeight} px down`);
    const field = placeIn(w.nativeHandle, bar.address);
    assert.ok(field.bottom <= toolbarHeight && field.right - field.left > 100, 'the address field is in the toolbar and has room');
    assert.deepEqual(clientSize(w.nativeHandle), { width: 700, height: 500 + toolbarHeight }, 'the window grew by the toolbar');
    assert.deepEqual([w.bounds.width, w.bounds.height], [700, 500], 'createWindow reports the viewport');
    await displayShot('win32-chrome.png'); // for a person to look at

    await h.client.request(Requests.setBounds, { windowId: w.windowId, width: 520, height: 400, x: 30, y: 20 });
    const moved = placeIn(w.nativeHandle, pageWindow(w.nativeHandle));
    assert.deepEqual([moved.top, moved.right - moved.left, moved.bottom - moved.top], [toolbarHeight, 520, 400]);
    assert.deepEqual((await row(w.windowId))?.bounds, { x: 30, y: 20, width: 520, height: 400 });
  });

  it('navigates to what is typed into the address field (Ctrl+L in the page, WM_CHARs, Enter), completing host:port to http', async () => {
    const w = await open('/start');
    const { address } = toolbar(w);
    assert.equal(text(address), `${site.origin}/start`, 'the field shows the page\'s address');
    pressInPage(w.nativeHandle, VK.L, MOD.CONTROL);
    await until('Ctrl+L selected the field\'s text', () => { const [a, b] = selection(address); return a === 0 && b === `${site.origin}/start`.length; });
    const since = h.mark();
    typeInto(address, `${site.origin.replace('http://', '')}/typed`);
    keyDown(address, VK.RETURN);
    const done = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(done.params.url, `${site.origin}/typed`);
    assert.equal(hits('/typed'), 1);
    assert.equal(text(address), `${site.origin}/typed`);
  });

  it('refuses a javascript: address: nothing navigates, the title and the log say why, Esc puts the address back', async () => {
    const w = await open('/victim');
    const { address } = toolbar(w);
    pressInPage(w.nativeHandle, VK.L, MOD.CONTROL);
    await until('the field selected', () => selection(address)[1] > 0);
    const since = h.mark();
    typeInto(address, "javascript:location='/pwned'");
    keyDown(address, VK.RETURN);
    await h.next('log', (l) => /window \d+: the address field did not navigate: .*only http and https addresses, not javascript:/.test(l.message), 10000, since);
    assert.match(caption(BigInt(w.nativeHandle)), /^Not opened: .*javascript:/);
    assert.equal((await row(w.windowId))?.url, `${site.origin}/victim`);
    keyDown(address, VK.ESCAPE);
    await until('Esc put the page\'s address back', () => text(address) === `${site.origin}/victim`);
    // The marker: an address typed after it, which the field takes in turn (its messages are
    // handled in order). Up to its load nothing else loaded, and no script asked for /pwned.
    pressInPage(w.nativeHandle, VK.L, MOD.CONTROL);
    await until('the field selected again', () => selection(address)[1] > 0);
    typeInto(address, `${site.origin}/after`);
    keyDown(address, VK.RETURN);
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.url === `${site.origin}/after`, 10000, since);
    assert.deepEqual(h.events.slice(since).filter((e) => e.method === 'navigationCompleted' && e.params.windowId === w.windowId).map((e) => e.params.url),
      [`${site.origin}/after`]);
    assert.equal(hits('/pwned'), 0);
  });

  it('reloads with F5 and Ctrl+R, and without the cache with Ctrl+Shift+R (Page.reload ignoreCache), as the server sees', async () => {
    const w = await open('/reload');
    const keysBefore = keysInPage(w.nativeHandle);
    for (const [i, [vk, mods, header]] of ([[VK.F5, 0, 'max-age=0'], [VK.R, MOD.CONTROL, 'max-age=0'], [VK.R, MOD.CONTROL | MOD.SHIFT, 'no-cache']] as const).entries()) {
      const since = h.mark();
      pressInPage(w.nativeHandle, vk, mods);
      await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
      assert.equal(hits('/reload'), i + 2, `key ${i} reloaded`);
      assert.equal(site.cache.get('/reload')?.[i + 1], header);
    }
    assert.equal(keysInPage(w.nativeHandle), keysBefore, 'the page got none of the keys the window handled');
  });

  it('lets keys it does not use go on to the page: a letter (not an accelerator) and Ctrl+B (unhandled)', async () => {
    const w = await open('/keys');
    const before = keysInPage(w.nativeHandle);
    pressInPage(w.nativeHandle, VK.A);
    pressInPage(w.nativeHandle, VK.B, MOD.CONTROL);
    await until('both keys in the page', () => keysInPage(w.nativeHandle) === before + 2);
  });

  it('goes back and forward with Alt+Left and Alt+Right, and with the toolbar, enabled per CanGoBack/CanGoForward', async () => {
    const w = await open('/one');
    const bar = toolbar(w);
    assert.equal(enabled(bar.get('\u2190')), false, 'nothing to go back to');
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${site.origin}/two` });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    await until('back enabled', () => enabled(bar.get('\u2190')) && !enabled(bar.get('\u2192')));
    pressInPage(w.nativeHandle, VK.LEFT, MOD.ALT);
    await until('back on /one', async () => (await row(w.windowId))?.url === `${site.origin}/one` || undefined);
    await until('forward enabled', () => enabled(bar.get('\u2192')));
    pressInPage(w.nativeHandle, VK.RIGHT, MOD.ALT);
    await until('forward on /two', async () => (await row(w.windowId))?.url === `${site.origin}/two` || undefined);
    click(bar.get('\u2190'));
    await until('the back button went to /one', async () => (await row(w.windowId))?.url === `${site.origin}/one` || undefined);
  });

  it('zooms with Ctrl+=, Ctrl+- and Ctrl+0 in the extension\'s steps; listWindows and clients hear of it; the label resets', async () => {
    const w = await open('/zoom');
    const zoomIs = (z: number) => until(`zoom ${z}`, async () => (await row(w.windowId))?.zoom === z || undefined);
    pressInPage(w.nativeHandle, VK.OEM_PLUS, MOD.CONTROL);
    await zoomIs(1.1);
    pressInPage(w.nativeHandle, VK.OEM_PLUS, MOD.CONTROL | MOD.SHIFT);
    await zoomIs(1.25);
    const label = () => children(w.nativeHandle, 'BUTTON').map(caption).find((c) => / %$/.test(c));
    await until('the label says 125 %', () => label() === '125 %');
    pressInPage(w.nativeHandle, VK.ZERO, MOD.CONTROL);
    await zoomIs(1);
    pressInPage(w.nativeHandle, VK.OEM_MINUS, MOD.CONTROL);
    await zoomIs(0.9);
    assert.ok(h.events.some((e) => e.method === 'windowChanged' && e.params.windowId === w.windowId && e.params.zoom === 0.9), 'clients heard it as windowChanged');
    click(toolbar(w).get('90 %'));
    await zoomIs(1);
  });

  it('chooses a device from the Device button\'s menu (TrackPopupMenu, driven by its keys), and asks the client for a screenshot by button and Ctrl+Shift+S', async () => {
    const w = await open('/device');
    let since = h.mark();
    click(toolbar(w).get('Device'));
    const menu = await until('the device menu', () => openMenu());
    await displayShot('win32-device-menu.png');
    keyDown(menu, VK.DOWN); // the first preset: Phone
    keyDown(menu, VK.RETURN);
    await h.next('windowChanged', (e) => e.windowId === w.windowId && e.device === 'Phone' && e.bounds.width === 375 && e.bounds.height === 667, 10000, since);
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(hits('/device'), 2, 'reloaded once, as the phone');
    assert.deepEqual(['Width', 'Height', 'Mobile'].map((p) => pageProperty(w.nativeHandle, `WebView2TestDevice${p}`)), [375, 667, 1], 'the DevTools Emulation domain was told');
    await h.next('log', (l) => new RegExp(`^window ${w.windowId} is a Phone \\(chosen in the window\\): viewport 375 \u00d7 667, user agent, pixel ratio 2 and touch emulated; reloaded$`).test(l.message), 5000, since);
    const page = placeIn(w.nativeHandle, pageWindow(w.nativeHandle));
    assert.deepEqual([page.right - page.left, page.bottom - page.top], [375, 667], 'the page is the phone\'s size below the toolbar');

    // At a phone's width the toolbar fits: DevTools and Screenshot give way (F12 and Ctrl+Shift+S remain).
    const width = clientSize(w.nativeHandle).width;
    const shownButtons = children(w.nativeHandle, 'BUTTON').filter(visible);
    assert.deepEqual(shownButtons.map(caption), ['\u2190', '\u2192', 'Reload', '100 %', 'Device', 'Top']);
    for (const b of [...shownButtons, toolbar(w).address]) assert.ok(placeIn(w.nativeHandle, b).right <= width, `${caption(b)} is inside the ${width}-pixel window`);

    // Ctrl+Shift+M in the page: the menu opens at the top of the UI loop, not inside the key's handler,
    // and the choice (Laptop, the last) can wait for the engine.
    since = h.mark();
    pressInPage(w.nativeHandle, VK.M, MOD.CONTROL | MOD.SHIFT);
    const again = await until('the device menu from the key', () => openMenu());
    for (let i = 0; i < 4; i++) keyDown(again, VK.DOWN);
    keyDown(again, VK.RETURN);
    await h.next('windowChanged', (e) => e.windowId === w.windowId && e.device === undefined && e.bounds.width === 1280, 10000, since);
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.deepEqual(['Width', 'Height', 'Mobile'].map((p) => pageProperty(w.nativeHandle, `WebView2TestDevice${p}`)), [0, 0, 0], 'every override cleared');
    assert.deepEqual(h.events.slice(since).filter((e) => e.method === 'hazard' || (e.method === 'log' && e.params.level === 'error')).map((e) => e.params),
      [], 'no wait refused, no error');
    assert.deepEqual(children(w.nativeHandle, 'BUTTON').filter(visible).map(caption), ['\u2190', '\u2192', 'Reload', '100 %', 'Device', 'Screenshot', 'Top', 'DevTools'], 'wide again: every control');

    since = h.mark();
    click(toolbar(w).get('Screenshot'));
    await h.next('screenshotRequested', (e) => e.windowId === w.windowId, 10000, since);
    pressInPage(w.nativeHandle, VK.S, MOD.CONTROL | MOD.SHIFT);
    await until('a second screenshotRequested', () => h.events.slice(since).filter((e) => e.method === 'screenshotRequested' && e.params.windowId === w.windowId).length === 2 || undefined);
  });

  it('opens DevTools with F12, keeps the window on top with its toggle, and closes with Ctrl+W as its user did', async () => {
    const w = await open('/devtools');
    pressInPage(w.nativeHandle, VK.F12);
    await until('a DevTools window', () => FindWindowW(null, `DevTools - ${site.origin}/devtools`));
    assert.equal(topmost(w.nativeHandle), false);
    click(toolbar(w).get('Top'));
    await until('kept on top', () => topmost(w.nativeHandle));
    const since = h.mark();
    pressInPage(w.nativeHandle, VK.W, MOD.CONTROL);
    const closed = await h.next('windowClosed', (e) => e.windowId === w.windowId, 5000, since);
    assert.equal(closed.params.reason, 'user');
    assert.equal(await row(w.windowId), undefined);
  });

  it('has the DevTools button disabled, and F12 doing nothing but say so, when the setting turns DevTools off', async () => {
    const w = await open('/nodevtools');
    await h.client.request(Requests.configure, { ...DEFAULT_HELPER_SETTINGS, devTools: false });
    try {
      assert.equal(enabled(toolbar(w).get('DevTools')), false);
      const since = h.mark();
      pressInPage(w.nativeHandle, VK.F12);
      await h.next('log', (l) => l.message === `window ${w.windowId}: DevTools are turned off (setting webview2Host.devTools)`, 5000, since);
      assert.equal(FindWindowW(null, `DevTools - ${site.origin}/nodevtools`), null);
    } finally {
      await h.client.request(Requests.configure, { ...DEFAULT_HELPER_SETTINGS });
    }
  });
});

describeWithTestRuntime('Windows window chrome turned off (showChrome false)', function () {
  let h: Harness;
  let site: Site;
  before(async () => {
    site = await startSite();
    h = windowsHarness({ showChrome: false });
    await h.client.start();
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  it('has no toolbar: the page fills the window; turned on by configure, the toolbar comes back above the same viewport', async () => {
    const env = await h.environment();
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${site.origin}/plain`, width: 600, height: 400 });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.deepEqual(children(w.nativeHandle, 'BUTTON').filter(visible), [], 'no visible buttons');
    assert.deepEqual(children(w.nativeHandle, 'EDIT').filter(visible), [], 'no visible address field');
    const page = placeIn(w.nativeHandle, pageWindow(w.nativeHandle));
    assert.deepEqual([page.top, page.right - page.left, page.bottom - page.top], [0, 600, 400]);
    assert.deepEqual(clientSize(w.nativeHandle), { width: 600, height: 400 });
    pressInPage(w.nativeHandle, VK.L, MOD.CONTROL); // nothing to focus: ignored

    await h.client.request(Requests.configure, { ...DEFAULT_HELPER_SETTINGS, showChrome: true });
    const bar = toolbar(w);
    assert.ok(visible(bar.address) && visible(bar.get('Reload')));
    const below = placeIn(w.nativeHandle, pageWindow(w.nativeHandle));
    assert.ok(below.top >= 24, `the page moved below the toolbar (${below.top} px)`);
    assert.deepEqual([below.right - below.left, below.bottom - below.top], [600, 400], 'the same viewport');
    assert.deepEqual([(await h.client.request(Requests.listWindows))[0].bounds.width, (await h.client.request(Requests.listWindows))[0].bounds.height], [600, 400]);
  });
});
