// Page script and input in real WebKitGTK windows: runScript in the product's isolated world and
// in the page's own, its bounds and failures, and pageInput's clicks, keys and text arriving as
// trusted input (the page records event.isTrusted and reports it through its title).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_SCRIPT_RESULT_CHARS, Requests, type RunScriptResult } from '../../src/protocol';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { listenOnFreePort } from '../support/ports';
import { startStaticServer, type StaticServer } from '../support/staticServer';

const FORM = `<!doctype html><html><head><meta charset="utf-8"><title>Form</title></head><body style="margin:0">
<script>window.pageSecret = 'from the page world'; window.seen = [];</script>
<button id="go" style="position:absolute;left:40px;top:40px;width:120px;height:40px">Go</button>
<input id="name" style="position:absolute;left:40px;top:120px;width:200px;height:30px">
<script>
  const note = (what, e) => { window.seen.push(what + ':' + e.isTrusted); document.title = window.seen.join(' '); };
  document.getElementById('go').addEventListener('click', (e) => note('click', e));
  document.getElementById('go').addEventListener('dblclick', (e) => note('dblclick', e));
  document.getElementById('name').addEventListener('input', (e) => note('input', e));
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === 'ArrowLeft') note('key-' + e.key, e); });
</script></body></html>`;

describe('Linux page script and input', function () {
  const suite = linuxSuite();
  let site: string;
  let server: StaticServer;
  let h: Harness;
  let windowId: number;
  let env: number;

  const run = (expression: string, world: 'isolated' | 'page' = 'isolated', timeoutMs?: number): Promise<RunScriptResult> =>
    h.client.request(Requests.runScript, { windowId, expression, world, ...(timeoutMs ? { timeoutMs } : {}) });
  const value = async (expression: string, world: 'isolated' | 'page' = 'isolated'): Promise<unknown> => {
    const r = await run(expression, world);
    assert.ok(r.ok, `script failed: ${JSON.stringify(r)}`);
    return JSON.parse(r.json);
  };
  const titled = (match: (title: string) => boolean) =>
    h.next('titleChanged', (e) => e.windowId === windowId && match(e.title), 10000);

  before(async () => {
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-script-'));
    fs.writeFileSync(path.join(site, 'index.html'), FORM);
    server = await startStaticServer(site);
    h = suite.h;
    env = await h.environment();
  });
  // The suite closes every window after each test.
  beforeEach(async () => {
    windowId = (await h.openLoaded(env, `${server.origin}/index.html`)).windowId;
  });
  after(async () => {
    await server?.close();
    fs.rmSync(site, { recursive: true, force: true });
  });

  it('answers an expression\'s JSON value from the isolated world, which sees the DOM but not the page\'s globals', async () => {
    assert.equal(await value('document.title'), 'Form');
    assert.equal(await value('typeof window.pageSecret'), 'undefined');
    assert.deepEqual(await value('Promise.resolve({ a: [1, 2], b: null })'), { a: [1, 2], b: null });
    assert.equal(await value('undefined'), null);
  });

  it('runs in the page\'s own world when asked, with its globals', async () => {
    assert.equal(await value('window.pageSecret', 'page'), 'from the page world');
  });

  it('answers what a script threw, a syntax error, a value that is not JSON, and one too large, each as an error', async () => {
    const thrown = await run('(() => { throw new TypeError("bad thing"); })()');
    assert.deepEqual(thrown, { ok: false, error: 'it threw TypeError: bad thing' });
    const syntax = await run('this is not javascript');
    assert.equal(syntax.ok, false);
    assert.match((syntax as { error: string }).error, /did not run: .*Unexpected identifier/);
    const cyclic = await run('(() => { const o = {}; o.o = o; return o; })()');
    assert.equal(cyclic.ok, false);
    assert.match((cyclic as { error: string }).error, /not JSON/);
    const huge = await run(`'x'.repeat(${MAX_SCRIPT_RESULT_CHARS + 10})`);
    assert.equal(huge.ok, false);
    assert.match((huge as { error: string }).error, /too large/);
  });

  it('answers at its time limit when the page never settles the promise, and keeps working after', async () => {
    const LIMIT_MS = 700;
    const started = Date.now();
    const r = await run('new Promise(() => {})', 'page', LIMIT_MS);
    assert.deepEqual(r, { ok: false, error: `the page did not answer within ${LIMIT_MS} ms` });
    assert.ok(Date.now() - started >= LIMIT_MS, 'not before its time limit');
    assert.equal(await value('1 + 1'), 2);
  });

  it('a page cannot answer for a script: a forged answer event is ignored and the real one counts', async () => {
    // The page floods every event name it could guess; the answer's name is random per script.
    await value('(() => { for (let i = 0; i < 100; i++) window.dispatchEvent(new CustomEvent("webview2-host-answer-" + i, { detail: JSON.stringify({ ok: true, json: "666" }) })); return 1; })()', 'page');
    assert.equal(await value('40 + 2'), 42);
  });

  it('clicks as trusted input at a point of the page', async () => {
    const rect = await value('(() => { const r = document.getElementById("go").getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()') as { x: number; y: number };
    await h.client.request(Requests.pageInput, { windowId, input: { kind: 'click', ...rect } });
    await titled((t) => t.includes('click:true'));
    await h.client.request(Requests.pageInput, { windowId, input: { kind: 'click', ...rect, clickCount: 2 } });
    await titled((t) => t.includes('dblclick:true'));
  });

  it('types text into the focused field and presses keys, as trusted input', async () => {
    await value('(document.getElementById("name").focus(), true)');
    await h.client.request(Requests.pageInput, { windowId, input: { kind: 'text', text: 'Grüße <b>&' } });
    await titled((t) => t.includes('input:true'));
    assert.equal(await value('document.getElementById("name").value'), 'Grüße <b>&');
    await h.client.request(Requests.pageInput, { windowId, input: { kind: 'key', key: 'Enter' } });
    await titled((t) => t.includes('key-Enter:true'));
    await h.client.request(Requests.pageInput, { windowId, input: { kind: 'key', key: 'ArrowLeft' } });
    await titled((t) => t.includes('key-ArrowLeft:true'));
  });

  it('refuses a key GDK does not know, and bad input shapes, by name', async () => {
    await assert.rejects(h.client.request(Requests.pageInput, { windowId, input: { kind: 'key', key: 'NoSuchKey' } }), /"NoSuchKey" is not a key/);
    await assert.rejects(h.client.request(Requests.pageInput, { windowId, input: { kind: 'scroll' } as never }), /input\.kind must be one of click, key, text/);
    await assert.rejects(h.client.request(Requests.runScript, { windowId, expression: '1', world: 'main' as never }), /world must be one of isolated, page/);
  });

  it('works in its isolated world on a page whose CSP forbids inline script, and says so for the page\'s world', async () => {
    const strict = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" })
      .end('<!doctype html><title>CSP</title><p id="p">strict</p>'));
    const port = await listenOnFreePort(strict);
    try {
      const w = await h.openLoaded(env, `http://127.0.0.1:${port}/`);
      const ask = (expression: string, world: 'isolated' | 'page') => h.client.request(Requests.runScript, { windowId: w.windowId, expression, world });
      assert.deepEqual(await ask('document.getElementById("p").textContent', 'isolated'), { ok: true, json: '"strict"' });
      assert.deepEqual(await ask('document.title', 'page'), { ok: false, error: 'the page\'s Content-Security-Policy forbids script in its own world, so the expression did not run there' });
      const syntax = await ask('this is not javascript', 'page');
      assert.equal(syntax.ok, false);
      assert.match((syntax as { error: string }).error, /^the expression did not run: /);
    } finally {
      strict.closeAllConnections();
      strict.close();
    }
  });

  it('reaches a page whose load never ends (an image that hangs) once its DOM is ready', async () => {
    const hanging = http.createServer((req, res) => {
      if (req.url === '/hang.png') return; // never answered while the test runs
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Hanging</title><p id="p">ready</p><img src="/hang.png">');
    });
    const port = await listenOnFreePort(hanging);
    try {
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url: `http://127.0.0.1:${port}/`, width: 400, height: 300 });
      await h.next('titleChanged', (e) => e.windowId === w.windowId && e.title === 'Hanging', 10000, since);
      const r = await h.client.request(Requests.runScript, { windowId: w.windowId, expression: 'document.getElementById("p").textContent', world: 'isolated', timeoutMs: 10000 });
      assert.deepEqual(r, { ok: true, json: '"ready"' });
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('reaches the page Back and Forward bring back, and those loads end well', async () => {
    const go = async (act: () => Promise<unknown>) => {
      const since = h.mark();
      await act();
      const e = await h.next('navigationCompleted', (n) => n.windowId === windowId, 10000, since);
      assert.equal(e.params.isSuccess, true, JSON.stringify(e.params));
    };
    await go(() => h.client.request(Requests.navigate, { windowId, url: `${server.origin}/index.html?second` }));
    assert.equal(await value('location.search'), '?second');
    await go(() => h.client.request(Requests.goBack, { windowId }));
    assert.equal(await value('location.search'), '');
    await go(() => h.client.request(Requests.goForward, { windowId }));
    assert.equal(await value('location.search'), '?second');
  });

  it('answers a script of a window that navigates away with why, not at the deadline', async () => {
    // The script says it runs (the page's title) before the test navigates away: a never-settling
    // promise that the page had begun, not one still on its way.
    const running = titled((t) => t === 'script running');
    const pending = run('new Promise(() => { document.title = "script running"; })', 'isolated', 20000);
    await running;
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId, url: `${server.origin}/index.html?again` });
    assert.deepEqual(await pending, { ok: false, error: 'the page navigated before the script answered' });
    await h.next('navigationCompleted', (e) => e.windowId === windowId, 20000, since);
  });
});
