// The window's own keys on Windows, as Linux has them (webkitgtk/chromeKeys.ts): which action a
// key press means, from its virtual-key code and the modifiers held. Read from the controller's
// AcceleratorKeyPressed (the page has the focus) or from the toolbar's controls (chrome.ts). Kept
// free of native calls so that it is tested on its own.

export type KeyAction =
  | 'reload' | 'reloadBypassCache' | 'back' | 'forward' | 'focusAddress'
  | 'zoomIn' | 'zoomOut' | 'zoomReset' | 'devTools' | 'stop' | 'close' | 'deviceMenu' | 'screenshot';

/** Modifier bits, as chrome.ts reads them with GetKeyState. */
export const SHIFT = 1;
export const CONTROL = 2;
export const ALT = 4;

/** Virtual-key codes (WinUser.h). */
export const VK = {
  ESCAPE: 0x1b, LEFT: 0x25, RIGHT: 0x27, ZERO: 0x30, L: 0x4c, M: 0x4d, R: 0x52, S: 0x53, W: 0x57,
  NUMPAD0: 0x60, ADD: 0x6b, SUBTRACT: 0x6d, F5: 0x74, F12: 0x7b,
  /** '=' and '+' on US layouts (VK_OEM_PLUS), '-' (VK_OEM_MINUS). */
  OEM_PLUS: 0xbb, OEM_MINUS: 0xbd,
  RETURN: 0x0d,
} as const;

/** The action of a key, or null for keys the window leaves to the page and the address field. */
export function keyAction(vk: number, mods: number): KeyAction | null {
  const m = mods & (SHIFT | CONTROL | ALT);
  const ctrl = m === CONTROL;
  switch (vk) {
    case VK.F5: return m === 0 || ctrl ? 'reload' : m === (CONTROL | SHIFT) || m === SHIFT ? 'reloadBypassCache' : null;
    case VK.R: return ctrl ? 'reload' : m === (CONTROL | SHIFT) ? 'reloadBypassCache' : null;
    case VK.LEFT: return m === ALT ? 'back' : null;
    case VK.RIGHT: return m === ALT ? 'forward' : null;
    case VK.L: return ctrl ? 'focusAddress' : null;
    // Ctrl++ is Ctrl+Shift+= on most layouts: Shift is allowed with these.
    case VK.OEM_PLUS: case VK.ADD: return ctrl || m === (CONTROL | SHIFT) ? 'zoomIn' : null;
    case VK.OEM_MINUS: case VK.SUBTRACT: return ctrl || m === (CONTROL | SHIFT) ? 'zoomOut' : null;
    case VK.ZERO: case VK.NUMPAD0: return ctrl ? 'zoomReset' : null;
    case VK.F12: return m === 0 ? 'devTools' : null;
    case VK.ESCAPE: return m === 0 ? 'stop' : null;
    case VK.W: return ctrl ? 'close' : null;
    // As Chromium's DevTools toggle the device toolbar, and its "capture screenshot" command.
    case VK.M: return m === (CONTROL | SHIFT) ? 'deviceMenu' : null;
    case VK.S: return m === (CONTROL | SHIFT) ? 'screenshot' : null;
    default: return null;
  }
}

/** Whether an action is skipped for an auto-repeat of its key: one screenshot, one menu per press. */
export function skippedWhenHeld(action: KeyAction, repeat: boolean): boolean {
  return repeat && (action === 'screenshot' || action === 'deviceMenu');
}

/** Toolbar height and control sizes at 96 DPI; scaled by the window's DPI. */
export const TOOLBAR_HEIGHT_96 = 32;

/** A length at 96 DPI scaled to `dpi` (MulDiv rounding). */
export function scaleForDpi(length: number, dpi: number): number {
  return Math.round((length * dpi) / 96);
}
