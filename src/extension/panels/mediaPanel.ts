// A webview panel that loads only the extension's media/ folder: scripts run only with the
// page's nonce, no form submits and nothing remote can load. Shared by the extension's panels
// (diagnostics, cookie and network views).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function createMediaPanel(extensionUri: vscode.Uri, viewType: string, title: string): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(viewType, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
    retainContextWhenHidden: false,
  });
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
  return panel;
}

/** The webview URI of a file under media/. */
export function mediaUri(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, file: string): string {
  return panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', file)).toString();
}

/** A per-window panel's title: "Cookies: window 2 (127.0.0.1:5173)", the host once the window has an address. */
export function windowPanelTitle(what: string, windowId: number, url: string | undefined): string {
  return `${what}: window ${windowId}${url ? ` (${hostOf(url)})` : ''}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
