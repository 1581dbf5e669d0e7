// The main thread's half of the Windows wake-up: post to the UI thread's message-only window.
// A posted window message survives modal loops (a window being moved, a nested wait that
// dispatches), where a thread message (PostThreadMessageW) would be dropped.
import * as koffi from 'koffi';

export const WM_APP_WAKE = 0x8000 + 1;

export function loadWin32Wake(hwndHex: string): () => void {
  const user32 = koffi.load('user32.dll');
  const PostMessageW = user32.func('int __stdcall PostMessageW(void *hwnd, uint msg, uintptr wparam, intptr lparam)');
  const hwnd = BigInt(hwndHex);
  return () => {
    PostMessageW(hwnd, WM_APP_WAKE, 0, 0);
  };
}
