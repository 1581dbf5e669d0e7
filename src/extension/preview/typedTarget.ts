// What a person types to open or navigate (a URL, a host, a file path, a path relative to the
// workspace folder), asked for with a check as they type, and turned into a target; and the one
// check that this extension host can show a window at all.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { resolveOpenInput } from './input';
import type { PreviewTarget } from './preview';

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
export async function targetOfInput(ctx: Ctx, input: string): Promise<PreviewTarget> {
  const resolved = await resolveOpenInput(input, await workspaceFolderChoices(), isFile);
  const preview = ctx.preview;
  if (resolved.kind === 'workspaceFile') {
    return preview.targetOf(vscode.Uri.joinPath(vscode.Uri.parse(resolved.folder), resolved.relativePath));
  }
  // A local file typed as a path or a file: URL is served like a workspace file, never loaded as file:.
  if (resolved.url.startsWith('file:')) return preview.targetOf(vscode.Uri.parse(resolved.url, true));
  const url = await preview.reachable(resolved.url);
  return { url, key: preview.keyOfUrl(url) };
}

export async function askForInput(title: string, value: string): Promise<string | undefined> {
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
