// Inside the real extension host of code-server: a page's popup, opened by a real click (an X
// button event through XTEST on the helper's window), becomes a window of the extension's table:
// listed with its opener, counted in the status bar, the current window, said in the log. With
// webview2Host.popups set to externalBrowser it goes to vscode.env.openExternal instead.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as vscode from 'vscode';
import type { WindowInfo } from '../../../src/protocol';
import { listenOnFreePort } from '../../support/ports';
import { clickAt } from '../../support/xtest';
import { state, until } from './hostSupport';

const PAGES: Record<string, string> = {
  '/opener': `<!doctype html><title>opener</title><style>html,body{margin:0}button{display:block;width:100vw;height:100vh}</style>
<button onclick="window.open('/popup', 'signin', 'width=420,height=360')">sign in</button>`,
  '/popup': '<!doctype html><title>sign-in popup</title><p>signed in</p>',
};

const list = () => Promise.resolve(vscode.commands.executeCommand<WindowInfo[]>('webview2Host.api.listWindows', { quiet: true }));

describe('popups in the extension host', function () {
  let server: http.Server;
  let origin = '';

  before(async () => {
    server = http.createServer((req, res) => {
      const page = PAGES[new URL(req.url ?? '/', 'http://127.0.0.1').pathname];
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? 'not found');
    });
    origin = `http://127.0.0.1:${await listenOnFreePort(server)}`;
  });
  after(async () => {
    await vscode.workspace.getConfiguration('webview2Host').update('popups', undefined, vscode.ConfigurationTarget.Global);
    await new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
  });

  /** Opens the opener page, brings its window to the front and clicks in the middle of its page. */
  async function openAndClick(): Promise<{ opener: number; before: WindowInfo[] }> {
    const opener = await vscode.commands.executeCommand<number>('webview2Host.api.openUrl', `${origin}/opener`);
    await until('the opener to load', async () => (await state()).recentLog.some((l) => l.includes(`window ${opener} loaded ${origin}/opener`)), 30000);
    await vscode.commands.executeCommand('webview2Host.api.bringToFront', opener);
    const before = await list();
    const w = before.find((x) => x.windowId === opener)!;
    clickAt(w.bounds.x + w.bounds.width / 2, w.bounds.y + w.bounds.height / 2 + 40);
    return { opener, before };
  }

  it('a page\'s popup is a window of the extension: listed with its opener, counted in the status bar, the current window, said in the log', async () => {
    const { opener, before } = await openAndClick();
    const popup = await until('the popup in the window list', async () => (await list()).find((w) => w.openerId === opener), 30000);
    assert.ok(!before.some((w) => w.windowId === popup.windowId), 'a new window');
    await until('the popup\'s line in the log', async () => (await state()).recentLog.some((l) => l.includes(`window ${popup.windowId} opened by window ${opener}'s page: ${origin}/popup`)), 30000);
    await until('the popup to load', async () => (await state()).recentLog.some((l) => l.includes(`window ${popup.windowId} loaded ${origin}/popup`)), 30000);
    const count = (await list()).length;
    await until(`"${count} windows" in the status bar`, async () => new RegExp(`WebView2: ${count} windows$`).test((await state()).status.text));
    assert.match((await state()).currentWindow, new RegExp(`Window ${popup.windowId}: `), 'the window a click just opened is the current one');
  });

  it('with webview2Host.popups set to externalBrowser the popup goes to the system browser and no window opens', async () => {
    await vscode.workspace.getConfiguration('webview2Host').update('popups', 'externalBrowser', vscode.ConfigurationTarget.Global);
    // Sent before the window is asked for, on the same connection: the helper has it by the click.
    await until('the setting to go to the helper', async () => (await state()).recentLog.some((l) => /settings changed: .*, popups externalBrowser$/.test(l)));
    const { opener, before } = await openAndClick();
    await until('the line for the system browser', async () => (await state()).recentLog.some((l) =>
      l.includes(`window ${opener}'s page opened a popup for ${origin}/popup: it goes to the system browser (setting popups)`)), 30000);
    const after = await list();
    assert.deepEqual(after.filter((w) => !before.some((b) => b.windowId === w.windowId)), [], 'no window of ours opened');
  });
});
