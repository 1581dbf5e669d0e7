// Messages between the helper's main thread and its UI thread (worker_threads, same process):
// a call names an engine request (backend.ts: EngineCalls) or a plugin's call, and carries its
// parameters; the UI thread serves it by the same name.
import type { MessagePort } from 'node:worker_threads';
import type { RunScriptResult } from '../page/protocol';
import type { Bounds, FinishedRequest, LogEvent, NotificationMap, PlatformInfo, HelperSettings, ErrorCode, HelperErrorData } from '../protocol';
import type { ServerWaitEvent } from './backend';
import type { WakeTarget } from './wake';
import type { PageChannelAddress } from './pageChannels';

export interface UiThreadData {
  port: MessagePort;
  ledger: SharedArrayBuffer;
  /** Who takes each request first, the UI thread or its cancellation (requestClaims.ts). */
  claims: SharedArrayBuffer;
  /** The ledger's wait sites, the same list on both threads. */
  sites: readonly string[];
  settings: HelperSettings;
  /** The window id counter both threads take ids from (windowIds.ts): the UI thread names popups. */
  windowIds: SharedArrayBuffer;
  loaderPath?: string;
  /** Linux: where pages' script channels connect (pageChannels.ts). */
  pageChannel?: PageChannelAddress;
  browserFolder?: string;
}

/** main -> UI thread, through the MessagePort, drained at the top of the UI loop. */
export type ToUi = { type: 'request'; seq: number; call: { method: string; params: unknown } };

/** The backend events the UI thread forwards, each as the protocol notification of that name. */
export type UiEventName = 'navigationCompleted' | 'titleChanged' | 'windowClosed' | 'windowOpened' | 'openExternal' | 'screenshotRequested' | 'processFailed'
  | 'consoleMessage' | 'resourceLoaded' | 'waitCompleted' | 'hazard';
export type UiEvent = { [N in UiEventName]: { method: N; params: NotificationMap[N] } }[UiEventName]
  // kept by the main thread's network log, which sends networkRequest notifications of its own
  | { method: 'requestFinished'; params: FinishedRequest }
  // kept by the main thread's server waits (serverWait.ts), which probe the server
  | { method: 'serverWait'; params: ServerWaitEvent };

/** UI thread -> main, through parentPort. */
export type FromUi =
  | { type: 'ready'; info: PlatformInfo; wake: WakeTarget }
  | { type: 'fatal'; message: string; code: ErrorCode }
  | { type: 'result'; seq: number; result: unknown }
  | { type: 'error'; seq: number; message: string; code: ErrorCode; data?: HelperErrorData }
  | { type: 'event'; event: UiEvent }
  | { type: 'log'; event: LogEvent }
  | { type: 'platform'; info: PlatformInfo }
  | { type: 'bounds'; windowId: number; bounds: Bounds }
  | { type: 'zoom'; windowId: number; zoom: number }
  | { type: 'device'; windowId: number; device: string | null; bounds: Bounds }
  | { type: 'script'; scriptId: number; result: RunScriptResult }
  | { type: 'scriptChannel'; token: string; windowId: number };
