// Entry point of the extension: activated by its commands only, never at VS Code start-up.
// Activation registers the command names and nothing else; the first command that runs loads the
// rest (extensionCore.ts: the helper client and its JSON-RPC library, log channel, status bar).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_NAMES } from './extension/commandNames';
import { TEST_COMMAND_NAMES } from './testHooks/commandNames';
import { testHooksEnabled } from './testHooks/switch';
import type { Core } from './extensionCore';

/** Beside this file, in dist/ (its own bundle) as in the compiled tests. */
const CORE = path.join(__dirname, 'extensionCore.js');

let core: Core | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const testHooks = testHooksEnabled(process.env);
  let activatedInMs = 0;
  const load = (): Core => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    core ??= (require(CORE) as typeof import('./extensionCore')).startCore(context, testHooks, activatedInMs);
    return core;
  };
  // Each command twice: `webview2Host.<name>` for people (palette, menus, keybindings, the status
  // bar) and `webview2Host.api.<name>` for code; the id, not the arguments, says who called.
  for (const name of testHooks ? [...COMMAND_NAMES, ...TEST_COMMAND_NAMES] : COMMAND_NAMES) {
    context.subscriptions.push(
      vscode.commands.registerCommand(`webview2Host.${name}`, (...args: unknown[]) => load().run(name, 'person', args)),
      vscode.commands.registerCommand(`webview2Host.api.${name}`, (...args: unknown[]) => load().run(name, 'code', args)),
    );
  }
  activatedInMs = Date.now() - started;
}

export async function deactivate(): Promise<void> {
  await core?.dispose();
  core = undefined;
}
