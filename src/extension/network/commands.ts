// Network commands: Show Network (the view of a window) and Export HAR. Called from code with
// arguments, they ask nothing and return their result. No header value is written to the log here.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkPrivateFileTarget } from '../../cookies/exportFile';
import { exportHar as writeHarOf } from '../../network/harExport';
import { Requests } from '../../protocol';
import { command, type Command } from '../command';
import type { Ctx } from '../ctx';
import { pickWindow } from '../windows/picker';
import { NetworkView, type NetworkViewActions } from './view';

/** The open Network view of each window, per context (the context outlives every view). */
const viewsOf = new WeakMap<Ctx, Map<number, NetworkView>>();

export async function showView(ctx: Ctx, windowId: number): Promise<NetworkView> {
  let views = viewsOf.get(ctx);
  if (!views) viewsOf.set(ctx, views = new Map());
  let view = views.get(windowId);
  if (view) view.panel.reveal();
  else {
    const mine = views;
    view = NetworkView.open(ctx, windowId, viewActions(ctx), () => mine.delete(windowId));
    views.set(windowId, view);
  }
  await view.refresh();
  return view;
}

function viewActions(ctx: Ctx): NetworkViewActions {
  return {
    exportHar: (windowId) => exportInteractively(ctx, windowId),
    confirmValues: async (what) => {
      const choice = await vscode.window.showWarningMessage(`Really ${what}?`,
        { modal: true, detail: 'These values are session secrets: anyone who sees them can use the sessions.' }, 'Show Values');
      return choice === 'Show Values';
    },
  };
}

/** Opens the Network view of a window; returns the rows it shows (values masked unless revealed). */
export const showNetwork = command('showNetwork', (ctx, caller) => async (windowId?: number) => {
  const w = await pickWindow(ctx, caller, windowId, 'WebView2: Show Network of Window…');
  if (!w) return undefined;
  const view = await showView(ctx, w.windowId);
  return view.describe();
});

export const exportHar = command('exportHar', (ctx, caller) => async (windowId?: number, options?: { path?: unknown; includeValues?: unknown }) => {
  if (caller === 'person') {
    const w = await pickWindow(ctx, caller, windowId, 'WebView2: Export HAR of Window…');
    return w ? exportInteractively(ctx, w.windowId) : undefined;
  }
  if (typeof windowId !== 'number') throw new Error('exportHar needs a window id when called from code');
  if (typeof options?.path !== 'string' || !path.isAbsolute(options.path)) throw new Error('exportHar needs { path } with an absolute path');
  if (typeof options.includeValues !== 'boolean') throw new Error('exportHar needs { includeValues: true or false } (Cookie, Set-Cookie and Authorization values, masked when false)');
  await pickWindow(ctx, caller, windowId, 'exportHar');
  checkPrivateFileTarget(options.path);
  return writeHar(ctx, windowId, options.path, options.includeValues);
});

async function writeHar(ctx: Ctx, windowId: number, file: string, includeValues: boolean): Promise<{ path: string; entries: number }> {
  const creator = { name: 'WebView2 Host', version: String(ctx.extension.extension.packageJSON?.version ?? '') };
  const result = await writeHarOf((p) => ctx.client.request(Requests.getNetworkLog, p), [windowId], { path: file, includeValues, creator });
  ctx.output.info(`exported ${result.entries} request(s) of window ${windowId} as HAR to ${result.path}` +
    `${includeValues ? ' with header values' : ' (values masked)'}${process.platform === 'win32' ? '' : ' (mode 0600)'}`);
  return result;
}

/** Save dialog, then whether to include values, then the file; says how many requests and offers Open. */
export async function exportInteractively(ctx: Ctx, windowId: number): Promise<{ path: string; entries: number } | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(homeFolder(), `window-${windowId}.har`), filters: { HAR: ['har'] }, title: `Export HAR of window ${windowId}`, saveLabel: 'Export',
  });
  if (!target) return undefined;
  // The extension host writes the file itself: only a path on its own machine.
  if (target.scheme !== 'file' && target.scheme !== 'vscode-remote') throw new Error(`a HAR can be written only to a file on the extension host's machine, not to ${target.scheme}:`);
  checkPrivateFileTarget(target.fsPath); // a link, a folder or another user's file: refused before asking
  const choice = await vscode.window.showWarningMessage(`Include Cookie, Set-Cookie and Authorization values in ${path.basename(target.fsPath)}?`,
    { modal: true, detail: `With values, anyone who can read the file can use these sessions. Masked, they read ********. The file is created readable by you only; it holds response bodies the window kept.` },
    'Include Values', 'Mask Values');
  if (!choice) return undefined;
  const result = await writeHar(ctx, windowId, target.fsPath, choice === 'Include Values');
  void vscode.window.showInformationMessage(`Exported ${result.entries} request(s) of window ${windowId} to ${result.path}.`, 'Open').then((c) => {
    if (c === 'Open') void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.path));
  });
  return result;
}

/** Where the save dialog starts: the home folder, never the workspace (secrets beside the sources are one `git add .` from a commit). */
function homeFolder(): vscode.Uri {
  const home = os.homedir();
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (workspace && workspace.scheme !== 'file') return workspace.with({ path: vscode.Uri.file(home).path, query: '', fragment: '' });
  return vscode.Uri.file(home);
}

export const networkCommands: readonly Command[] = [showNetwork, exportHar];
