// Pictures and documents of a page: Save Screenshot (a PNG) and Save Page as PDF.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { screenshotFileName } from '../../screenshotName';
import { Requests } from '../../protocol';
import { command } from '../command';
import type { Ctx } from '../ctx';
import { formatBytes, pdfName } from './controls';
import { onWindow } from './onWindow';
import { pickWindow } from './picker';

export const saveScreenshot = onWindow('saveScreenshot', 'WebView2: Save Screenshot', async (ctx, w, caller, file?: string) => {
  const target = file ?? path.join(screenshotFolder(ctx), screenshotFileName(w.windowId));
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

/**
 * Save Page as PDF: a person picks the file (named after the page's title); code passes
 * `{ windowId?, path }` (a window id alone, as List Windows does, asks for the file). The helper
 * writes the PDF, and its schema refuses a path that is not absolute. Returns `{ path, bytes }`.
 */
export const savePdf = command('savePdf', (ctx, caller) => async (arg?: unknown) => {
  const options = typeof arg === 'object' && arg !== null ? arg as { windowId?: unknown; path?: unknown } : { windowId: arg };
  const w = await pickWindow(ctx, caller, options.windowId, 'WebView2: Save Page as PDF');
  if (!w) return undefined;
  let file = options.path;
  if (file === undefined) {
    if (caller === 'code') throw new Error('savePdf needs { path } when called from code');
    const picked = await vscode.window.showSaveDialog({
      title: `WebView2: Save window ${w.windowId} as PDF`,
      defaultUri: vscode.Uri.file(path.join(pdfFolder(), `${pdfName(w.title)}.pdf`)),
      filters: { PDF: ['pdf'] },
      saveLabel: 'Save as PDF',
    });
    if (!picked) return undefined;
    file = picked.fsPath;
  }
  if (typeof file !== 'string') throw new Error(`${JSON.stringify(file)} is not a path: pass { path: '/absolute/file.pdf' }`);
  if (path.isAbsolute(file)) await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(file)));
  const pdf = await ctx.client.request(Requests.savePdf, { windowId: w.windowId, path: file });
  ctx.output.info(`PDF of window ${w.windowId}: ${pdf.path} (${pdf.bytes} bytes)`);
  if (caller === 'person') {
    void vscode.window.showInformationMessage(`Window ${w.windowId} saved as ${vscode.workspace.asRelativePath(pdf.path)} (${formatBytes(pdf.bytes)})`, 'Open')
      .then((choice) => { if (choice === 'Open') void vscode.env.openExternal(vscode.Uri.file(pdf.path)); });
  }
  return pdf;
});

/** Where the save dialog starts: the (first) workspace folder on this machine, else the home folder. */
function pdfFolder(): string {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? os.homedir();
}

export const captureCommands = [saveScreenshot, savePdf];
