// Both halves of the Linux wake-up. The UI thread sleeps in g_main_context_iteration on GLib's
// default context and needs nothing of its own; the main thread wakes that context.
import type { WakeTarget } from '../helper/wake';
import { declareGlib } from './ffi/glib';

/** What the UI thread hands the main thread: the default context, which needs no handle. */
export const GLIB_WAKE_TARGET: WakeTarget = { kind: 'glib-default-context' };

/** The main thread's half: g_main_context_wakeup on the default context. */
export function loadGlibWaker(): () => void {
  const wakeup = declareGlib().g_main_context_wakeup;
  return () => wakeup(null);
}
