// Pictures of a page: Save Screenshot (a PNG).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Requests } from '../../protocol';
import type { Ctx } from '../ctx';
import { onWindow } from './onWindow';

export const saveScreenshot = onWindow('saveScreenshot', 'WebView2: Save Screenshot', async (ctx, w, caller, file?: string) => {
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

export const captureCommands = [saveScreenshot];
