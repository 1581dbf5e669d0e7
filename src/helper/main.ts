// The helper process: forked by the extension (or the CLI) with its runtime. Its main thread is the
// JSON-RPC endpoint and the watchdog; the windows live on the UI thread (uiThread.ts).
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, ResponseError } from 'vscode-jsonrpc/node';
import {
  Notifications, Requests,
  type DiagnosticsReport, type EnvironmentInfo, type HazardReport, type HelperSettings,
  type InitializeParams, type PlatformInfo, type WaitRecord, type WindowInfo,
} from '../protocol';
import { WindowTable } from '../windowTable';
import { HelperError } from './errors';
import { epochNow } from './ledger';
import { UiBridge } from './uiBridge';
import { Watchdog } from './watchdog';
import { messageName } from './messageNames';
import { hardExit } from './hardExit';
import { FailureLog } from './failureLog';

const startedAt = epochNow();
const testHooks = process.env.WEBVIEW2_HOST_TEST_HOOKS === '1';
const connection = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));

let settings: HelperSettings = { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000 };
let bridge: UiBridge | undefined;
let platform: PlatformInfo | undefined;
let watchdog: Watchdog | undefined;
const windows = new WindowTable();
const environments = new Map<number, EnvironmentInfo>();
const waits: WaitRecord[] = [];
const hazards: HazardReport[] = [];
const failureLog = new FailureLog();

function log(level: 'info' | 'warn' | 'error', message: string): void {
  void connection.sendNotification(Notifications.log, { level, message });
}

function onUiEvent(method: string, params: unknown): void {
  failureLog.observe(method, params);
  switch (method) {
    case 'navigationCompleted': windows.navigated(params as never); break;
    case 'titleChanged': windows.titled(params as never); break;
    case 'windowClosed': windows.removed((params as { windowId: number }).windowId); break;
    case 'waitCompleted':
      waits.push(params as WaitRecord);
      if (waits.length > 200) waits.shift();
      break;
    case 'hazard':
      hazards.push(params as HazardReport);
      if (hazards.length > 50) hazards.shift();
      break;
  }
  void connection.sendNotification(method, params);
}

function ui(): UiBridge {
  if (!bridge) throw new HelperError('the helper is not initialized: send initialize first', -32002);
  return bridge;
}

/** Forwards a request to the UI thread; helper errors go back with their code and typed data. */
async function onUi<R>(method: string, params: unknown): Promise<R> {
  try {
    return await ui().call<R>(method, params);
  } catch (err) {
    failureLog.requestFailed(method, params, err as HelperError);
    if (err instanceof HelperError) throw new ResponseError(err.code, err.message, err.data);
    throw err;
  }
}

connection.onRequest(Requests.initialize, async (params: InitializeParams) => {
  if (bridge) return bridge.ready;
  settings = { ...settings, ...params.settings };
  bridge = new UiBridge({
    settings: () => settings,
    testHooks,
    loaderPath: params.loaderPath,
    browserFolder: params.browserFolder,
    onEvent: onUiEvent,
    onLog: (e) => void connection.sendNotification(Notifications.log, e),
    onPlatform: (info) => { platform = { ...info, helperPid: process.pid }; },
  });
  try {
    platform = { ...(await bridge.ready), helperPid: process.pid };
  } catch (err) {
    const e = err as HelperError;
    throw new ResponseError(e.code ?? -32603, e.message);
  }
  const reader = bridge.reader;
  const active = bridge;
  watchdog = new Watchdog({
    snapshot: () => reader.snapshot(),
    pending: () => active.pendingRequests(),
    now: epochNow,
    thresholdMs: () => settings.stallThresholdMs,
    apartment: () => platform?.apartment ?? 'unknown',
    arch: `${process.arch}${platform?.machine?.emulated ? ` (emulated on ${platform.machine.native})` : ''}`,
    messageName: (code) => messageName(process.platform, code),
    onStall: (report) => void connection.sendNotification(Notifications.stall, { ...report, verdict: diagnostics(platform!, active, watchdog!).verdict }),
    onRecovered: (report) => void connection.sendNotification(Notifications.recovered, report),
  });
  setInterval(() => watchdog?.tick(), 100);
  log('info', `UI thread ready after ${Math.round(epochNow() - startedAt)} ms: ${platform.engine} ${platform.engineVersion}, ${platform.apartment}`);
  return platform;
});

connection.onRequest(Requests.configure, async (params: HelperSettings) => {
  settings = { ...settings, ...params };
  await onUi('configure', settings);
});

connection.onRequest(Requests.createEnvironment, async (params) => {
  const env = await onUi<EnvironmentInfo>('createEnvironment', params);
  environments.set(env.environmentId, env);
  return env;
});
connection.onRequest(Requests.createWindow, async (params) => {
  const info = await onUi<WindowInfo>('createWindow', params);
  windows.added(info);
  return info;
});
connection.onRequest(Requests.navigate, async (params) => {
  await onUi('navigate', params);
  windows.navigating(params.windowId, params.url);
});
connection.onRequest(Requests.reload, async (params) => {
  await onUi('reload', params);
  windows.navigating(params.windowId);
});
connection.onRequest(Requests.focus, (params) => onUi('focus', params));
connection.onRequest(Requests.close, (params) => onUi('close', params));
connection.onRequest(Requests.closeAll, () => onUi<number>('closeAll', { reason: 'request' }));
connection.onRequest(Requests.getCookies, (params) => onUi('getCookies', params));
connection.onRequest(Requests.screenshot, (params) => onUi('screenshot', params));
// Answered here, from what the events said, so that it works while the UI thread is stuck.
connection.onRequest(Requests.listWindows, () => windows.list());
connection.onRequest(Requests.diagnostics, (): DiagnosticsReport => {
  if (!platform || !bridge || !watchdog) throw new ResponseError(-32002, 'the helper is not initialized');
  return diagnostics(platform, bridge, watchdog);
});
function diagnostics(platform: PlatformInfo, bridge: UiBridge, watchdog: Watchdog): DiagnosticsReport {
  const report = {
    platform,
    settings,
    environments: [...environments.values()],
    windows: windows.list(),
    waits: [...waits],
    stalls: watchdog.stalls,
    activeStalls: watchdog.activeStalls,
    hazards: [...hazards],
    uptimeMs: Math.round(epochNow() - startedAt),
    heartbeat: bridge.reader.snapshot().heartbeat,
  };
  return { ...report, verdict: failureLog.verdict(report) };
}
connection.onRequest(Requests.shutdown, async () => {
  if (bridge) {
    await Promise.race([ui().call('closeAll', { reason: 'shutdown' }), new Promise((r) => setTimeout(r, 3000))]).catch(() => undefined);
  }
  // Give the IPC channel a moment to carry the answer, then end (see hardExit.ts).
  setTimeout(() => hardExit(0), 50);
});
if (testHooks) {
  connection.onRequest(Requests.debugWait, (params) => onUi('debug/wait', params));
  connection.onRequest(Requests.debugBlock, (params) => onUi('debug/block', params));
}

connection.onError(([error]) => log('error', `protocol error: ${error.message}`));
// The parent went away (crashed or killed): nothing is left to serve.
process.on('disconnect', () => hardExit(0));
connection.onClose(() => hardExit(0));
connection.listen();
