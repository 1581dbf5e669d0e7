// The extension's settings, read in this one place and typed.
import * as vscode from 'vscode';
import { parseConfig, type Config } from '../settings';

export type { Config };

export const SECTION = 'webview2Host';

export function readConfig(globalStorage: vscode.Uri): Config {
  const c = vscode.workspace.getConfiguration(SECTION);
  return parseConfig((key, fallback) => c.get(key, fallback), vscode.Uri.joinPath(globalStorage, 'profile').fsPath);
}
