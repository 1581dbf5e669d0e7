// A real login flow in a real window over HTTPS (self-signed certificate, trusted for localhost
// only): snapshot diff across the login POST, the session handed to curl, wget and Playwright,
// and cookie edits read back.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { writePrivateFile } from '../../src/cookies/exportFile';
import { exportCookies } from '../../src/cookies/exportFormats';
import { diffCookies } from '../../src/cookies/snapshotDiff';
import { ErrorCodes, Requests, type Cookie } from '../../src/protocol';
import { Harness } from '../support/harness';
import { makeSelfSignedCertificate, REMEMBER_EXPIRES, startLoginServer, type LoginServer } from '../support/loginServer';

/** Runs a tool without blocking this process, whose servers must keep answering meanwhile. */
function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 30000 }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('login flow over HTTPS: snapshots, exports for curl and Playwright, edits', function () {
  let server: LoginServer;
  let h: Harness;
  let certFile: string;
  let dir: string;
  let windowId: number;
  let preLogin: Cookie[];
  let loggedIn: Cookie[];

  before(async () => {
    const tls = makeSelfSignedCertificate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-login-'));
    certFile = path.join(dir, 'cert.pem');
    fs.writeFileSync(certFile, tls.cert);
    server = await startLoginServer({ tls });
    h = new Harness({ trustedCertificateHosts: ['localhost'] });
    await h.client.start();
    const env = await h.environment();
    windowId = (await h.openLoaded(env, `${server.origin}/login`)).windowId;
  });
  after(async () => {
    await h?.stop();
    await server?.close();
  });

  it('logs in with a real POST from the window; the diff shows the session cookie added, csrf changed, theme removed', async () => {
    preLogin = await h.client.request(Requests.getCookies, { windowId });
    assert.deepEqual(preLogin.map((c) => c.name).sort(), ['csrf', 'theme', 'tls_only']);
    const since = h.mark();
    await h.client.request(Requests.navigate, { windowId, url: `${server.origin}/submit` });
    const done = await h.next('navigationCompleted', (e) => e.windowId === windowId && e.url.endsWith('/account'), 20000, since);
    assert.equal(done.params.isSuccess, true, done.params.error);
    assert.equal(done.params.httpStatus, 200);
    assert.ok(server.requests.some((r) => r.method === 'POST' && r.path === '/login'), 'the form was POSTed');
    loggedIn = await h.client.request(Requests.getCookies, { windowId });
    const diff = diffCookies(preLogin, loggedIn);
    assert.deepEqual(diff.added.map((c) => c.name), ['remember', 'sid']);
    assert.deepEqual(diff.removed.map((c) => c.name), ['theme']);
    assert.deepEqual(diff.changed.map((c) => [c.name, c.fields]), [['csrf', ['value']]]);
    assert.equal(diff.unchanged, 1);
    assert.ok(!JSON.stringify(diff).includes('post-login-token'), 'values stay masked in the diff');
    const sid = loggedIn.find((c) => c.name === 'sid') as Cookie;
    assert.ok(server.sessions.has(sid.value), 'the window holds the session the server handed out');
    assert.deepEqual({ ...sid, value: '' }, { name: 'sid', value: '', domain: 'localhost', path: '/', expires: null, httpOnly: true, secure: true, sameSite: 'lax', session: true });
    assert.deepEqual(loggedIn.find((c) => c.name === 'remember'), { name: 'remember', value: 'alice', domain: 'localhost', path: '/', expires: REMEMBER_EXPIRES, httpOnly: false, secure: true, sameSite: 'strict', session: false });
  });

  it('curl with the exported cookies.txt reaches /account (200); without it, 401', async () => {
    const file = writePrivateFile(path.join(dir, 'cookies.txt'), exportCookies(loggedIn, 'netscape'));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const status = async (args: string[]) => (await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', certFile, ...args, `${server.origin}/account`])).stdout;
    assert.equal(await status([]), '401');
    assert.equal(await status(['-b', file]), '200');
    const last = server.requests.filter((r) => r.path === '/account').pop();
    assert.match(last?.cookie ?? '', /sid=/);
  });

  it('wget --load-cookies accepts the file (wget 1.x reads #HttpOnly_ lines as comments, so it sends only the other cookies)', async () => {
    const file = path.join(dir, 'cookies.txt');
    const before = server.requests.length;
    const wget = await run('wget', ['-q', '-O', '/dev/null', '--ca-certificate', certFile, '--load-cookies', file, `${server.origin}/account`]);
    const sent = server.requests.slice(before).filter((r) => r.path === '/account');
    assert.equal(sent.length, 1, `wget made one request (exit ${wget.code}: ${wget.stderr})`);
    assert.match(sent[0].cookie, /csrf=post-login-token/, 'wget loaded the file and sent its cookies');
    assert.match(sent[0].cookie, /remember=alice/);
  });

  it('Playwright (Chromium) loads the storageState and /account sees the session', async () => {
    const file = writePrivateFile(path.join(dir, 'storageState.json'), exportCookies(loggedIn, 'playwright'));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const context = await browser.newContext({ storageState: file, ignoreHTTPSErrors: true });
      const page = await context.newPage();
      const answer = await page.goto(`${server.origin}/account`);
      assert.equal(answer?.status(), 200);
      assert.match(await page.title(), /Account/);
      const last = server.requests.filter((r) => r.path === '/account').pop();
      assert.match(last?.cookie ?? '', new RegExp(`sid=${(loggedIn.find((c) => c.name === 'sid') as Cookie).value}`));
      assert.match(last?.cookie ?? '', /remember=alice/);
    } finally {
      await browser.close();
    }
  });

  it('adds, edits and deletes a cookie, read back from the engine', async () => {
    const expires = Math.floor(Date.UTC(2033, 1, 3, 4, 5, 6) / 1000);
    const cookie = { name: 'edited', value: 'v1', domain: 'localhost', path: '/', expires, httpOnly: true, secure: true, sameSite: 'strict' as const };
    await h.client.request(Requests.setCookie, { windowId, cookie });
    const read = async () => (await h.client.request(Requests.getCookies, { windowId })).find((c) => c.name === 'edited');
    assert.deepEqual(await read(), { ...cookie, session: false });
    await h.client.request(Requests.setCookie, { windowId, cookie: { ...cookie, value: 'v2', expires: null, sameSite: 'lax' } });
    assert.deepEqual(await read(), { ...cookie, value: 'v2', expires: null, sameSite: 'lax', session: true });
    assert.equal((await h.client.request(Requests.getCookies, { windowId })).filter((c) => c.name === 'edited').length, 1, 'an edit replaces, it does not add');
    await h.client.request(Requests.deleteCookie, { windowId, name: 'edited', domain: 'localhost', path: '/' });
    assert.equal(await read(), undefined);
  });

  it('refuses a bad cookie and a delete of a cookie that is not there, with reasons', async () => {
    await assert.rejects(h.client.request(Requests.setCookie, { windowId, cookie: { name: 'x', value: 'a;b', domain: 'localhost' } }),
      (err: any) => err.code === ErrorCodes.invalidInput && /value may not hold/.test(err.message));
    await assert.rejects(h.client.request(Requests.deleteCookie, { windowId, name: 'nope', domain: 'localhost', path: '/' }),
      (err: any) => err.code === ErrorCodes.invalidInput && /no cookie "nope" for localhost\//.test(err.message));
  });

  it('clears the environment\'s cookies: every window of it sees none, and the count is returned', async () => {
    const env = (await h.client.request(Requests.listWindows)).find((w) => w.windowId === windowId)?.environmentId as number;
    const second = await h.openLoaded(env, `${server.origin}/`);
    const count = await h.client.request(Requests.getCookies, { windowId: second.windowId });
    assert.ok(count.length >= 3);
    const cleared = await h.client.request(Requests.clearCookies, { windowId });
    assert.equal(cleared, count.length);
    assert.deepEqual(await h.client.request(Requests.getCookies, { windowId }), []);
    assert.deepEqual(await h.client.request(Requests.getCookies, { windowId: second.windowId }), []);
  });
});
