// The window commands: browser controls on one window (navigation, zoom, device and size in
// device.ts, address, DevTools), List Windows (what the status bar item opens) and Close All.
// Each picks its window like the others (onWindow.ts); given arguments, they ask nothing and throw
// on failure.
import * as vscode from 'vscode';
import { printable } from '../../printable';
import { Requests, type WindowInfo } from '../../protocol';
import { command, type Command } from '../command';
import type { Ctx } from '../ctx';
import { askForInput, targetOfInput } from '../preview/typedTarget';
import { captureCommands, savePdf, saveScreenshot } from './capture';
import { nextZoom } from './controls';
import { setSize } from './device';
import { onWindow } from './onWindow';
import { askForWindow, pickWindow, showNothingOpen, windowItem, type WindowItem } from './picker';

export const navigate = onWindow('navigate', 'WebView2: Navigate', async (ctx, w, caller, url?: string, prefill?: string) => {
  if (url === undefined && caller === 'code') throw new Error('navigate needs a URL when called from code');
  const input = url ?? await askForInput(`WebView2: Navigate window ${w.windowId}`, prefill ?? ctx.preview.present(w.url));
  if (input === undefined) return undefined;
  const target = await targetOfInput(ctx, input);
  await ctx.client.request(Requests.navigate, { windowId: w.windowId, url: target.url });
  return target.url;
});
export const goBack = onWindow('goBack', 'WebView2: Back', (ctx, w) => ctx.client.request(Requests.goBack, { windowId: w.windowId }));
export const goForward = onWindow('goForward', 'WebView2: Forward', (ctx, w) => ctx.client.request(Requests.goForward, { windowId: w.windowId }));
export const reload = onWindow('reload', 'WebView2: Reload', (ctx, w) => ctx.client.request(Requests.reload, { windowId: w.windowId }));
export const stop = onWindow('stop', 'WebView2: Stop', (ctx, w) => ctx.client.request(Requests.stop, { windowId: w.windowId }));
export const bringToFront = onWindow('bringToFront', 'WebView2: Bring to Front', (ctx, w) => ctx.client.request(Requests.focus, { windowId: w.windowId }));
export const openDevTools = onWindow('openDevTools', 'WebView2: Open DevTools', (ctx, w) => ctx.client.request(Requests.openDevTools, { windowId: w.windowId }));

function zoomCommand(name: string, title: string, next: (current: number) => number): Command {
  return onWindow(name, title, async (ctx, w, caller) => {
    const factor = next(w.zoom);
    await ctx.client.request(Requests.setZoom, { windowId: w.windowId, factor });
    if (caller === 'person') vscode.window.setStatusBarMessage(`WebView2: window ${w.windowId} zoom ${Math.round(factor * 100)} %`, 3000);
    return factor;
  });
}
export const zoomIn = zoomCommand('zoomIn', 'WebView2: Zoom In', (z) => nextZoom(z, 1));
export const zoomOut = zoomCommand('zoomOut', 'WebView2: Zoom Out', (z) => nextZoom(z, -1));
export const zoomReset = zoomCommand('zoomReset', 'WebView2: Reset Zoom', () => 1);

/** Copy URL: the page's address; for a served file, the file's own path (or remote URI). */
export const copyUrl = onWindow('copyUrl', 'WebView2: Copy URL', async (ctx, w) => {
  const address = ctx.preview.present(w.url);
  await vscode.env.clipboard.writeText(address);
  vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  return address;
});

/** Open in External Browser: the page's URL; a served file opens as the file itself, so the
 *  preview server's address and token never reach another program. */
export const openExternal = onWindow('openExternal', 'WebView2: Open in External Browser', async (ctx, w) => {
  if (!w.url) throw new Error(`window ${w.windowId} shows no URL yet`);
  const preview = ctx.preview;
  const file = preview.files.uriOf(w.url);
  if (file && file.scheme !== 'file') throw new Error(`${file.toString(true)} is a file of the remote workspace: an external browser on this machine cannot open it`);
  const target = file ?? vscode.Uri.parse(w.url, true);
  const opened = await vscode.env.openExternal(target);
  if (!opened) throw new Error(`the external browser did not open ${preview.present(w.url)}`);
  return preview.present(w.url);
});

type Action = { label: string; run: (ctx: Ctx, w: WindowInfo) => Promise<unknown> };
const WINDOW_ACTIONS: Action[] = [
  { label: '$(window) Bring to Front', run: (ctx, w) => bringToFront.factory(ctx, 'person')(w.windowId) },
  { label: '$(refresh) Reload', run: (ctx, w) => reload.factory(ctx, 'person')(w.windowId) },
  { label: '$(link) Navigate…', run: (ctx, w) => navigate.factory(ctx, 'person')(w.windowId) },
  { label: '$(arrow-left) Back', run: (ctx, w) => goBack.factory(ctx, 'person')(w.windowId) },
  { label: '$(arrow-right) Forward', run: (ctx, w) => goForward.factory(ctx, 'person')(w.windowId) },
  { label: '$(debug-stop) Stop', run: (ctx, w) => stop.factory(ctx, 'person')(w.windowId) },
  { label: '$(zoom-in) Zoom In', run: (ctx, w) => zoomIn.factory(ctx, 'person')(w.windowId) },
  { label: '$(zoom-out) Zoom Out', run: (ctx, w) => zoomOut.factory(ctx, 'person')(w.windowId) },
  { label: '$(screen-normal) Reset Zoom', run: (ctx, w) => zoomReset.factory(ctx, 'person')(w.windowId) },
  { label: '$(device-mobile) Device or Size…', run: (ctx, w) => setSize.factory(ctx, 'person')(w.windowId) },
  { label: '$(tools) Open DevTools', run: (ctx, w) => openDevTools.factory(ctx, 'person')(w.windowId) },
  { label: '$(copy) Copy URL', run: (ctx, w) => copyUrl.factory(ctx, 'person')(w.windowId) },
  { label: '$(link-external) Open in External Browser', run: (ctx, w) => openExternal.factory(ctx, 'person')(w.windowId) },
  { label: '$(device-camera) Save Screenshot', run: (ctx, w) => saveScreenshot.factory(ctx, 'person')(w.windowId) },
  { label: '$(file-pdf) Save Page as PDF…', run: (ctx, w) => savePdf.factory(ctx, 'person')(w.windowId) },
  { label: '$(key) Show Cookies', run: (_ctx, w) => Promise.resolve(vscode.commands.executeCommand('webview2Host.showCookies', w.windowId)) },
  { label: '$(close) Close', run: (ctx, w) => ctx.client.request(Requests.close, { windowId: w.windowId }) },
];

/**
 * List Windows: the windows (failed ones marked), then what to do with the chosen one; with
 * { quiet: true } just returns the windows. The status bar item opens this.
 */
export const listWindows = command('listWindows', (ctx, caller) => async (options?: { quiet?: boolean }) => {
  const windows: WindowInfo[] = ctx.client.state.kind === 'ready' ? await ctx.client.request(Requests.listWindows) : [];
  const preview = ctx.preview;
  // Addresses as people see them: a served file by its own path, never the preview server's token.
  if (options?.quiet || caller === 'code') return windows.map((w) => ({ ...w, url: preview.present(w.url) }));
  type Row = WindowItem | (vscode.QuickPickItem & { command: string });
  const current = ctx.current.of(windows.map((w) => w.windowId));
  // With none open the menu still offers the rest (the status bar item opens it).
  const rows: Row[] = [
    ...windows.map((w) => windowItem(ctx, w, w.windowId === current)),
    { label: windows.length ? '' : 'No WebView2 window is open', kind: vscode.QuickPickItemKind.Separator, command: '' },
    { label: '$(add) Open URL…', command: 'webview2Host.openUrl' },
    { label: '$(output) Show Console', command: 'webview2Host.showConsole' },
    { label: '$(pulse) Show Diagnostics', command: 'webview2Host.showDiagnostics' },
  ];
  const picked = await vscode.window.showQuickPick(rows, {
    title: `WebView2: ${windows.length} window${windows.length === 1 ? '' : 's'}`,
    placeHolder: windows.length ? 'Type a window number or part of its title or URL' : 'No WebView2 window is open: open one, or look at the console or diagnostics',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return windows;
  if ('command' in picked) {
    await vscode.commands.executeCommand(picked.command);
    return windows;
  }
  const w = picked.window;
  ctx.current.touched(w.windowId); // chosen: the target of what comes next, this menu or a key
  const action = await vscode.window.showQuickPick(WINDOW_ACTIONS.map((a) => ({ label: a.label, action: a })), {
    title: `Window ${w.windowId}: ${printable(w.title || preview.present(w.url))}`,
  });
  if (action) await action.action.run(ctx, w);
  return windows;
});

/**
 * Choose Window: makes another window the current one, the target of window commands and their
 * keys, and brings it to the front; returns its id. Code passes the id.
 */
export const chooseWindow = command('chooseWindow', (ctx, caller) => async (arg?: unknown) => {
  const windows: WindowInfo[] = ctx.client.state.kind === 'ready' ? await ctx.client.request(Requests.listWindows) : [];
  const w = arg !== undefined || windows.length <= 1 || caller === 'code' ? await pickWindow(ctx, caller, arg, 'WebView2: Choose Window')
    : await askForWindow(ctx, windows, 'WebView2: Choose the window that window commands act on');
  if (!w) return undefined;
  ctx.current.touched(w.windowId);
  await ctx.client.request(Requests.focus, { windowId: w.windowId });
  return w.windowId;
});

export const closeAll = command('closeAll', (ctx, caller) => async () => {
  if (ctx.client.state.kind !== 'ready' || ctx.client.windows.size === 0) {
    if (caller === 'person') showNothingOpen();
    return 0;
  }
  const closed = await ctx.client.request(Requests.closeAll);
  if (caller === 'person') vscode.window.setStatusBarMessage(`WebView2: closed ${closed} window${closed === 1 ? '' : 's'}`, 4000);
  return closed;
});

export const windowCommands: readonly Command[] = [
  listWindows, chooseWindow, navigate, goBack, goForward, reload, stop, zoomIn, zoomOut, zoomReset, setSize, copyUrl, openExternal,
  bringToFront, openDevTools, ...captureCommands, closeAll,
];
