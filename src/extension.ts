// Entry point of the extension: activated by its commands and language model tools, and once
// start-up has finished (onStartupFinished) only to look whether windows were open when the
// workspace last closed. Activation registers the command and tool names that package.json
// contributes and reads that one workspace-state entry; with nothing to restore it loads nothing
// else. The first command or tool call, or a restore, loads the rest (extensionCore.ts: the helper
// client and its JSON-RPC library, log channel, status bar, the commands of the feature folders). The one place that reads
// the test hooks' switch: with it on, the test plugin (src/testHooks/extension.ts) is loaded by path
// from the compiled tree, out/, which no VSIX ships, its commands are registered too, and it is
// handed to the core. No bundle holds test code.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeToConfirm, invocationMessage } from './extension/agents/prepare';
import type { ExtensionPlugin } from './extension/plugins';
import type { Core } from './extensionCore';
import { testHooksEnabled } from './testHooks/switch';
import { hasSavedWindows, SAVED_WINDOWS_KEY } from './extension/windows/savedWindows';

/** Beside this file, in dist/ (its own bundle) as in the compiled tests. */
const CORE = path.join(__dirname, 'extensionCore.js');
const PREFIX = 'webview2Host.';

/** The test plugin, compiled by tsc beside the rest of the tree (a checkout built for its tests). */
function testPlugin(context: vscode.ExtensionContext): ExtensionPlugin {
  const file = path.join(context.extensionPath, 'out', 'src', 'testHooks', 'extension.js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require(file) as typeof import('./testHooks/extension')).extensionTestPlugin;
}

let core: Core | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const plugin = testHooksEnabled(process.env) ? testPlugin(context) : undefined;
  let activatedInMs = 0;
  const load = (): Core => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    core ??= (require(CORE) as typeof import('./extensionCore')).startCore(context, { activatedInMs, plugin });
    return core;
  };
  const contributed = (context.extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command.slice(PREFIX.length));
  // Each command twice: `webview2Host.<name>` for people (palette, menus, keybindings, the status
  // bar) and `webview2Host.api.<name>` for code; the id, not the arguments, says who called.
  for (const name of [...contributed, ...(plugin?.commands.map((c) => c.name) ?? [])]) {
    context.subscriptions.push(
      vscode.commands.registerCommand(`${PREFIX}${name}`, (...args: unknown[]) => load().run(name, 'person', args)),
      vscode.commands.registerCommand(`${PREFIX}api.${name}`, (...args: unknown[]) => load().run(name, 'code', args)),
    );
  }
  // The language model tools package.json contributes (VS Code activates for them on its own,
  // onLanguageModelTool:<name>): the table and the session come with the first call.
  const tools = (context.extension.packageJSON.contributes.languageModelTools ?? []) as { name: string; displayName: string }[];
  for (const { name, displayName } of tools) {
    context.subscriptions.push(vscode.lm.registerTool<unknown>(name, {
      invoke: (options, token) => load().invokeTool(name, options.input, token, options.toolInvocationToken !== undefined),
      prepareInvocation: (options) => {
        // Script in a page asks the person first, showing the code (chat shows this before invoke).
        const code = codeToConfirm(name, options.input);
        return {
          invocationMessage: invocationMessage(displayName, options.input),
          ...(code === undefined ? {} : { confirmationMessages: { title: 'Run JavaScript in the page?', message: new vscode.MarkdownString(code) } }),
        };
      },
    }));
  }
  activatedInMs = Date.now() - started;
  // Windows open when the workspace last closed come back (setting webview2Host.restoreWindows).
  if (hasSavedWindows(context.workspaceState.get(SAVED_WINDOWS_KEY)) &&
    vscode.workspace.getConfiguration('webview2Host').get('restoreWindows') !== false) void load().restore();
}

export async function deactivate(): Promise<void> {
  await core?.dispose();
  core = undefined;
}
