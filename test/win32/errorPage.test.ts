// Failed loads in the Windows backend, in the real helper against the test runtime under Wine and
// real HTTP servers on 127.0.0.1 (the runtime fetches loopback pages for real): our page in place
// of the engine's, answered through WebResourceRequested at the failed address (read back through
// the page's title), the history kept, Retry and Edit address clicked on the page (the runtime's
// WebView2TestPageClick), a page's script that cannot reach the address field, and a window opened
// before its dev server starts that loads by itself once the server listens.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import { EDIT_ADDRESS_URL } from '../../src/helper/errorPage';
import { Requests, type WindowInfo } from '../../src/protocol';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import { ARTIFACTS, type Harness } from '../support/harness';
import { freePort, listenOnFreePort } from '../support/ports';
import { until } from '../support/until';
import { caption, children, click, clickInPage, enabled, keyDown, pageWindow, selection, text, typeInto, VK } from '../support/win32Chrome';
import { windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const WAIT_MS = 60000;
const SETTINGS = { ...DEFAULT_HELPER_SETTINGS, waitForServerMs: WAIT_MS };

interface Site {
  origin: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** A dev server (on a given port, or a free one): each path's hits counted; a page may send itself on by script. */
async function startSite(port?: number): Promise<Site> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const script = p === '/hostile' ? `<script>location.href = "${EDIT_ADDRESS_URL}";</script>` : `<script>console.log("app up at ${p}")</script>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(`<!doctype html><title>app ${p}</title>${script}<p>app</p>`);
  });
  const bound = port === undefined ? await listenOnFreePort(server) : await new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve(port)));
  return {
    origin: `http://127.0.0.1:${bound}`,
    hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describeWithTestRuntime('Windows error page and waiting for a dev server', function () {
  let h: Harness;
  let env: number;
  let site: Site;
  before(async () => {
    site = await startSite();
    h = windowsHarness(SETTINGS);
    await h.client.start();
    env = await h.environment();
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });
  afterEach(async () => {
    if (h?.client.state.kind === 'ready') await h.client.request(Requests.closeAll);
  });

  const row = async (id: number) => (await h.client.request(Requests.listWindows)).find((w) => w.windowId === id);
  const completions = (id: number, since: number) => h.events.slice(since).filter((e) => e.method === 'navigationCompleted' && e.params.windowId === id);
  const address = (w: WindowInfo) => children(w.nativeHandle, 'EDIT')[0];
  const backButton = (w: WindowInfo) => children(w.nativeHandle, 'BUTTON').find((b) => caption(b) === '\u2190')!;
  async function withSettings<T>(settings: typeof SETTINGS, body: () => Promise<T>): Promise<T> {
    await h.client.request(Requests.configure, settings);
    try {
      return await body();
    } finally {
      await h.client.request(Requests.configure, SETTINGS);
    }
  }

  it('shows our page at the address that failed, in place of the engine\'s, one history entry, reported once', async () => {
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${site.origin}/first`, width: 640, height: 480 });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 20000, since);
    const url = 'http://nowhere.invalid/some/page?q=1';
    const failedAt = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url });
    const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, failedAt);
    assert.equal(failed.params.isSuccess, false);
    assert.equal(failed.params.url, url);
    assert.match(failed.params.error, /host name not resolved/);
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Host not found (nowhere.invalid)', 10000, failedAt);
    await until('the page window shows our page', () => caption(pageWindow(w.nativeHandle)) === 'Host not found (nowhere.invalid)');
    await until('the address field keeps the address', () => text(address(w)) === url);
    assert.equal((await row(w.windowId))?.url, url);
    assert.equal(completions(w.windowId, failedAt).length, 1, 'our page is no navigation of its own');
    await h.client.request(Requests.screenshot, { windowId: w.windowId, path: path.join(ARTIFACTS, 'win32-error-page-dns.png') });
    // Back goes to the page before: our page replaced the engine's entry instead of adding one.
    const back = h.mark();
    await h.client.request(Requests.goBack, { windowId: w.windowId });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess && e.url === `${site.origin}/first`, 10000, back);
    await until('nothing more to go back to', () => !enabled(backButton(w)));
  });

  it('a window opened before its dev server starts waits, says so, and loads by itself when the server listens', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Waiting for 127.0.0.1:${port}`, 20000, since);
    await h.next('log', (l) => l.message.includes(`window ${w.windowId}: nothing answers at 127.0.0.1:${port} yet`), 5000, since);
    await new Promise((r) => setTimeout(r, 2000)); // the dev server starts 2 s later
    assert.equal((await row(w.windowId))?.failed, null, 'a waiting window is not failed');
    assert.equal(text(address(w)), url);
    await h.client.request(Requests.screenshot, { windowId: w.windowId, path: path.join(ARTIFACTS, 'win32-waiting-for-server.png') });
    const dev = await startSite(port);
    try {
      const loaded = await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 15000, since);
      assert.equal(loaded.params.url, url);
      await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'app up at /', 10000, since);
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'app /', 10000, since);
      assert.equal(dev.hits.get('/'), 1, 'the page was asked for once, when the server answered');
      assert.deepEqual(completions(w.windowId, since).map((e) => e.params.isSuccess), [true], 'no failure while it waited, our pages no navigations');
      assert.equal((await row(w.windowId))?.failed, null);
      const log = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
      // The network log has the refused load and the page: our waiting pages are no requests of the page's.
      assert.deepEqual(log.entries.map((e) => [e.url, e.status, e.failure?.kind ?? null]), [[url, null, 'refused'], [url, 200, null]]);
      await h.next('log', (l) => new RegExp(`window ${w.windowId}: 127\\.0\\.0\\.1:${port} answers \\(attempt \\d+`).test(l.message), 5000, since);
    } finally {
      await dev.close();
    }
  });

  it('Stop (the toolbar\'s, which shows while the window waits) ends the wait with our error page, reported once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Waiting for 127.0.0.1:${port}`, 20000, since);
    const stop = await until('the toolbar offers Stop', () => children(w.nativeHandle, 'BUTTON').find((b) => caption(b) === 'Stop'));
    click(stop);
    const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.match(failed.params.error, new RegExp(`^stopped waiting for 127\\.0\\.0\\.1:${port}: cannot connect`));
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Connection refused (127.0.0.1:${port})`, 10000, since);
    assert.match((await row(w.windowId))?.failed ?? '', /stopped waiting/);
    assert.equal(completions(w.windowId, since).length, 1);
  });

  it('Retry on our page is a link to the address; Edit address (clicked) gives the address field the keys', async () => {
    await withSettings({ ...SETTINGS, waitForServerMs: 0 }, async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Connection refused (127.0.0.1:${port})`, 20000, since);
      const retried = h.mark();
      clickInPage(w.nativeHandle, 1); // Retry
      const again = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, retried);
      assert.deepEqual([again.params.url, again.params.isSuccess], [url, false]);
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Connection refused (127.0.0.1:${port})`, 10000, retried);
      const edited = h.mark();
      clickInPage(w.nativeHandle, 2); // Edit address
      await until('Edit address selected the field\'s text', () => { const [a, b] = selection(address(w)); return a === 0 && b === url.length; });
      typeInto(address(w), `${site.origin.replace('http://', '')}/edited`);
      keyDown(address(w), VK.RETURN);
      const done = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, edited);
      assert.deepEqual([done.params.url, done.params.isSuccess], [`${site.origin}/edited`, true]);
      assert.equal(site.hits.get('/edited'), 1);
      assert.equal(completions(w.windowId, edited).length, 1, 'the cancelled Edit address navigation reports nothing');
    });
  });

  it('a page whose script goes to the Edit address link does not get the address field, and the navigation never happens', async () => {
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${site.origin}/hostile`, width: 640, height: 480 });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 20000, since);
    // A navigation after it: by its end the script's has been decided (the runtime starts it first).
    const after = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${site.origin}/after` });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 10000, after);
    assert.deepEqual(completions(w.windowId, since).map((e) => [e.params.url, e.params.isSuccess]), [[`${site.origin}/hostile`, true], [`${site.origin}/after`, true]]);
    // The field follows the page only while it does not have the keys: it never got them.
    await until('the field shows the page\'s address', () => text(address(w)) === `${site.origin}/after`);
  });
});
