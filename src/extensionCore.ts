// What the extension loads on its first command rather than at activation: the helper client and
// its JSON-RPC library, the log channel, the status bar and the command handlers. A separate
// bundle (dist/extensionCore.js), so that activation costs only the registration of the names.
import * as vscode from 'vscode';
import type { CommandName } from './extension/commandNames';
import * as commands from './extension/commands';
import * as cookieCommands from './extension/cookieCommands';
import { Ctx } from './extension/ctx';
import { previewOf } from './extension/preview';
import * as preview from './extension/previewCommands';
import type { TestCommandName } from './testHooks/commandNames';
import { TEST_COMMANDS } from './testHooks/extension';

const COMMANDS: Record<CommandName, commands.Factory> = {
  openUrl: preview.openUrl,
  openCurrentFile: preview.openCurrentFile,
  openInWindow: preview.openCurrentFile,
  openAnotherWindow: commands.openAnotherWindow,
  listWindows: preview.listWindows,
  showCookies: commands.showCookies,
  showDiagnostics: preview.showDiagnostics,
  copyDiagnostics: preview.copyDiagnostics,
  showConsole: preview.showConsole,
  navigate: preview.navigate,
  goBack: preview.goBack,
  goForward: preview.goForward,
  reload: preview.reload,
  stop: preview.stop,
  zoomIn: preview.zoomIn,
  zoomOut: preview.zoomOut,
  zoomReset: preview.zoomReset,
  setSize: preview.setSize,
  copyUrl: preview.copyUrl,
  openExternal: preview.openExternal,
  bringToFront: preview.bringToFront,
  openDevTools: preview.openDevTools,
  saveScreenshot: preview.saveScreenshot,
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
  previewOf(c); // reload on save, the console channel and the window context key, from now on
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
