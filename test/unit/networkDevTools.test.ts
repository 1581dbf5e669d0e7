// The Windows engine's reading of DevTools Network events (src/webview2/networkDevTools.ts),
// without a runtime: event order as Chromium may send it, bounds, failure kinds, bodies.
import * as assert from 'node:assert/strict';
import type { FinishedRequest } from '../../src/network/protocol';
import { DevToolsNetworkRecorder, failureOfDevTools, headersOfDevTools, MAX_PENDING, type Body } from '../../src/webview2/networkDevTools';

function recorder(capturing = false) {
  const out: FinishedRequest[] = [];
  const asked: { id: string; done: (b: Body | null) => void }[] = [];
  const drops: number[] = [];
  const r = new DevToolsNetworkRecorder({
    report: (e) => out.push(e), capturing: () => capturing, now: () => 42,
    fetchBody: (_w, id, done) => { asked.push({ id, done }); return true; },
    dropped: (_w, total) => drops.push(total),
  });
  const ev = (method: string, p: object) => r.event(1, `Network.${method}`, JSON.stringify(p));
  return { r, out, asked, drops, ev };
}
const sent = (id: string, url: string, extra: object = {}) => ({ requestId: id, request: { url, method: 'GET', headers: { Accept: '*/*' } }, timestamp: 100, wallTime: 1_700_000_000, type: 'Stylesheet', initiator: { type: 'parser', url: 'http://h/' }, ...extra });
const response = (status: number, headers: object) => ({ url: 'u', status, statusText: '', mimeType: 'text/css', headers, timing: { requestTime: 100, receiveHeadersEnd: 250 } });

describe('DevTools network events (Windows engine)', () => {
  it('makes an entry of a finished request, DevTools times converted to epoch ms, wire headers from ExtraInfo', () => {
    const { out, ev } = recorder();
    ev('requestWillBeSentExtraInfo', { requestId: '1', headers: { Cookie: 'a=b' } }); // before its request: kept for it
    ev('requestWillBeSent', sent('1', 'http://h/s.css'));
    ev('responseReceived', { requestId: '1', timestamp: 100.3, type: 'Stylesheet', response: response(200, { 'Content-Length': '10' }) });
    ev('responseReceivedExtraInfo', { requestId: '1', headers: { 'Set-Cookie': 'x=1\ny=2', 'Content-Length': '10' } });
    ev('loadingFinished', { requestId: '1', timestamp: 100.5, encodedDataLength: 120 });
    assert.equal(out.length, 1);
    const e = out[0];
    assert.deepEqual([e.status, e.statusText, e.resourceType, e.mimeType, e.bodyBytes, e.transferredBytes, e.initiator], [200, 'OK', 'stylesheet', 'text/css', 10, 120, 'http://h/']);
    assert.deepEqual([e.startedAt, e.responseAt, e.endedAt], [1_700_000_000_000, 1_700_000_000_250, 1_700_000_000_500]);
    assert.deepEqual(e.requestHeaders, [{ name: 'Cookie', value: 'a=b' }]);
    assert.deepEqual(e.responseHeaders.filter((h) => h.name === 'Set-Cookie').map((h) => h.value), ['x=1', 'y=2']);
  });

  it('reports a redirect hop as its own entry, then the target', () => {
    const { out, ev } = recorder();
    ev('requestWillBeSent', sent('7', 'http://h/a'));
    ev('requestWillBeSent', { ...sent('7', 'http://h/b'), timestamp: 100.2, redirectResponse: { ...response(302, { Location: '/b' }), encodedDataLength: 80 } });
    ev('loadingFailed', { requestId: '7', timestamp: 100.4, errorText: 'net::ERR_CONNECTION_REFUSED', canceled: false });
    assert.deepEqual(out.map((e) => [e.url, e.status, e.redirectedTo, e.failure?.kind ?? null]), [['http://h/a', 302, 'http://h/b', null], ['http://h/b', null, null, 'refused']]);
    assert.equal(out[0].transferredBytes, 80);
  });

  it('maps net::ERR_* to the product\'s kinds', () => {
    const kind = (t: string, canceled = false, blocked?: string) => failureOfDevTools(t, canceled, blocked).kind;
    assert.deepEqual(
      [kind('net::ERR_NAME_NOT_RESOLVED'), kind('net::ERR_CERT_AUTHORITY_INVALID'), kind('net::ERR_UNSAFE_PORT'), kind('net::ERR_BLOCKED_BY_CLIENT'),
        kind('net::ERR_ABORTED', true), kind('net::ERR_TIMED_OUT'), kind('net::ERR_FAILED'), kind('net::ERR_FAILED', false, 'mixed-content')],
      ['dns', 'tls', 'blocked-port', 'blocked', 'cancelled', 'timeout', 'other', 'blocked']);
  });

  it('bounds what the page chose and what it keeps in flight', () => {
    const { r, ev, drops } = recorder();
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`h${i}`, 'v']));
    assert.equal(headersOfDevTools(many).length, 100);
    assert.equal(headersOfDevTools({ a: 'x'.repeat(10000) })[0].value.length, 4097);
    for (let i = 0; i < MAX_PENDING + 5; i++) ev('requestWillBeSent', sent(String(i), `http://h/${'p'.repeat(20000)}`));
    assert.deepEqual(r.sizes(1), { pending: MAX_PENDING, bodies: 0, dropped: 5 });
    assert.deepEqual(drops, [1]);
  });

  it('asks for a text body and reports the entry when it comes; a window gone reports it without', () => {
    const { r, out, asked, ev } = recorder(true);
    for (const id of ['1', '2']) {
      ev('requestWillBeSent', sent(id, `http://h/${id}.css`));
      ev('responseReceived', { requestId: id, response: response(200, {}) });
      ev('loadingFinished', { requestId: id, timestamp: 101, encodedDataLength: 9 });
    }
    assert.deepEqual([out.length, asked.map((a) => a.id)], [0, ['1', '2']]);
    asked[0].done({ text: 'h1{}' });
    assert.deepEqual([out[0].body, out[0].bodyBytes], [{ text: 'h1{}' }, 4]);
    r.forget(1);
    assert.equal(out[1].body, undefined);
    asked[1].done({ text: 'late' });
    assert.equal(out.length, 2);
  });
});
