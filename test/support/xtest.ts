// Typing and clicking as a person would: real X key and button events through the XTEST extension
// (libXtst). Keys go to a window given the input focus first; a click to whatever is under the
// pointer. Xvfb's keymap is a US one: characters that need Shift get it.
import * as koffi from 'koffi';
import { x11 as loadX11 } from './x11Windows';

/** X keysym names of the characters a test types besides letters and digits. */
const KEYSYM_NAMES: Record<string, string> = {
  ':': 'colon', '/': 'slash', '.': 'period', '-': 'minus', '=': 'equal', '+': 'plus', '(': 'parenleft', ')': 'parenright',
  '?': 'question', '&': 'ampersand', '_': 'underscore', ' ': 'space', "'": 'apostrophe', ';': 'semicolon', ',': 'comma',
};

let lib: ReturnType<typeof load> | undefined;
function load() {
  loadX11(); // its error handler: a window that closed meanwhile must not end the test process
  const x = koffi.load('libX11.so.6');
  const xtst = koffi.load('libXtst.so.6');
  return {
    XOpenDisplay: x.func('void *XOpenDisplay(const char *name)'),
    XCloseDisplay: x.func('int XCloseDisplay(void *display)'),
    XStringToKeysym: x.func('ulong XStringToKeysym(const char *name)'),
    XKeysymToKeycode: x.func('uint8 XKeysymToKeycode(void *display, ulong keysym)'),
    XKeycodeToKeysym: x.func('ulong XKeycodeToKeysym(void *display, uint8 keycode, int index)'),
    XSetInputFocus: x.func('int XSetInputFocus(void *display, ulong focus, int revert, ulong time)'),
    XRaiseWindow: x.func('int XRaiseWindow(void *display, ulong w)'),
    XSync: x.func('int XSync(void *display, int discard)'),
    XTestFakeKeyEvent: xtst.func('int XTestFakeKeyEvent(void *display, uint keycode, int press, ulong delay)'),
    XTestFakeMotionEvent: xtst.func('int XTestFakeMotionEvent(void *display, int screen, int x, int y, ulong delay)'),
    XTestFakeButtonEvent: xtst.func('int XTestFakeButtonEvent(void *display, uint button, int press, ulong delay)'),
    XTestQueryExtension: xtst.func('int XTestQueryExtension(void *display, _Out_ int *event, _Out_ int *error, _Out_ int *major, _Out_ int *minor)'),
  };
}

function withDisplay<T>(use: (display: unknown, x: ReturnType<typeof load>) => T): T {
  lib ??= load();
  const display = lib.XOpenDisplay(null);
  if (!display) throw new Error(`cannot open display ${process.env.DISPLAY}`);
  try {
    const n = [0], m = [0], a = [0], b = [0];
    if (!lib.XTestQueryExtension(display, n, m, a, b)) throw new Error('the X server has no XTEST extension');
    return use(display, lib);
  } finally {
    lib.XCloseDisplay(display);
  }
}

/** Gives a top-level window the keyboard, as a click on it would (no window manager under Xvfb). */
export function focusWindow(windowHex: string): void {
  withDisplay((display, x) => {
    x.XRaiseWindow(display, BigInt(windowHex));
    x.XSetInputFocus(display, BigInt(windowHex), 2 /* RevertToParent */, 0);
    x.XSync(display, 0);
  });
}

/**
 * Presses keys: "ctrl+l", "F5", "alt+Left", "ctrl+shift+r" (X keysym names after the modifiers).
 * Modifiers go down first and come up last, as a person's fingers do.
 */
export function pressKeys(combo: string): void {
  const parts = combo.split('+');
  const key = parts.pop()!;
  const modifiers = parts.map((m) => ({ ctrl: 'Control_L', shift: 'Shift_L', alt: 'Alt_L' } as Record<string, string>)[m.toLowerCase()] ?? m);
  send(modifiers, key);
}

/** A click of the left button at a point of the screen, as a person's mouse makes it (a user gesture for the page under it). */
export function clickAt(x: number, y: number): void {
  withDisplay((display, lib) => {
    lib.XTestFakeMotionEvent(display, -1, Math.round(x), Math.round(y), 0);
    lib.XTestFakeButtonEvent(display, 1, 1, 0);
    lib.XTestFakeButtonEvent(display, 1, 0, 0);
    lib.XSync(display, 0);
  });
}

export function typeText(text: string): void {
  for (const ch of text) send([], KEYSYM_NAMES[ch] ?? ch);
}

function send(modifiers: string[], keyName: string): void {
  withDisplay((display, x) => {
    const code = (name: string): { keycode: number; shifted: boolean } => {
      const keysym = x.XStringToKeysym(name);
      if (!keysym) throw new Error(`no X keysym named ${name}`);
      const keycode = x.XKeysymToKeycode(display, keysym) as number;
      if (!keycode) throw new Error(`no key makes ${name} on this keymap`);
      return { keycode, shifted: x.XKeycodeToKeysym(display, keycode, 0) !== keysym };
    };
    const main = code(keyName);
    const mods = modifiers.map((m) => code(m).keycode);
    if (main.shifted && !modifiers.includes('Shift_L')) mods.push(code('Shift_L').keycode);
    for (const m of mods) x.XTestFakeKeyEvent(display, m, 1, 0);
    x.XTestFakeKeyEvent(display, main.keycode, 1, 0);
    x.XTestFakeKeyEvent(display, main.keycode, 0, 0);
    for (const m of [...mods].reverse()) x.XTestFakeKeyEvent(display, m, 0, 0);
    x.XSync(display, 0);
  });
}
