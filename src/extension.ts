// Entry point of the extension: activated by its commands only, never at VS Code start-up.
import * as vscode from 'vscode';
import * as commands from './extension/commands';
import { Ctx } from './extension/ctx';
import { TEST_COMMANDS } from './testHooks/extension';
import { testHooksEnabled } from './testHooks/switch';

let ctx: Ctx | undefined;

const COMMANDS: [string, commands.Factory][] = [
  ['openUrl', commands.openUrl],
  ['openCurrentFile', commands.openCurrentFile],
  ['openAnotherWindow', commands.openAnotherWindow],
  ['listWindows', commands.listWindows],
  ['showCookies', commands.showCookies],
  ['showDiagnostics', commands.showDiagnostics],
  ['restartHelper', commands.restartHelper],
  ['closeAll', commands.closeAll],
];
export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const testHooks = testHooksEnabled(process.env);
  const c = new Ctx(context, testHooks);
  ctx = c;
  const all = testHooks ? [...COMMANDS, ...TEST_COMMANDS] : COMMANDS;
  for (const [name, factory] of all) {
    const handler = factory(c);
    context.subscriptions.push(vscode.commands.registerCommand(`webview2Host.${name}`, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        c.output.error(`${name}: ${message}`);
        if (args.length > 0) throw err; // called by code: the caller handles it
        void vscode.window.showErrorMessage(`WebView2 Host: ${message}`);
        return undefined;
      }
    }));
  }
  c.output.info(`activated in ${Date.now() - started} ms; the helper starts with the first command that needs it`);
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
