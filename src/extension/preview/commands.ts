// The preview's commands: opening URLs and files (the window that already shows a file is reused),
// another window beside the latest, and the page console. Given arguments, they ask nothing and
// throw on failure.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toNavigableUrl } from '../../urls';
import { command, type Command } from '../command';
import type { PreviewTarget } from './preview';
import { askForInput, assertCanShowWindows, targetOfInput } from './typedTarget';

const PAGE_EXTENSIONS = ['.html', '.htm', '.xhtml', '.svg'];
let lastInput = 'http://127.0.0.1:8080/';

export const openUrl = command('openUrl', (ctx, caller) => async (url?: string) => {
  if (url === undefined && caller === 'code') throw new Error('openUrl needs a URL when called from code');
  const input = url ?? await askForInput('WebView2: Open URL in Browser Window', lastInput);
  if (input === undefined) return undefined; // dismissed
  const target = await targetOfInput(ctx, input);
  assertCanShowWindows();
  lastInput = input;
  return (await ctx.preview.open(target)).windowId;
});

/** The document to preview: the argument (a Uri from a menu, or a path from code), else the
 *  active editor's. */
async function documentToOpen(arg: unknown): Promise<vscode.TextDocument> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string') return vscode.workspace.openTextDocument(path.isAbsolute(arg) ? vscode.Uri.file(arg) : vscode.Uri.parse(arg, true));
  const active = vscode.window.activeTextEditor?.document;
  if (!active) throw new Error('no file is open in the editor: open an HTML file first');
  return active;
}

export const openCurrentFile = command('openCurrentFile', (ctx, caller) => async (arg?: unknown) => {
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
  return (await ctx.preview.open(await ctx.preview.targetOf(document.uri))).windowId;
});
/** The same, as the editor title and the Explorer name it for HTML files. */
export const openInWindow = command('openInWindow', openCurrentFile.factory);

export const openAnotherWindow = command('openAnotherWindow', (ctx, caller) => async (url?: string) => {
  const windows = ctx.client.windows.list();
  const latest = windows[windows.length - 1];
  if (url === undefined && !latest?.url) return openUrl.factory(ctx, caller)(); // nothing to copy yet: ask
  let target: PreviewTarget = { url: url !== undefined ? toNavigableUrl(url) : latest.url };
  // A local file is served by the preview server of its folder, never loaded as file:.
  if (target.url.startsWith('file:')) target = await ctx.preview.targetOf(vscode.Uri.parse(target.url, true));
  return (await ctx.preview.open(target, true)).windowId;
});

/** Shows the console channel; returns its recent lines (for code and tests). */
export const showConsole = command('showConsole', (ctx, caller) => async (options?: { quiet?: boolean }) => {
  const preview = ctx.preview;
  if (!options?.quiet && caller === 'person') {
    if (preview.console.messages === 0) preview.console.noteOnce('No page has written to its console yet: console.log/info/warn/error, uncaught exceptions and unhandled rejections of every window appear here.');
    preview.console.show(true);
  }
  return preview.console.recent();
});

export const previewCommands: readonly Command[] = [openUrl, openCurrentFile, openInWindow, openAnotherWindow, showConsole];
