// The commands, each a factory that takes the context and who calls (extension.ts registers each
// twice: for people and for code) and returns its handler. Every command returns its result
// (window ids, cookies, diagnostics); called from code it never asks anything.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatCookie, formatPlatform, formatStall, formatWait, formatVerdict } from '../client/format';
import { Requests, type Cookie, type DiagnosticsReport, type WindowInfo } from '../protocol';
import { toNavigableUrl } from '../urls';
import type { Ctx } from './ctx';
import { cookieWorkbench } from './cookieCommands';

/** Who a handler serves: a person (palette, menus, status bar) may be asked; code never is. */
export type Caller = 'person' | 'code';
export type Factory = (ctx: Ctx, caller: Caller) => (...args: any[]) => Promise<unknown>;

let lastUrl = 'http://127.0.0.1:8080/';

export const openUrl: Factory = (ctx, caller) => async (url?: string) => {
  if (url === undefined && caller === 'code') throw new Error('openUrl needs a URL when called from code');
  const target = url !== undefined
    ? toNavigableUrl(url)
    : await vscode.window.showInputBox({
      title: 'WebView2: Open URL',
      prompt: 'A URL, a host (localhost:3000) or an absolute file path',
      value: lastUrl,
      validateInput: (text) => {
        try {
          toNavigableUrl(text);
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      },
    }).then((text) => (text === undefined ? undefined : toNavigableUrl(text)));
  if (target === undefined) return undefined; // dismissed
  lastUrl = target;
  const window = await ctx.openWindow(target);
  return window.windowId;
};

export const openCurrentFile: Factory = (ctx, caller) => async (uri?: vscode.Uri) => {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) throw new Error('no file is open in the editor');
  if (document.isUntitled) throw new Error('the file has not been saved yet: save it, then open it');
  if (document.uri.scheme !== 'file') throw new Error(`only files on this machine can be opened (this one is ${document.uri.scheme}:)`);
  const ext = path.extname(document.uri.fsPath).toLowerCase();
  if (document.languageId !== 'html' && !['.html', '.htm', '.xhtml', '.svg'].includes(ext)) {
    throw new Error(`${path.basename(document.uri.fsPath)} is not an HTML file`);
  }
  if (document.isDirty) {
    const choice = uri || caller === 'code' ? 'Open Saved Version' : await vscode.window.showWarningMessage(
      `${path.basename(document.uri.fsPath)} has unsaved changes.`, 'Save and Open', 'Open Saved Version');
    if (choice === undefined) return undefined;
    if (choice === 'Save and Open') await document.save();
  }
  const window = await ctx.openWindow(vscode.Uri.file(document.uri.fsPath).toString(true));
  return window.windowId;
};

export const openAnotherWindow: Factory = (ctx, caller) => async (url?: string) => {
  const windows = ctx.client.windows.list();
  const latest = windows[windows.length - 1];
  if (url === undefined && !latest?.url) return openUrl(ctx, caller)(); // nothing to copy yet: ask
  const target = url !== undefined ? toNavigableUrl(url) : latest.url;
  const window = await ctx.openWindow(target);
  return window.windowId;
};

export const listWindows: Factory = (ctx, caller) => async (options?: { quiet?: boolean }) => {
  const windows = ctx.client.windows.list();
  if (options?.quiet || caller === 'code') return windows;
  const picked = await pickWindow(windows, 'WebView2: Windows');
  if (!picked) return windows;
  const action = await vscode.window.showQuickPick(['Focus', 'Reload', 'Show Cookies', 'Close'], { title: `Window ${picked.windowId}: ${picked.title || picked.url}` });
  if (action === 'Focus') await ctx.client.request(Requests.focus, { windowId: picked.windowId });
  if (action === 'Reload') await ctx.client.request(Requests.reload, { windowId: picked.windowId });
  if (action === 'Close') await ctx.client.request(Requests.close, { windowId: picked.windowId });
  if (action === 'Show Cookies') await cookieWorkbench(ctx).show(picked.windowId);
  return windows;
};

export const showCookies: Factory = (ctx, caller) => async (windowId?: number, options?: { reveal?: boolean }) => {
  let id = windowId;
  if (id === undefined) {
    const windows = ctx.client.windows.list();
    if (windows.length === 0) throw new Error('no window is open: open a URL first');
    if (windows.length > 1 && caller === 'code') throw new Error(`showCookies needs a window id when called from code (${windows.length} windows are open)`);
    const picked = windows.length === 1 ? windows[0] : await pickWindow(windows, 'WebView2: Show Cookies of…');
    if (!picked) return undefined;
    id = picked.windowId;
  }
  const cookies: Cookie[] = await ctx.client.request(Requests.getCookies, { windowId: id });
  const reveal = options?.reveal ?? ctx.config.revealCookieValues;
  const info = ctx.client.windows.get(id);
  ctx.output.info(`cookies of window ${id} (${info?.url ?? '?'}): ${cookies.length}${reveal ? '' : ' (values masked; setting webview2Host.revealCookieValues shows them)'}`);
  for (const c of cookies) ctx.output.info(`  ${formatCookie(c, reveal)}`);
  if (caller === 'person') await cookieWorkbench(ctx).show(id); // the table; values masked until revealed there
  return cookies;
};

export const showDiagnostics: Factory = (ctx) => async () => {
  const report: DiagnosticsReport = await ctx.client.request(Requests.diagnostics);
  const out = ctx.output;
  out.info('--- diagnostics ---');
  out.info(formatPlatform(report.platform));
  out.info(`settings: strategy ${report.settings.strategy}, stall threshold ${report.settings.stallThresholdMs} ms, deadline ${report.settings.waitDeadlineMs} ms`);
  out.info(`${report.environments.length} environment(s), ${report.windows.length} window(s), UI loop heartbeat ${report.heartbeat}, up ${Math.round(report.uptimeMs / 1000)} s`);
  for (const w of report.windows) out.info(`  window ${w.windowId} (environment ${w.environmentId}, ${w.nativeHandle}): ${w.title || '(no title)'} ${w.url}${w.loading ? ' loading' : ''}`);
  for (const w of report.waits.slice(-20)) out.info(`  ${formatWait(w)}`);
  for (const s of report.activeStalls) out.error(`  now: ${formatStall(s)}`);
  out.info(`${report.stalls.length} stall(s) and ${report.hazards.length} re-entrancy hazard(s) since start`);
  (report.verdict.status === 'healthy' ? out.info : out.warn).call(out, formatVerdict(report.verdict));
  out.show(true);
  return report;
};

export const restartHelper: Factory = (ctx) => async () => {
  // The windows open now and those earlier crashes took, each reopened under the id it had.
  const reopen = [...ctx.client.lostWindows, ...ctx.client.windows.list()].sort((a, b) => a.windowId - b.windowId);
  await ctx.client.stop();
  const info = await ctx.client.start();
  const reopened: WindowInfo[] = [];
  for (const w of reopen) {
    if (!w.url) {
      ctx.client.forgetLost(w.windowId);
      continue;
    }
    try {
      reopened.push(await ctx.openWindow(w.url, w.windowId));
      ctx.client.forgetLost(w.windowId);
    } catch (err) {
      ctx.output.error(`could not reopen window ${w.windowId} (${w.url}): ${(err as Error).message}`);
    }
  }
  ctx.refreshWindowCount();
  ctx.output.info(`helper restarted (pid ${info.helperPid}); ${reopened.length} of ${reopen.length} window(s) reopened`);
  return { helperPid: info.helperPid, reopened: reopened.map((w) => w.windowId) };
};

export const closeAll: Factory = (ctx) => async () => {
  if (ctx.client.state.kind !== 'ready') return 0;
  return ctx.client.request(Requests.closeAll);
};

async function pickWindow(windows: WindowInfo[], title: string): Promise<WindowInfo | undefined> {
  if (windows.length === 0) {
    void vscode.window.showInformationMessage('No WebView2 Host window is open.');
    return undefined;
  }
  const item = await vscode.window.showQuickPick(
    windows.map((w) => ({ label: w.title || w.url, description: `window ${w.windowId}${w.failed ? `, failed: ${w.failed}` : ''}`, detail: w.url, window: w })),
    { title },
  );
  return item?.window;
}
