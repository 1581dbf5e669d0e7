// Choosing a window: by the id a command was given, else the only one open, else the current
// window (current.ts), else a quick pick that matches window numbers, titles and URLs. The window
// chosen becomes the current one. And the one "nothing open" message.
import * as vscode from 'vscode';
import { Requests, type WindowInfo } from '../../protocol';
import type { Caller } from '../command';
import type { Ctx } from '../ctx';
import { windowIdOf } from './controls';
import { printable } from '../../printable';

export const NOTHING_OPEN = 'No WebView2 window is open.';

/** The one message for every "nothing open" case, with a way out. */
export function showNothingOpen(): void {
  void vscode.window.showInformationMessage(NOTHING_OPEN, 'Open URL…').then((choice) => {
    if (choice === 'Open URL…') void vscode.commands.executeCommand('webview2Host.openUrl');
  });
}

export interface WindowItem extends vscode.QuickPickItem {
  window: WindowInfo;
}

/** A quick-pick row: "2  Title" (the number first, so typing it finds the window), then whether it
 *  is current, a failure as the helper's row says it, zoom and size; URL below; the page's words
 *  escaped. */
export function windowItem(ctx: Ctx, w: WindowInfo, current = false): WindowItem {
  return {
    label: `${w.failed ? '$(error)' : '$(browser)'} ${w.windowId}  ${printable(w.title) || '(no title)'}`,
    description: [
      current ? 'current' : '',
      w.openerId !== undefined ? `popup of window ${w.openerId}` : '',
      w.failed ? `failed: ${printable(w.failed)}` : w.loading ? 'loading…' : '',
      `${Math.round(w.zoom * 100)} %`,
      w.bounds.width > 0 ? `${w.bounds.width} × ${w.bounds.height}` : '',
    ].filter(Boolean).join(' · '),
    detail: printable(ctx.preview.present(w.url)),
    window: w,
  };
}

/**
 * The window a command acts on, which becomes the current one. Given an id (from code, a menu or a
 * keybinding's args) it must be open, else the command throws. Without one: the only open window,
 * else for a person the current window, else the person's choice; code is never asked and never
 * guesses: it must pass an id while several are open. With none open, the "nothing open" message
 * (code: an error).
 */
export async function pickWindow(ctx: Ctx, caller: Caller, arg: unknown, title: string): Promise<WindowInfo | undefined> {
  const w = await choose(ctx, caller, arg, title);
  if (w) ctx.current.touched(w.windowId);
  return w;
}

/** The windows as quick-pick rows, the current one first, and the person's choice. */
export async function askForWindow(ctx: Ctx, windows: WindowInfo[], title: string): Promise<WindowInfo | undefined> {
  const current = ctx.current.of(windows.map((w) => w.windowId));
  const rows = windows.map((w) => windowItem(ctx, w, w.windowId === current));
  rows.sort((a, b) => Number(b.window.windowId === current) - Number(a.window.windowId === current));
  const item = await vscode.window.showQuickPick(rows, {
    title,
    placeHolder: 'Type a window number or part of its title or URL',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return item?.window;
}

async function choose(ctx: Ctx, caller: Caller, arg: unknown, title: string): Promise<WindowInfo | undefined> {
  const id = windowIdOf(arg);
  const windows: WindowInfo[] = ctx.client.state.kind === 'ready' ? await ctx.client.request(Requests.listWindows) : [];
  if (id !== undefined) {
    const w = windows.find((x) => x.windowId === id);
    if (!w) throw new Error(`window ${id} is not open (${windows.length ? `open: ${windows.map((x) => x.windowId).join(', ')}` : 'none is open'})`);
    return w;
  }
  if (windows.length === 0) {
    if (caller === 'code') throw new Error(NOTHING_OPEN);
    showNothingOpen();
    return undefined;
  }
  if (windows.length === 1) return windows[0];
  if (caller === 'code') throw new Error(`${title.replace(/^WebView2: /, '')} needs a window id when called from code (${windows.length} windows are open)`);
  const current = windows.find((w) => w.windowId === ctx.current.of(windows.map((x) => x.windowId)));
  return current ?? askForWindow(ctx, windows, title);
}
