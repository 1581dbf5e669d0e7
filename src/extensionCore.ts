// What the extension loads on its first command rather than at activation: the context (helper
// client and its JSON-RPC library, log channel, status bar, preview, cookies, diagnostics) and the
// commands of the feature folders (extension/registry.ts). A separate bundle
// (dist/extensionCore.js), so that activation costs only the registration of the names.
import * as vscode from 'vscode';
import type { Caller, Handler } from './extension/command';
import { Ctx } from './extension/ctx';
import type { ExtensionPlugin } from './extension/plugins';
import { COMMANDS } from './extension/registry';

export interface Core {
  run(name: string, caller: Caller, args: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
}

export interface CoreOptions {
  /** How long activation took, for the log. */
  activatedInMs: number;
  /** What the entry point adds (extension/plugins.ts). */
  plugin?: ExtensionPlugin;
}

export function startCore(context: vscode.ExtensionContext, { activatedInMs, plugin }: CoreOptions): Core {
  const started = Date.now();
  const c = new Ctx(context, plugin);
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
    dispose: () => c.dispose(),
  };
}
