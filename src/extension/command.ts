// The commands, each a factory that takes the context and who calls (extension.ts registers each
// twice: for people and for code) and returns its handler. Every command returns its result
// (window ids, cookies, diagnostics); called from code it never asks anything.
import * as vscode from 'vscode';
import { formatCookie } from '../client/format';
import { Requests, type Cookie } from '../protocol';
import { toNavigableUrl } from '../urls';
import type { Ctx } from './ctx';
import { cookieWorkbench } from './cookieCommands';
import { previewOf } from './preview';
import { openUrl } from './previewCommands';
import { pickWindow, showNothingOpen } from './windowPicker';

/** Who a handler serves: a person (palette, menus, status bar) may be asked; code never is. */
export type Caller = 'person' | 'code';
export type Factory = (ctx: Ctx, caller: Caller) => (...args: any[]) => Promise<unknown>;

export const openAnotherWindow: Factory = (ctx, caller) => async (url?: string) => {
  const windows = ctx.client.windows.list();
  const latest = windows[windows.length - 1];
  if (url === undefined && !latest?.url) return openUrl(ctx, caller)(); // nothing to copy yet: ask
  let target = url !== undefined ? toNavigableUrl(url) : latest.url;
  // A local file is served by the preview server of its folder, never loaded as file:.
  if (target.startsWith('file:')) target = (await previewOf(ctx).targetOf(vscode.Uri.parse(target, true))).url;
  const window = await ctx.openWindow(target);
  return window.windowId;
};

export const showCookies: Factory = (ctx, caller) => async (windowId?: number, options?: { reveal?: boolean }) => {
  let id = windowId;
  if (id === undefined) {
    const picked = await pickWindow(ctx, caller, undefined, 'WebView2: Show Cookies');
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

export const restartHelper: Factory = (ctx) => async () => {
  // The windows open now and those earlier crashes took, each reopened under the id it had, where
  // it was, with its zoom and its profile's session cookies (the one reopen path: client/reopen.ts).
  const reopen = [...ctx.client.lostWindows, ...ctx.client.windows.list()];
  await ctx.client.stop();
  const info = await ctx.client.start();
  const { reopened, failed, cookiesRefused } = await ctx.client.reopen(reopen);
  for (const c of cookiesRefused) ctx.output.warn(`session cookie ${c.name} could not be put back: ${c.error}`);
  for (const f of failed) {
    if (!f.window.url) ctx.client.forgetLost(f.window.windowId); // nothing to show again
    else ctx.output.error(`could not reopen window ${f.window.windowId} (${f.window.url}): ${f.error}`);
  }
  ctx.refreshWindowCount();
  ctx.output.info(`helper restarted (pid ${info.helperPid}); ${reopened.length} of ${reopen.length} window(s) reopened`);
  return { helperPid: info.helperPid, reopened: reopened.map((w) => w.windowId) };
};

export const closeAll: Factory = (ctx, caller) => async () => {
  if (ctx.client.state.kind !== 'ready' || ctx.client.windows.size === 0) {
    if (caller === 'person') showNothingOpen();
    return 0;
  }
  const closed = await ctx.client.request(Requests.closeAll);
  if (caller === 'person') vscode.window.setStatusBarMessage(`WebView2: closed ${closed} window${closed === 1 ? '' : 's'}`, 4000);
  return closed;
};
