// The Network view and Export HAR inside the real extension host: the view lists the page's
// requests with their statuses (a 404 among them), and api.exportHar writes a HAR of them, 0600,
// values masked unless asked for; bad arguments are refused by name and write nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COOKIE_VALUE, startNetworkServer, type NetworkServer } from '../../support/networkServer';
import { state, until } from './hostSupport';

const api = <T>(name: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(`webview2Host.api.${name}`, ...args));
interface Shown { windowId: number; keep: boolean; rows: { url: string; status: string; statusClass: string; type: string }[] }

describe('the Network view and Export HAR in the extension host', function () {
  let server: NetworkServer;
  let windowId = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-vscode-network-'));
  const pathOf = (url: string) => new URL(url).pathname;

  before(async () => {
    server = await startNetworkServer();
    windowId = await api<number>('openUrl', `${server.origin}/`);
    await until('the network page to load', async () => (await state()).recentLog.some((l) => l.includes(`window ${windowId} loaded ${server.origin}/`)));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api('closeAll');
    await server.close();
  });

  it('Show Network lists the page, its stylesheet, image and the 404, with their statuses', async () => {
    const shown = await until('the page\'s requests in the view', async () => {
      const s = await api<Shown>('showNetwork', windowId);
      return ['/', '/style.css', '/pixel.png', '/missing.png', '/api'].every((p) => s.rows.some((r) => pathOf(r.url) === p)) ? s : undefined;
    });
    const row = (p: string) => shown.rows.find((r) => pathOf(r.url) === p);
    assert.equal(shown.keep, false);
    assert.match(row('/')!.status, /^200\b/);
    assert.equal(row('/')!.type, 'document');
    assert.match(row('/style.css')!.status, /^200\b/);
    assert.equal(row('/style.css')!.type, 'stylesheet');
    assert.match(row('/pixel.png')!.status, /^200\b/);
    assert.match(row('/missing.png')!.status, /^404\b/);
    assert.equal(row('/missing.png')!.statusClass, '4xx');
    assert.match(row('/moved.js')?.status ?? '', /^302\b/);
  });

  it('api.exportHar refuses bad arguments by name and writes nothing', async () => {
    const file = path.join(dir, 'bad.har');
    await assert.rejects(api('exportHar', windowId, { path: file }), /includeValues: true or false/);
    await assert.rejects(api('exportHar', windowId, { path: 'relative.har', includeValues: false }), /absolute path/);
    await assert.rejects(api('exportHar', undefined, { path: file, includeValues: false }), /needs a window id/);
    await assert.rejects(api('exportHar', 9999, { path: file, includeValues: false }), /window 9999 is not open/);
    await assert.rejects(api('exportHar', windowId, { path: path.join(dir, 'no-such-folder', 'x.har'), includeValues: false }), /does not exist/);
    assert.equal(fs.existsSync(file), false);
  });

  it('api.exportHar writes a HAR 1.2 of the window\'s requests, 0600, values masked unless asked for', async () => {
    const file = path.join(dir, 'window.har');
    const result = await api<{ path: string; entries: number }>('exportHar', windowId, { path: file, includeValues: false });
    assert.equal(result.path, file);
    const har = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.creator.name, 'WebView2 Host');
    assert.equal(har.log.entries.length, result.entries);
    assert.ok(result.entries >= 6, `${result.entries} entries`);
    const status = (p: string) => har.log.entries.find((e: any) => pathOf(e.request.url) === p)?.response.status;
    assert.deepEqual(['/', '/style.css', '/pixel.png', '/missing.png', '/moved.js'].map(status), [200, 200, 200, 404, 302]);
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(COOKIE_VALUE) && !text.includes('s3cret-token'), 'values masked');
    const withValues = path.join(dir, 'values.har');
    await api('exportHar', windowId, { path: withValues, includeValues: true });
    const full = fs.readFileSync(withValues, 'utf8');
    // WebKit keeps Cookie and Set-Cookie from the web process; Authorization is what the log can show.
    assert.ok(full.includes('s3cret-token'), 'values included when asked for');
    assert.ok((await state()).recentLog.some((l) => /exported \d+ request\(s\) of window \d+ as HAR to .*window\.har \(values masked\)/.test(l)));
  });
});
