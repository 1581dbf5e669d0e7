// The environment's browser process: its pid for the log, and BrowserProcessExited
// (ICoreWebView2Environment5), which marks the environment dead so that the backend starts a new
// one on the next use. Each webview also hears ProcessFailed (events.ts); a runtime too old for
// Environment5 is recovered from that alone.
import type { BackendEvents } from '../helper/backend';
import { Sig, type Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { IID, Slot } from './ffi/webview2';
import type { Ptr } from './ffi/win32';
import type { Environment } from './environments';

export function watchBrowserProcess(com: Com, handlers: HandlerFactory, events: BackendEvents, env: Environment): void {
  const out: [Ptr] = [null];
  if (com.callRaw(env.env, 0, Sig.queryInterface, IID.environment5, out) < 0 || !out[0]) return;
  const env5 = out[0];
  const watched = env.env;
  const handler = handlers.event(IID.browserProcessExited, 'BrowserProcessExited', (_sender, args) => {
    if (env.env !== watched) return; // an environment replaced since
    env.dead = true;
    const pid = args ? com.getInt(args, Slot.browserProcessExitedArgs.pid, 'get_BrowserProcessId') : 0;
    events.log('warn', `environment ${env.id}: browser process ${pid} exited; its windows get a new one on their next use (Reload)`);
  });
  try {
    com.call(env5, Slot.env5.addBrowserProcessExited, Sig.addHandler, 'add_BrowserProcessExited', handler, [0n]);
  } finally {
    com.release(handler);
    com.release(env5);
  }
}

/** The pid of a webview's browser process, for the log; 0 when it cannot be had. */
export function browserProcessId(com: Com, webview: bigint): number {
  try {
    return com.getInt(webview, Slot.webview.browserProcessId, 'get_BrowserProcessId');
  } catch {
    return 0;
  }
}
