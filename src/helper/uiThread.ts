// The UI thread (a worker_thread): owns every window and engine object and runs the native loop.
// Requests are taken only at the top of the loop, never from inside an engine callback.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Backend, BackendEvents } from './backend';
import { HelperError } from './errors';
import { LedgerWriter } from './ledger';
import type { FromUi, ToUi, UiThreadData } from './uiMessages';
import { CallbackScope, type Waiter } from './waits';
import { serveRequest } from './uiRequests';

const data = workerData as UiThreadData;
const post = (message: FromUi): void => parentPort!.postMessage(message);
const ledger = new LedgerWriter(data.ledger);

const events: BackendEvents = {
  navigationCompleted: (params) => post({ type: 'event', method: 'navigationCompleted', params }),
  titleChanged: (params) => post({ type: 'event', method: 'titleChanged', params }),
  windowClosed: (params) => post({ type: 'event', method: 'windowClosed', params }),
  processFailed: (params) => post({ type: 'event', method: 'processFailed', params }),
  waitCompleted: (params) => post({ type: 'event', method: 'waitCompleted', params }),
  hazard: (params) => post({ type: 'event', method: 'hazard', params }),
  log: (level, message) => post({ type: 'log', event: { level, message } }),
  platformChanged: (info) => post({ type: 'platform', info }),
};
const waiter: Waiter = { ledger, events, callbacks: new CallbackScope(ledger, events) };

function createBackend(): Backend {
  if (process.platform === 'win32') {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { WebView2Backend } = require('../webview2/backend') as typeof import('../webview2/backend');
    return new WebView2Backend(waiter, data.settings, { loaderPath: data.loaderPath, browserFolder: data.browserFolder });
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { WebKitGtkBackend } = require('../webkitgtk/backend') as typeof import('../webkitgtk/backend');
  return new WebKitGtkBackend(waiter, data.settings);
}

/**
 * Serves queued requests until none is left. Requests that arrive while one is served (its wait
 * may dispatch, and so swallow, their wake-up message) are taken in the next round.
 */
function drain(backend: Backend): void {
  for (let queue = take(); queue.length > 0; queue = take()) serve(backend, queue);
}

function take(): ToUi[] {
  const queue: ToUi[] = [];
  for (let m = receiveMessageOnPort(data.port); m; m = receiveMessageOnPort(data.port)) queue.push(m.message as ToUi);
  return queue;
}

/** Drops the cancelled requests and serves the rest in order. */
function serve(backend: Backend, queue: ToUi[]): void {
  const cancelled = new Set(queue.flatMap((m) => (m.type === 'cancel' ? [m.seq] : [])));
  for (const message of queue) {
    if (message.type !== 'request') continue;
    ledger.pickedUp(message.seq);
    if (cancelled.has(message.seq)) continue;
    try {
      const result = serveRequest(backend, message.method, message.params, data.testHooks);
      post({ type: 'result', seq: message.seq, result: result ?? null });
    } catch (err) {
      const e = err as Error;
      post({
        type: 'error',
        seq: message.seq,
        message: e?.message ?? String(err),
        code: err instanceof HelperError ? err.code : -32603,
        data: err instanceof HelperError ? err.data : undefined,
      });
    }
  }
}

function main(): void {
  let backend: Backend;
  try {
    backend = createBackend();
  } catch (err) {
    post({ type: 'fatal', message: (err as Error).message, code: err instanceof HelperError ? err.code : -32603 });
    return;
  }
  post({ type: 'ready', info: backend.info, wakeHandle: backend.wakeHandle });
  // This loop never returns: the helper ends with hardExit() from the main thread while it sleeps
  // in native code (see hardExit.ts).
  for (;;) {
    drain(backend);
    backend.runOnce();
  }
}

main();
