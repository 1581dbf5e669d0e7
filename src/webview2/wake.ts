// Both halves of the Windows wake-up. The UI thread owns a message-only window (HWND_MESSAGE); the
// main thread posts WM_APP_WAKE to it. A posted window message survives modal loops (a window
// being moved, a nested wait that dispatches), where a thread message (PostThreadMessageW) would
// be dropped.
//
// Where the wake-up is handled:
//   - the UI loop's own GetMessageW: the loop drains the request queue after the message (runOnce
//     does not dispatch it: see dispatch);
//   - any other loop that dispatches it (a modal loop of Windows' own: a window moved or sized by
//     the user, its system menu, a MessageBox, a dialog): the window procedure asks the UI loop to
//     serve, which it does unless a wait, an engine callback or another request is on the stack
//     (uiLoop.ts). After a wait the loop drains anyway; inside an engine callback nothing may wait.
// Why here and not in a WH_MSGFILTER hook or on a WM_TIMER: every loop that dispatches posted
// messages brings the wake-up here, the system's modal loops and anyone else's; a message-filter
// hook is called only by loops that call CallMsgFilter, and a timer is dispatched from the same
// place as this message, later. All three run inside the modal loop's native call, nested the same.
import * as koffi from 'koffi';
import type { WakeTarget } from '../helper/wake';
import { lastError, win32Failure } from './lastError';
import { HWND_MESSAGE, loadWin32, MSG_MESSAGE_OFFSET, WndProc, type Ptr, type Win32 } from './ffi/win32';

export const WM_APP_WAKE = 0x8000 + 1;

/** The UI thread's half: the message-only window the wake-ups are posted to. */
export class WakeWindow {
  readonly target: WakeTarget;
  private readonly hwnd: bigint;

  /** `serve` serves the queued requests if nothing on the stack forbids it (uiLoop.ts). */
  constructor(private readonly w: Win32, instance: Ptr, private readonly serve: () => void) {
    const wndProc = koffi.register((hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number) =>
      (msg === WM_APP_WAKE ? this.serveInWindowProc() : w.DefWindowProcW(hwnd, msg, wp, lp)), koffi.pointer(WndProc));
    const atom = w.RegisterClassExW({
      cbSize: koffi.sizeof('WNDCLASSEXW'), style: 0, lpfnWndProc: wndProc, cbClsExtra: 0, cbWndExtra: 0,
      hInstance: instance, hIcon: null, hCursor: null, hbrBackground: null, lpszMenuName: null,
      lpszClassName: 'WebView2HostWake', hIconSm: null,
    });
    if (!atom) throw win32Failure('RegisterClassExW(WebView2HostWake)', lastError());
    const hwnd = w.CreateWindowExW(0, 'WebView2HostWake', null, 0, 0, 0, 0, 0, HWND_MESSAGE, null, instance, null) as Ptr;
    if (!hwnd) throw win32Failure('CreateWindowExW for the message-only window that wakes the UI thread', lastError());
    this.hwnd = hwnd;
    this.target = { kind: 'win32-message-window', hwnd: `0x${hwnd.toString(16)}` };
  }

  /**
   * Dispatches a message the UI loop's GetMessageW took, unless it is our wake-up: the loop drains
   * after it, outside any callback. Served instead inside this window procedure at the top of the
   * loop, every helper's UI thread was ended by Wine ("wine client error:<tid>: read: Bad address")
   * just after its first window's controller was created, with or without the guards of uiLoop.ts;
   * the cause was not isolated further.
   */
  dispatch(msg: Buffer): void {
    if (msg.readUInt32LE(MSG_MESSAGE_OFFSET) === WM_APP_WAKE && msg.readBigUInt64LE(0) === this.hwnd) return;
    this.w.TranslateMessage(msg);
    this.w.DispatchMessageW(msg);
  }

  /**
   * WM_APP_WAKE dispatched by a loop other than the UI loop's (the UI loop never dispatches it).
   * The request runs inside this koffi callback, itself inside the modal loop's native call, and
   * makes native calls that call back again (a wait's completion handler). koffi 3 nests these on
   * the thread that owns the callbacks: it keeps the innermost synchronous call and restores the
   * one it interrupted, and a nested call's native stack starts below the frame that called back
   * (call.cc: sync_call, SwitchAndRelay). Measured under Wine: cookies read inside a move loop, a
   * menu and a MessageBox, with either wait, in about 25 ms. What koffi cannot carry through the
   * native frames in between is a JS exception: left pending, it makes every later callback return
   * 0 without running until control is back in JS, so nothing may escape from here.
   */
  private serveInWindowProc(): number {
    try {
      this.serve();
    } catch {
      // The loop reports what a request throws in its answer; anything else is the loop's to log.
    }
    return 0;
  }
}

/** The main thread's half: post WM_APP_WAKE to that window. */
export function loadWin32Waker(hwndHex: string): () => void {
  const { PostMessageW } = loadWin32();
  const hwnd = BigInt(hwndHex);
  return () => {
    PostMessageW(hwnd, WM_APP_WAKE, 0, 0);
  };
}
