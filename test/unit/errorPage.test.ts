import * as assert from 'node:assert/strict';
import { EDIT_ADDRESS_URL, errorPage, escapeHtml } from '../../src/helper/errorPage';
import { FailurePages, loopbackServer, type FailedLoad } from '../../src/helper/failurePages';
import type { NavigationCompletedEvent } from '../../src/protocol';
import type { ServerWaitEvent } from '../../src/helper/backend';

describe('error page (our page in place of the engine\'s)', () => {
  const base = { url: 'http://127.0.0.1:5173/app', kind: 'refused' as const, reason: 'Could not connect: Connection refused', editAddress: true };

  it('escapes every text that came from the page or its address, in content and in attributes', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    const url = 'http://evil.test/"><script>alert(1)</script>?a=\'b\'&c=<img src=x onerror=alert(2)>';
    const { html, title } = errorPage({ ...base, url, kind: 'dns', reason: 'Error resolving "<b>evil</b>"' });
    assert.ok(!html.includes('<script>alert'), 'no markup of the address survives');
    assert.ok(!html.includes('<img src=x'), 'nor in the Retry link');
    assert.ok(!html.includes('<b>evil'), 'nor from the reason');
    assert.ok(html.includes(`<a href="${escapeHtml(url)}">Retry</a>`), 'Retry is a plain link to the escaped address');
    assert.ok(html.includes('&lt;b&gt;evil&lt;/b&gt;'));
    assert.equal(title, 'Host not found (evil.test)');
    assert.ok(html.includes(`<title>${escapeHtml(title)}</title>`));
  });

  it('carries no script of its own, and forbids any with its Content-Security-Policy', () => {
    const { html } = errorPage(base);
    assert.ok(!/<script|javascript:|\son[a-z]+=/i.test(html), 'no script, no script URL, no handler attribute');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  });

  it('names what failed in words, the address, the engine\'s reason, Retry and Edit address', () => {
    const { html, title } = errorPage(base);
    assert.equal(title, 'Connection refused (127.0.0.1:5173)');
    assert.match(html, /<h1>Connection refused<\/h1>/);
    assert.match(html, /<p class="address">http:\/\/127\.0\.0\.1:5173\/app<\/p>/);
    assert.match(html, /The server refused the connection/);
    assert.match(html, /<p class="reason">Could not connect: Connection refused<\/p>/);
    assert.ok(html.includes(`<a href="${EDIT_ADDRESS_URL}">Edit address</a>`));
    assert.ok(!errorPage({ ...base, editAddress: false }).html.includes('Edit address'), 'no field to edit, no link');
    for (const [kind, words] of [['dns', 'Host not found'], ['tls', 'Certificate not trusted'], ['blocked-port', 'Port blocked'], ['timeout', 'Timed out'], ['other', 'Not loaded']] as const) {
      assert.match(errorPage({ ...base, kind }).html, new RegExp(`<h1>${words}</h1>`), kind);
    }
  });

  it('follows light and dark, and says it waits with the attempt while a dev server starts', () => {
    const { html, title } = errorPage({ ...base, waiting: { target: '127.0.0.1:5173', attempt: 4, limitSeconds: 60 } });
    assert.match(html, /prefers-color-scheme: dark/);
    assert.match(html, /<meta name="color-scheme" content="light dark">/);
    assert.equal(title, 'Waiting for 127.0.0.1:5173');
    assert.match(html, /<h1>Waiting for 127\.0\.0\.1:5173 \u2026<\/h1>/);
    assert.match(html, /Attempt 4/);
    assert.match(html, /up to 60 s/);
  });

  it('offers Retry as a link only for addresses a link may go to', () => {
    assert.match(errorPage({ ...base, url: 'file:///tmp/x.html', kind: 'other' }).html, /Reload \(F5\) to try again/);
    assert.ok(!errorPage({ ...base, url: 'javascript:alert(1)', kind: 'other' }).html.includes('href="javascript'));
  });
});

describe('loopback servers (what a window waits for)', () => {
  it('knows loopback http(s) addresses and their port', () => {
    assert.deepEqual(loopbackServer('http://127.0.0.1:5173/x'), { host: '127.0.0.1', port: 5173, target: '127.0.0.1:5173' });
    assert.deepEqual(loopbackServer('http://localhost/'), { host: 'localhost', port: 80, target: 'localhost:80' });
    assert.deepEqual(loopbackServer('https://app.localhost:8443/'), { host: 'localhost', port: 8443, target: 'app.localhost:8443' });
    assert.deepEqual(loopbackServer('http://[::1]:3000/'), { host: '::1', port: 3000, target: '[::1]:3000' });
    assert.deepEqual(loopbackServer('http://127.8.9.10:81/'), { host: '127.8.9.10', port: 81, target: '127.8.9.10:81' });
    for (const other of ['http://example.com:5173/', 'http://10.0.0.1:3000/', 'file:///tmp/a', 'http://127.0.0.1.example.com/', 'not a url', 'ftp://127.0.0.1/']) {
      assert.equal(loopbackServer(other), null, other);
    }
  });
});

describe('failure pages (what a window shows after a failed load)', () => {
  function setup(limitMs = 60000, field = true) {
    const shown: { id: number; url: string; title: string; html: string }[] = [];
    const loads: string[] = [];
    const reports: NavigationCompletedEvent[] = [];
    const waits: ServerWaitEvent[] = [];
    const logs: string[] = [];
    const pages = new FailurePages(
      { show: (id, url, p) => shown.push({ id, url, ...p }), load: (_id, url) => loads.push(url), hasAddressField: () => field },
      { navigationCompleted: (e) => reports.push(e), serverWait: (e) => waits.push(e), log: (_l, m) => logs.push(m) },
      () => limitMs,
    );
    return { pages, shown, loads, reports, waits, logs };
  }
  const refused = (url = 'http://127.0.0.1:5173/', windowId = 1): FailedLoad => ({
    windowId, url, kind: 'refused', reason: 'Connection refused', error: `Connection refused (${url})`, httpStatus: null,
  });

  it('shows the error page and reports the failure once for anything but a refused loopback address', () => {
    const t = setup();
    t.pages.failed({ ...refused('http://example.com:81/'), kind: 'refused' });
    t.pages.failed({ ...refused('http://nowhere.invalid/', 2), kind: 'dns', reason: 'not known' });
    assert.deepEqual(t.shown.map((s) => s.title), ['Connection refused (example.com:81)', 'Host not found (nowhere.invalid)']);
    assert.deepEqual(t.reports.map((r) => [r.windowId, r.isSuccess, r.error]), [[1, false, 'Connection refused (http://example.com:81/)'], [2, false, 'Connection refused (http://nowhere.invalid/)']]);
    assert.deepEqual(t.waits, []);
    assert.equal(t.pages.failedUrl(2), 'http://nowhere.invalid/');
    assert.equal(t.pages.showsErrorPage(2), true);
  });

  it('waits for a refused loopback server: the waiting page, no failure, then the page when the probe finds it up', () => {
    const t = setup();
    t.pages.failed(refused());
    assert.deepEqual(t.reports, [], 'nothing reported while it waits');
    assert.equal(t.shown[0].title, 'Waiting for 127.0.0.1:5173');
    assert.match(t.shown[0].html, /Attempt 1/);
    assert.deepEqual(t.waits, [{ windowId: 1, generation: 1, state: 'started', host: '127.0.0.1', port: 5173, limitMs: 60000 }]);
    assert.match(t.logs[0], /nothing answers at 127\.0\.0\.1:5173 yet \(Connection refused\); the window waits up to 60 s/);
    assert.equal(t.pages.step({ windowId: 1, generation: 1, outcome: 'down', attempt: 2, elapsedMs: 250 }), true);
    assert.match(t.shown[1].html, /Attempt 2/);
    assert.equal(t.pages.waiting(1), true, 'the toolbar offers Stop while it waits');
    assert.equal(t.pages.step({ windowId: 1, generation: 1, outcome: 'up', attempt: 3, elapsedMs: 800 }), false);
    assert.deepEqual(t.loads, ['http://127.0.0.1:5173/']);
    assert.equal(t.pages.loadingAfterWait(1), true);
    assert.equal(t.pages.waiting(1), false, 'loading for real is no longer waiting');
    t.pages.navigationStarted(1); // the load it started
    assert.equal(t.pages.loadingAfterWait(1), true);
    t.pages.loaded(1);
    assert.equal(t.pages.showsErrorPage(1), false);
    assert.deepEqual(t.reports, [], 'a window that loaded after waiting never failed');
    assert.equal(t.pages.step({ windowId: 1, generation: 1, outcome: 'down', attempt: 4, elapsedMs: 900 }), false, 'a late probe finds nothing to do');
  });

  it('gives up at the limit with the error page, reporting the failure once', () => {
    const t = setup();
    t.pages.failed(refused());
    assert.equal(t.pages.step({ windowId: 1, generation: 1, outcome: 'gave-up', attempt: 30, elapsedMs: 60100 }), false);
    assert.equal(t.shown.at(-1)?.title, 'Connection refused (127.0.0.1:5173)');
    assert.match(t.shown.at(-1)!.html, /Nothing answered at 127\.0\.0\.1:5173 for 60 s\./);
    assert.deepEqual(t.reports.map((r) => r.error), ['nothing answered at 127.0.0.1:5173 for 60 s: Connection refused (http://127.0.0.1:5173/)']);
    assert.deepEqual(t.waits.map((w) => w.state), ['started', 'ended']);
  });

  it('a page that fails after the server answered gets the error page, not another wait', () => {
    const t = setup();
    t.pages.failed(refused());
    t.pages.step({ windowId: 1, generation: 1, outcome: 'up', attempt: 2, elapsedMs: 300 });
    t.pages.failed({ ...refused(), kind: 'refused' });
    assert.deepEqual(t.reports.map((r) => r.isSuccess), [false]);
    assert.match(t.shown.at(-1)!.html, /127\.0\.0\.1:5173 answered, but the page did not load\./);
    assert.deepEqual(t.waits.map((w) => w.state), ['started', 'ended']);
  });

  it('Stop, another page and a closed window end a wait; later probes find nothing', () => {
    const t = setup();
    t.pages.failed(refused());
    assert.equal(t.pages.stopped(1), true);
    assert.match(t.reports[0].error ?? '', /^stopped waiting for 127\.0\.0\.1:5173: /);
    assert.equal(t.pages.stopped(1), false, 'nothing more to stop');
    assert.equal(t.pages.step({ windowId: 1, generation: 1, outcome: 'down', attempt: 2, elapsedMs: 250 }), false);
    t.pages.failed(refused('http://localhost:3000/', 2));
    t.pages.navigationStarted(2);
    assert.equal(t.pages.showsErrorPage(2), false);
    assert.match(t.logs.at(-1)!, /window 2: stopped waiting for localhost:3000: another page was asked for/);
    t.pages.failed(refused('http://localhost:3000/', 3));
    t.pages.closed(3);
    assert.equal(t.pages.step({ windowId: 3, generation: 3, outcome: 'up', attempt: 2, elapsedMs: 250 }), false);
    assert.deepEqual(t.loads, []);
    assert.deepEqual(t.waits.map((w) => [w.windowId, w.state]), [[1, 'started'], [1, 'ended'], [2, 'started'], [2, 'ended'], [3, 'started']]);
  });

  it('does not wait when waiting is off, and offers Edit address only with an address field', () => {
    const t = setup(0, false);
    t.pages.failed(refused());
    assert.equal(t.reports.length, 1);
    assert.ok(!t.shown[0].html.includes('Edit address'));
    assert.deepEqual(t.waits, []);
  });
});
