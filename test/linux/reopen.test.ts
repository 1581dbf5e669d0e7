// Windows that survive their helper: after a crash (SIGKILL) the one reopen path opens them again
// under their ids, where they were, at their zoom, and with their profile's session cookies put
// back before the page loads, so a logged-in user stays logged in. Real WebKitGTK, real cookies
// from a real server on 127.0.0.1.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { emulationOf, findPreset } from '../../src/devices';
import { Requests, type Cookie } from '../../src/protocol';
import { startCookieServer, type CookieServer } from '../support/cookieServer';
import { Harness } from '../support/harness';
import { listenOnFreePort } from '../support/ports';
import { until } from '../support/until';

describe('Linux: reopening windows after the helper crashed', function () {
  let server: CookieServer;
  let h: Harness;

  before(async () => {
    server = await startCookieServer();
    h = new Harness({}, {}, {}, { liveness: false, keepSessionCookies: true });
    await h.client.start();
  });
  after(async () => {
    await h?.stop();
    await server?.close();
  });

  it('puts back the session cookies (HttpOnly too), the size and the zoom; the page loads once they are in', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/set`);
    await h.client.request(Requests.setBounds, { windowId: w.windowId, width: 500, height: 420 });
    await h.client.request(Requests.setZoom, { windowId: w.windowId, factor: 1.25 });
    await until('the bounds and zoom in the window table', () => {
      const row = h.client.windows.get(w.windowId);
      return row && row.zoom === 1.25 && row.bounds.width === 500 && row.bounds.height === 420;
    });
    const before = await h.client.request(Requests.getCookies, { windowId: w.windowId });
    const sessionNames = before.filter((c) => c.session).map((c) => c.name).sort();
    assert.deepEqual(sessionNames, ['none_site', 'plain_session', 'strict_http']);

    const pid = h.client.pid!;
    const crashed = new Promise<void>((resolve) => h.client.on('state', (s) => { if (s.kind === 'crashed') resolve(); }));
    process.kill(pid, 'SIGKILL');
    await crashed;
    assert.deepEqual(h.client.lostWindows.map((x) => x.windowId), [w.windowId]);

    await h.client.start();
    const requestsBefore = server.requests.length;
    const since = h.mark();
    const { reopened, failed, cookiesRefused } = await h.client.reopen(h.client.lostWindows);
    assert.deepEqual(failed, []);
    // WebKit keeps a SameSite=None cookie set over http; the product's cookie rules refuse to make
    // one, so that cookie alone is named (never its value) and the rest go back.
    assert.deepEqual(cookiesRefused.map((c) => c.name), ['none_site']);
    assert.match(cookiesRefused[0].error, /SameSite=None needs Secure/);
    assert.deepEqual(reopened.map((x) => x.windowId), [w.windowId], 'reopened under its id');
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 20000, since);
    assert.deepEqual(server.requests.slice(requestsBefore), ['/set'], 'the page loaded once, after the cookies were put back');
    assert.deepEqual(h.client.lostWindows, []);

    const after: Cookie[] = await h.client.request(Requests.getCookies, { windowId: w.windowId });
    const strict = after.find((c) => c.name === 'strict_http');
    assert.ok(strict, `the HttpOnly session cookie is back: ${after.map((c) => c.name).join(', ')}`);
    assert.deepEqual([strict.value, strict.httpOnly, strict.session, strict.sameSite], ['s1', true, true, 'strict']);
    const row = await until('the reopened window\'s size and zoom', () => {
      const r = h.client.windows.get(w.windowId);
      return r && r.zoom === 1.25 && r.bounds.width === 500 && r.bounds.height === 420 ? r : undefined;
    });
    assert.ok(row.title === 'Cookies set');
    assert.ok(!h.logs.some((l) => l.includes('s1') || l.includes('v6')), 'no cookie value reached the log');
  });

  it('a window that was a phone comes back a phone: its size, its user agent on the one load, its device in the table', async () => {
    const agents: string[] = [];
    const site = http.createServer((req, res) => {
      agents.push(String(req.headers['user-agent'] ?? ''));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>phone page</title>');
    });
    const origin = `http://127.0.0.1:${await listenOnFreePort(site)}`;
    try {
      const env = await h.environment();
      const w = await h.openLoaded(env, `${origin}/`);
      await h.client.request(Requests.setDevice, { windowId: w.windowId, device: emulationOf(findPreset('phone')!) });
      await until('the device in the window table', () => h.client.windows.get(w.windowId)?.device === 'Phone' || undefined);
      const crashed = new Promise<void>((resolve) => h.client.on('state', (s) => { if (s.kind === 'crashed') resolve(); }));
      process.kill(h.client.pid!, 'SIGKILL');
      await crashed;
      await h.client.start();
      const loadsBefore = agents.length;
      const since = h.mark();
      const { reopened, failed } = await h.client.reopen(h.client.lostWindows);
      assert.deepEqual(failed, []);
      assert.equal(reopened.find((r) => r.windowId === w.windowId)?.device, 'Phone');
      await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 20000, since);
      assert.equal(agents.length, loadsBefore + 1, 'the page loaded once, as the phone');
      assert.match(agents[agents.length - 1], /iPhone/);
      const row = await until('the phone in the table', () => {
        const r = h.client.windows.get(w.windowId);
        return r?.device === 'Phone' && r.bounds.width === 375 && r.bounds.height === 667 ? r : undefined;
      });
      assert.equal(row.windowId, w.windowId);
    } finally {
      await new Promise((resolve) => { site.closeAllConnections(); site.close(resolve); });
    }
  });
});
