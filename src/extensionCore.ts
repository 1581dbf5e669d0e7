// What the extension loads on its first command rather than at activation: the context (helper
// client and its JSON-RPC library, log channel, status bar, preview, cookies, diagnostics) and the
// commands of the feature folders. A separate bundle (dist/extensionCore.js), so that activation
// costs only the registration of the names. The files under src/extension/:
//   ctx.ts          the one context object: owns the client, the log, the status bar, the features
//   command.ts      how a command is declared (name beside its factory); registry.ts lists them all
//   plugins.ts      what an entry point may add (the test hooks' plugin implements it)
//   config.ts       the settings, read in one place; logBook.ts the log channel
//   preview/        preview.ts (reload on save, the one way to open a window), commands.ts (Open URL,
//                   Open Current File, Open Another Window, Show Console), typedTarget.ts (what a
//                   person types, as a target), input.ts, remote.ts, targets.ts, bounds.ts,
//                   fileServer.ts (the confined loopback server), console.ts (the console channel)
//   windows/        commands.ts (controls, List Windows, Close All), capture.ts (Save Screenshot,
//                   Save Page as PDF), onWindow.ts, picker.ts, controls.ts, current.ts (the
//                   current window), savedWindows.ts and windowState.ts (windows that survive a
//                   reload or restart)
//   cookies/        commands.ts (Show Cookies, the cookie view, export, snapshots, edits),
//                   workbench.ts, view.ts, viewPage.ts, viewNotes.ts, draft.ts
//   network/        commands.ts (Show Network, Export HAR), view.ts (the Network view), viewPage.ts
//                   (its HTML, page text escaped), model.ts (filter and sort), curl.ts (Copy as curl)
//   diagnostics/    diagnostics.ts (the report and its view), commands.ts, view.ts, page.ts
//   status/         display.ts (the status bar item), text.ts (its words), commands.ts (Restart Helper)
//   panels/         mediaPanel.ts (the webview panel every view uses)
//   agents/         lmTools.ts (the agent tools of src/agents as language model tools), contribution.ts
//                   (their names and package.json entries), parts.ts (answers as result parts)
import * as vscode from 'vscode';
import { RequestType } from 'vscode-jsonrpc/node';
import type { Caller, Handler } from './extension/command';
import { LanguageModelTools } from './extension/agents/lmTools';
import { Ctx } from './extension/ctx';
import type { ExtensionPlugin, PluginKit } from './extension/plugins';
import { COMMANDS } from './extension/registry';

export interface Core {
  run(name: string, caller: Caller, args: unknown[]): Promise<unknown>;
  /** A language model tool's call (`webview2Host_<tool>`). */
  invokeTool(name: string, input: unknown, token: vscode.CancellationToken, fromChat: boolean): Promise<vscode.LanguageModelToolResult>;
  /** Opens the windows saved when the workspace last closed (windows/windowState.ts); never throws. */
  restore(): Promise<void>;
  dispose(): Promise<void>;
}

export interface CoreOptions {
  /** How long activation took, for the log. */
  activatedInMs: number;
  /** What the entry point adds (extension/plugins.ts). */
  plugin?: ExtensionPlugin;
}

const PLUGIN_KIT: PluginKit = {
  adopt: (type) => new RequestType(type.method),
};

export function startCore(context: vscode.ExtensionContext, { activatedInMs, plugin }: CoreOptions): Core {
  const started = Date.now();
  const c = new Ctx(context, plugin);
  const tools = new LanguageModelTools(c);
  plugin?.start?.(PLUGIN_KIT);
  const commands = [...COMMANDS, ...(plugin?.commands ?? [])];
  const handlers: Record<Caller, Map<string, Handler>> = {
    person: new Map(commands.map(({ name, factory }) => [name, factory(c, 'person')])),
    code: new Map(commands.map(({ name, factory }) => [name, factory(c, 'code')])),
  };
  c.output.info(`activated in ${activatedInMs} ms; commands loaded in ${Date.now() - started} ms on the first one; ` +
    'the helper starts with the first command that needs it');
  return {
    async run(name, caller, args) {
      const handler = handlers[caller].get(name);
      try {
        if (!handler) throw new Error(`the command ${name} is not available`);
        return await handler(...args);
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        if (caller === 'code') {
          c.output.error(`${name} (called from code): ${message}`);
          throw err; // the caller handles it
        }
        c.output.error(`${name}: ${message}`);
        void vscode.window.showErrorMessage(`WebView2 Host: ${message}`);
        return undefined;
      }
    },
    invokeTool: (name, input, token, fromChat) => tools.invoke(name, input, token, fromChat),
    async restore() {
      try {
        await c.windowState.restore();
      } catch (err) {
        c.output.error(`the windows of the last session could not be restored: ${(err as Error).message}`);
      }
    },
    async dispose() {
      try {
        await c.dispose();
      } finally {
        tools.dispose();
      }
    },
  };
}
