// The cookie commands inside the real extension host: exports written 0600 only with confirmation,
// snapshot and diff returned to code with values masked, edits read back, the cookie view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CookieDiff } from '../../../src/cookies/snapshotDiff';
import type { Cookie } from '../../../src/protocol';
import { state, until } from './hostSupport';

const api = <T>(name: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(`webview2Host.api.${name}`, ...args));

describe('cookie commands in the extension host', function () {
  let server: http.Server;
  let origin = '';
  let windowId = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-vscode-cookies-'));

  before(async () => {
    server = http.createServer((req, res) => {
      const cookies = req.url === '/set' ? ['vs_sid=secret-session; Path=/; HttpOnly; SameSite=Strict', 'vs_pref=light; Path=/; SameSite=Lax'] : [];
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': cookies }).end('<!doctype html><title>cookies</title><p>cookies');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // The extension's one profile already holds the other suites' cookies for 127.0.0.1 (cookies
    // ignore ports): start from an empty jar, then load the page that sets this suite's two.
    const loaded = async (id: number, url: string) => until(`${url} to load`, async () =>
      (await state()).recentLog.some((l) => l.includes(`window ${id} loaded ${url}`)));
    const first = await api<number>('openUrl', `${origin}/plain`);
    await loaded(first, `${origin}/plain`);
    await api<number>('clearCookies', first);
    windowId = await api<number>('openUrl', `${origin}/set`);
    await loaded(windowId, `${origin}/set`);
  });
  after(async () => {
    await api('closeAll');
    server.closeAllConnections();
    server.close();
  });

  it('Export Cookies from code needs confirmValues, then writes cookies.txt and a storageState readable by the owner only', async () => {
    const txt = path.join(dir, 'cookies.txt');
    await assert.rejects(api('exportCookies', windowId, { format: 'netscape', path: txt }), /pass \{ confirmValues: true \} to confirm/);
    assert.equal(fs.existsSync(txt), false, 'nothing written without confirmation');
    const written = await api<{ path: string; count: number }>('exportCookies', windowId, { format: 'netscape', path: txt, confirmValues: true });
    assert.equal(written.count, 2);
    assert.equal(fs.statSync(txt).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(txt, 'utf8'), /^#HttpOnly_127\.0\.0\.1\tFALSE\t\/\tFALSE\t0\tvs_sid\tsecret-session$/m);
    const storageState = path.join(dir, 'state.json');
    await api('exportCookies', windowId, { format: 'playwright', path: storageState, confirmValues: true });
    const parsed = JSON.parse(fs.readFileSync(storageState, 'utf8'));
    assert.deepEqual(parsed.cookies.find((c: any) => c.name === 'vs_sid'), { name: 'vs_sid', value: 'secret-session', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' });
    const log = (await state()).recentLog;
    assert.ok(log.some((l) => /exported 2 cookie\(s\) of window \d+ as netscape to .*cookies\.txt \(mode 0600\)/.test(l)));
    assert.ok(!log.some((l) => l.includes('secret-session')), 'no value reaches the log');
  });

  it('snapshot, edits, then the diff returned to code: added, removed and changed, values masked', async () => {
    const snap = await api<{ count: number }>('takeCookieSnapshot', windowId);
    assert.equal(snap.count, 2);
    await api('setCookie', windowId, { name: 'vs_pref', value: 'dark-changed', domain: '127.0.0.1' });
    await api('setCookie', windowId, { name: 'vs_new', value: 'n1', domain: '127.0.0.1', httpOnly: true, sameSite: 'strict' });
    await api('deleteCookie', windowId, { name: 'vs_sid', domain: '127.0.0.1', path: '/' });
    const diff = await api<CookieDiff>('diffCookieSnapshot', windowId);
    assert.deepEqual(diff.added.map((c) => [c.name, c.value, c.httpOnly, c.sameSite]), [['vs_new', '********', true, 'strict']]);
    assert.deepEqual(diff.removed.map((c) => [c.name, c.value]), [['vs_sid', '********']]);
    assert.deepEqual(diff.changed.map((c) => [c.name, c.fields, c.before.value, c.after.value]), [['vs_pref', ['value'], '********', '********']]);
    const revealed = await api<CookieDiff>('diffCookieSnapshot', windowId, { reveal: true });
    assert.equal(revealed.changed[0].after.value, 'dark-changed');
    const cookies = await api<Cookie[]>('showCookies', windowId);
    assert.deepEqual(cookies.map((c) => [c.name, c.value]).sort(), [['vs_new', 'n1'], ['vs_pref', 'dark-changed']]);
    const log = (await state()).recentLog;
    assert.ok(log.some((l) => /~ vs_pref \(127\.0\.0\.1\/\): value changed/.test(l)), 'the diff is in the log');
    assert.ok(!log.some((l) => l.includes('dark-changed')), 'its values are not');
    await assert.rejects(api('setCookie', windowId, { name: 'bad', value: 'a;b', domain: '127.0.0.1' }), /value may not hold/);
  });

  it('opens the cookie view with every value masked, and clears the environment\'s cookies', async () => {
    const shown = await api<{ rows: { name: string; value: string }[] }>('showCookieView', windowId);
    assert.deepEqual(shown.rows.map((r) => [r.name, r.value]).sort(), [['vs_new', '********'], ['vs_pref', '********']]);
    const view = await vscode.commands.executeCommand<{ rows: { name: string; value: string }[] }>('webview2Host.debug.cookieView', windowId);
    assert.equal(view?.rows.length, 2);
    assert.equal(await api<number>('clearCookies', windowId), 2);
    assert.deepEqual(await api<Cookie[]>('showCookies', windowId), []);
    const after = await until('the view to refresh', async () => {
      const v = await vscode.commands.executeCommand<{ rows: unknown[] }>('webview2Host.debug.cookieView', windowId);
      return v && v.rows.length === 0 ? v : undefined;
    });
    assert.deepEqual(after.rows, []);
  });

  it('the cookie view follows its window: a navigation that sets cookies shows them without Refresh, and a closed window leaves one line', async () => {
    type Shown = { rows: { name: string }[]; note: string };
    const shown = () => Promise.resolve(vscode.commands.executeCommand<Shown | undefined>('webview2Host.debug.cookieView', windowId));
    assert.equal((await shown())?.rows.length, 0, 'the view is open and empty after the clear');
    await api('navigate', windowId, `${origin}/set`);
    const followed = await until('the view to follow the navigation', async () => {
      const v = await shown();
      return v && v.rows.length === 2 ? v : undefined;
    });
    assert.deepEqual(followed.rows.map((r) => r.name).sort(), ['vs_pref', 'vs_sid']);
    assert.equal(followed.note, '', 'an http page needs no note');
    await api('closeAll');
    const gone = await until('the view to say its window is gone', async () => {
      const v = await shown();
      return v && v.note === `window ${windowId} was closed` ? v : undefined;
    });
    assert.deepEqual(gone.rows, [], 'no rows left from before');
  });
});
