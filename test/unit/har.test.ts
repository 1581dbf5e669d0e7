// The HAR writer: valid against the HAR 1.2 schema, a page per window, a redirect with its
// redirectURL, a failure with status 0 and its reason, bodies as content.text, secret header values
// masked unless includeValues, and the file written 0600.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NetworkEntry } from '../../src/protocol';
import { buildHar } from '../../src/network/har';
import { exportHar } from '../../src/network/harExport';
import { harProblems } from '../support/harSchema';

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);

function entry(over: Partial<NetworkEntry>): NetworkEntry {
  return {
    windowId: 1, seq: 1, method: 'GET', url: 'http://127.0.0.1:8080/', status: 200, statusText: 'OK', resourceType: 'document',
    mimeType: 'text/html', transferredBytes: null, bodyBytes: 12, startedAt: T0, responseAt: T0 + 10, endedAt: T0 + 15,
    requestHeaders: [{ name: 'Accept', value: '*/*' }], responseHeaders: [{ name: 'Content-Type', value: 'text/html' }],
    redirectedTo: null, failure: null, initiator: null, ...over,
  };
}

const ENTRIES: NetworkEntry[] = [
  entry({ body: { text: '<h1>hi</h1>' }, requestHeaders: [{ name: 'Cookie', value: 'sid=abc; theme=dark' }, { name: 'Authorization', value: 'Bearer tok' }],
    responseHeaders: [{ name: 'Set-Cookie', value: 'sid=abc; Path=/; HttpOnly' }, { name: 'Content-Type', value: 'text/html' }] }),
  entry({ seq: 2, url: 'http://127.0.0.1:8080/old?x=1&y=2', status: 302, statusText: 'Found', resourceType: 'script', mimeType: 'text/plain', bodyBytes: null,
    redirectedTo: 'http://127.0.0.1:8080/new.js', startedAt: T0 + 20, responseAt: T0 + 25, endedAt: T0 + 25 }),
  entry({ seq: 3, url: 'http://127.0.0.1:1/x.png', status: null, statusText: '', resourceType: 'image', mimeType: null, bodyBytes: null,
    responseAt: null, startedAt: T0 + 30, endedAt: T0 + 31, responseHeaders: [], failure: { kind: 'refused', message: 'Connection refused' } }),
];

describe('HAR writer', () => {
  it('writes HAR 1.2 that the schema accepts', () => {
    const har = buildHar([{ windowId: 1, entries: ENTRIES }, { windowId: 2, entries: [entry({ windowId: 2, startedAt: T0 + 5, responseAt: T0 + 6, endedAt: T0 + 7 })] }], { includeValues: false });
    assert.deepEqual(harProblems(har), []);
    const log = har.log as any;
    assert.equal(log.version, '1.2');
    assert.deepEqual(log.pages.map((p: any) => p.id), ['window_1', 'window_2']);
    assert.deepEqual(log.entries.map((e: any) => e.pageref), ['window_1', 'window_2', 'window_1', 'window_1'], 'in start order');
  });

  it('refuses what the schema refuses (the check can fail)', () => {
    const har = buildHar([{ windowId: 1, entries: ENTRIES }], { includeValues: false }) as any;
    delete har.log.entries[0].request.method;
    har.log.entries[1].response.status = 'ok';
    assert.equal(harProblems(har).length >= 2, true, harProblems(har).join('; '));
  });

  it('keeps redirects, failures, timings, query strings and bodies', () => {
    const [doc, hop, failed] = (buildHar([{ windowId: 1, entries: ENTRIES }], { includeValues: false }).log as any).entries;
    assert.deepEqual(doc.response.content, { size: 12, mimeType: 'text/html', text: '<h1>hi</h1>' });
    assert.deepEqual(doc.timings, { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 10, receive: 5 });
    assert.equal(doc.time, 15);
    assert.deepEqual([hop.response.status, hop.response.redirectURL], [302, 'http://127.0.0.1:8080/new.js']);
    assert.deepEqual(hop.request.queryString, [{ name: 'x', value: '1' }, { name: 'y', value: '2' }]);
    assert.deepEqual([failed.response.status, failed.response.content.mimeType, failed.comment], [0, 'x-unknown', 'failed (refused): Connection refused']);
  });

  it('masks Cookie, Set-Cookie and Authorization values and cookies unless includeValues', () => {
    const masked = JSON.stringify(buildHar([{ windowId: 1, entries: ENTRIES }], { includeValues: false }));
    for (const secret of ['sid=abc', 'Bearer tok', '"abc"', 'dark']) assert.ok(!masked.includes(secret), `${secret} is masked`);
    const doc = (buildHar([{ windowId: 1, entries: ENTRIES }], { includeValues: false }).log as any).entries[0];
    assert.deepEqual(doc.request.headers.find((h: any) => h.name === 'Authorization'), { name: 'Authorization', value: '********' });
    const open = (buildHar([{ windowId: 1, entries: ENTRIES }], { includeValues: true }).log as any).entries[0];
    assert.deepEqual(open.request.cookies, [{ name: 'sid', value: 'abc' }, { name: 'theme', value: 'dark' }]);
    assert.deepEqual(open.response.cookies, [{ name: 'sid', value: 'abc' }]);
    assert.equal(open.request.headers.find((h: any) => h.name === 'Authorization').value, 'Bearer tok');
  });

  it('exportHar asks for bodies and values as told and writes through the private-file writer (0600 where modes exist)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-har-'));
    const asked: unknown[] = [];
    try {
      const file = path.join(dir, 'session.har');
      const written = await exportHar(async (p) => { asked.push(p); return { windowId: p.windowId, entries: ENTRIES, evicted: 0, open: true }; }, [1], { path: file, includeValues: false });
      assert.deepEqual(asked, [{ windowId: 1, bodies: true, includeValues: false }]);
      assert.deepEqual(written, { path: file, entries: 3 });
      assert.deepEqual(harProblems(JSON.parse(fs.readFileSync(file, 'utf8'))), []);
      // The private-file writer's refusals guard the export (exportFile.ts): a folder everywhere;
      // modes and symbolic links where they exist (Windows has ACLs, and Wine makes no links).
      await assert.rejects(exportHar(async () => ({ windowId: 1, entries: [], evicted: 0, open: true }), [1], { path: dir, includeValues: false }), /it is a folder/);
      if (process.platform !== 'win32') {
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
        fs.symlinkSync(file, path.join(dir, 'link.har'));
        await assert.rejects(exportHar(async () => ({ windowId: 1, entries: [], evicted: 0, open: true }), [1], { path: path.join(dir, 'link.har'), includeValues: false }), /symbolic link/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
