// A CoWaitForMultipleHandles as strict as Windows 8+ (test equipment, Windows only): the test
// hooks put it in place of ole32's, because Wine's dispatches no posted message whatever the flags,
// so a wait that relies on COWAIT_DISPATCH_WINDOW_MESSAGES could neither pass nor fail there.
// It models the documented rules for the calling thread's apartment:
//   STA   sent messages are always dispatched (any message check does); COM's own calls (messages
//         to the apartment's OleMainThreadWndClass window) are always dispatched, and
//         COWAIT_DISPATCH_CALLS is ignored; every other window message, posted ones included, is
//         dispatched only with COWAIT_DISPATCH_WINDOW_MESSAGES;
//   ASTA  as the STA, but COM calls only with COWAIT_DISPATCH_CALLS;
//   MTA   no messages: a plain wait on the handles.
// A timeout returns RPC_S_CALLPENDING; a signalled handle S_OK with its index. COWAIT_WAITALL,
// COWAIT_ALERTABLE and COWAIT_INPUTAVAILABLE are not modelled and answer E_NOTIMPL, so that a
// product that starts using them notices. Every flags value it was called with is remembered.
import * as koffi from 'koffi';
import type { CoWaitFn } from '../webview2/ffi/win32';

const COWAIT_UNMODELLED = 0x1 | 0x2 | 0x4; // WAITALL, ALERTABLE, INPUTAVAILABLE
const COWAIT_DISPATCH_CALLS = 0x8;
const COWAIT_DISPATCH_WINDOW_MESSAGES = 0x10;
const S_OK = 0;
const RPC_S_CALLPENDING = 0x80010115 | 0;
const RPC_E_NO_SYNC = 0x80010120 | 0;
const E_INVALIDARG = 0x80070057 | 0;
const E_NOTIMPL = 0x80004001 | 0;
const E_FAIL = 0x80004005 | 0;
const INFINITE = 0xffffffff;
const WAIT_TIMEOUT = 0x102;
const QS_POSTMESSAGE = 0x08;
const QS_SENDMESSAGE = 0x40;
const QS_ALLINPUT = 0x04ff;
const MWMO_INPUTAVAILABLE = 0x4;
const PM_NOREMOVE = 0x0;
const PM_REMOVE = 0x1;
const PM_QS_SENDMESSAGE = QS_SENDMESSAGE << 16;
const WM_QUIT = 0x0012;
const MSG_BYTES = 48;
const MSG_MESSAGE_OFFSET = 8;
const MSG_WPARAM_OFFSET = 16;
const HWND_MESSAGE = -3n;
const APTTYPE_MTA = 1;
const APTTYPE_NA = 2;
const APTTYPEQUALIFIER_APPLICATION_STA = 6;
const COM_WINDOW_CLASS = 'OleMainThreadWndClass';

/** The flags values the strict CoWait was called with, in the order first seen. */
export const coWaitFlagsSeen: number[] = [];

function bind() {
  const user32 = koffi.load('user32.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const ole32 = koffi.load('ole32.dll');
  return {
    MsgWaitForMultipleObjectsEx: user32.func('uint __stdcall MsgWaitForMultipleObjectsEx(uint count, void *handles, uint ms, uint wakeMask, uint flags)'),
    PeekMessageW: user32.func('int __stdcall PeekMessageW(void *msg, void *hwnd, uint min, uint max, uint remove)'),
    TranslateMessage: user32.func('int __stdcall TranslateMessage(void *msg)'),
    DispatchMessageW: user32.func('intptr __stdcall DispatchMessageW(void *msg)'),
    PostQuitMessage: user32.func('void __stdcall PostQuitMessage(int code)'),
    FindWindowExW: user32.func('void * __stdcall FindWindowExW(void *parent, void *after, const char16_t *cls, const char16_t *title)'),
    GetWindowThreadProcessId: user32.func('uint __stdcall GetWindowThreadProcessId(void *hwnd, void *pid)'),
    WaitForMultipleObjects: kernel32.func('uint __stdcall WaitForMultipleObjects(uint count, void *handles, int waitAll, uint ms)'),
    GetCurrentThreadId: kernel32.func('uint __stdcall GetCurrentThreadId()'),
    CoGetApartmentType: ole32.func('int __stdcall CoGetApartmentType(_Out_ int *type, _Out_ int *qualifier)'),
  };
}

export function strictCoWait(): CoWaitFn {
  const api = bind();
  const msg = Buffer.alloc(MSG_BYTES);

  /** The apartment's hidden windows on this thread: messages to them are COM calls. */
  const comWindows = (): bigint[] => {
    const mine = api.GetCurrentThreadId() as number;
    const found: bigint[] = [];
    for (let after: bigint | null = null; ;) {
      const hwnd = api.FindWindowExW(HWND_MESSAGE, after, COM_WINDOW_CLASS, null) as bigint | null;
      if (!hwnd) return found;
      if (api.GetWindowThreadProcessId(hwnd, null) === mine) found.push(hwnd);
      after = hwnd;
    }
  };

  const dispatch = (): void => {
    api.TranslateMessage(msg);
    api.DispatchMessageW(msg);
  };

  return (flags, timeoutMs, count, handles, index) => {
    if (!coWaitFlagsSeen.includes(flags)) coWaitFlagsSeen.push(flags);
    if (!handles || !index) return E_INVALIDARG;
    if (count === 0) return RPC_E_NO_SYNC;
    if (flags & COWAIT_UNMODELLED) return E_NOTIMPL;
    const type = [0];
    const qualifier = [0];
    if (api.CoGetApartmentType(type, qualifier) < 0 || type[0] === APTTYPE_MTA || type[0] === APTTYPE_NA) {
      const r = api.WaitForMultipleObjects(count, handles, 0, timeoutMs) as number;
      if (r < count) { index[0] = r; return S_OK; }
      return r === WAIT_TIMEOUT ? RPC_S_CALLPENDING : E_FAIL;
    }
    const windowMessages = (flags & COWAIT_DISPATCH_WINDOW_MESSAGES) !== 0;
    const comCalls = qualifier[0] !== APTTYPEQUALIFIER_APPLICATION_STA || (flags & COWAIT_DISPATCH_CALLS) !== 0;
    const endAt = performance.now() + timeoutMs;
    let quit: number | null = null;
    try {
      for (;;) {
        const remaining = timeoutMs === INFINITE ? INFINITE : Math.max(0, Math.ceil(endAt - performance.now()));
        // Without window messages, posted ones stay queued: wake only for new ones (no
        // MWMO_INPUTAVAILABLE), or the wait would spin on what it must leave alone.
        const r = api.MsgWaitForMultipleObjectsEx(count, handles, remaining,
          windowMessages ? QS_ALLINPUT : QS_SENDMESSAGE | QS_POSTMESSAGE, windowMessages ? MWMO_INPUTAVAILABLE : 0) as number;
        if (r < count) { index[0] = r; return S_OK; }
        if (r === WAIT_TIMEOUT) return RPC_S_CALLPENDING;
        if (r !== count) return E_FAIL;
        api.PeekMessageW(msg, null, 0, 0, PM_NOREMOVE | PM_QS_SENDMESSAGE); // dispatches sent messages
        if (windowMessages) {
          while (api.PeekMessageW(msg, null, 0, 0, PM_REMOVE)) {
            // WM_QUIT is not the wait's to take: put back for the caller's loop when the wait ends.
            if (msg.readUInt32LE(MSG_MESSAGE_OFFSET) === WM_QUIT) quit = Number(msg.readBigUInt64LE(MSG_WPARAM_OFFSET));
            else dispatch();
          }
        } else if (comCalls) {
          for (const hwnd of comWindows()) while (api.PeekMessageW(msg, hwnd, 0, 0, PM_REMOVE)) dispatch();
        }
      }
    } finally {
      if (quit !== null) api.PostQuitMessage(quit);
    }
  };
}
