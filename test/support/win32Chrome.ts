// What the Windows chrome tests see of the helper's windows from their own process (user32 through
// koffi, as a user's tools would): the toolbar's controls, the test runtime's page window and where
// it sits, text typed into the address field, keys pressed "in the page" (the test runtime's
// WebView2TestPageKey message, native/test-runtime/keys.c) and links clicked on it (WebView2TestPageClick).
import * as koffi from 'koffi';

const user32 = koffi.load('user32.dll');
koffi.struct('ChromeTestRect', { left: 'int', top: 'int', right: 'int', bottom: 'int' });
const FindWindowExW = user32.func('void * __stdcall FindWindowExW(void *parent, void *after, const char16_t *cls, const char16_t *title)');
const GetWindowRect = user32.func('int __stdcall GetWindowRect(void *hwnd, _Out_ ChromeTestRect *rect)');
const GetClientRect = user32.func('int __stdcall GetClientRect(void *hwnd, _Out_ ChromeTestRect *rect)');
const MapWindowPoints = user32.func('int __stdcall MapWindowPoints(void *from, void *to, _Inout_ ChromeTestRect *rect, uint count)');
const GetWindowTextW = user32.func('int __stdcall GetWindowTextW(void *hwnd, void *text, int max)');
const SendMessageTimeoutW = user32.func('intptr __stdcall SendMessageTimeoutW(void *hwnd, uint msg, uintptr wp, void *lp, uint flags, uint timeout, _Out_ uintptr *result)');
const SendMessageTimeoutPlainW = user32.func('intptr __stdcall SendMessageTimeoutW(void *hwnd, uint msg, uintptr wp, intptr lp, uint flags, uint timeout, _Out_ uintptr *result)');
const PostMessageW = user32.func('int __stdcall PostMessageW(void *hwnd, uint msg, uintptr wp, intptr lp)');
const RegisterWindowMessageW = user32.func('uint __stdcall RegisterWindowMessageW(const char16_t *name)');
const GetPropW = user32.func('uintptr __stdcall GetPropW(void *hwnd, const char16_t *name)');
const IsWindowEnabled = user32.func('int __stdcall IsWindowEnabled(void *hwnd)');
const IsWindowVisible = user32.func('int __stdcall IsWindowVisible(void *hwnd)');
const GetWindowLongW = user32.func('int __stdcall GetWindowLongW(void *hwnd, int index)');
export const FindWindowW = user32.func('void * __stdcall FindWindowW(const char16_t *cls, const char16_t *title)');

const WM_GETTEXT = 0x000d;
const WM_CHAR = 0x0102;
const WM_KEYDOWN = 0x0100;
const BM_CLICK = 0x00f5;
const EM_GETSEL = 0x00b0;
const SMTO_ABORTIFHUNG = 0x2;
const GWL_EXSTYLE = -20;
const WS_EX_TOPMOST = 0x8;

export const VK = { RETURN: 0x0d, ESCAPE: 0x1b, LEFT: 0x25, RIGHT: 0x27, DOWN: 0x28, ZERO: 0x30, A: 0x41, B: 0x42, L: 0x4c, M: 0x4d, R: 0x52, S: 0x53, W: 0x57, F5: 0x74, F12: 0x7b, OEM_PLUS: 0xbb, OEM_MINUS: 0xbd } as const;
export const MOD = { SHIFT: 1, CONTROL: 2, ALT: 4 } as const;

export type Rect = { left: number; top: number; right: number; bottom: number };
const hwndOf = (nativeHandle: string) => BigInt(nativeHandle);

/** The direct children of a window with this class, in creation order. */
export function children(parent: string, cls: string): bigint[] {
  const found: bigint[] = [];
  for (let after: bigint | null = null; ;) {
    after = FindWindowExW(hwndOf(parent), after, cls, null) as bigint | null;
    if (!after) return found;
    found.push(after);
  }
}

/** A window's caption, read without a message (for controls whose caption is their text). */
export function caption(hwnd: bigint): string {
  const buffer = Buffer.alloc(1024);
  const n = GetWindowTextW(hwnd, buffer, 512) as number;
  return buffer.toString('utf16le', 0, n * 2);
}

/** A control's text through WM_GETTEXT (an EDIT's text is not its caption); only while the helper is idle. */
export function text(hwnd: bigint): string {
  const buffer = Buffer.alloc(16386);
  const result = [0];
  if (!SendMessageTimeoutW(hwnd, WM_GETTEXT, 8192, buffer, SMTO_ABORTIFHUNG, 3000, result)) throw new Error('WM_GETTEXT timed out');
  return buffer.toString('utf16le', 0, Number(result[0]) * 2);
}

/** The EDIT's selection: [start, end]. */
export function selection(edit: bigint): [number, number] {
  const result = [0];
  if (!SendMessageTimeoutPlainW(edit, EM_GETSEL, 0, 0, SMTO_ABORTIFHUNG, 3000, result)) throw new Error('EM_GETSEL timed out');
  const v = Number(result[0]);
  return [v & 0xffff, (v >>> 16) & 0xffff];
}

/** Where a child sits in its parent's client area. */
export function placeIn(parent: string, child: bigint): Rect {
  const r: Rect = { left: 0, top: 0, right: 0, bottom: 0 };
  GetWindowRect(child, r);
  MapWindowPoints(null, hwndOf(parent), r, 2);
  return r;
}

export function clientSize(window: string): { width: number; height: number } {
  const r: Rect = { left: 0, top: 0, right: 0, bottom: 0 };
  GetClientRect(hwndOf(window), r);
  return { width: r.right, height: r.bottom };
}

/** The test runtime's page window: the one STATIC child of the top-level window (runtime.c). */
export function pageWindow(window: string): bigint {
  const statics = children(window, 'STATIC');
  if (statics.length !== 1) throw new Error(`expected one page window, found ${statics.length}`);
  return statics[0];
}

/** Types text into a control, one WM_CHAR at a time, as the keyboard would after TranslateMessage. */
export function typeInto(hwnd: bigint, value: string): void {
  for (const ch of value) PostMessageW(hwnd, WM_CHAR, ch.charCodeAt(0), 1);
}

export function keyDown(hwnd: bigint, vk: number): void {
  PostMessageW(hwnd, WM_KEYDOWN, vk, 1);
}

/** BM_CLICK: Wine clicks a button whatever window is active; Windows may ignore it for a window that is not. */
export function click(button: bigint): void {
  PostMessageW(button, BM_CLICK, 0, 0);
}

const PAGE_KEY = RegisterWindowMessageW('WebView2TestPageKey') as number;
/** A key pressed with the focus in the page (the test runtime's hook). */
export function pressInPage(window: string, vk: number, modifiers = 0): void {
  if (!PostMessageW(pageWindow(window), PAGE_KEY, vk, modifiers)) throw new Error('could not post the key to the page window');
}

const PAGE_CLICK = RegisterWindowMessageW('WebView2TestPageClick') as number;
/** A click on the page's n-th link (1-based, in document order: the test runtime's hook, navigationEvents.c). */
export function clickInPage(window: string, n: number): void {
  if (!PostMessageW(pageWindow(window), PAGE_CLICK, n, 0)) throw new Error('could not post the click to the page window');
}

/** A number the test runtime keeps on the page window (its device emulation: devtools.c). */
export function pageProperty(window: string, name: string): number {
  return Number(GetPropW(pageWindow(window), name));
}

/** Keys the page itself received (those no AcceleratorKeyPressed handler kept). */
export function keysInPage(window: string): number {
  return Number(GetPropW(pageWindow(window), 'WebView2TestPageKeys'));
}

export const enabled = (hwnd: bigint) => IsWindowEnabled(hwnd) !== 0;
export const visible = (hwnd: bigint) => IsWindowVisible(hwnd) !== 0;
export const topmost = (window: string) => ((GetWindowLongW(hwndOf(window), GWL_EXSTYLE) as number) & WS_EX_TOPMOST) !== 0;

/** The popup menu (class #32768) shown now, if any: Wine keeps a closed menu's window hidden, so
 *  the first of the class is not always the open one. */
export function openMenu(): bigint | undefined {
  for (let after: bigint | null = null; ;) {
    after = FindWindowExW(null, after, '#32768', null) as bigint | null;
    if (!after) return undefined;
    if (visible(after)) return after;
  }
}
