// Both halves of the Windows wake-up. The UI thread owns a message-only window (HWND_MESSAGE); the
// main thread posts WM_APP_WAKE to it. A posted window message survives modal loops (a window
// being moved, a nested wait that dispatches), where a thread message (PostThreadMessageW) would
// be dropped. The loop drains the request queue when DispatchMessage returns.
import * as koffi from 'koffi';
import type { WakeTarget } from '../helper/wake';
import { lastError, win32Failure } from './lastError';
import { HWND_MESSAGE, loadWin32, WndProc, type Ptr, type Win32 } from './ffi/win32';

export const WM_APP_WAKE = 0x8000 + 1;

/** The UI thread's half: the message-only window the wake-ups are posted to. */
export function createWakeWindow(w: Win32, instance: Ptr): WakeTarget {
  const wndProc = koffi.register((hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number) =>
    (msg === WM_APP_WAKE ? 0 : w.DefWindowProcW(hwnd, msg, wp, lp)), koffi.pointer(WndProc));
  const atom = w.RegisterClassExW({
    cbSize: koffi.sizeof('WNDCLASSEXW'), style: 0, lpfnWndProc: wndProc, cbClsExtra: 0, cbWndExtra: 0,
    hInstance: instance, hIcon: null, hCursor: null, hbrBackground: null, lpszMenuName: null,
    lpszClassName: 'WebView2HostWake', hIconSm: null,
  });
  if (!atom) throw win32Failure('RegisterClassExW(WebView2HostWake)', lastError());
  const hwnd = w.CreateWindowExW(0, 'WebView2HostWake', null, 0, 0, 0, 0, 0, HWND_MESSAGE, null, instance, null) as Ptr;
  if (!hwnd) throw win32Failure('CreateWindowExW for the message-only window that wakes the UI thread', lastError());
  return { kind: 'win32-message-window', hwnd: `0x${hwnd.toString(16)}` };
}

/** The main thread's half: post WM_APP_WAKE to that window. */
export function loadWin32Waker(hwndHex: string): () => void {
  const { PostMessageW } = loadWin32();
  const hwnd = BigInt(hwndHex);
  return () => {
    PostMessageW(hwnd, WM_APP_WAKE, 0, 0);
  };
}
