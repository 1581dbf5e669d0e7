// The helper's main thread: the JSON-RPC endpoint and the watchdog; the windows live on the UI
// thread (uiLoop.ts). Every request enters through one function (dispatch): the main thread's own
// few are served from its table, every engine request is forwarded to the UI thread as it is,
// with what engineRoute.ts adds around the few that need more.
import { createMessageConnection, IPCMessageWriter, ResponseError } from 'vscode-jsonrpc/node';
import {
  ErrorCodes, Notifications, Requests,
  type DiagnosticsReport, type EnvironmentInfo, type HelperSettings,
  type MainThreadRequestName, type PlatformInfo, type RequestMap, type RequestName,
  EXIT_NOTICE,
} from '../protocol';
import { DEFAULT_HELPER_SETTINGS } from '../settings';
import { WindowTable } from '../windowTable';
import { WindowIds } from '../windowIds';
import { HelperError, UnknownWindowError } from './errors';
import { AnsweringWriter, FilteredIpcReader } from './envelopeFilter';
import { EngineRoute } from './engineRoute';
import { PageScripts } from './pageScripts';
import { PageChannels, type PageChannelAddress } from './pageChannels';
import { KeptEvents } from './keptEvents';
import { NetworkLogs } from './networkLog';
import { epochNow, WAIT_SITES } from './ledger';
import type { MainThreadPlugin } from './plugins';
import { checkParams } from './paramChecks';
import { UiBridge } from './uiBridge';
import type { UiEvent } from './uiMessages';
import { Watchdog } from './watchdog';
import { messageName } from './messageNames';
import { hardExit } from './hardExit';
import { FailureLog } from './failureLog';
import { probeTcp, ServerWaits } from './serverWait';

/** Serves the helper over the fork IPC channel until its parent goes away. */
export function serveHelper(plugin: MainThreadPlugin | null): void {
  const startedAt = epochNow();
  if (process.platform === 'win32') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      (require('../webview2/desktop') as typeof import('../webview2/desktop')).ensureDesktopWithoutOurPipes();
    } catch {
      // not fatal: the client also stops reading a helper that has exited (helperClient.ts)
    }
  }
  const writer = new IPCMessageWriter(process);
  // Malformed envelopes and requests whose id is in flight never reach the JSON-RPC library
  // (envelopeFilter.ts); requests among them that can be answered are told why, on the bare writer.
  const reader = new FilteredIpcReader(process, (why, reply) => {
    log('warn', `dropped a malformed message: ${why}`);
    if (reply) void writer.write(reply).catch(() => undefined);
  });
  const connection = createMessageConnection(reader, new AnsweringWriter(writer, reader.filter));

  let settings: HelperSettings = { ...DEFAULT_HELPER_SETTINGS };
  let bridge: UiBridge | undefined;
  let platform: PlatformInfo | undefined;
  let watchdog: Watchdog | undefined;
  /** The one table of windows that counts; clients mirror it from its windowChanged notifications. */
  const windowIds = new WindowIds();
  const windows = new WindowTable((row) => void connection.sendNotification(Notifications.windowChanged, row), windowIds);
  const environments = new Map<number, EnvironmentInfo>();
  const failureLog = new FailureLog();

  function log(level: 'info' | 'warn' | 'error', message: string): void {
    void connection.sendNotification(Notifications.log, { level, message });
  }

  const network = new NetworkLogs({ notify: (e) => void connection.sendNotification(Notifications.networkRequest, e), now: epochNow });
  const scripts = new PageScripts();
  // Linux pages run scripts through channels of their own to this thread (pageChannels.ts).
  const channels = process.platform === 'linux' ? new PageChannels() : undefined;
  let channelAddress: Promise<PageChannelAddress | undefined> | undefined;
  const serverWaits = new ServerWaits({
    probe: probeTcp,
    step: (s) => ui().call('serverWait', s),
    now: epochNow,
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
    log: (message) => log('warn', message),
  });
  const kept = new KeptEvents(windows, failureLog, (method, params) => void connection.sendNotification(method, params), network, serverWaits);

  function ui(): UiBridge {
    if (!bridge) throw new HelperError('the helper is not initialized: send initialize first', ErrorCodes.notInitialized);
    return bridge;
  }

  async function initialize(params: RequestMap['initialize']['params']): Promise<PlatformInfo> {
    if (bridge) return bridge.ready;
    settings = { ...settings, ...params.settings };
    if (params.firstWindowId !== undefined) windows.startAt(params.firstWindowId);
    // Without its channel server the helper still runs: page script then answers that the page did not.
    const pageChannel = channels ? await (channelAddress ??= channels.start().catch((err: Error) => {
      log('error', `page script is off: its channel server did not start: ${err.message}`);
      return undefined;
    })) : undefined;
    const first = bridge as UiBridge | undefined; // another initialize may have gone first while the channel server started
    if (first) return first.ready;
    bridge = new UiBridge({
      settings: () => settings,
      sites: [...WAIT_SITES, ...(plugin?.waitSites ?? [])],
      loaderPath: params.loaderPath,
      browserFolder: params.browserFolder,
      windowIds: windowIds.buffer,
      onEvent: (event: UiEvent) => {
        if (event.method === 'windowClosed') {
          scripts.windowClosed(event.params.windowId);
          channels?.windowClosed(event.params.windowId);
        }
        kept.onUiEvent(event);
      },
      onScript: (scriptId, result) => scripts.answered(scriptId, result),
      onScriptChannel: (token, windowId) => channels?.tokenGiven(token, windowId),
      pageChannel,
      onLog: (e) => void connection.sendNotification(Notifications.log, e),
      onPlatform: (info) => {
        platform = { ...info, helperPid: process.pid };
        void connection.sendNotification(Notifications.platformChanged, platform);
      },
      onBounds: (windowId, bounds) => kept.boundsSettled(windowId, bounds),
      onZoom: (windowId, zoom) => kept.zoomChanged(windowId, zoom),
      onDevice: (windowId, device, bounds) => kept.deviceChanged(windowId, device, bounds),
      onLost: (reason) => exitBecause(reason),
    });
    platform = { ...(await bridge.ready), helperPid: process.pid };
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
      onStall: (report) => void connection.sendNotification(Notifications.stall, { ...report, verdict: stallVerdict() }),
      onRecovered: (report) => void connection.sendNotification(Notifications.recovered, report),
    });
    setInterval(() => watchdog?.tick(), 100);
    log('info', `UI thread ready after ${Math.round(epochNow() - startedAt)} ms: ${platform.engine} ${platform.engineVersion}, ${platform.apartment}`);
    return platform;
  }

  /** The verdict sent with a stall: a report that cannot be made must not lose the stall itself
   *  (the watchdog reports each stall once). */
  function stallVerdict(): DiagnosticsReport['verdict'] | undefined {
    try {
      return diagnostics().verdict;
    } catch (err) {
      log('error', `the verdict for a stall report could not be made: ${(err as Error)?.message ?? err}`);
      return undefined;
    }
  }

  function diagnostics(): DiagnosticsReport {
    if (!platform || !bridge || !watchdog) throw new HelperError('the helper is not initialized', ErrorCodes.notInitialized);
    const report = {
      platform,
      settings,
      environments: [...environments.values()],
      windows: windows.list(),
      waits: [...kept.waits],
      stalls: watchdog.stalls,
      activeStalls: watchdog.activeStalls,
      hazards: [...kept.hazards],
      uptimeMs: Math.round(epochNow() - startedAt),
      heartbeat: bridge.reader.snapshot().heartbeat,
    };
    return { ...report, verdict: failureLog.verdict(report) };
  }

  async function shutdown(): Promise<void> {
    if (bridge) {
      await Promise.race([ui().call('closeAll', { reason: 'shutdown' }), new Promise((r) => setTimeout(r, 3000))]).catch(() => undefined);
    }
    // Give the IPC channel a moment to carry the answer, then end (see hardExit.ts).
    setTimeout(() => hardExit(0), 50);
  }

  const engine = new EngineRoute({
    ui,
    windows,
    scripts,
    channels,
    settings: { get: () => settings, set: (next) => { settings = next; } },
    environmentOpened: (env) => environments.set(env.environmentId, env),
    log: (line) => log('warn', line),
  });

  /** The requests the main thread answers itself. */
  const ownHandlers: { [M in MainThreadRequestName]: (params: RequestMap[M]['params']) => Promise<RequestMap[M]['result']> | RequestMap[M]['result'] } = {
    initialize,
    // Answered here, from what the events said, so that they work while the UI thread is stuck.
    listWindows: () => windows.list(),
    diagnostics,
    // From the main thread's own rings (networkLog.ts): they answer while the UI thread is busy.
    getNetworkLog: (p) => {
      if (windows.get(p.windowId)) network.opened(p.windowId); // (a closed window's log under a reused id goes)
      const log = network.get(p);
      if (!log) throw new UnknownWindowError(p.windowId);
      return log;
    },
    clearNetworkLog: (p) => {
      if (!windows.get(p.windowId) && !network.has(p.windowId)) throw new UnknownWindowError(p.windowId);
      return network.clear(p.windowId);
    },
    // Proof that this thread serves; the UI thread's state comes from the ledger, without asking it.
    ping: () => ({ heartbeat: bridge?.reader.snapshot().heartbeat ?? 0, uiBusyMs: bridge?.busyMs() ?? null }),
    shutdown,
  };

  const pluginRequests = plugin?.requests(ui) ?? new Map<string, (params: unknown) => Promise<unknown>>();

  function isRequestName(method: string): method is RequestName {
    return Object.prototype.hasOwnProperty.call(Requests, method);
  }

  function isOwn(method: RequestName): method is MainThreadRequestName {
    return Object.prototype.hasOwnProperty.call(ownHandlers, method);
  }

  function serve<M extends RequestName>(method: M, params: RequestMap[M]['params']): Promise<unknown> | unknown {
    if (!isOwn(method)) return engine.forward(method, params as never);
    const handler = ownHandlers[method] as (p: RequestMap[M]['params']) => unknown;
    return handler(params);
  }

  /** The one entry point of every request: parameters checked, then the handler of its name. */
  async function dispatch(method: string, params: unknown): Promise<unknown> {
    try {
      if (isRequestName(method)) {
        const result = await serve(method, checkParams(method, params));
        failureLog.requestSucceeded(method);
        return result;
      }
      const extra = pluginRequests.get(method);
      if (extra) return await extra(params);
    } catch (err) {
      if (err instanceof HelperError) failureLog.requestFailed(method, params, err);
      // Helper errors go back with their code and typed data; anything else is an internal error.
      if (err instanceof HelperError) throw new ResponseError(err.code, err.message, err.data);
      throw new ResponseError(ErrorCodes.internal, (err as Error)?.message ?? String(err));
    }
    throw new ResponseError(ErrorCodes.methodNotFound, `Unhandled method ${method}`);
  }

  /**
   * Ends a helper that cannot serve any more, saying why first, so that the client restarts it
   * instead of talking to a process that answers nothing.
   */
  let exiting = false;
  function exitBecause(reason: string): void {
    if (exiting) return;
    exiting = true;
    log('error', `${EXIT_NOTICE}${reason}`);
    process.stderr.write(`${EXIT_NOTICE}${reason}\n`);
    setTimeout(() => hardExit(70), 200);
  }

  // Whatever escapes a handler or a callback is logged and reported, and the helper keeps serving.
  process.on('uncaughtException', (err) => log('error', `uncaught exception on the main thread (the helper keeps serving): ${err?.stack ?? err}`));
  process.on('unhandledRejection', (reason) => log('error', `unhandled rejection on the main thread (the helper keeps serving): ${(reason as Error)?.stack ?? reason}`));

  connection.onRequest((method, params) => dispatch(method, params));
  connection.onError(([error]) => log('error', `protocol error: ${error.message}`));
  // The parent went away (crashed or killed): nothing is left to serve.
  process.on('disconnect', () => hardExit(0));
  connection.onClose(() => hardExit(0));
  connection.listen();
}
