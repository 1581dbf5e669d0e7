// Inside the real extension host of code-server: the window's own toolbar actions reach the
// extension. Real keys (XTEST) on the helper's window: Ctrl+Shift+S saves a screenshot as Save
// Screenshot does (a PNG in the workspace's screenshots folder, said in the log); Ctrl+Shift+M and
// the menu's keys make the window a phone, which the window list then says.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WindowInfo } from '../../../src/protocol';
import { listenOnFreePort } from '../../support/ports';
import { focusWindow, pressKeys } from '../../support/xtest';
import { topLevelWindows } from '../../support/x11Windows';
import { state, until } from './hostSupport';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const list = () => Promise.resolve(vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true }));

describe('the window\'s toolbar actions in the extension host', function () {
  let server: http.Server;
  let origin = '';
  const agents: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      agents.push(String(req.headers['user-agent'] ?? ''));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>toolbar page</title><h1>toolbar page</h1>');
    });
    origin = `http://127.0.0.1:${await listenOnFreePort(server)}`;
  });
  after(async () => {
    await vscode.commands.executeCommand('webview2Host.api.closeAll');
    await new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
  });

  async function openFocused(): Promise<WindowInfo> {
    const id = await vscode.commands.executeCommand<number>('webview2Host.api.openUrl', `${origin}/toolbar`);
    await until('the page to load', async () => (await state()).recentLog.some((l) => l.includes(`window ${id} loaded ${origin}/toolbar`)), 30000);
    await vscode.commands.executeCommand('webview2Host.api.bringToFront', id);
    const w = (await list()).find((x) => x.windowId === id)!;
    focusWindow(w.nativeHandle);
    return w;
  }

  it('Ctrl+Shift+S in the window saves a PNG into the workspace\'s screenshots folder, as Save Screenshot does', async () => {
    const w = await openFocused();
    const folder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'screenshots');
    const before = new Set(fs.existsSync(folder) ? fs.readdirSync(folder) : []);
    pressKeys('ctrl+shift+s');
    const line = await until('the screenshot in the log', async () => (await state()).recentLog
      .find((l) => new RegExp(`^info screenshot of window ${w.windowId}: .*window-${w.windowId}-[0-9_-]+\\.png \\(\\d+x\\d+\\)$`).test(l)), 30000);
    const added = fs.readdirSync(folder).filter((f) => !before.has(f));
    assert.equal(added.length, 1, `one new file: ${line}`);
    assert.ok(fs.readFileSync(path.join(folder, added[0])).subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG');
  });

  it('Ctrl+Shift+M and the menu\'s keys make the window a phone: listed with its device, its size, the phone\'s user agent on the reload', async () => {
    const w = await openFocused();
    const shown = () => new Set(topLevelWindows().filter((t) => t.viewable).map((t) => t.id));
    const earlier = shown();
    const requests = agents.length;
    pressKeys('ctrl+shift+m');
    await until('the device menu to show', () => [...shown()].some((id) => !earlier.has(id)) || undefined);
    pressKeys('Down');
    pressKeys('Return');
    const row = await until('the window listed as a phone, at its size', async () => (await list())
      .find((x) => x.windowId === w.windowId && x.device === 'Phone' && x.bounds.width === 375 && x.bounds.height === 667), 30000);
    assert.equal(row.device, 'Phone');
    await until('the reload', () => agents.length > requests || undefined, 30000);
    assert.match(agents[agents.length - 1], /iPhone/);
    await until('the helper\'s line in the log', async () => (await state()).recentLog.some((l) => l.includes(`window ${w.windowId} is a Phone (chosen in the window)`)));
  });
});
