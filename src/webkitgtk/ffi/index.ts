// The Linux engine's FFI: every library declared once (glib.ts, gtk.ts, webkit.ts, soup.ts,
// cairo.ts, libc.ts), opened once (libraries.ts), with the callbacks' signatures (callbacks.ts),
// the enumerations it uses (constants.ts) and GLib's list and error helpers (glibData.ts). Nothing
// here touches JavaScriptCore: JSC asserts that it runs on the thread's real stack, and koffi calls
// run on a stack of their own (see CONTRIBUTING, "Linux backend").
import { declareCairo } from './cairo';
import { declareGlib } from './glib';
import { declareGtk } from './gtk';
import { declareLibc } from './libc';
import { declareSoup } from './soup';
import { declareWebKit } from './webkit';

function declareAll() {
  return { ...declareGlib(), ...declareGtk(), ...declareWebKit(), ...declareSoup(), ...declareCairo(), ...declareLibc() };
}

/** Every function the engine calls, bound by name. */
export type Ffi = ReturnType<typeof declareAll>;

let declared: Ffi | undefined;
/** The bindings, declared once per thread (the UI thread's features share them). */
export function loadFfi(): Ffi {
  declared ??= declareAll();
  return declared;
}

export { Callbacks, register, type Ptr } from './callbacks';
export * from './constants';
export { errorMessage, listData, takeError } from './glibData';
