// The Windows backend's cookie edits, trusted certificate hosts and proxy, against the test runtime:
// CookieManager CreateCookie/AddOrUpdateCookie/DeleteCookie/DeleteAllCookies and the cookie setters,
// ICoreWebView2_14 ServerCertificateErrorDetected, and an ICoreWebView2EnvironmentOptions whose
// AdditionalBrowserArguments carry the proxy (the runtime really talks to it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes, Requests } from '../../src/protocol';
import type { Harness } from '../support/harness';
import { startRecordingProxy, type RecordingProxy } from '../support/recordingProxy';
import { cookieFile, windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const EXPIRES = 1925089445;
const SEED = cookieFile([
  ['sid', 's1', 'app.test', '/', -1, true, true, 1],
  ['theme', 'dark', 'app.test', '/', EXPIRES, false, false, 1],
]);

{
  describeWithTestRuntime('Windows backend: cookie edits through the CookieManager', function () {
    let h: Harness;
    before(async () => { h = windowsHarness(); await h.client.start(); });
    after(async () => h?.stop());

    it('adds a cookie with every attribute, edits it, deletes it, and reads each back', async () => {
      const env = await h.environment({ 'test-cookies.tsv': SEED });
      const w = await h.openLoaded(env, 'https://app.test/');
      const cookie = { name: 'edited', value: 'v1', domain: 'app.test', path: '/', expires: EXPIRES, httpOnly: true, secure: true, sameSite: 'strict' as const };
      await h.client.request(Requests.setCookie, { windowId: w.windowId, cookie });
      const read = async () => (await h.client.request(Requests.getCookies, { windowId: w.windowId })).filter((c) => c.name === 'edited');
      assert.deepEqual(await read(), [{ ...cookie, session: false }]);
      await h.client.request(Requests.setCookie, { windowId: w.windowId, cookie: { ...cookie, value: 'v2', expires: null, sameSite: 'lax', httpOnly: false } });
      assert.deepEqual(await read(), [{ ...cookie, value: 'v2', expires: null, sameSite: 'lax', httpOnly: false, session: true }]);
      await h.client.request(Requests.deleteCookie, { windowId: w.windowId, name: 'edited', domain: 'app.test', path: '/' });
      assert.deepEqual(await read(), []);
      assert.equal((await h.client.request(Requests.getCookies, { windowId: w.windowId })).length, 2, 'the others are untouched');
    });

    it('refuses a delete of a cookie that is not there, and clears the environment, returning the count', async () => {
      const env = await h.environment({ 'test-cookies.tsv': SEED });
      const w = await h.openLoaded(env, 'https://app.test/');
      await assert.rejects(h.client.request(Requests.deleteCookie, { windowId: w.windowId, name: 'nope', domain: 'app.test', path: '/' }),
        (err: any) => err.code === ErrorCodes.invalidInput && /no cookie "nope" for app\.test\//.test(err.message));
      const second = await h.openLoaded(env, 'https://app.test/other');
      assert.equal(await h.client.request(Requests.clearCookies, { windowId: w.windowId }), 2);
      assert.deepEqual(await h.client.request(Requests.getCookies, { windowId: second.windowId }), []);
    });

    it('keeps the edits in the profile: a new helper on the same folder sees them', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-profile-'));
      const env = (await h.client.request(Requests.createEnvironment, { userDataFolder: folder })).environmentId;
      const w = await h.openLoaded(env, 'https://app.test/');
      await h.client.request(Requests.setCookie, { windowId: w.windowId, cookie: { name: 'kept', value: 'k', domain: 'app.test', secure: true, sameSite: 'none' } });
      const other = windowsHarness();
      try {
        const again = (await other.client.request(Requests.createEnvironment, { userDataFolder: folder })).environmentId;
        const w2 = await other.openLoaded(again, 'https://app.test/');
        assert.deepEqual((await other.client.request(Requests.getCookies, { windowId: w2.windowId })).map((c) => [c.name, c.sameSite, c.secure]), [['kept', 'none', true]]);
      } finally {
        await other.stop();
      }
    });
  });

  describeWithTestRuntime('Windows backend: untrusted certificates (ICoreWebView2_14 ServerCertificateErrorDetected)', function () {
    let h: Harness;
    before(async () => { h = windowsHarness({ trustedCertificateHosts: ['self-signed.test'] }); await h.client.start(); });
    after(async () => h?.stop());

    const load = async (url: string) => {
      const env = await h.environment();
      const since = h.mark();
      const w = await h.client.request(Requests.createWindow, { environmentId: env, url });
      return (await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since)).params;
    };

    it('lets a trusted host\'s untrusted certificate through', async () => {
      const done = await load('https://self-signed.test/login');
      assert.equal(done.isSuccess, true, done.error);
    });

    it('refuses every other host, naming the certificate problem and how to trust that host', async () => {
      const other = await load('https://untrusted.test/');
      assert.equal(other.isSuccess, false);
      assert.equal(other.error, 'TLS certificate not trusted: signed by an unknown authority or otherwise invalid (self-signed?), presented by untrusted.test; to accept it for this host only: --trust-host untrusted.test (setting webview2Host.trustedCertificateHosts) (https://untrusted.test/)');
      const expired = await load('https://expired.test/');
      assert.match(expired.error, /^TLS certificate not trusted: expired, presented by expired\.test;/);
      const lookalike = await load('https://self-signed.test.example/');
      assert.equal(lookalike.isSuccess, false, 'a host that merely starts like a listed one is not trusted');
      assert.match(lookalike.error, /presented by self-signed\.test\.example;/);
    });

    it('follows the setting as it changes', async () => {
      await h.client.request(Requests.configure, { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, trustedCertificateHosts: ['untrusted.test'] });
      assert.equal((await load('https://untrusted.test/')).isSuccess, true);
      assert.equal((await load('https://self-signed.test/')).isSuccess, false);
    });
  });

  describeWithTestRuntime('Windows backend: the environment\'s proxy (AdditionalBrowserArguments)', function () {
    let h: Harness;
    let proxy: RecordingProxy;
    let site: http.Server;
    let origin: string;
    before(async () => {
      h = windowsHarness();
      await h.client.start();
      proxy = await startRecordingProxy();
      site = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>site</title>'));
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    });
    after(async () => {
      await h?.stop();
      await proxy?.close();
      site?.close();
    });

    it('sends the window\'s navigations through the proxy, loopback too, and only that environment\'s', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-proxy-'));
      const env = (await h.client.request(Requests.createEnvironment, { userDataFolder: folder, proxy: proxy.url })).environmentId;
      const w = await h.openLoaded(env, 'http://app.test/page');
      assert.ok(proxy.seen.includes('GET http://app.test/page'), `the proxy saw: ${proxy.seen.join(', ')}`);
      const since = h.mark();
      await h.client.request(Requests.navigate, { windowId: w.windowId, url: `${origin}/local` });
      const done = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
      assert.equal(done.params.isSuccess, true, done.params.error);
      assert.ok(proxy.seen.includes(`GET ${origin}/local`), 'loopback goes through the proxy too (<-loopback>)');
      const seen = proxy.seen.length;
      await h.openLoaded(await h.environment(), 'http://app.test/direct');
      assert.equal(proxy.seen.length, seen, 'an environment without a proxy does not use it');
    });

    it('refuses to reopen a profile with another proxy', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-proxy-'));
      await h.client.request(Requests.createEnvironment, { userDataFolder: folder, proxy: proxy.url });
      await assert.rejects(h.client.request(Requests.createEnvironment, { userDataFolder: folder }),
        (err: any) => err.code === ErrorCodes.invalidInput && /already open with the proxy http:\/\/127\.0\.0\.1:\d+/.test(err.message));
    });
  });
}
