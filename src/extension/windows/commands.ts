// The preview's commands: opening files and URLs (reusing the window that already shows a file),
// browser controls on a window, screenshots, the console and the diagnostics view. Each is a
// factory that takes the context, like the other commands; given arguments, they ask nothing and
// throw on failure.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatPlatform, formatStall, formatVerdict, formatWait } from '../client/format';
import { printable } from '../printable';
import { Requests, type DiagnosticsReport, type WindowInfo } from '../protocol';
import type { Ctx } from './ctx';
import { nextZoom, parseSize, SIZE_PRESETS, type SizePreset } from './previewControls';
import { resolveOpenInput } from './previewInput';
import { previewOf, type Target } from './preview';
import { pickWindow, windowItem, type WindowItem } from './windowPicker';

import type { Caller, Factory } from './commands';

const PAGE_EXTENSIONS = ['.html', '.htm', '.xhtml', '.svg'];
let lastInput = 'http://127.0.0.1:8080/';

/** Says plainly when this extension host cannot show a native window at all. */
export function assertCanShowWindows(): void {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    const remote = vscode.env.remoteName ? ` (the ${vscode.env.remoteName} side of this remote window)` : '';
    throw new Error(`no window can be shown here: the extension runs on ${os.hostname()}${remote}, which has no display. ` +
      'Run the extension on your own machine (in a remote window: Extensions view, WebView2 Host, Install Locally), or start VS Code inside a desktop session.');
  }
}

async function workspaceFolderChoices(): Promise<{ name: string; key: string }[]> {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, key: f.uri.toString() }));
}

async function isFile(folderKey: string, relativePath: string): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(vscode.Uri.parse(folderKey), relativePath));
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** What the user typed, as a target: a workspace file (relative paths resolve against the
 *  workspace folder), else a URL (the remote's localhost forwarded when needed). */
async function targetOfInput(ctx: Ctx, input: string): Promise<Target> {
  const resolved = await resolveOpenInput(input, await workspaceFolderChoices(), isFile);
  const preview = previewOf(ctx);
  if (resolved.kind === 'workspaceFile') {
    return preview.targetOf(vscode.Uri.joinPath(vscode.Uri.parse(resolved.folder), resolved.relativePath));
  }
  // A local file typed as a path or a file: URL is served like a workspace file, never loaded as file:.
  if (resolved.url.startsWith('file:')) return preview.targetOf(vscode.Uri.parse(resolved.url, true));
  const url = await preview.reachable(resolved.url);
  return { url, key: preview.keyOfUrl(url) };
}

async function askForInput(title: string, value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: 'A URL, a host (localhost:3000), an absolute file path, or a path relative to the workspace folder (index.html)',
    value,
    ignoreFocusOut: true,
    validateInput: async (text) => {
      try {
        await resolveOpenInput(text, await workspaceFolderChoices(), isFile);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
}

export const openUrl: Factory = (ctx, caller) => async (url?: string) => {
  if (url === undefined && caller === 'code') throw new Error('openUrl needs a URL when called from code');
  const input = url ?? await askForInput('WebView2: Open URL in Browser Window', lastInput);
  if (input === undefined) return undefined; // dismissed
  const target = await targetOfInput(ctx, input);
  assertCanShowWindows();
  lastInput = input;
  return (await previewOf(ctx).open(target)).windowId;
};

/** The document to preview: the argument (a Uri from a menu, or a path from code), else the
 *  active editor's. */
async function documentToOpen(arg: unknown): Promise<vscode.TextDocument> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string') return vscode.workspace.openTextDocument(path.isAbsolute(arg) ? vscode.Uri.file(arg) : vscode.Uri.parse(arg, true));
  const active = vscode.window.activeTextEditor?.document;
  if (!active) throw new Error('no file is open in the editor: open an HTML file first');
  return active;
}

export const openCurrentFile: Factory = (ctx, caller) => async (arg?: unknown) => {
  const fromCode = caller === 'code';
  const document = await documentToOpen(arg);
  const name = path.posix.basename(document.uri.path);
  if (document.isUntitled) throw new Error('the file has not been saved yet: save it, then open it');
  const ext = path.posix.extname(document.uri.path).toLowerCase();
  if (document.languageId !== 'html' && !PAGE_EXTENSIONS.includes(ext)) throw new Error(`${name} is not an HTML file`);
  if (document.isDirty) {
    const choice = fromCode ? 'Open Saved Version' : await vscode.window.showWarningMessage(
      `${name} has unsaved changes.`, 'Save and Open', 'Open Saved Version');
    if (choice === undefined) return undefined;
    if (choice === 'Save and Open') await document.save();
  }
  assertCanShowWindows();
  const preview = previewOf(ctx);
  return (await preview.open(await preview.targetOf(document.uri))).windowId;
};

/** A command on one window: picks it, runs, returns what the action returns. */
function onWindow<R>(title: string, action: (ctx: Ctx, w: WindowInfo, caller: Caller, ...rest: any[]) => Promise<R>): Factory {
  return (ctx, caller) => async (arg?: unknown, ...rest: unknown[]) => {
    const w = await pickWindow(ctx, caller, arg, title);
    if (!w) return undefined;
    return action(ctx, w, caller, ...rest);
  };
}

export const navigate = onWindow('WebView2: Navigate', async (ctx, w, caller, url?: string, prefill?: string) => {
  if (url === undefined && caller === 'code') throw new Error('navigate needs a URL when called from code');
  const input = url ?? await askForInput(`WebView2: Navigate window ${w.windowId}`, prefill ?? previewOf(ctx).present(w.url));
  if (input === undefined) return undefined;
  const target = await targetOfInput(ctx, input);
  await ctx.client.request(Requests.navigate, { windowId: w.windowId, url: target.url });
  return target.url;
});
export const goBack = onWindow('WebView2: Back', (ctx, w) => ctx.client.request(Requests.goBack, { windowId: w.windowId }));
export const goForward = onWindow('WebView2: Forward', (ctx, w) => ctx.client.request(Requests.goForward, { windowId: w.windowId }));
export const reload = onWindow('WebView2: Reload', (ctx, w) => ctx.client.request(Requests.reload, { windowId: w.windowId }));
export const stop = onWindow('WebView2: Stop', (ctx, w) => ctx.client.request(Requests.stop, { windowId: w.windowId }));
export const bringToFront = onWindow('WebView2: Bring to Front', (ctx, w) => ctx.client.request(Requests.focus, { windowId: w.windowId }));
export const openDevTools = onWindow('WebView2: Open DevTools', (ctx, w) => ctx.client.request(Requests.openDevTools, { windowId: w.windowId }));

function zoomCommand(title: string, next: (current: number) => number): Factory {
  return onWindow(title, async (ctx, w, caller) => {
    const factor = next(w.zoom);
    await ctx.client.request(Requests.setZoom, { windowId: w.windowId, factor });
    if (caller === 'person') vscode.window.setStatusBarMessage(`WebView2: window ${w.windowId} zoom ${Math.round(factor * 100)} %`, 3000);
    return factor;
  });
}
export const zoomIn = zoomCommand('WebView2: Zoom In', (z) => nextZoom(z, 1));
export const zoomOut = zoomCommand('WebView2: Zoom Out', (z) => nextZoom(z, -1));
export const zoomReset = zoomCommand('WebView2: Reset Zoom', () => 1);

export const setSize = onWindow('WebView2: Window Size', async (ctx, w, caller, size?: unknown) => {
  if (size === undefined && caller === 'code') throw new Error('setSize needs a size ("375x667" or { width, height }) when called from code');
  let chosen: { width: number; height: number } | undefined;
  if (typeof size === 'string') chosen = parseSize(size);
  else if (size && typeof size === 'object') chosen = parseSize(`${(size as { width: unknown }).width}x${(size as { height: unknown }).height}`);
  else if (size !== undefined) throw new Error(`${JSON.stringify(size)} is not a size: pass "WIDTHxHEIGHT" or { width, height }`);
  else {
    const current = w.bounds ? `${w.bounds.width} × ${w.bounds.height}` : undefined;
    const items: (vscode.QuickPickItem & { preset?: SizePreset })[] = [
      ...SIZE_PRESETS.map((p) => ({
        label: p.label,
        description: `${p.width} × ${p.height}${w.bounds?.width === p.width && w.bounds?.height === p.height ? ' (current)' : ''}`,
        preset: p,
      })),
      { label: '$(edit) Custom…', description: 'type width x height' },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `WebView2: Size of window ${w.windowId}${current ? ` (now ${current})` : ''}`,
    });
    if (!picked) return undefined;
    if (picked.preset) chosen = picked.preset;
    else {
      const text = await vscode.window.showInputBox({
        title: `WebView2: Size of window ${w.windowId}`,
        prompt: 'Width x height in pixels',
        value: w.bounds ? `${w.bounds.width}x${w.bounds.height}` : '1024x768',
        validateInput: (t) => { try { parseSize(t); return undefined; } catch (err) { return (err as Error).message; } },
      });
      if (text === undefined) return undefined;
      chosen = parseSize(text);
    }
  }
  await ctx.client.request(Requests.setBounds, { windowId: w.windowId, width: chosen.width, height: chosen.height });
  // A size change on a window behind others would look like nothing happened: bring it forward.
  if (caller === 'person') await ctx.client.request(Requests.focus, { windowId: w.windowId });
  if (caller === 'person') vscode.window.setStatusBarMessage(`WebView2: window ${w.windowId} is ${chosen.width} × ${chosen.height}`, 3000);
  await previewOf(ctx).rememberBounds([{ ...w, bounds: { x: w.bounds?.x ?? 0, y: w.bounds?.y ?? 0, ...chosen } }]);
  return { width: chosen.width, height: chosen.height };
});

/** Copy URL: the page's address; for a served file, the file's own path (or remote URI). */
export const copyUrl = onWindow('WebView2: Copy URL', async (ctx, w) => {
  const address = previewOf(ctx).present(w.url);
  await vscode.env.clipboard.writeText(address);
  vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  return address;
});

/** Open in External Browser: the page's URL; a served file opens as the file itself, so the
 *  preview server's address and token never reach another program. */
export const openExternal = onWindow('WebView2: Open in External Browser', async (ctx, w) => {
  if (!w.url) throw new Error(`window ${w.windowId} shows no URL yet`);
  const preview = previewOf(ctx);
  const file = preview.files.uriOf(w.url);
  if (file && file.scheme !== 'file') throw new Error(`${file.toString(true)} is a file of the remote workspace: an external browser on this machine cannot open it`);
  const target = file ?? vscode.Uri.parse(w.url, true);
  const opened = await vscode.env.openExternal(target);
  if (!opened) throw new Error(`the external browser did not open ${preview.present(w.url)}`);
  return preview.present(w.url);
});

export const saveScreenshot = onWindow('WebView2: Save Screenshot', async (ctx, w, caller, file?: string) => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  const target = file ?? path.join(screenshotFolder(ctx), `window-${w.windowId}-${stamp}.png`);
  if (!path.isAbsolute(target) || !/\.png$/i.test(target)) throw new Error(`${target} is not an absolute path of a .png file`);
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(target)));
  const shot = await ctx.client.request(Requests.screenshot, { windowId: w.windowId, path: target });
  ctx.output.info(`screenshot of window ${w.windowId}: ${shot.path} (${shot.width}x${shot.height})`);
  if (caller === 'person') {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(shot.path), { preview: true });
    void vscode.window.showInformationMessage(`Screenshot of window ${w.windowId} saved to ${vscode.workspace.asRelativePath(shot.path)} (${shot.width} × ${shot.height})`);
  }
  return shot.path;
});

/** Where screenshots go: "screenshots" in the (first) workspace folder on this machine, else the extension's storage. */
function screenshotFolder(ctx: Ctx): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder ? path.join(folder.uri.fsPath, 'screenshots') : path.join(ctx.extension.globalStorageUri.fsPath, 'screenshots');
}

/** Shows the console channel; returns its recent lines (for code and tests). */
export const showConsole: Factory = (ctx, caller) => async (options?: { quiet?: boolean }) => {
  const preview = previewOf(ctx);
  if (!options?.quiet && caller === 'person') {
    if (preview.console.messages === 0) preview.console.noteOnce('No page has written to its console yet: console.log/info/warn/error, uncaught exceptions and unhandled rejections of every window appear here.');
    preview.console.show(true);
  }
  return preview.console.recent();
};

type Action = { label: string; run: (ctx: Ctx, w: WindowInfo) => Promise<unknown> };
const WINDOW_ACTIONS: Action[] = [
  { label: '$(window) Bring to Front', run: (ctx, w) => bringToFront(ctx, 'person')(w.windowId) },
  { label: '$(refresh) Reload', run: (ctx, w) => reload(ctx, 'person')(w.windowId) },
  { label: '$(link) Navigate…', run: (ctx, w) => navigate(ctx, 'person')(w.windowId) },
  { label: '$(arrow-left) Back', run: (ctx, w) => goBack(ctx, 'person')(w.windowId) },
  { label: '$(arrow-right) Forward', run: (ctx, w) => goForward(ctx, 'person')(w.windowId) },
  { label: '$(debug-stop) Stop', run: (ctx, w) => stop(ctx, 'person')(w.windowId) },
  { label: '$(zoom-in) Zoom In', run: (ctx, w) => zoomIn(ctx, 'person')(w.windowId) },
  { label: '$(zoom-out) Zoom Out', run: (ctx, w) => zoomOut(ctx, 'person')(w.windowId) },
  { label: '$(screen-normal) Reset Zoom', run: (ctx, w) => zoomReset(ctx, 'person')(w.windowId) },
  { label: '$(device-mobile) Size…', run: (ctx, w) => setSize(ctx, 'person')(w.windowId) },
  { label: '$(tools) Open DevTools', run: (ctx, w) => openDevTools(ctx, 'person')(w.windowId) },
  { label: '$(copy) Copy URL', run: (ctx, w) => copyUrl(ctx, 'person')(w.windowId) },
  { label: '$(link-external) Open in External Browser', run: (ctx, w) => openExternal(ctx, 'person')(w.windowId) },
  { label: '$(device-camera) Save Screenshot', run: (ctx, w) => saveScreenshot(ctx, 'person')(w.windowId) },
  { label: '$(key) Show Cookies', run: (_ctx, w) => Promise.resolve(vscode.commands.executeCommand('webview2Host.showCookies', w.windowId)) },
  { label: '$(close) Close', run: (ctx, w) => ctx.client.request(Requests.close, { windowId: w.windowId }) },
];

/**
 * List Windows: the windows (failed ones marked), then what to do with the chosen one; with
 * { quiet: true } just returns the windows. The status bar item opens this.
 */
export const listWindows: Factory = (ctx, caller) => async (options?: { quiet?: boolean }) => {
  const windows: WindowInfo[] = ctx.client.state.kind === 'ready' ? await ctx.client.request(Requests.listWindows) : [];
  const preview = previewOf(ctx);
  void preview.rememberBounds(windows);
  // Addresses as people see them: a served file by its own path, never the preview server's token.
  if (options?.quiet || caller === 'code') return windows.map((w) => ({ ...w, url: preview.present(w.url), failed: preview.failureOf(w) ?? null }));
  type Row = WindowItem | (vscode.QuickPickItem & { command: string });
  // With none open the menu still offers the rest (the status bar item opens it).
  const rows: Row[] = [
    ...windows.map((w) => windowItem(ctx, w)),
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
  const action = await vscode.window.showQuickPick(WINDOW_ACTIONS.map((a) => ({ label: a.label, action: a })), {
    title: `Window ${w.windowId}: ${printable(w.title || preview.present(w.url))}`,
  });
  if (action) await action.action.run(ctx, w);
  return windows;
};

/** Show Diagnostics: the report in the diagnostics view and the log; returns the report. */
export const showDiagnostics: Factory = (ctx, caller) => async () => {
  const report: DiagnosticsReport = await previewOf(ctx).report();
  const out = ctx.output;
  out.info('--- diagnostics ---');
  out.info(formatPlatform(report.platform));
  out.info(`${report.environments.length} environment(s), ${report.windows.length} window(s), UI loop heartbeat ${report.heartbeat}, up ${Math.round(report.uptimeMs / 1000)} s`);
  for (const w of report.waits.slice(-20)) out.info(`  ${formatWait(w)}`);
  for (const s of report.activeStalls) out.error(`  now: ${formatStall(s)}`);
  (report.verdict.status === 'healthy' ? out.info : out.warn).call(out, formatVerdict(report.verdict));
  if (caller === 'person') previewOf(ctx).diagnostics.show(report);
  return report;
};

/** Copies a fresh report as issue-ready Markdown; returns the text. */
export const copyDiagnostics: Factory = (ctx, caller) => async () => {
  const report: DiagnosticsReport = await previewOf(ctx).report();
  const text = await previewOf(ctx).diagnostics.copy(report);
  if (caller === 'person') void vscode.window.showInformationMessage('WebView2 Host: diagnostics report copied to the clipboard (Markdown, ready for an issue).');
  return text;
};
