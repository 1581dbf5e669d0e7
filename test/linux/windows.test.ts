// Real WebKitGTK windows in the real helper, against a real HTTP server on 127.0.0.1.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Requests, type Cookie } from '../../src/protocol';
import { closedPort, EXPIRES_AT, type CookieServer } from '../support/cookieServer';
import { ARTIFACTS, type Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { colourCounts, readPng } from '../support/png';
import { closeLikeWindowManager } from '../support/x11';

describe('Linux backend: windows, cookies and events', function () {
  const suite = linuxSuite();
  let server: CookieServer;
  let h: Harness;
  before(() => ({ server, h } = suite));

  it('runs on WebKitGTK and names its version', async () => {
    const info = await h.client.start();
    assert.equal(info.engine, 'WebKitGTK');
    assert.match(info.engineVersion, /^2\.\d+\.\d+$/);
  });

  it('returns exactly the cookies the server set, with every attribute', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const began = Math.floor(Date.now() / 1000);
    const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId });
    const byName = new Map(cookies.map((c) => [c.name, c]));
    assert.deepEqual([...byName.keys()].sort(), ['expires_at', 'lax_maxage', 'none_site', 'plain_session', 'strict_http']);
    const common = { domain: '127.0.0.1', path: '/', secure: false };
    assert.deepEqual(byName.get('strict_http'), { ...common, name: 'strict_http', value: 's1', expires: null, httpOnly: true, sameSite: 'strict', session: true });
    assert.deepEqual(byName.get('none_site'), { ...common, name: 'none_site', value: 'n3', expires: null, httpOnly: false, sameSite: 'none', session: true });
    assert.deepEqual(byName.get('expires_at'), { ...common, name: 'expires_at', value: 'e4', expires: EXPIRES_AT, httpOnly: false, sameSite: 'lax', session: false });
    assert.deepEqual(byName.get('plain_session'), { ...common, name: 'plain_session', value: 'v6', expires: null, httpOnly: false, sameSite: 'lax', session: true });
    const maxAge = byName.get('lax_maxage') as Cookie;
    assert.equal(maxAge.session, false);
    assert.equal(maxAge.sameSite, 'lax');
    assert.ok(Math.abs((maxAge.expires as number) - (began + 86400)) <= 5, `Max-Age=86400 read as ${maxAge.expires}, expected about ${began + 86400}`);
  });

  it('includes the path-scoped cookie only for a URL under its path', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const scoped = await h.client.request(Requests.getCookies, { windowId: w.windowId, url: `${server.origin}/scoped/page` });
    const cookie = scoped.find((c) => c.name === 'scoped');
    assert.deepEqual(cookie, { name: 'scoped', value: 'p5', domain: '127.0.0.1', path: '/scoped', expires: null, httpOnly: false, secure: false, sameSite: 'strict', session: true });
    assert.equal(scoped.length, 6);
  });

  it('shares cookies between two windows of one environment and isolates another environment', async () => {
    const a = await h.environment();
    const b = await h.environment();
    const first = await h.openLoaded(a, `${server.origin}/set`);
    const second = await h.openLoaded(a, `${server.origin}/plain`);
    const other = await h.openLoaded(b, `${server.origin}/plain`);
    assert.notEqual(first.nativeHandle, second.nativeHandle);
    const inSecond = await h.client.request(Requests.getCookies, { windowId: second.windowId });
    const inOther = await h.client.request(Requests.getCookies, { windowId: other.windowId });
    assert.equal(inSecond.length, 5, 'the second window of the same environment sees the cookies');
    assert.deepEqual(inOther, [], 'the other environment sees none');
    const listed = await h.client.request(Requests.listWindows);
    for (const w of [first, second, other]) assert.ok(listed.some((l) => l.windowId === w.windowId && l.environmentId === w.environmentId));
  });

  it('reports title changes, the first title and one set by the page later', async () => {
    const env = await h.environment();
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${server.origin}/title` });
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'First title', 20000, since);
    await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Second title', 20000, since);
    const listed = await h.client.request(Requests.listWindows);
    assert.equal(listed.find((l) => l.windowId === w.windowId)?.title, 'Second title');
  });

  it('reports a failed navigation with its reason and an HTTP error with its status', async () => {
    const env = await h.environment();
    const since = h.mark();
    const missing = await h.client.request(Requests.createWindow, { environmentId: env, url: `${server.origin}/missing` });
    const e404 = await h.next('navigationCompleted', (e) => e.windowId === missing.windowId, 20000, since);
    assert.equal(e404.params.isSuccess, false);
    assert.equal(e404.params.httpStatus, 404);
    const port = await closedPort();
    const refused = await h.client.request(Requests.createWindow, { environmentId: env, url: `http://127.0.0.1:${port}/` });
    const eRefused = await h.next('navigationCompleted', (e) => e.windowId === refused.windowId, 20000, since);
    assert.equal(eRefused.params.isSuccess, false);
    assert.equal(eRefused.params.url, `http://127.0.0.1:${port}/`);
    assert.match(eRefused.params.error, /Connection refused/);
    // WebKit then shows its error page; that load is not reported as a second, successful navigation.
    // The marker: a script answered by the error page's document, whose command loop starts only
    // after the document's load (the web process has told the helper of that load by the time the
    // loop reaches it), followed by a request the UI thread serves, so a report of that load would
    // have come first. (Navigating on at once is no way out: WebKit's error page, loaded after the
    // failure, can replace a navigation asked for before it started.)
    const after = h.mark();
    const shown = await h.client.request(Requests.runScript, { windowId: refused.windowId, world: 'isolated',
      expression: '[document.readyState, document.body ? document.body.textContent.length > 0 : false]' });
    assert.deepEqual(shown, { ok: true, json: '["complete",true]' }, 'the error page has loaded');
    assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: refused.windowId })));
    assert.deepEqual(h.events.slice(after).filter((e) => e.method === 'navigationCompleted' && e.params.windowId === refused.windowId), []);
  });

  it('names the address that failed when a loaded window navigates to a server that is not there', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const port = await closedPort();
    const target = `http://127.0.0.1:${port}/`;
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: target });
    const nav = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.equal(nav.params.isSuccess, false);
    assert.equal(nav.params.url, target, 'the failed target, not the page shown before');
    const listed = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.equal(listed?.url, target);
    assert.match(listed?.failed ?? '', /Connection refused/);
  });

  it('reports a load the engine refuses (a blocked port) as a failed navigation of the URL asked for', async () => {
    const env = await h.environment();
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: 'http://127.0.0.1:6000/' });
    const nav = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.equal(nav.params.isSuccess, false);
    assert.equal(nav.params.url, 'http://127.0.0.1:6000/');
    assert.match(nav.params.error, /^port 6000 is blocked by the engine/);
    const listed = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.equal(listed?.url, 'http://127.0.0.1:6000/', 'not shown as about:blank');
    assert.match(listed?.failed ?? '', /^port 6000 is blocked by the engine/);
  });

  it('reports a window closed by the window manager as closed by the user', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    const since = h.mark();
    closeLikeWindowManager(w.nativeHandle);
    const closed = await h.next('windowClosed', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(closed.params.reason, 'user');
    const listed = await h.client.request(Requests.listWindows);
    assert.ok(!listed.some((l) => l.windowId === w.windowId));
    await assert.rejects(h.client.request(Requests.getCookies, { windowId: w.windowId }), /no window \d+: it was closed/);
  });

  it('closes a window on request and says so', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    const since = h.mark();
    await h.client.request(Requests.close, { windowId: w.windowId });
    const closed = await h.next('windowClosed', (e) => e.windowId === w.windowId, 10000, since);
    assert.equal(closed.params.reason, 'request');
  });

  it('takes a screenshot of a real window that shows the page', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const file = path.join(ARTIFACTS, 'linux-window.png');
    const shot = await h.client.request(Requests.screenshot, { windowId: w.windowId, path: file });
    assert.equal(shot.path, file);
    const image = readPng(file);
    assert.equal(image.width, shot.width);
    assert.ok(image.width >= 300 && image.height >= 200, `size ${image.width}x${image.height}`);
    const colours = colourCounts(image);
    assert.equal(colours[0][0], '#1e7d32', `the page background dominates; top colours ${JSON.stringify(colours.slice(0, 3))}`);
    assert.ok(colours.length > 2, 'more than one colour: the heading text is drawn');
  });

  it('navigates and reloads an open window', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    let since = h.mark();
    await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${server.origin}/set` });
    const nav = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.equal(nav.params.url, `${server.origin}/set`);
    since = h.mark();
    const before = server.requests.filter((r) => r === '/set').length;
    await h.client.request(Requests.reload, { windowId: w.windowId });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.equal(server.requests.filter((r) => r === '/set').length, before + 1);
  });

  it('reports every wait it made, with its timing', async () => {
    const w = await h.openLoaded(await h.environment(), `${server.origin}/set`);
    for (let i = 0; i < 3; i++) await h.client.request(Requests.getCookies, { windowId: w.windowId });
    const report = await h.client.request(Requests.diagnostics);
    const cookieWaits = report.waits.filter((r) => r.site === 'getCookies' && r.windowId === w.windowId);
    assert.equal(cookieWaits.length, 3);
    for (const r of cookieWaits) {
      assert.equal(r.strategy, 'glib');
      assert.equal(r.outcome, 'ok');
      assert.ok(r.completionAfterMs !== null && r.completionAfterMs <= r.elapsedMs);
    }
    assert.equal(report.platform.platform, 'linux');
    assert.ok(report.heartbeat > 0);
  });
});
