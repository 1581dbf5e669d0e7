// Entry point in VS Code for the Web without a remote: no process can start there and no native
// window can show, so every command says so plainly instead of being missing or failing oddly.
import * as vscode from 'vscode';

const MESSAGE = 'WebView2 Host opens native browser windows, which VS Code for the Web cannot show. ' +
  'Open this folder in VS Code on your computer (or in a remote window from it) to preview pages in a window.';

export function activate(context: vscode.ExtensionContext): void {
  const commands = (context.extension.packageJSON?.contributes?.commands ?? []) as { command: string }[];
  for (const { command } of commands) {
    context.subscriptions.push(vscode.commands.registerCommand(command, (...args: unknown[]) => {
      if (args.length > 0) throw new Error(MESSAGE); // called by code: the caller handles it
      void vscode.window.showInformationMessage(MESSAGE);
      return undefined;
    }));
  }
}

export function deactivate(): void {
  // nothing to release
}
