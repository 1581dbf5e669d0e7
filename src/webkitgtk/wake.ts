// Both halves of the Linux wake-up. The UI thread sleeps in g_main_context_iteration on GLib's
// default context and needs nothing of its own; the main thread wakes that context.
import type { WakeTarget } from '../helper/wake';
import { open } from './abi';

/** What the UI thread hands the main thread: the default context, which needs no handle. */
export const GLIB_WAKE_TARGET: WakeTarget = { kind: 'glib-default-context' };

/** The main thread's half: g_main_context_wakeup on the default context. */
export function loadGlibWaker(): () => void {
  const glib = open(['libglib-2.0.so.0']);
  const wakeup = glib.func('void g_main_context_wakeup(void *context)');
  return () => wakeup(null);
}
