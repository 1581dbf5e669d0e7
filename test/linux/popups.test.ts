// Popups on Linux: real WebKitGTK windows under Xvfb, pages from a real HTTP server on 127.0.0.1,
// and every popup asked for by a real click (an X button event through XTEST): WebKit's popup
// blocker stays on, so a page opens windows only from a person's gesture, as in a browser. A popup
// is a window of the product (listed with its opener, its console relayed), in its opener's
// session (window.opener, postMessage and the cookies), and its page's window.close() closes it.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Requests, type WindowInfo } from '../../src/protocol';
import { Limits } from '../../src/limits';
import { CASCADE_STEP } from '../../src/helper/placement';
import { CASCADE_ORIGIN } from '../../src/helper/placement';
import { DEFAULT_WINDOW_SIZE } from '../../src/helper/engineBase';
import { CLI, Harness } from '../support/harness';
import { until } from '../support/until';
import { listenOnFreePort } from '../support/ports';
import { clickAt } from '../support/xtest';

const FULL_PAGE = '<style>html,body{margin:0}button,a{display:block;width:100vw;height:100vh;font-size:40px}</style>';

/** The opener: one button over the whole page; a click opens `open` (count times) with `features`. */
const OPENER = `<!doctype html><title>opener</title>${FULL_PAGE}<button id="go">open</button>
<script>
const q = new URLSearchParams(location.search);
addEventListener('message', (e) => {
  console.log('opener got: ' + e.data + '; its cookies: ' + document.cookie);
  if (q.get('closeOnMessage')) window.close(); // a window with one page of history: its script may close it
});
document.getElementById('go').onclick = () => {
  const count = Number(q.get('count') || 1);
  let opened = 0;
  for (let i = 0; i < count; i++) if (window.open(q.get('open') + (count > 1 ? '?n=' + i : ''), count > 1 ? 'w' + i : 'signin', q.get('features') || '')) opened++;
  console.log('window.open gave ' + opened + ' window(s)');
};
</script>`;
/** An OAuth sign-in popup's part: a session cookie, a message to its opener, and a button that closes it. */
const POPUP = `<!doctype html><title>sign-in</title>${FULL_PAGE}<button onclick="window.close()">done</button>
<script>
document.cookie = 'popup_session=signed-in; path=/';
console.log('popup has an opener: ' + (window.opener !== null));
if (window.opener) window.opener.postMessage('signed in', '*');
</script>`;
const LINK = `<!doctype html><title>links</title>${FULL_PAGE}<a href="/popup" target="_blank">open in a new window</a>`;
const ON_LOAD = `<!doctype html><title>on load</title><script>console.log('window.open on load gave ' + window.open('/popup'));</script>`;

describe('popups (window.open, target=_blank) on Linux', function () {
  let h: Harness;
  let server: http.Server;
  let origin: string;
  let env: number;

  before(async () => {
    const pages: Record<string, string> = { '/opener': OPENER, '/popup': POPUP, '/links': LINK, '/onload': ON_LOAD };
    server = http.createServer((req, res) => {
      const page = pages[new URL(req.url ?? '/', 'http://127.0.0.1').pathname];
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page ?? 'not found');
    });
    origin = `http://127.0.0.1:${await listenOnFreePort(server)}`;
    h = new Harness();
    await h.client.start();
    env = await h.environment();
  });
  afterEach(async () => {
    if (h?.client.state.kind === 'ready') await h.client.request(Requests.closeAll);
  });
  after(async () => {
    await h?.stop();
    await new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
  });

  /** A loaded opener window at a known place, so that a click can find its page. */
  async function opener(path: string): Promise<WindowInfo> {
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `${origin}${path}`, x: 20, y: 20, width: 640, height: 480 });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 20000, since);
    return w;
  }

  /** A click in the middle of the window's page (below its toolbar: the page is far taller than it). */
  function clickPage(w: Pick<WindowInfo, 'bounds'>): void {
    clickAt(w.bounds.x + w.bounds.width / 2, w.bounds.y + w.bounds.height / 2 + 40);
  }

  it('a click that calls window.open opens a product window in the opener\'s session: listed with its opener, beside it at the asked size, its console relayed, its message and cookie reach the opener, and its window.close() closes it', async () => {
    const o = await opener(`/opener?open=/popup&features=${encodeURIComponent('width=420,height=360')}`);
    const since = h.mark();
    clickPage(o);
    const opened = await h.next('windowOpened', (e) => e.openerId === o.windowId, 20000, since);
    const popupId: number = opened.params.windowId;
    assert.notEqual(popupId, o.windowId);
    assert.equal(opened.params.url, `${origin}/popup`);
    assert.equal(opened.params.window.environmentId, env, 'in the opener\'s environment');
    // The opener's page got a window back, and the popup loaded the page it was opened for.
    await h.next('consoleMessage', (e) => e.windowId === o.windowId && e.message === 'window.open gave 1 window(s)', 20000, since);
    const loaded = await h.next('navigationCompleted', (e) => e.windowId === popupId, 20000, since);
    assert.equal(loaded.params.url, `${origin}/popup`);
    assert.equal(loaded.params.isSuccess, true);
    // Its console comes through the relay like any window's; it has its opener.
    await h.next('consoleMessage', (e) => e.windowId === popupId && e.message === 'popup has an opener: true', 20000, since);
    // postMessage back to the opener arrives, and the opener's page reads the cookie the popup set.
    await h.next('consoleMessage', (e) => e.windowId === o.windowId && e.message === 'opener got: signed in; its cookies: popup_session=signed-in', 20000, since);
    const cookies = await h.client.request(Requests.getCookies, { windowId: o.windowId });
    assert.deepEqual(cookies.filter((c) => c.name === 'popup_session').map((c) => [c.value, c.domain]), [['signed-in', '127.0.0.1']]);
    // Listed like any window, with its opener; shown beside the opener at the size its page asked for.
    const shown = await h.next('windowChanged', (w) => w.windowId === popupId && w.bounds.width === 420 && w.bounds.height === 360, 20000, since);
    assert.equal(shown.params.openerId, o.windowId);
    assert.deepEqual([shown.params.bounds.x, shown.params.bounds.y], [o.bounds.x + CASCADE_STEP, o.bounds.y + CASCADE_STEP]);
    const listed = (await h.client.request(Requests.listWindows)).find((w) => w.windowId === popupId);
    assert.equal(listed?.openerId, o.windowId);
    assert.equal(listed?.url, `${origin}/popup`);
    assert.equal(h.client.windows.get(popupId)?.openerId, o.windowId, 'the client\'s mirror has it');
    // Its requests are in the network log like any window's.
    const log = await h.client.request(Requests.getNetworkLog, { windowId: popupId });
    assert.ok(log.entries.some((e) => e.url === `${origin}/popup` && e.status === 200), 'the popup\'s page is in its network log');
    // Script reaches each window's own page: the popup's view has its own command loop, not its opener's.
    const where = (windowId: number) => h.client.request(Requests.runScript, { windowId, world: 'isolated', expression: 'location.pathname' });
    assert.deepEqual([await where(popupId), await where(o.windowId)], [{ ok: true, json: '"/popup"' }, { ok: true, json: '"/opener"' }]);
    // A click on its "done" button: the page's window.close() closes the window, reported as the page's doing.
    const closeSince = h.mark();
    clickPage(shown.params);
    const closed = await h.next('windowClosed', (e) => e.windowId === popupId, 20000, closeSince);
    assert.equal(closed.params.reason, 'page');
    assert.ok(!(await h.client.request(Requests.listWindows)).some((w) => w.windowId === popupId));
    assert.ok((await h.client.request(Requests.listWindows)).some((w) => w.windowId === o.windowId), 'the opener stays');
  });

  it('a link with target=_blank opens one too, without an opener (HTML\'s implied noopener)', async () => {
    const o = await opener('/links');
    const since = h.mark();
    clickPage(o);
    const opened = await h.next('windowOpened', (e) => e.openerId === o.windowId, 20000, since);
    await h.next('navigationCompleted', (e) => e.windowId === opened.params.windowId && e.url === `${origin}/popup`, 20000, since);
    await h.next('consoleMessage', (e) => e.windowId === opened.params.windowId && e.message === 'popup has an opener: false', 20000, since);
  });

  it('WebKit\'s popup blocker stays on: window.open on load, with no gesture, gets null and opens nothing', async () => {
    const since = h.mark();
    const o = await opener('/onload');
    const said = await h.next('consoleMessage', (e) => e.windowId === o.windowId && e.message.startsWith('window.open on load gave'), 20000, since);
    assert.equal(said.params.message, 'window.open on load gave null');
    // Had WebKit asked for a window, its windowOpened would have come before the page's message.
    assert.ok(!h.events.slice(since).some((e) => e.method === 'windowOpened'));
  });

  it('with popups set to externalBrowser an http(s) popup goes to the client (openExternal) and nothing native opens; other addresses are refused and logged', async () => {
    await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, popups: 'externalBrowser' });
    try {
      const o = await opener(`/opener?open=${encodeURIComponent(`${origin}/popup`)}`);
      let since = h.mark();
      clickPage(o);
      const external = await h.next('openExternal', (e) => e.windowId === o.windowId, 20000, since);
      assert.equal(external.params.url, `${origin}/popup`);
      await h.next('consoleMessage', (e) => e.windowId === o.windowId && e.message === 'window.open gave 0 window(s)', 20000, since);
      assert.ok(!h.events.slice(since).some((e) => e.method === 'windowOpened'), 'no window of ours opened');
      const blank = await opener('/opener?open=about:blank');
      since = h.mark();
      clickPage(blank);
      await h.next('log', (e) => e.level === 'warn' && e.message === `window ${blank.windowId}: a popup for "about:blank" was refused: only http(s) addresses go to the system browser (setting popups)`, 20000, since);
      await h.next('consoleMessage', (e) => e.windowId === blank.windowId && e.message === 'window.open gave 0 window(s)', 20000, since);
      assert.ok(!h.events.slice(since).some((e) => e.method === 'windowOpened' || e.method === 'openExternal'));
    } finally {
      await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, popups: 'window' });
    }
  });

  it(`a page opening windows in a loop gets ${Limits.maxOpenPopups}; the next are refused, named once in the log`, async () => {
    const count = Limits.maxOpenPopups + 5;
    const o = await opener(`/opener?open=/popup&count=${count}&features=${encodeURIComponent('width=200,height=150')}`);
    const since = h.mark();
    clickPage(o);
    const said = await h.next('consoleMessage', (e) => e.windowId === o.windowId && e.message.startsWith('window.open gave'), 60000, since);
    assert.equal(said.params.message, `window.open gave ${Limits.maxOpenPopups} window(s)`);
    const opened = h.events.slice(since).filter((e) => e.method === 'windowOpened');
    assert.equal(opened.length, Limits.maxOpenPopups);
    assert.equal(new Set(opened.map((e) => e.params.windowId)).size, Limits.maxOpenPopups, 'each under an id of its own');
    const named = h.events.slice(since).filter((e) => e.method === 'log' && e.params.message.includes('further popups are refused'));
    assert.deepEqual(named.map((e) => e.params.message), [`window ${o.windowId}: its page has ${Limits.maxOpenPopups} popups open, the most a window may have; further popups are refused until some close`]);
    assert.equal((await h.client.request(Requests.listWindows)).filter((w) => w.openerId === o.windowId).length, Limits.maxOpenPopups);
  });

  it('the CLI\'s open prints a line for a popup and runs until it is closed too (here both pages close their windows)', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-popup-'));
    const child = spawn(process.execPath, [CLI, 'open', `${origin}/opener?open=/popup&closeOnMessage=1&features=${encodeURIComponent('width=420,height=360')}`, '--user-data-folder', profile],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await until('the CLI\'s window to load', () => /window 1 loaded http/.test(stderr), 30000);
      // Its first window sits where the CLI's own helper cascades a first window, at the default size.
      clickAt(CASCADE_ORIGIN + DEFAULT_WINDOW_SIZE.width / 2, CASCADE_ORIGIN + DEFAULT_WINDOW_SIZE.height / 2 + 40);
      await until('the popup\'s line', () => stderr.includes(`window 2 opened by window 1's page: ${origin}/popup`), 30000);
      await until('the opener to close itself on the popup\'s message', () => stderr.includes('window 1 closed (by its page)'), 30000);
      await until('the popup to load', () => stderr.includes(`window 2 loaded ${origin}/popup`), 30000);
      // Still running: the popup is one of its windows. Its "done" button closes it, and the command ends.
      clickAt(CASCADE_ORIGIN + CASCADE_STEP + 210, CASCADE_ORIGIN + CASCADE_STEP + 180 + 40);
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /window 2 closed \(by its page\)/);
    } finally {
      child.kill();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
});
