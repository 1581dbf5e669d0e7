// The test hooks in the extension: commands that only a test calls, registered only when the
// extension host runs with the switch on (switch.ts). Tests read the helper's pid, the status bar
// and the log through `webview2Host.debug.state`; the extension exports no API for it.
import type { Factory } from '../extension/commands';
import type { TestCommandName } from './commandNames';
import { cookieWorkbench } from '../extension/cookieCommands';
import { TestRequests, type DebugWaitParams } from './protocol';

/** What a test can see of the extension. */
export interface TestState {
  helperPid: number | undefined;
  status: { text: string; tooltip: string };
  /** The status bar texts shown so far, oldest first. */
  statusHistory: string[];
  /** The recent lines of the log channel. */
  recentLog: string[];
  /** Each open window's address as the engine has it (a served file's URL with its token), which
   *  people and the code API never see: for tests of the preview server itself. */
  engineUrls: Record<number, string>;
}

const debugWait: Factory = (ctx) => async (mode: DebugWaitParams['mode'], deadlineMs?: number, windowId?: number) =>
  ctx.client.request(TestRequests.debugWait, { mode, deadlineMs, windowId });
const debugBlock: Factory = (ctx) => async (ms: number) => ctx.client.request(TestRequests.debugBlock, { ms });
const debugState: Factory = (ctx) => async (): Promise<TestState> => ({
  helperPid: ctx.client.pid,
  status: { text: ctx.status.text, tooltip: ctx.status.tooltip },
  statusHistory: [...ctx.status.history],
  recentLog: ctx.output.recent(),
  engineUrls: Object.fromEntries(ctx.client.windows.list().map((w) => [w.windowId, w.url])),
});

/** The open cookie view of a window: its rows with values as shown, and what Copy last copied. */
const debugCookieView: Factory = (ctx) => async (windowId: number) => {
  const view = cookieWorkbench(ctx).views.get(windowId);
  return view ? { ...view.describe(), lastCopied: view.lastCopied } : undefined;
};

export const TEST_COMMANDS: Record<TestCommandName, Factory> = {
  'debug.wait': debugWait,
  'debug.block': debugBlock,
  'debug.state': debugState,
  'debug.cookieView': debugCookieView,
};
