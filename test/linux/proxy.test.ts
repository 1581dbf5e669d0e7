// The environment's proxy: a recording proxy on 127.0.0.1 sees the window's requests, and only
// those of the environment that uses it. The user data folder is created 0700.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes, Requests } from '../../src/protocol';
import { startCookieServer, type CookieServer } from '../support/cookieServer';
import { Harness } from '../support/harness';
import { makeSelfSignedCertificate, startLoginServer, type LoginServer } from '../support/loginServer';
import { startRecordingProxy, type RecordingProxy } from '../support/recordingProxy';

describe('proxy per environment, and the profile folder', function () {
  let site: CookieServer;
  let tlsSite: LoginServer;
  let proxy: RecordingProxy;
  let h: Harness;
  const folder = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-proxy-')), 'profile');

  before(async () => {
    site = await startCookieServer();
    tlsSite = await startLoginServer({ tls: makeSelfSignedCertificate() });
    proxy = await startRecordingProxy();
    h = new Harness({ trustedCertificateHosts: ['localhost'] });
    await h.client.start();
  });
  after(async () => {
    await h?.stop();
    await proxy?.close();
    await site?.close();
    await tlsSite?.close();
  });

  it('sends the window\'s requests through the proxy, loopback included, and the page still works', async () => {
    const env = await h.client.request(Requests.createEnvironment, { userDataFolder: folder(), proxy: proxy.url });
    const w = await h.openLoaded(env.environmentId, `${site.origin}/set`);
    assert.ok(proxy.seen.includes(`GET ${site.origin}/set`), `the proxy saw: ${proxy.seen.join(', ')}`);
    const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId });
    assert.equal(cookies.length, 5, 'the page loaded through the proxy set its cookies');
  });

  it('tunnels HTTPS through the proxy with CONNECT', async () => {
    const env = await h.client.request(Requests.createEnvironment, { userDataFolder: folder(), proxy: proxy.url });
    const since = h.mark();
    const w = await h.client.request(Requests.createWindow, { environmentId: env.environmentId, url: `${tlsSite.origin}/login` });
    const done = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
    assert.equal(done.params.isSuccess, true, done.params.error);
    assert.ok(proxy.seen.includes(`CONNECT localhost:${tlsSite.port}`), `the proxy saw: ${proxy.seen.join(', ')}`);
  });

  it('leaves an environment without a proxy alone', async () => {
    const seen = proxy.seen.length;
    const env = await h.environment();
    await h.openLoaded(env, `${site.origin}/plain`);
    assert.equal(proxy.seen.length, seen);
    assert.ok(site.requests.includes('/plain'));
  });

  it('refuses a proxy that is not a proxy URL, with the reason', async () => {
    await assert.rejects(h.client.request(Requests.createEnvironment, { userDataFolder: folder(), proxy: 'http://u:p@127.0.0.1:1' }),
      (err: any) => err.code === ErrorCodes.invalidInput && /credentials in the proxy URL are not supported/.test(err.message));
  });

  it('creates a new user data folder readable by its owner only (0700)', async () => {
    const target = folder();
    await h.client.request(Requests.createEnvironment, { userDataFolder: target });
    assert.equal(fs.statSync(target).mode & 0o777, 0o700);
  });
});
