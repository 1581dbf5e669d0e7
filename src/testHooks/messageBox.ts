// debug/messageBox (Windows): a MessageBox on the helper's UI thread, opened from the top of its loop
// by a thread timer's procedure rather than inside the request, so that its modal loop is the
// system's own, as a dialog the user meets would be. Requests must be served inside it (webview2/wake.ts).
import * as koffi from 'koffi';
import { loadWin32 } from '../webview2/ffi/win32';

const MB_OK = 0;
/** The timer procedure, registered once. */
let timerProc: bigint | undefined;
const titles: string[] = [];

export function openMessageBoxSoon(title: string): void {
  const w = loadWin32();
  if (timerProc === undefined) {
    const MessageBoxW = koffi.load('user32.dll').func('int __stdcall MessageBoxW(void *hwnd, const char16_t *text, const char16_t *caption, uint type)');
    timerProc = koffi.register((_hwnd: unknown, _msg: number, id: number | bigint) => {
      w.KillTimer(null, id);
      const next = titles.shift();
      if (next !== undefined) MessageBoxW(null, 'A dialog of the test hooks: its modal loop runs until it is closed.', next, MB_OK);
    }, koffi.pointer(koffi.proto('void __stdcall DebugMessageBoxTimer(void *hwnd, uint msg, uintptr id, uint32 time)')));
  }
  titles.push(title);
  if (!w.SetTimer(null, 0, 1, timerProc)) throw new Error('SetTimer failed for debug/messageBox');
}
