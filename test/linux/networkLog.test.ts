// The network log in real WebKitGTK windows against a site of the test's own (networkServer.ts):
// getNetworkLog lists each request with its method and status (a redirect as its own entry, then
// its target), failures carry their reason, secret header values are masked unless asked for,
// notifications come per entry, and the log answers while the UI thread is busy.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ErrorCodes, Requests, type NetworkEntry } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { startNetworkServer, type NetworkServer } from '../support/networkServer';

/** The window's log once it has an entry matching every one of `wanted`. */
async function logWith(h: Harness, windowId: number, wanted: ((e: NetworkEntry) => boolean)[], timeoutMs = 15000): Promise<NetworkEntry[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const log = await h.client.request(Requests.getNetworkLog, { windowId });
    if (wanted.every((m) => log.entries.some(m))) return log.entries;
    if (Date.now() > until) throw new Error(`the log lacks an entry; it has ${JSON.stringify(log.entries.map((e) => `${e.method} ${e.status} ${e.url} ${e.failure?.kind ?? ''}`))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('Linux network log', function () {
  const suite = linuxSuite();
  let server: NetworkServer;
  let env: number;
  const path = (e: NetworkEntry) => new URL(e.url).pathname;

  before(async () => {
    server = await startNetworkServer();
    env = await suite.h.environment();
  });
  after(async () => server?.close());

  it('lists the page, its stylesheet, image, 404, the 302 then its target, and the POST, with methods and statuses', async () => {
    const h = suite.h;
    const since = h.mark();
    const w = await h.openLoaded(env, `${server.origin}/`);
    const entries = await logWith(h, w.windowId, [(e) => path(e) === '/api', (e) => path(e) === '/script.js', (e) => path(e) === '/missing.png']);
    const one = (p: string) => entries.find((e) => path(e) === p)!;
    assert.deepEqual([one('/').method, one('/').status, one('/').resourceType, one('/').mimeType], ['GET', 200, 'document', 'text/html']);
    assert.deepEqual([one('/style.css').status, one('/style.css').resourceType, one('/style.css').mimeType], [200, 'stylesheet', 'text/css']);
    assert.deepEqual([one('/pixel.png').status, one('/pixel.png').resourceType], [200, 'image']);
    assert.deepEqual([one('/missing.png').status, one('/missing.png').statusText, one('/missing.png').failure], [404, 'Not Found', null]);
    const api = one('/api');
    assert.deepEqual([api.method, api.status, api.resourceType, api.mimeType], ['POST', 200, 'xhr', 'text/plain']);
    // The redirect is an entry of its own, followed by its target.
    const hop = entries.findIndex((e) => path(e) === '/moved.js');
    const target = entries.findIndex((e) => path(e) === '/script.js');
    assert.ok(hop >= 0 && target > hop, `the 302 (${hop}) comes before its target (${target})`);
    assert.deepEqual([entries[hop].status, entries[hop].redirectedTo, entries[target].status], [302, `${server.origin}/script.js`, 200]);
    assert.ok(entries[hop].responseHeaders.some((x) => x.name === 'Location' && x.value === '/script.js'));
    // Numbered from 1 in order, timed in order.
    assert.deepEqual(entries.map((e) => e.seq), entries.map((_e, i) => i + 1));
    for (const e of entries) assert.ok(e.startedAt <= (e.responseAt ?? e.endedAt) && (e.responseAt ?? e.endedAt) <= e.endedAt, `timings of ${e.url}`);
    // One notification per entry, masked, without bodies.
    const notified = await h.next('networkRequest', (e) => e.windowId === w.windowId && path(e.entry) === '/api', 5000, since);
    assert.equal(notified.params.skipped, 0);
    assert.equal(notified.params.entry.requestHeaders.find((x: { name: string }) => x.name === 'Authorization').value, '********');
    // `since` gives only what came after.
    const later = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId, since: 3 });
    assert.deepEqual(later.entries.map((e) => e.seq), entries.slice(3).map((e) => e.seq));
  });

  it('masks Authorization (and Cookie, Set-Cookie) values unless includeValues, everywhere', async () => {
    const h = suite.h;
    const w = await h.openLoaded(env, `${server.origin}/`);
    await logWith(h, w.windowId, [(e) => path(e) === '/api']);
    const masked = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
    const api = masked.entries.find((e) => path(e) === '/api')!;
    assert.equal(api.requestHeaders.find((x) => x.name === 'Authorization')?.value, '********');
    const text = JSON.stringify(masked);
    assert.ok(!text.includes('s3cret-token') && !text.includes('topsecret-cookie'), 'no secret in the masked log');
    const revealed = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId, includeValues: true });
    assert.equal(revealed.entries.find((e) => path(e) === '/api')!.requestHeaders.find((x) => x.name === 'Authorization')?.value, 'Bearer s3cret-token');
  });

  it('gives failures their reason: a refused port, a name that does not resolve; a blocked subresource port is never a resource', async () => {
    const h = suite.h;
    const refused = `http://127.0.0.1:${await closedPort()}/a.png`;
    const query = [refused, 'http://nowhere.invalid/b.png', 'http://127.0.0.1:6000/c.png'].map((u) => `src=${encodeURIComponent(u)}`).join('&');
    const w = await h.openLoaded(env, `${server.origin}/failures?${query}`);
    const entries = await logWith(h, w.windowId, [(e) => e.url === refused && e.failure !== null, (e) => e.url.includes('nowhere.invalid') && e.failure !== null]);
    const failed = (u: string) => entries.find((e) => e.url === u)!;
    assert.equal(failed(refused).failure?.kind, 'refused', JSON.stringify(failed(refused).failure));
    assert.equal(failed(refused).status, null);
    assert.equal(failed('http://nowhere.invalid/b.png').failure?.kind, 'dns', JSON.stringify(failed('http://nowhere.invalid/b.png').failure));
    assert.match(failed(refused).failure?.message ?? '', /Connection refused/);
    // WebKit refuses a subresource on a blocked port before any resource exists: nothing to log
    // (if a WebKit starts reporting it, this fails and the entry needs its reason checked).
    assert.equal(entries.filter((e) => e.url.includes(':6000/')).length, 0);
  });

  it('a page on a blocked port is an entry with the reason blocked-port', async () => {
    const h = suite.h;
    const w = await h.openLoaded(env, 'http://127.0.0.1:6000/');
    const entries = await logWith(h, w.windowId, [(e) => e.url === 'http://127.0.0.1:6000/']);
    const doc = entries.find((e) => e.url === 'http://127.0.0.1:6000/')!;
    assert.deepEqual([doc.resourceType, doc.failure?.kind, doc.status], ['document', 'blocked-port', null]);
    assert.match(doc.failure?.message ?? '', /6000/);
  });

  it('a page that fails to load is an entry with its reason', async () => {
    const h = suite.h;
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const w = await h.openLoaded(env, url);
    const entries = await logWith(h, w.windowId, [(e) => e.url === url]);
    const doc = entries.find((e) => e.url === url)!;
    assert.deepEqual([doc.resourceType, doc.failure?.kind, doc.status], ['document', 'refused', null]);
  });

  it('answers getNetworkLog while the UI thread is busy; clearNetworkLog empties it; unknown windows are refused', async () => {
    const h = suite.h;
    const w = await h.openLoaded(env, `${server.origin}/`);
    await logWith(h, w.windowId, [(e) => path(e) === '/api']);
    const since = h.mark();
    let free = false;
    const busy = h.client.request(TestRequests.debugBlock, { ms: 1500 }).then(() => { free = true; });
    await h.next('log', (e) => /^debug\/block: the UI thread is busy/.test(e.message), 5000, since);
    const log = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
    // Answered by the main thread: before the blocked UI thread answered the block (a request the
    // UI thread served would be answered after it).
    assert.equal(free, false, 'getNetworkLog was answered only once the UI thread was free');
    assert.ok(log.entries.length >= 7);
    await busy;
    assert.equal(await h.client.request(Requests.clearNetworkLog, { windowId: w.windowId }), log.entries.length);
    assert.deepEqual((await h.client.request(Requests.getNetworkLog, { windowId: w.windowId })).entries, []);
    await assert.rejects(h.client.request(Requests.getNetworkLog, { windowId: 99999 }), (err: { code: number }) => err.code === ErrorCodes.unknownWindow);
  });

  it('keeps a closed window\'s log readable for a while (open: false)', async () => {
    const h = suite.h;
    const w = await h.openLoaded(env, `${server.origin}/`);
    await logWith(h, w.windowId, [(e) => path(e) === '/api']);
    await h.client.request(Requests.close, { windowId: w.windowId });
    await h.next('windowClosed', (e) => e.windowId === w.windowId, 5000);
    const log = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
    assert.equal(log.open, false);
    assert.ok(log.entries.some((e) => path(e) === '/api'));
  });

  it('captures text bodies only when asked for, per window', async () => {
    const h = suite.h;
    const w = await h.openLoaded(env, `${server.origin}/`);
    await logWith(h, w.windowId, [(e) => path(e) === '/api']);
    const off = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId, bodies: true });
    assert.ok(off.entries.every((e) => e.body === undefined), 'no bodies while capture is off');
    await h.client.request(Requests.setNetworkCapture, { windowId: w.windowId, bodies: true });
    await h.client.request(Requests.clearNetworkLog, { windowId: w.windowId });
    await h.client.request(Requests.reload, { windowId: w.windowId });
    await logWith(h, w.windowId, [(e) => path(e) === '/api']);
    const on = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId, bodies: true });
    const body = (p: string) => on.entries.find((e) => path(e) === p)?.body?.text;
    assert.match(body('/style.css') ?? '', /#title \{ color: rgb\(0, 128, 0\); \}/);
    assert.match(body('/') ?? '', /<h1 id="title">Network page<\/h1>/);
    assert.equal(body('/pixel.png'), undefined, 'binary bodies are not kept');
    // WebKit keeps no data of a fetch in the UI process: no body rather than a wrong one.
    assert.equal(body('/api'), undefined);
    const without = await h.client.request(Requests.getNetworkLog, { windowId: w.windowId });
    assert.ok(without.entries.every((e) => e.body === undefined), 'bodies only when asked for');
  });
});
