// Popups on Windows: NewWindowRequested answered with a deferral, the new window's controller made
// after the handler returned, put_NewWindow, Complete; WindowCloseRequested closes the window.
// Under Wine against the test runtime, which raises NewWindowRequested for a page's
// window.open("…") and for an anchor it activates (native/test-runtime/newWindow.c says what it
// models) and holds the host to WebView2's contract: the new webview from the opener's environment,
// not navigated, set before the deferral completes, and no controller created inside the handler
// (it says so on stderr, which the helper's log carries, and fails the call). On real Windows, the
// same pages against the installed runtime, which runs their script.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as koffi from 'koffi';
import { Requests } from '../../src/protocol';
import { Limits } from '../../src/limits';
import { CASCADE_STEP } from '../../src/helper/placement';
import type { Harness } from '../support/harness';
import { startStaticServer, type StaticServer } from '../support/staticServer';
import { TEST_RUNTIME, windowsHarness } from '../support/winRuntime';
import { pendingWithoutTestRuntime } from '../support/wine';

const user32 = koffi.load('user32.dll');
const FindWindowW = user32.func('void * __stdcall FindWindowW(const char16_t *cls, const char16_t *title)');

const PAGES: Record<string, string> = {
  'opener.html': [
    '<!doctype html><title>opener</title><script>',
    'addEventListener("message", (e) => { console.log(e.data); });',
    'window.open("popup.html", "signin", "width=420,height=360");',
    '</script>',
  ].join('\n'),
  'popup.html': [
    '<!doctype html><title>sign-in</title><script>',
    'document.cookie = "popup_session=signed-in; path=/";',
    'window.opener.postMessage("signed in", "*");',
    'console.log("popup loaded");',
    '</script>',
  ].join('\n'),
  'closes.html': '<!doctype html><title>closes</title><script>window.open("closer.html", "closer", "width=300,height=200");</script>',
  'closer.html': '<!doctype html><title>closer</title><script>console.log("closing myself"); window.close();</script>',
  'link.html': '<!doctype html><title>link</title><a href="target.html" target="_blank" data-webview2-test-click>open</a>',
  'target.html': '<!doctype html><title>target</title><script>window.opener.postMessage("from a link", "*");</script>',
  'blank.html': '<!doctype html><title>blank</title><script>window.open("about:blank");</script>',
  'loop.html': `<!doctype html><title>loop</title><script>\n${Array.from({ length: Limits.maxOpenPopups + 5 }, (_, i) =>
    `window.open("popup.html?n=${i}", "w${i}", "width=200,height=150");`).join('\n')}\n</script>`,
};

describe('Windows popups (NewWindowRequested with a deferral, WindowCloseRequested)', function () {
  let dir: string;
  let server: StaticServer;
  let h: Harness;
  let env: number;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-popups-'));
    for (const [name, text] of Object.entries(PAGES)) fs.writeFileSync(path.join(dir, name), text);
    server = await startStaticServer(dir);
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
  });
  let logsBefore = 0;
  beforeEach(() => { logsBefore = h.logs.length; });
  afterEach(async () => {
    // The test runtime says on stderr what it refused the host (the client's log carries it): nothing.
    const refusals = h.logs.slice(logsBefore).filter((l) => l.includes('test runtime:'));
    if (h?.client.state.kind === 'ready') await h.client.request(Requests.closeAll);
    assert.deepEqual(refusals, [], 'the test runtime refused nothing the host did');
  });
  after(async () => {
    await h?.stop();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const page = (name: string) => `${server.origin}/${name}`;
  async function opener(name: string) {
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: page(name), x: 20, y: 20, width: 640, height: 480 });
    return { w, since };
  }

  it('window.open opens a product window in the opener\'s environment, beside it at the asked size: listed with its opener, its console relayed, its message and its cookie reach the opener', async () => {
    const { w, since } = await opener('opener.html');
    const opened = await h.next('windowOpened', (e) => e.openerId === w.windowId, 20000, since);
    const popupId: number = opened.params.windowId;
    assert.equal(opened.params.url, page('popup.html'));
    assert.equal(opened.params.window.environmentId, env);
    assert.deepEqual(opened.params.window.bounds, { x: w.bounds.x + CASCADE_STEP, y: w.bounds.y + CASCADE_STEP, width: 420, height: 360 });
    const loaded = await h.next('navigationCompleted', (e) => e.windowId === popupId, 20000, since);
    assert.equal(loaded.params.url, page('popup.html'));
    assert.equal(loaded.params.isSuccess, true);
    await h.next('consoleMessage', (e) => e.windowId === popupId && e.message === 'popup loaded', 20000, since);
    await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'signed in', 20000, since);
    const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId });
    assert.deepEqual(cookies.filter((c) => c.name === 'popup_session').map((c) => [c.value, c.domain]), [['signed-in', '127.0.0.1']]);
    const listed = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === popupId);
    assert.equal(listed?.openerId, w.windowId);
    assert.equal(listed?.url, page('popup.html'));
    if (TEST_RUNTIME) assert.equal(FindWindowW(null, `WebView2 runtime popup - ${page('popup.html')}`), null, 'the runtime opened no window of its own');
  });

  it('the popup\'s window.close() closes its window, reported as the page\'s doing', async () => {
    const { w, since } = await opener('closes.html');
    const opened = await h.next('windowOpened', (e) => e.openerId === w.windowId, 20000, since);
    const closed = await h.next('windowClosed', (e) => e.windowId === opened.params.windowId, 20000, since);
    assert.equal(closed.params.reason, 'page');
    const list = await h.client.request(Requests.listWindows);
    assert.ok(!list.some((x) => x.windowId === opened.params.windowId));
    assert.ok(list.some((x) => x.windowId === w.windowId), 'the opener stays');
  });

  pendingWithoutTestRuntime(it, 'a link with target=_blank, activated by the test runtime, opens a window without an opener', async () => {
    const { w, since } = await opener('link.html');
    const opened = await h.next('windowOpened', (e) => e.openerId === w.windowId, 20000, since);
    const thrown = await h.next('consoleMessage', (e) => e.windowId === opened.params.windowId && e.kind === 'exception', 20000, since);
    assert.equal(thrown.params.message, 'Uncaught TypeError: Cannot read properties of null (reading \'postMessage\')');
  });

  it('with popups set to externalBrowser, an http(s) popup goes to the client and nothing native opens; about:blank is refused and logged', async () => {
    const settings = { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000 } as const;
    await h.client.request(Requests.configure, { ...settings, popups: 'externalBrowser' });
    try {
      let { w, since } = await opener('opener.html');
      const external = await h.next('openExternal', (e) => e.windowId === w.windowId, 20000, since);
      assert.equal(external.params.url, page('popup.html'));
      await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
      assert.ok(!h.events.slice(since).some((e) => e.method === 'windowOpened'));
      if (TEST_RUNTIME) assert.equal(FindWindowW(null, `WebView2 runtime popup - ${page('popup.html')}`), null, 'handled: the runtime opened nothing either');
      ({ w, since } = await opener('blank.html'));
      await h.next('log', (e) => e.message === `window ${w.windowId}: a popup for "about:blank" was refused: only http(s) addresses go to the system browser (setting popups)`, 20000, since);
      assert.ok(!h.events.slice(since).some((e) => e.method === 'windowOpened' || e.method === 'openExternal'));
    } finally {
      await h.client.request(Requests.configure, { ...settings, popups: 'window' });
    }
  });

  it(`a page opening windows in a loop gets ${Limits.maxOpenPopups}; the next are refused, named once in the log`, async () => {
    const { w, since } = await opener('loop.html');
    const named = await h.next('log', (e) => e.message.includes('further popups are refused'), 60000, since);
    assert.equal(named.params.message, `window ${w.windowId}: its page has ${Limits.maxOpenPopups} popups open, the most a window may have; further popups are refused until some close`);
    for (let i = 0; i < Limits.maxOpenPopups; i++) await h.next('navigationCompleted', (e) => e.url === page(`popup.html?n=${i}`), 60000, since);
    const opened = h.events.slice(since).filter((e) => e.method === 'windowOpened');
    assert.equal(opened.length, Limits.maxOpenPopups);
    assert.equal(h.events.slice(since).filter((e) => e.method === 'log' && e.params.message.includes('further popups are refused')).length, 1);
    assert.equal((await h.client.request(Requests.listWindows)).filter((x) => x.openerId === w.windowId).length, Limits.maxOpenPopups);
    if (TEST_RUNTIME) assert.equal(FindWindowW(null, `WebView2 runtime popup - ${page(`popup.html?n=${Limits.maxOpenPopups}`)}`), null, 'the refused ones were handled');
  });
});
