// Messages between the helper's main thread and its UI thread (worker_threads, same process),
// derived from the protocol's tables: a call names a method of a call table and carries exactly
// that method's parameters, and each side dispatches through a table keyed by the same names.
import type { PlatformSeams } from '../testHooks/switch';
import type { MessagePort } from 'node:worker_threads';
import type { Bounds, LogEvent, NotificationMap, PlatformInfo, RequestMap, HelperSettings, ErrorCode, HelperErrorData, WindowInfo } from '../protocol';
import type { NewWindowParams } from './backend';
import type { Backend } from './backend';
import type { WakeTarget } from './wake';

export interface UiThreadData {
  port: MessagePort;
  ledger: SharedArrayBuffer;
  /** Who takes each request first, the UI thread or its cancellation (requestClaims.ts). */
  claims: SharedArrayBuffer;
  /** The ledger's wait sites, the same list on both threads. */
  sites: readonly string[];
  settings: HelperSettings;
  testHooks: boolean;
  /** Test seams of the Windows backend (testHooks/switch.ts); empty unless the hooks are on. */
  seams: PlatformSeams;
  loaderPath?: string;
  browserFolder?: string;
}

/** A table of calls: for each method, its parameters and its result. */
export type CallTable = { [method: string]: { params: unknown; result: unknown } };

/** The protocol requests that the main thread hands to the UI thread as they are. */
type Forwarded = 'configure' | 'createEnvironment' | 'navigate' | 'reload' | 'focus' | 'close' | 'getCookies' | 'screenshot' | 'savePdf'
  | 'goBack' | 'goForward' | 'stop' | 'openDevTools' | 'setZoom'
  | 'setCookie' | 'deleteCookie' | 'clearCookies';

/** What the UI thread serves: the forwarded requests, createWindow with the id the main thread
 *  gave the window, and closeAll with the reason the windows close. */
export type UiCalls = Pick<RequestMap, Forwarded> & {
  createWindow: { params: NewWindowParams; result: WindowInfo };
  closeAll: { params: { reason: 'request' | 'shutdown' }; result: number };
  /** setBounds answers the bounds asked for, which the main thread's window table keeps. */
  setBounds: { params: RequestMap['setBounds']['params']; result: Bounds };
};

/** One call of table T: a method and its own parameters. */
export type UiCall<T extends CallTable> = { [M in keyof T & string]: { method: M; params: T[M]['params'] } }[keyof T & string];

/** The UI thread's handlers of table T, one per method. */
export type UiHandlers<T extends CallTable> = { [M in keyof T & string]: (backend: Backend, params: T[M]['params']) => T[M]['result'] };

/** main -> UI thread, through the MessagePort, drained at the top of the UI loop. */
export type ToUi<T extends CallTable> = { type: 'request'; seq: number; call: UiCall<T> };

/** The backend events the UI thread forwards, each as the protocol notification of that name. */
export type UiEventName = 'navigationCompleted' | 'titleChanged' | 'windowClosed' | 'processFailed' | 'consoleMessage' | 'resourceLoaded'
  | 'waitCompleted' | 'hazard';
export type UiEvent = { [N in UiEventName]: { method: N; params: NotificationMap[N] } }[UiEventName];

/** UI thread -> main, through parentPort. */
export type FromUi =
  | { type: 'ready'; info: PlatformInfo; wake: WakeTarget }
  | { type: 'fatal'; message: string; code: ErrorCode }
  | { type: 'result'; seq: number; result: unknown }
  | { type: 'error'; seq: number; message: string; code: ErrorCode; data?: HelperErrorData }
  | { type: 'event'; event: UiEvent }
  | { type: 'log'; event: LogEvent }
  | { type: 'platform'; info: PlatformInfo }
  | { type: 'bounds'; windowId: number; bounds: Bounds };
