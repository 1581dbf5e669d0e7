// The network log of the Windows engine in the real helper, against the site of the Linux test
// (networkServer.ts): entries recorded from the DevTools protocol's Network events (networkLog.ts,
// networkDevTools.ts). Under Wine against the test runtime (native/test-runtime/networkLog.c says
// what it models); on real Windows against the installed runtime.
// Test-runtime limits, named where they bite: it runs no script, so the page's fetch("/api") POST
// with its Authorization header is never made (Authorization masking is covered by the Linux test
// and the unit tests of maskEntry); its cookie jar is per webview and keeps name=value only; it
// fetches only loopback http, so a DNS failure is modelled by the .invalid names that never resolve.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ErrorCodes, Requests, type NetworkEntry } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import type { Harness } from '../support/harness';
import { COOKIE_VALUE, startNetworkServer, type NetworkServer } from '../support/networkServer';
import { windowsHarness } from '../support/winRuntime';

async function logWith(h: Harness, windowId: number, wanted: ((e: NetworkEntry) => boolean)[], timeoutMs = 15000): Promise<NetworkEntry[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const log = await h.client.request(Requests.getNetworkLog, { windowId });
    if (wanted.every((m) => log.entries.some(m))) return log.entries;
    if (Date.now() > until) throw new Error(`the log lacks an entry; it has ${JSON.stringify(log.entries.map((e) => `${e.method} ${e.status} ${e.url} ${e.failure?.kind ?? ''}`))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('Windows network log', function () {
  this.timeout(60000);
  let server: NetworkServer;
  let h: Harness;
  let env: number;
  const path = (e: NetworkEntry) => new URL(e.url).pathname;
  const header = (list: { name: string; value: string }[], name: string) => list.find((x) => x.name.toLowerCase() === name)?.value;

  before(async () => {
    server = await startNetworkServer();
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
  });
  after(async () => {
    await h?.stop();
    await server?.close();
  });

  it('lists the page, its stylesheet, image, 404, the 302 then its target, with statuses, types, sizes, timings and initiators', async () => {
    const since = h.mark();
    const started = Date.now();
    const w = await h.openLoaded(env, `${server.origin}/`);
    const entries = await logWith(h, w.windowId, [(e) => path(e) === '/script.js', (e) => path(e) === '/missing.png', (e) => path(e) === '/pixel.png']);
    const one = (p: string) => entries.find((e) => path(e) === p)!;
    const doc = one('/');
    assert.deepEqual([doc.method, doc.status, doc.statusText, doc.resourceType, doc.mimeType, doc.initiator], ['GET', 200, 'OK', 'document', 'text/html', 'other']);
    const css = one('/style.css');
    assert.deepEqual([css.status, css.resourceType, css.mimeType, css.initiator], [200, 'stylesheet', 'text/css', `${server.origin}/`]);
    // Sizes: the body's from Content-Length, the wire's (headers included) from encodedDataLength.
    assert.equal(css.bodyBytes, Buffer.byteLength('#title { color: rgb(0, 128, 0); }'));
    assert.ok(css.transferredBytes !== null && css.transferredBytes > css.bodyBytes!, `transferred ${css.transferredBytes}`);
    assert.deepEqual([one('/pixel.png').status, one('/pixel.png').resourceType, one('/pixel.png').mimeType], [200, 'image', 'image/png']);
    assert.deepEqual([one('/missing.png').status, one('/missing.png').statusText, one('/missing.png').failure], [404, 'Not Found', null]);
    // The redirect is an entry of its own, followed by its target.
    const hop = entries.findIndex((e) => path(e) === '/moved.js');
    const target = entries.findIndex((e) => path(e) === '/script.js');
    assert.ok(hop >= 0 && target > hop, `the 302 (${hop}) comes before its target (${target})`);
    assert.deepEqual([entries[hop].status, entries[hop].redirectedTo, entries[target].status, entries[target].resourceType], [302, `${server.origin}/script.js`, 200, 'script']);
    assert.equal(header(entries[hop].responseHeaders, 'location'), '/script.js');
    // Numbered from 1 in order; DevTools' timestamps made epoch ms, within the test's own clock.
    assert.deepEqual(entries.map((e) => e.seq), entries.map((_e, i) => i + 1));
    for (const e of entries) {
      assert.ok(e.startedAt <= (e.responseAt ?? e.endedAt) && (e.responseAt ?? e.endedAt) <= e.endedAt, `timings of ${e.url}`);
      assert.ok(e.startedAt >= started - 1000 && e.endedAt <= Date.now() + 1000, `${e.url} timed ${e.startedAt}..${e.endedAt}, test ran from ${started}`);
      assert.notEqual(e.responseAt, null, `${e.url} has its response time`);
    }
    // The request headers as sent: the User-Agent of the runtime, on every entry.
    assert.ok(entries.every((e) => header(e.requestHeaders, 'user-agent')), 'every entry has its request headers');
    // One notification per entry, masked, without bodies.
    const notified = await h.next('networkRequest', (e) => e.windowId === w.windowId && path(e.entry) === '/', 5000, since);
    assert.equal(header(notified.params.entry.responseHeaders, 'set-cookie'), '********');
  });

  it('masks Cookie and Set-Cookie values unless includeValues (the runtime sends no Authorization: it runs no fetch)', async () => {
    const w = await h.openLoaded(env, `${server.origin}/`);
    await logWith(h, w.windowId, [(e) => path(e) === '/pixel.png']);
    const masked = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
    const one = (log: typeof masked, p: string) => log.entries.find((e) => path(e) === p)!;
    // Set-Cookie comes from responseReceivedExtraInfo, Cookie from requestWillBeSentExtraInfo.
    assert.equal(header(one(masked, '/').responseHeaders, 'set-cookie'), '********');
    assert.equal(header(one(masked, '/style.css').requestHeaders, 'cookie'), '********');
    assert.ok(!JSON.stringify(masked).includes(COOKIE_VALUE), 'no secret in the masked log');
    const revealed = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId, includeValues: true });
    assert.equal(header(one(revealed, '/').responseHeaders, 'set-cookie'), `sid=${COOKIE_VALUE}; Path=/`);
    assert.equal(header(one(revealed, '/style.css').requestHeaders, 'cookie'), `sid=${COOKIE_VALUE}`);
    // What the server got is what the log says was sent.
    assert.equal(server.requests.filter((r) => r.path === '/style.css').at(-1)?.headers.cookie, `sid=${COOKIE_VALUE}`);
  });

  it('gives failures their reason from net::ERR_*: a refused port, a name that does not resolve, a blocked port', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/a.png`;
    const query = [refused, 'http://nowhere.invalid/b.png', 'http://127.0.0.1:6000/c.png'].map((u) => `src=${encodeURIComponent(u)}`).join('&');
    const w = await h.openLoaded(env, `${server.origin}/failures?${query}`);
    const failed = (u: string) => (e: NetworkEntry) => e.url === u && e.failure !== null;
    const entries = await logWith(h, w.windowId, [failed(refused), failed('http://nowhere.invalid/b.png'), failed('http://127.0.0.1:6000/c.png')]);
    const entry = (u: string) => entries.find((e) => e.url === u)!;
    assert.deepEqual([entry(refused).failure?.kind, entry(refused).status, entry(refused).resourceType], ['refused', null, 'image']);
    assert.match(entry(refused).failure?.message ?? '', /Connection refused \(net::ERR_CONNECTION_REFUSED\)/);
    assert.equal(entry('http://nowhere.invalid/b.png').failure?.kind, 'dns');
    // Chromium reports a subresource on a blocked port (WebKit does not: see the Linux test).
    assert.equal(entry('http://127.0.0.1:6000/c.png').failure?.kind, 'blocked-port');
  });

  it('a page that fails to load is an entry with its reason: refused, blocked port', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const w = await h.openLoaded(env, url);
    const doc = (await logWith(h, w.windowId, [(e) => e.url === url])).find((e) => e.url === url)!;
    assert.deepEqual([doc.resourceType, doc.failure?.kind, doc.status], ['document', 'refused', null]);
    const blocked = await h.openLoaded(env, 'http://127.0.0.1:6000/');
    const b = (await logWith(h, blocked.windowId, [(e) => e.url === 'http://127.0.0.1:6000/'])).find((e) => e.url === 'http://127.0.0.1:6000/')!;
    assert.deepEqual([b.resourceType, b.failure?.kind, b.status], ['document', 'blocked-port', null]);
  });

  it('answers getNetworkLog while the UI thread is busy; clearNetworkLog empties it; unknown windows are refused', async () => {
    const w = await h.openLoaded(env, `${server.origin}/`);
    await logWith(h, w.windowId, [(e) => path(e) === '/pixel.png']);
    const since = h.mark();
    let free = false;
    const busy = h.client.request(TestRequests.debugBlock, { ms: 1500 }).then(() => { free = true; });
    await h.next('log', (e) => /^debug\/block: the UI thread is busy/.test(e.message), 5000, since);
    const log = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
    // Answered by the main thread: before the blocked UI thread answered the block (a request the
    // UI thread served would be answered after it).
    assert.equal(free, false, 'getNetworkLog was answered only once the UI thread was free');
    assert.ok(log.entries.length >= 6, `${log.entries.length} entries`);
    await busy;
    assert.equal(await h.client.request(Requests.clearNetworkLog, { windowId: w.windowId }), log.entries.length);
    assert.deepEqual((await h.client.request(Requests.getNetworkLog, { windowId: w.windowId })).entries, []);
    await assert.rejects(h.client.request(Requests.getNetworkLog, { windowId: 99999 }), (err: { code: number }) => err.code === ErrorCodes.unknownWindow);
    await assert.rejects(h.client.request(Requests.setNetworkCapture, { windowId: 99999, bodies: true }));
  });

  it('captures text bodies only when asked for, through Network.getResponseBody', async () => {
    const w = await h.openLoaded(env, `${server.origin}/`);
    await logWith(h, w.windowId, [(e) => path(e) === '/pixel.png']);
    const off = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId, bodies: true });
    assert.ok(off.entries.every((e) => e.body === undefined), 'no bodies while capture is off');
    await h.client.request(Requests.setNetworkCapture, { windowId: w.windowId, bodies: true });
    await h.client.request(Requests.clearNetworkLog, { windowId: w.windowId });
    await h.client.request(Requests.reload, { windowId: w.windowId });
    await logWith(h, w.windowId, [(e) => path(e) === '/pixel.png', (e) => path(e) === '/script.js', (e) => path(e) === '/style.css']);
    const on = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId, bodies: true });
    const body = (p: string) => on.entries.find((e) => path(e) === p)?.body;
    assert.deepEqual(body('/style.css'), { text: '#title { color: rgb(0, 128, 0); }' });
    assert.match(body('/')?.text ?? '', /<h1 id="title">Network page<\/h1>/);
    assert.equal(body('/script.js')?.text, 'document.documentElement.dataset.script = "ran";');
    assert.equal(body('/pixel.png'), undefined, 'binary bodies are not kept');
    const without = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
    assert.ok(without.entries.every((e) => e.body === undefined), 'bodies only when asked for');
  });

  it('records nothing with networkLog false, and records again once it is turned on', async () => {
    const settings = { strategy: 'cowait' as const, stallThresholdMs: 2000, waitDeadlineMs: 30000 };
    await h.client.request(Requests.configure, { ...settings, networkLog: false });
    try {
      const w = await h.openLoaded(env, `${server.origin}/`);
      // The page loaded again (the runtime fetched it and its subresources) and still no entry. The
      // runtime queues a load's network events before its NavigationCompleted, and the helper
      // passes them on in order: once the reload's completion is here, so would they be.
      const before = server.requests.length;
      const since = h.mark();
      await h.client.request(Requests.reload, { windowId: w.windowId });
      await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 15000, since);
      assert.ok(server.requests.length >= before + 5, `the reload fetched the page and its subresources (${server.requests.length - before} requests)`);
      assert.deepEqual((await h.client.request(Requests.getNetworkLog, { windowId: w.windowId })).entries, []);
      await h.client.request(Requests.configure, { ...settings, networkLog: true });
      await h.client.request(Requests.reload, { windowId: w.windowId });
      await logWith(h, w.windowId, [(e) => path(e) === '/style.css']);
    } finally {
      await h.client.request(Requests.configure, { ...settings, networkLog: true });
    }
  });
});
