// The helper's UI thread: owns the engine (every window and engine object) and runs its native
// loop. Requests are taken at the top of the loop, and in a loop of the system's that runs inside
// it (a modal loop: a window moved or sized, a menu, a dialog) when the engine's wake-up arrives
// there; never inside an engine callback, a wait, or another request. Each is served by the
// engine's method of the request's name (or by a plugin's handler of that name).
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { ENGINE_REQUESTS, ErrorCodes } from '../protocol';
import { INTERNAL_CALLS, type Backend, type BackendEvents } from './backend';
import { HelperError } from './errors';
import { LedgerWriter, epochNow } from './ledger';
import type { PluginEngine, UiThreadPlugin } from './plugins';
import type { FromUi, ToUi, UiThreadData } from './uiMessages';
import { RequestClaims } from './requestClaims';
import { CallbackScope, type Waiter } from './waits';
import { WindowIds } from '../windowIds';

/** Runs the UI thread until the process ends; `plugin` adds calls and sees events first. */
export function runUiThread(plugin: UiThreadPlugin | null): void {
  const data = workerData as UiThreadData;
  const post = (message: FromUi): void => parentPort!.postMessage(message);
  const ledger = new LedgerWriter(data.ledger, epochNow, data.sites);
  const claims = new RequestClaims(data.claims);
  const engineRequests = new Set<string>([...ENGINE_REQUESTS, ...INTERNAL_CALLS]);

  const productEvents: BackendEvents = {
    navigationCompleted: (params) => post({ type: 'event', event: { method: 'navigationCompleted', params } }),
    titleChanged: (params) => post({ type: 'event', event: { method: 'titleChanged', params } }),
    windowClosed: (params) => post({ type: 'event', event: { method: 'windowClosed', params } }),
    windowOpened: (params) => post({ type: 'event', event: { method: 'windowOpened', params } }),
    openExternal: (params) => post({ type: 'event', event: { method: 'openExternal', params } }),
    screenshotRequested: (params) => post({ type: 'event', event: { method: 'screenshotRequested', params } }),
    processFailed: (params) => post({ type: 'event', event: { method: 'processFailed', params } }),
    consoleMessage: (params) => post({ type: 'event', event: { method: 'consoleMessage', params } }),
    resourceLoaded: (params) => post({ type: 'event', event: { method: 'resourceLoaded', params } }),
    requestFinished: (params) => post({ type: 'event', event: { method: 'requestFinished', params } }),
    serverWait: (params) => post({ type: 'event', event: { method: 'serverWait', params } }),
    waitCompleted: (params) => post({ type: 'event', event: { method: 'waitCompleted', params } }),
    hazard: (params) => post({ type: 'event', event: { method: 'hazard', params } }),
    log: (level, message) => post({ type: 'log', event: { level, message } }),
    platformChanged: (info) => post({ type: 'platform', info }),
    boundsChanged: (windowId, bounds) => post({ type: 'bounds', windowId, bounds }),
    zoomChanged: (windowId, zoom) => post({ type: 'zoom', windowId, zoom }),
    deviceChanged: (windowId, device, bounds) => post({ type: 'device', windowId, device, bounds }),
    scriptAnswered: (scriptId, result) => post({ type: 'script', scriptId, result }),
    scriptChannel: (token, windowId) => post({ type: 'scriptChannel', token, windowId }),
  };
  const events = plugin ? plugin.wrapEvents(productEvents) : productEvents;
  const waiter: Waiter = { ledger, events, callbacks: new CallbackScope(ledger, events) };
  const windowIds = new WindowIds(data.windowIds);

  function createBackend(): PluginEngine {
    plugin?.beforeEngine();
    if (process.platform === 'win32') {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { WebView2Backend } = require('../webview2/backend') as typeof import('../webview2/backend');
      return new WebView2Backend(waiter, data.settings, windowIds, { loaderPath: data.loaderPath, browserFolder: data.browserFolder });
    }
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { WebKitGtkBackend } = require('../webkitgtk/backend') as typeof import('../webkitgtk/backend');
    return new WebKitGtkBackend(waiter, data.settings, windowIds, data.pageChannel);
  }

  /**
   * Serves queued requests until none is left. Requests that arrive while one is served (its wait
   * may dispatch, and so swallow, their wake-up message) are taken in the next round.
   */
  function drain(backend: PluginEngine): void {
    for (let queue = take(); queue.length > 0; queue = take()) serve(backend, queue);
  }

  function take(): ToUi[] {
    const queue: ToUi[] = [];
    for (let m = receiveMessageOnPort(data.port); m; m = receiveMessageOnPort(data.port)) queue.push(m.message as ToUi);
    return queue;
  }

  /** Requests being served now: one serves at a time, whichever loop took it. */
  let serving = 0;

  /**
   * The wake-up arrived in a loop of the system's (a modal loop inside a window procedure): serve
   * there, or the request would wait for the whole loop. Not inside a wait (the loop drains after
   * it), an engine callback (the engine delivers nothing while one runs, so a wait would hang) or
   * another request (its turn comes after that one, as at the top of the loop).
   */
  function serveInOtherLoop(backend: PluginEngine): void {
    if (serving > 0 || ledger.waitsInProgress > 0 || waiter.callbacks.current !== null) return;
    try {
      drain(backend);
    } catch (err) {
      events.log('error', `uncaught exception serving inside a modal loop (the UI thread keeps serving): ${(err as Error)?.stack ?? err}`);
    }
  }

  /** Serves the requests in order, each only if its cancellation has not taken it first. */
  function serve(backend: PluginEngine, queue: ToUi[]): void {
    serving++;
    try {
      serveEach(backend, queue);
    } finally {
      serving--;
    }
  }

  function serveEach(backend: PluginEngine, queue: ToUi[]): void {
    for (const message of queue) {
      ledger.pickedUp(message.seq);
      if (!claims.take(message.seq)) continue; // cancelled at its deadline: the client was told so
      try {
        const result = dispatch(backend, message.call);
        post({ type: 'result', seq: message.seq, result: result ?? null });
      } catch (err) {
        const e = err as Error;
        post({
          type: 'error',
          seq: message.seq,
          message: e?.message ?? String(err),
          code: err instanceof HelperError ? err.code : ErrorCodes.internal,
          data: err instanceof HelperError ? err.data : undefined,
        });
      }
    }
  }

  /** The engine's method of the request's name; the main thread checked the parameters (paramChecks.ts). */
  function dispatch(backend: PluginEngine, call: ToUi['call']): unknown {
    if (engineRequests.has(call.method)) {
      const method = backend[call.method as keyof Backend] as (params: unknown) => unknown;
      return method.call(backend, call.params);
    }
    const handler = plugin?.handlers[call.method];
    if (!handler) throw new HelperError(`Unhandled method ${call.method}`, ErrorCodes.methodNotFound);
    return handler(backend, call.params);
  }

  function main(): void {
    let backend: PluginEngine;
    try {
      backend = createBackend();
    } catch (err) {
      post({ type: 'fatal', message: (err as Error).message, code: err instanceof HelperError ? err.code : ErrorCodes.internal });
      return;
    }
    waiter.serveInOtherLoop = () => serveInOtherLoop(backend);
    post({ type: 'ready', info: backend.info, wake: backend.wake });
    // This loop never returns: the helper ends with hardExit() from the main thread while it sleeps
    // in native code (see hardExit.ts).
    for (;;) {
      try {
        drain(backend);
        backend.runOnce();
      } catch (err) {
        // Reported, and the loop goes on: a thread that ended here would take every window with it.
        events.log('error', `uncaught exception on the UI thread (it keeps serving): ${(err as Error)?.stack ?? err}`);
      }
    }
  }

  main();
}
