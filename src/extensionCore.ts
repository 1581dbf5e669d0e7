// What the extension loads on its first command rather than at activation: the helper client and
// its JSON-RPC library, the log channel, the status bar and the command handlers. A separate
// bundle (dist/extensionCore.js), so that activation costs only the registration of the names.
import * as vscode from 'vscode';
import type { CommandName } from './extension/commandNames';
import * as commands from './extension/commands';
import * as cookieCommands from './extension/cookieCommands';
import { Ctx } from './extension/ctx';
import type { TestCommandName } from './testHooks/commandNames';
import { TEST_COMMANDS } from './testHooks/extension';

const COMMANDS: Record<CommandName, commands.Factory> = {
  openUrl: commands.openUrl,
  openCurrentFile: commands.openCurrentFile,
  openAnotherWindow: commands.openAnotherWindow,
  listWindows: commands.listWindows,
  showCookies: commands.showCookies,
  showDiagnostics: commands.showDiagnostics,
  restartHelper: commands.restartHelper,
  closeAll: commands.closeAll,
  showCookieView: cookieCommands.showCookieView,
  exportCookies: cookieCommands.exportCookies,
  takeCookieSnapshot: cookieCommands.takeCookieSnapshot,
  diffCookieSnapshot: cookieCommands.diffCookieSnapshot,
  setCookie: cookieCommands.setCookie,
  deleteCookie: cookieCommands.deleteCookie,
  clearCookies: cookieCommands.clearCookies,
};

export interface Core {
  run(name: CommandName | TestCommandName, caller: commands.Caller, args: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
}

export function startCore(context: vscode.ExtensionContext, testHooks: boolean, activatedInMs: number): Core {
  const started = Date.now();
  const c = new Ctx(context, testHooks);
  const factories: Partial<Record<CommandName | TestCommandName, commands.Factory>> = testHooks ? { ...COMMANDS, ...TEST_COMMANDS } : COMMANDS;
  const handlers = {
    person: new Map(Object.entries(factories).map(([name, factory]) => [name, factory!(c, 'person')])),
    code: new Map(Object.entries(factories).map(([name, factory]) => [name, factory!(c, 'code')])),
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
