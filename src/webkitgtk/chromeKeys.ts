// The window's own keys, as a browser has them: which action a key press on a window means.
// Read from the window's key-press-event before the page or the address field sees the key, so a
// page cannot take them. Kept free of native calls so that it is tested on its own.
import * as koffi from 'koffi';

export type KeyAction =
  | 'reload' | 'reloadBypassCache' | 'back' | 'forward' | 'focusAddress'
  | 'zoomIn' | 'zoomOut' | 'zoomReset' | 'devTools' | 'stop' | 'close' | 'deviceMenu' | 'screenshot';

/** GdkModifierType bits. */
export const SHIFT = 1 << 0;
export const CONTROL = 1 << 2;
export const ALT = 1 << 3;

/** GDK key values (gdk/gdkkeysyms.h), lower case where a letter. */
export const Keys = {
  F5: 0xffc2, F12: 0xffc9, Escape: 0xff1b, Left: 0xff51, Right: 0xff53,
  r: 0x72, l: 0x6c, w: 0x77, m: 0x6d, s: 0x73, equal: 0x3d, plus: 0x2b, minus: 0x2d, zero: 0x30,
  KP_Add: 0xffab, KP_Subtract: 0xffad, KP_0: 0xffb0, KP_Insert: 0xff9e,
} as const;

/**
 * The action of a key, given its lower-cased key value and the modifier bits that matter (Shift,
 * Ctrl, Alt); null for keys the window leaves to the page and the address field.
 */
export function keyAction(keyval: number, state: number): KeyAction | null {
  const mods = state & (SHIFT | CONTROL | ALT);
  const ctrl = mods === CONTROL;
  switch (keyval) {
    case Keys.F5: return mods === 0 || ctrl ? 'reload' : mods === (CONTROL | SHIFT) || mods === SHIFT ? 'reloadBypassCache' : null;
    case Keys.r: return ctrl ? 'reload' : mods === (CONTROL | SHIFT) ? 'reloadBypassCache' : null;
    case Keys.Left: return mods === ALT ? 'back' : null;
    case Keys.Right: return mods === ALT ? 'forward' : null;
    case Keys.l: return ctrl ? 'focusAddress' : null;
    // Ctrl++ is Ctrl+Shift+= on most layouts: Shift is allowed with these.
    case Keys.equal: case Keys.plus: case Keys.KP_Add: return ctrl || mods === (CONTROL | SHIFT) ? 'zoomIn' : null;
    case Keys.minus: case Keys.KP_Subtract: return ctrl || mods === (CONTROL | SHIFT) ? 'zoomOut' : null;
    case Keys.zero: case Keys.KP_0: case Keys.KP_Insert: return ctrl ? 'zoomReset' : null;
    case Keys.F12: return mods === 0 ? 'devTools' : null;
    case Keys.Escape: return mods === 0 ? 'stop' : null;
    case Keys.w: return ctrl ? 'close' : null;
    // As Chromium's DevTools toggle the device toolbar, and its "capture screenshot" command.
    case Keys.m: return mods === (CONTROL | SHIFT) ? 'deviceMenu' : null;
    case Keys.s: return mods === (CONTROL | SHIFT) ? 'screenshot' : null;
    default: return null;
  }
}

/** GdkEventKey on 64-bit: type, window, send_event, time, then state and keyval (guint each). */
const KEY_SEND_EVENT_OFFSET = 16;
const KEY_STATE_OFFSET = 24;
const KEY_KEYVAL_OFFSET = 28;

/** The state and key value of a GdkEventKey, and whether it was made rather than typed (send_event). */
export function readKeyEvent(event: bigint): { state: number; keyval: number; sent: boolean } {
  return {
    state: koffi.decode(event, KEY_STATE_OFFSET, 'uint') as number,
    keyval: koffi.decode(event, KEY_KEYVAL_OFFSET, 'uint') as number,
    sent: (koffi.decode(event, KEY_SEND_EVENT_OFFSET, 'int8') as number) !== 0,
  };
}
