// Failed loads in real WebKitGTK windows under Xvfb: our error page in place of WebKit's (read
// back through the window's title and the page's text in a PDF), the address kept, Retry and Edit
// address driven by real X key events, a hostile address that runs nothing, and a window opened
// before its dev server starts that loads by itself once the server listens.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { EDIT_ADDRESS_URL } from '../../src/helper/errorPage';
import { Requests, type WindowInfo } from '../../src/protocol';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import { ARTIFACTS, Harness } from '../support/harness';
import { colourCounts, readPng } from '../support/png';
import { linuxSuite } from '../support/linuxSuite';
import { freePort, listenOnFreePort } from '../support/ports';
import { focusWindow, pressKeys, typeText } from '../support/xtest';

const WAIT_MS = 60000;
const SETTINGS = { ...DEFAULT_HELPER_SETTINGS, waitForServerMs: WAIT_MS };

interface Site {
  origin: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** A dev server (on a given port, or a free one): each path's hits counted; every page has a title and logs. */
async function startSite(port?: number): Promise<Site> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(`<!doctype html><title>app ${p}</title><script>console.log("app up at ${p}")</script><p>app</p>`);
  });
  const bound = port === undefined ? await listenOnFreePort(server) : await new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve(port)));
  return {
    origin: `http://127.0.0.1:${bound}`,
    hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The text of a PDF, as poppler reads it. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Linux error page and waiting for a dev server', function () {
  const suite = linuxSuite({ waitForServerMs: WAIT_MS });
  let h: Harness;
  let env: number;
  let out: string;

  before(async () => {
    h = suite.h;
    env = await h.environment();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-errorpage-'));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  const row = async (id: number) => (await h.client.request(Requests.listWindows)).find((w) => w.windowId === id);
  const failures = (id: number, since: number) => h.events.slice(since).filter((e) => e.method === 'navigationCompleted' && e.params.windowId === id && !e.params.isSuccess);

  /** The text the window shows, through Save as PDF. */
  async function pageText(w: WindowInfo, name: string): Promise<string> {
    const file = path.join(out, `${name}.pdf`);
    await h.client.request(Requests.savePdf, { windowId: w.windowId, path: file });
    return pdfText(file);
  }

  it('shows our page for a host that does not resolve: the address kept, the reason in words, Retry and Edit address', async () => {
    const url = 'http://nowhere.invalid/some/page?q=1';
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
    const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.equal(failed.params.isSuccess, false);
    assert.equal(failed.params.url, url);
    const title = await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title !== '', 10000, since);
    assert.equal(title.params.title, 'Host not found (nowhere.invalid)');
    const text = await pageText(w, 'dns');
    assert.match(text, /Host not found/);
    assert.ok(text.includes(url), `the address is on the page: ${text}`);
    assert.match(text, /The host name was not found\./);
    assert.match(text, /Retry/);
    assert.match(text, /Edit address/);
    assert.equal((await row(w.windowId))?.url, url, 'the window keeps the address that failed');
    assert.equal(failures(w.windowId, since).length, 1, 'one failure reported');
    const shot = path.join(ARTIFACTS, 'linux-error-page-dns.png');
    await h.client.request(Requests.screenshot, { windowId: w.windowId, path: shot });
    assert.equal(colourCounts(readPng(shot))[0][0], '#ffffff', 'light by default');
  });

  it('is dark when the desktop is (GTK_THEME=Adwaita:dark), and still readable', async () => {
    const dark = new Harness({ waitForServerMs: WAIT_MS }, { GTK_THEME: 'Adwaita:dark' });
    try {
      await dark.client.start();
      const since = dark.mark();
      const w = await dark.client.request(Requests.createWindow, { environmentId: await dark.environment(), url: 'http://nowhere.invalid/', width: 640, height: 480 });
      await dark.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Host not found (nowhere.invalid)', 20000, since);
      const shot = path.join(ARTIFACTS, 'linux-error-page-dark.png');
      await dark.client.request(Requests.screenshot, { windowId: w.windowId, path: shot });
      const colours = colourCounts(readPng(shot)).map(([c]) => c);
      assert.equal(colours[0], '#202124', 'a dark background');
      assert.ok(colours.includes('#e8eaed'), `light text on it: ${colours.slice(0, 8).join(' ')}`);
    } finally {
      await dark.stop();
    }
  });

  it('shows our page for a port the engine blocks, and reports that one failure only', async () => {
    const url = 'http://127.0.0.1:6000/';
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Port blocked (127.0.0.1:6000)', 20000, since);
    const text = await pageText(w, 'blocked-port');
    assert.match(text, /The engine does not connect to this port/);
    assert.match(text, /port 6000 is blocked by the engine/);
    const completed = h.events.slice(since).filter((e) => e.method === 'navigationCompleted' && e.params.windowId === w.windowId);
    assert.deepEqual(completed.map((e) => [e.params.url, e.params.isSuccess]), [[url, false]]);
    assert.equal((await row(w.windowId))?.url, url);
  });

  it('shows the escaped address of a hostile URL as text, and runs none of it', async () => {
    const url = 'http://nowhere.invalid/x?a=1&b="q"&c=\'s\'&d=<script>console.log("pwned")</script>#<img src=x onerror=console.log("pwned2")>';
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
    const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    const text = await pageText(w, 'hostile');
    // The engine's own form of the address (percent-encoded where URLs say so), shown as text.
    assert.ok(text.replace(/\s+/g, '').includes(failed.params.url.replace(/\s+/g, '')), `the address shows as text: ${text}`);
    assert.match(text, /&b=/, 'an ampersand is shown, not read as markup');
    // Then a page that logs: its message arrives, and nothing of the hostile address ran before it.
    const after = h.mark();
    const site = await startSite();
    try {
      await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${site.origin}/after` });
      await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'app up at /after', 20000, after);
      assert.deepEqual(h.events.slice(since).filter((e) => e.method === 'consoleMessage' && /pwned/.test(e.params.message)), []);
    } finally {
      await site.close();
    }
  });

  it('shows our page at once for a refused address when the window does not wait (waitForServerMs 0)', async () => {
    await h.client.request(Requests.configure, { ...SETTINGS, waitForServerMs: 0 });
    try {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
      const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
      assert.equal(failed.params.isSuccess, false);
      assert.match(failed.params.error, /Connection refused/);
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Connection refused (127.0.0.1:${port})`, 10000, since);
      const text = await pageText(w, 'refused');
      assert.match(text, /The server refused the connection/);
      assert.match(text, /Connection refused/, 'the engine\'s reason');
    } finally {
      await h.client.request(Requests.configure, { ...SETTINGS, waitForServerMs: WAIT_MS });
    }
  });

  it('a window opened before its dev server starts waits, says so, and loads by itself when the server listens', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Waiting for 127.0.0.1:${port}`, 20000, since);
    await h.next('log', (l) => l.message.includes(`window ${w.windowId}: nothing answers at 127.0.0.1:${port} yet`), 5000, since);
    await sleep(2000); // the dev server starts 2 s later
    const text = await pageText(w, 'waiting');
    assert.match(text, new RegExp(`Waiting for 127\\.0\\.0\\.1:${port}`));
    const attempt = Number(/Attempt (\d+)/.exec(text)?.[1]);
    assert.ok(attempt >= 3, `the attempts are counted: ${text}`);
    await h.client.request(Requests.screenshot, { windowId: w.windowId, path: path.join(ARTIFACTS, 'linux-waiting-for-server.png') });
    const row1 = await row(w.windowId);
    assert.equal(row1?.failed, null, 'a waiting window is not failed');
    assert.equal(row1?.url, url);
    const site = await startSite(port);
    try {
      const loaded = await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 15000, since);
      assert.equal(loaded.params.url, url);
      await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'app up at /', 10000, since);
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'app /', 10000, since);
      assert.equal(site.hits.get('/'), 1, 'the page was asked for once, when the server answered');
      assert.deepEqual(failures(w.windowId, since), [], 'no failure was reported while it waited');
      const completed = h.events.slice(since).filter((e) => e.method === 'navigationCompleted' && e.params.windowId === w.windowId);
      assert.equal(completed.length, 1, 'one navigation reported: the page, when it loaded (our pages are not navigations)');
      const log = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
      // The network log has the refused load and the page: our waiting pages are no requests of the page's.
      assert.deepEqual(log.entries.map((e) => [e.url, e.status, e.failure?.kind ?? null]), [[url, null, 'refused'], [url, 200, null]]);
      assert.equal((await row(w.windowId))?.failed, null);
    } finally {
      await site.close();
    }
  });

  it('another page asked for ends the wait at once: that page loads, and nothing is reported of the wait', async () => {
    const site = await startSite();
    try {
      const port = await freePort();
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `http://127.0.0.1:${port}/`, width: 640, height: 480 });
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Waiting for 127.0.0.1:${port}`, 20000, since);
      await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${site.origin}/elsewhere` });
      await h.next('log', (l) => l.message === `window ${w.windowId}: stopped waiting for 127.0.0.1:${port}: another page was asked for`, 10000, since);
      const loaded = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
      assert.deepEqual([loaded.params.url, loaded.params.isSuccess], [`${site.origin}/elsewhere`, true]);
      assert.equal((await row(w.windowId))?.failed, null);
    } finally {
      await site.close();
    }
  });

  it('Stop ends the wait with our error page, reported once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Waiting for 127.0.0.1:${port}`, 20000, since);
    focusWindow(w.nativeHandle);
    pressKeys('Escape');
    const failed = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(failed.params.isSuccess, false);
    assert.match(failed.params.error, new RegExp(`^stopped waiting for 127\\.0\\.0\\.1:${port}: .*Connection refused`));
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Connection refused (127.0.0.1:${port})`, 10000, since);
    const text = await pageText(w, 'stopped');
    assert.match(text, new RegExp(`Stopped waiting for 127\\.0\\.0\\.1:${port}\\.`));
    assert.match((await row(w.windowId))?.failed ?? '', /stopped waiting/);
    assert.equal(failures(w.windowId, since).length, 1);
  });

  it('Retry on our page is a plain link to the address; Edit address focuses the address field', async () => {
    const site = await startSite();
    try {
      const port = await freePort();
      await h.client.request(Requests.configure, { ...SETTINGS, waitForServerMs: 0 });
      const url = `http://127.0.0.1:${port}/`;
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url, width: 640, height: 480 });
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Connection refused (127.0.0.1:${port})`, 20000, since);
      // Tab to the first link (Retry) and press Enter: the same address again, failing the same way.
      focusWindow(w.nativeHandle);
      const retried = h.mark();
      pressKeys('Tab');
      pressKeys('Return');
      const again = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, retried);
      assert.equal(again.params.url, url);
      assert.equal(again.params.isSuccess, false);
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === `Connection refused (127.0.0.1:${port})`, 10000, retried);
      // Tab twice to Edit address, Enter: the keys now go to the address field.
      focusWindow(w.nativeHandle);
      const edited = h.mark();
      pressKeys('Tab');
      pressKeys('Tab');
      pressKeys('Return');
      await sleep(300); // the click's decision runs in the engine; typing waits for it
      typeText(`${site.origin.replace('http://', '')}/edited`);
      pressKeys('Return');
      const done = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 10000, edited);
      assert.equal(done.params.url, `${site.origin}/edited`);
      assert.equal(done.params.isSuccess, true);
      assert.equal(site.hits.get('/edited'), 1);
    } finally {
      await h.client.request(Requests.configure, { ...SETTINGS, waitForServerMs: WAIT_MS });
      await site.close();
    }
  });

  it('a page that sends itself to the Edit address link does not get the address field', async () => {
    const site = await startSite();
    const hostile = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>hostile</title><script>
        addEventListener('keydown', (e) => console.log('page key ' + e.key));
        location.href = ${JSON.stringify(EDIT_ADDRESS_URL)};
        setTimeout(() => console.log('still here'), 300);
      </script>`);
    });
    const port = await listenOnFreePort(hostile);
    try {
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `http://127.0.0.1:${port}/`, width: 640, height: 480 });
      await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'still here', 20000, since);
      assert.equal((await row(w.windowId))?.url, `http://127.0.0.1:${port}/`, 'the reserved address never loads');
      // The keys still go to the page: it hears a typed key.
      focusWindow(w.nativeHandle);
      typeText('k');
      await h.next('consoleMessage', (e) => e.windowId === w.windowId && e.message === 'page key k', 10000, since);
    } finally {
      await new Promise((r) => { hostile.closeAllConnections(); hostile.close(r); });
      await site.close();
    }
  });
});
