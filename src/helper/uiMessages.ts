// Messages between the helper's main thread and its UI thread (worker_threads, same process).
import type { MessagePort } from 'node:worker_threads';
import type { HelperSettings, LogEvent, PlatformInfo } from '../protocol';

export interface UiThreadData {
  port: MessagePort;
  ledger: SharedArrayBuffer;
  settings: HelperSettings;
  testHooks: boolean;
  loaderPath?: string;
  browserFolder?: string;
}

/** main -> UI thread, through the MessagePort, drained at the top of the UI loop. */
export type ToUi =
  | { type: 'request'; seq: number; method: string; params: unknown }
  | { type: 'cancel'; seq: number };

/** UI thread -> main, through parentPort. */
export type FromUi =
  | { type: 'ready'; info: PlatformInfo; wakeHandle: string }
  | { type: 'fatal'; message: string; code: number }
  | { type: 'result'; seq: number; result: unknown }
  | { type: 'error'; seq: number; message: string; code: number; data?: unknown }
  | { type: 'event'; method: string; params: unknown }
  | { type: 'log'; event: LogEvent }
  | { type: 'platform'; info: PlatformInfo };
