// Entry point of the extension: activated by its commands only, never at VS Code start-up.
import * as vscode from 'vscode';
import * as commands from './extension/commands';
import { Ctx } from './extension/ctx';

let ctx: Ctx | undefined;

/** What the extension exports: enough for tests and other extensions to see its state. */
export interface WebView2HostApi {
  helperPid(): number | undefined;
  status(): { text: string; tooltip: string };
  /** The status bar texts shown so far, oldest first. */
  statusHistory(): string[];
  /** The recent lines of the log channel. */
  recentLog(): string[];
}

const COMMANDS: [string, (c: Ctx) => (...args: any[]) => Promise<unknown>][] = [
  ['openUrl', commands.openUrl],
  ['openCurrentFile', commands.openCurrentFile],
  ['openAnotherWindow', commands.openAnotherWindow],
  ['listWindows', commands.listWindows],
  ['showCookies', commands.showCookies],
  ['showDiagnostics', commands.showDiagnostics],
  ['restartHelper', commands.restartHelper],
  ['closeAll', commands.closeAll],
];
const TEST_COMMANDS: typeof COMMANDS = [
  ['debug.wait', commands.debugWait],
  ['debug.block', commands.debugBlock],
];

export function activate(context: vscode.ExtensionContext): WebView2HostApi {
  const started = Date.now();
  const c = new Ctx(context);
  ctx = c;
  const all = process.env.WEBVIEW2_HOST_TEST_HOOKS === '1' ? [...COMMANDS, ...TEST_COMMANDS] : COMMANDS;
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
  return {
    helperPid: () => c.client.pid,
    status: () => ({ text: c.status.text, tooltip: c.status.tooltip }),
    statusHistory: () => [...c.status.history],
    recentLog: () => c.output.recent(),
  };
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
