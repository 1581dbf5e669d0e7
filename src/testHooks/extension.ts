// The test hooks of the extension, as the plugin the entry point (extension.ts) hands the core
// when the switch is on (switch.ts): commands that only a test calls, and the switch passed on to
// the helper. Tests read the helper's pid, the status bar and the log through
// `webview2Host.debug.state`; the extension exports no API for it. Loaded by path from out/, apart
// from the bundles, so it imports nothing of the product but types and the stateless `command`
// helper: whatever it reads it reaches through the context the core passes in.
import { command } from '../extension/command';
import type { ExtensionPlugin, PluginKit } from '../extension/plugins';
import { TestRequests, type DebugWaitParams } from './protocol';
import { testHooksEnv } from './switch';

/** What a test can see of the extension. */
export interface TestState {
  helperPid: number | undefined;
  status: { text: string; tooltip: string };
  /** The current window's status bar item, '' while hidden. */
  currentWindow: string;
  /** The status bar texts shown so far, oldest first. */
  statusHistory: string[];
  /** The recent lines of the log channel. */
  recentLog: string[];
  /** Each open window's address as the engine has it (a served file's URL with its token), which
   *  people and the code API never see: for tests of the preview server itself. */
  engineUrls: Record<number, string>;
}

/** Lent by the core when it starts: the test requests are sent through the core's own JSON-RPC library. */
let kit: PluginKit | undefined;
function adopted(): PluginKit {
  if (!kit) throw new Error('the test plugin was not started by the core');
  return kit;
}

const debugWait = command('debug.wait', (ctx) => async (mode: DebugWaitParams['mode'], deadlineMs?: number, windowId?: number) =>
  ctx.client.request(adopted().adopt(TestRequests.debugWait), { mode, deadlineMs, windowId }));
const debugBlock = command('debug.block', (ctx) => async (ms: number) => ctx.client.request(adopted().adopt(TestRequests.debugBlock), { ms }));
const debugState = command('debug.state', (ctx) => async (): Promise<TestState> => ({
  helperPid: ctx.client.pid,
  status: { text: ctx.status.text, tooltip: ctx.status.tooltip },
  currentWindow: ctx.status.currentText,
  statusHistory: [...ctx.status.history],
  recentLog: ctx.output.recent(),
  engineUrls: Object.fromEntries(ctx.client.windows.list().map((w) => [w.windowId, w.url])),
}));
/** The open cookie view of a window: its rows with values as shown, and what Copy last copied. */
const debugCookieView = command('debug.cookieView', (ctx) => async (windowId: number) => {
  const view = ctx.cookies.views.get(windowId);
  return view ? { ...view.describe(), lastCopied: view.lastCopied } : undefined;
});

export const extensionTestPlugin: ExtensionPlugin = {
  commands: [debugWait, debugBlock, debugState, debugCookieView],
  helperEnv: testHooksEnv(true),
  start: (lent) => { kit = lent; },
};
