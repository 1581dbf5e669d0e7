// WebKit's own processes: a window's web process killed from outside is reported as a crashed page
// (web-process-terminated), and Reload brings the page back in the same window, same id, also when
// the page crashed before its first load finished.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { Requests } from '../../src/protocol';
import { page, type CookieServer } from '../support/cookieServer';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { listenOnFreePort } from '../support/ports';
import { descendantsNamed } from '../support/processTree';

/** A server whose pages are held unanswered until `release`, so that a test can act mid-load. */
async function holdingServer(): Promise<{ origin: string; held: Promise<void>; release(): void; close(): Promise<void> }> {
  const waiting: http.ServerResponse[] = [];
  let holding = true;
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => { arrived = resolve; });
  const server = http.createServer((_req, res) => {
    if (holding) {
      waiting.push(res);
      arrived();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(page('Held page', 'held'));
  });
  const port = await listenOnFreePort(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    held,
    release: () => {
      holding = false;
      for (const res of waiting.splice(0)) res.destroy();
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('Linux backend: the engine\'s processes', function () {
  const suite = linuxSuite();
  let server: CookieServer;
  let h: Harness;
  before(() => ({ server, h } = suite));

  it('a killed web process is reported as "page crashed" and Reload brings the page back in the same window', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    const webProcesses = descendantsNamed(h.client.pid!, 'WebKitWebProces');
    assert.ok(webProcesses.length >= 1, 'the window has a web process of its own');
    const since = h.mark();
    for (const pid of webProcesses) process.kill(pid, 'SIGKILL');
    const failed = await h.next('processFailed', (e) => e.windowId === w.windowId, 20000, since);
    assert.deepEqual(failed.params, { windowId: w.windowId, kind: 'page crashed', recoverable: true });
    const listed = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === w.windowId);
    assert.equal(listed?.failed, 'page crashed');
    assert.equal((await h.client.request(Requests.diagnostics)).verdict.cause, 'process-failed');

    const reload = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    const loaded = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, reload);
    assert.equal(loaded.params.isSuccess, true, loaded.params.error);
    const after = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === w.windowId);
    assert.equal(after?.failed, null);
    assert.ok(descendantsNamed(h.client.pid!, 'WebKitWebProces').some((pid) => !webProcesses.includes(pid)), 'a new web process serves it');
    assert.equal((await h.client.request(Requests.diagnostics)).verdict.status, 'healthy');
  });

  /** A window whose web process is killed while its first page is still being fetched. */
  async function crashedDuringFirstLoad(origin: string, held: Promise<void>, release: () => void): Promise<number> {
    const env = await h.environment();
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${origin}/first`, width: 640, height: 480 });
    await held;
    for (const pid of descendantsNamed(h.client.pid!, 'WebKitWebProces')) process.kill(pid, 'SIGKILL');
    const failed = await h.next('processFailed', (e) => e.windowId === w.windowId, 20000, since);
    assert.deepEqual(failed.params, { windowId: w.windowId, kind: 'page crashed', recoverable: true });
    release();
    // The interrupted load is over, and said to have failed because its page crashed.
    const ended = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.equal(ended.params.isSuccess, false);
    assert.match(ended.params.error, /page crashed/);
    const listed = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === w.windowId);
    assert.equal(listed?.loading, false);
    assert.equal(listed?.failed, 'page crashed');
    const verdict = (await h.client.request(Requests.diagnostics)).verdict;
    assert.equal(verdict.cause, 'process-failed');
    assert.match(verdict.summary, /page crashed/);
    return w.windowId;
  }

  async function showsPage(windowId: number, url: string, title: string): Promise<void> {
    const row = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === windowId);
    assert.deepEqual({ url: row?.url, title: row?.title, loading: row?.loading, failed: row?.failed }, { url, title, loading: false, failed: null });
    assert.deepEqual(await h.client.request(Requests.getCookies, { windowId }), [], 'it has a URL to read cookies for');
    assert.equal((await h.client.request(Requests.diagnostics)).verdict.status, 'healthy');
  }

  it('a page that crashes during its first load is reported, and Reload loads it', async () => {
    const held = await holdingServer();
    try {
      const windowId = await crashedDuringFirstLoad(held.origin, held.held, held.release);
      const since = h.mark();
      await h.client.request(Requests.reload, { windowId });
      const loaded = await h.next('navigationCompleted', (e) => e.windowId === windowId, 20000, since);
      assert.equal(loaded.params.isSuccess, true, loaded.params.error);
      await h.next('titleChanged', (e) => e.windowId === windowId && e.title === 'Held page', 20000, since);
      await showsPage(windowId, `${held.origin}/first`, 'Held page');
    } finally {
      await held.close();
    }
  });

  it('a page that crashes during its first load is left for another by Navigate', async () => {
    const held = await holdingServer();
    try {
      const windowId = await crashedDuringFirstLoad(held.origin, held.held, held.release);
      const since = h.mark();
      await h.client.request(Requests.navigate, { windowId, url: `${server.origin}/title` });
      const loaded = await h.next('navigationCompleted', (e) => e.windowId === windowId, 20000, since);
      assert.equal(loaded.params.isSuccess, true, loaded.params.error);
      await h.next('titleChanged', (e) => e.windowId === windowId && e.title === 'First title', 20000, since);
      await showsPage(windowId, `${server.origin}/title`, 'First title');
    } finally {
      await held.close();
    }
  });
});
