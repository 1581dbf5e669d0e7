// koffi declarations of the user32, kernel32, ole32 and advapi32 functions the Windows engine
// calls, each declared once and bound once per thread (loadWin32). x64 and ARM64 have one calling convention; __stdcall is kept for readability.
import * as koffi from 'koffi';

export type Ptr = bigint | null;

export const WndProc = koffi.proto('intptr __stdcall WndProc(void *hwnd, uint msg, uintptr wparam, intptr lparam)');

export const WNDCLASSEXW = koffi.struct('WNDCLASSEXW', {
  cbSize: 'uint',
  style: 'uint',
  lpfnWndProc: 'void *',
  cbClsExtra: 'int',
  cbWndExtra: 'int',
  hInstance: 'void *',
  hIcon: 'void *',
  hCursor: 'void *',
  hbrBackground: 'void *',
  lpszMenuName: 'const char16_t *',
  lpszClassName: 'const char16_t *',
  hIconSm: 'void *',
});
export const RECT = koffi.struct('RECT', { left: 'int', top: 'int', right: 'int', bottom: 'int' });

/** MSG is read from a raw buffer: GetMessageW runs once per message and must stay cheap. */
export const MSG_BYTES = 48;
export const MSG_MESSAGE_OFFSET = 8;
export const MSG_WPARAM_OFFSET = 16;

/** CoWaitForMultipleHandles as the wait strategy calls it. */
export type CoWaitFn = (flags: number, timeoutMs: number, count: number, handles: Buffer, index: number[]) => number;

let loaded: ReturnType<typeof bindWin32> | undefined;
/** The Win32 bindings, declared once per thread (every user on the UI thread shares them). */
export function loadWin32(): ReturnType<typeof bindWin32> {
  loaded ??= bindWin32();
  return loaded;
}

function bindWin32() {
  const user32 = koffi.load('user32.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const ole32 = koffi.load('ole32.dll');
  const advapi32 = koffi.load('advapi32.dll');
  const gdi32 = koffi.load('gdi32.dll');
  const optional = (lib: koffi.LibraryHandle, decl: string) => {
    try {
      return lib.func(decl);
    } catch {
      return null; // older Windows, or Wine without it
    }
  };
  return {
    // user32
    RegisterClassExW: user32.func('uint16 __stdcall RegisterClassExW(const WNDCLASSEXW *wc)'),
    CreateWindowExW: user32.func('void * __stdcall CreateWindowExW(uint exStyle, const char16_t *cls, const char16_t *title, uint style, int x, int y, int w, int h, void *parent, void *menu, void *instance, void *param)'),
    DefWindowProcW: user32.func('intptr __stdcall DefWindowProcW(void *hwnd, uint msg, uintptr wparam, intptr lparam)'),
    DestroyWindow: user32.func('int __stdcall DestroyWindow(void *hwnd)'),
    ShowWindow: user32.func('int __stdcall ShowWindow(void *hwnd, int cmd)'),
    SetForegroundWindow: user32.func('int __stdcall SetForegroundWindow(void *hwnd)'),
    GetClientRect: user32.func('int __stdcall GetClientRect(void *hwnd, _Out_ RECT *rect)'),
    RedrawWindow: user32.func('int __stdcall RedrawWindow(void *hwnd, const RECT *rect, void *region, uint flags)'),
    GetMessageW: user32.func('int __stdcall GetMessageW(void *msg, void *hwnd, uint min, uint max)'),
    PeekMessageW: user32.func('int __stdcall PeekMessageW(void *msg, void *hwnd, uint min, uint max, uint remove)'),
    TranslateMessage: user32.func('int __stdcall TranslateMessage(void *msg)'),
    DispatchMessageW: user32.func('intptr __stdcall DispatchMessageW(void *msg)'),
    SetTimer: user32.func('uintptr __stdcall SetTimer(void *hwnd, uintptr id, uint ms, void *proc)'),
    KillTimer: user32.func('int __stdcall KillTimer(void *hwnd, uintptr id)'),
    SetWindowPos: user32.func('int __stdcall SetWindowPos(void *hwnd, void *after, int x, int y, int cx, int cy, uint flags)'),
    GetWindowRect: user32.func('int __stdcall GetWindowRect(void *hwnd, _Out_ RECT *rect)'),
    SetWindowTextW: user32.func('int __stdcall SetWindowTextW(void *hwnd, const char16_t *text)'),
    GetDesktopWindow: user32.func('void * __stdcall GetDesktopWindow()'),
    PostMessageW: user32.func('int __stdcall PostMessageW(void *hwnd, uint msg, uintptr wparam, intptr lparam)'),
    // the window's chrome (chrome.ts)
    SendMessageW: user32.func('intptr __stdcall SendMessageW(void *hwnd, uint msg, uintptr wparam, intptr lparam)'),
    SetWindowLongPtrW: user32.func('intptr __stdcall SetWindowLongPtrW(void *hwnd, int index, intptr value)'),
    CallWindowProcW: user32.func('intptr __stdcall CallWindowProcW(intptr proc, void *hwnd, uint msg, uintptr wparam, intptr lparam)'),
    MoveWindow: user32.func('int __stdcall MoveWindow(void *hwnd, int x, int y, int w, int h, int repaint)'),
    EnableWindow: user32.func('int __stdcall EnableWindow(void *hwnd, int enable)'),
    CreatePopupMenu: user32.func('void * __stdcall CreatePopupMenu()'),
    AppendMenuW: user32.func('int __stdcall AppendMenuW(void *menu, uint flags, uintptr id, const char16_t *text)'),
    TrackPopupMenu: user32.func('int __stdcall TrackPopupMenu(void *menu, uint flags, int x, int y, int reserved, void *hwnd, void *rect)'),
    DestroyMenu: user32.func('int __stdcall DestroyMenu(void *menu)'),
    IsWindowVisible: user32.func('int __stdcall IsWindowVisible(void *hwnd)'),
    SetFocus: user32.func('void * __stdcall SetFocus(void *hwnd)'),
    GetFocus: user32.func('void * __stdcall GetFocus()'),
    GetKeyState: user32.func('int16 __stdcall GetKeyState(int key)'),
    GetWindowTextW: user32.func('int __stdcall GetWindowTextW(void *hwnd, void *text, int max)'),
    AdjustWindowRectEx: user32.func('int __stdcall AdjustWindowRectEx(_Inout_ RECT *rect, uint style, int menu, uint exStyle)'),
    GetDpiForWindow: optional(user32, 'uint __stdcall GetDpiForWindow(void *hwnd)'),
    SystemParametersInfoForDpi: optional(user32, 'int __stdcall SystemParametersInfoForDpi(uint action, uint param, void *data, uint winIni, uint dpi)'),
    AdjustWindowRectExForDpi: optional(user32, 'int __stdcall AdjustWindowRectExForDpi(_Inout_ RECT *rect, uint style, int menu, uint exStyle, uint dpi)'),
    // host duties (windows.ts, dpiAwareness.ts): the cursor, DPI awareness (Windows 10 1607+; optional)
    LoadCursorW: user32.func('void * __stdcall LoadCursorW(void *instance, uintptr name)'),
    SetProcessDpiAwarenessContext: optional(user32, 'int __stdcall SetProcessDpiAwarenessContext(intptr context)'),
    SetThreadDpiAwarenessContext: optional(user32, 'intptr __stdcall SetThreadDpiAwarenessContext(intptr context)'),
    GetThreadDpiAwarenessContext: optional(user32, 'intptr __stdcall GetThreadDpiAwarenessContext()'),
    GetAwarenessFromDpiAwarenessContext: optional(user32, 'int __stdcall GetAwarenessFromDpiAwarenessContext(intptr context)'),
    AreDpiAwarenessContextsEqual: optional(user32, 'int __stdcall AreDpiAwarenessContextsEqual(intptr a, intptr b)'),
    CreateFontIndirectW: gdi32.func('void * __stdcall CreateFontIndirectW(const void *logFont)'),
    CreateFontW: gdi32.func('void * __stdcall CreateFontW(int height, int width, int escapement, int orientation, int weight, uint italic, uint underline, uint strikeOut, uint charSet, uint outPrecision, uint clipPrecision, uint quality, uint pitchAndFamily, const char16_t *face)'),
    // kernel32
    GetModuleHandleW: kernel32.func('void * __stdcall GetModuleHandleW(const char16_t *name)'),
    CreateEventW: kernel32.func('void * __stdcall CreateEventW(void *attributes, int manualReset, int initialState, const char16_t *name)'),
    SetEvent: kernel32.func('int __stdcall SetEvent(void *event)'),
    WaitForSingleObject: kernel32.func('uint __stdcall WaitForSingleObject(void *handle, uint ms)'),
    CloseHandle: kernel32.func('int __stdcall CloseHandle(void *handle)'),
    GetCurrentProcess: kernel32.func('void * __stdcall GetCurrentProcess()'),
    GetCurrentThreadId: kernel32.func('uint __stdcall GetCurrentThreadId()'),
    VirtualAlloc: kernel32.func('void * __stdcall VirtualAlloc(void *address, uintptr size, uint type, uint protect)'),
    VirtualProtect: kernel32.func('int __stdcall VirtualProtect(void *address, uintptr size, uint protect, _Out_ uint *old)'),
    FlushInstructionCache: kernel32.func('int __stdcall FlushInstructionCache(void *process, void *address, uintptr size)'),
    IsWow64Process2: optional(kernel32, 'int __stdcall IsWow64Process2(void *process, _Out_ uint16 *processMachine, _Out_ uint16 *nativeMachine)'),
    GetFileAttributesW: kernel32.func('uint __stdcall GetFileAttributesW(const char16_t *path)'),
    GlobalSize: kernel32.func('uintptr __stdcall GlobalSize(void *global)'),
    GlobalLock: kernel32.func('void * __stdcall GlobalLock(void *global)'),
    GlobalUnlock: kernel32.func('int __stdcall GlobalUnlock(void *global)'),
    GetStdHandle: kernel32.func('void * __stdcall GetStdHandle(int which)'),
    SetStdHandle: kernel32.func('int __stdcall SetStdHandle(int which, void *handle)'),
    CreateFileW: kernel32.func('void * __stdcall CreateFileW(const char16_t *name, uint access, uint share, void *security, uint disposition, uint flags, void *template)'),
    GetLastError: kernel32.func('uint __stdcall GetLastError()'),
    FormatMessageW: kernel32.func('uint __stdcall FormatMessageW(uint flags, void *source, uint id, uint lang, _Out_ char16_t *buffer, uint size, void *args)'),
    // ole32
    CoInitializeEx: ole32.func('int __stdcall CoInitializeEx(void *reserved, uint flags)'),
    CoWaitForMultipleHandles: ole32.func('int __stdcall CoWaitForMultipleHandles(uint flags, uint timeout, uint count, void *handles, _Out_ uint *index)') as CoWaitFn,
    CoGetApartmentType: ole32.func('int __stdcall CoGetApartmentType(_Out_ int *type, _Out_ int *qualifier)'),
    CoTaskMemFree: ole32.func('void __stdcall CoTaskMemFree(void *p)'),
    CoTaskMemAlloc: ole32.func('void * __stdcall CoTaskMemAlloc(uintptr cb)'),
    CreateStreamOnHGlobal: ole32.func('int __stdcall CreateStreamOnHGlobal(void *global, int deleteOnRelease, _Out_ void **stream)'),
    GetHGlobalFromStream: ole32.func('int __stdcall GetHGlobalFromStream(void *stream, _Out_ void **global)'),
    // advapi32
    RegGetValueW: advapi32.func('int __stdcall RegGetValueW(void *key, const char16_t *subKey, const char16_t *value, uint flags, _Out_ uint *type, void *data, _Inout_ uint *size)'),
  };
}
export type Win32 = ReturnType<typeof loadWin32>;

export const WS_OVERLAPPEDWINDOW = 0x00cf0000;
export const WS_VISIBLE = 0x10000000;
export const CW_USEDEFAULT = -0x80000000;
export const HWND_MESSAGE = -3n;
export const SW_RESTORE = 9;
export const SW_SHOW = 5;
export const WM_DESTROY = 0x0002;
export const WM_SIZE = 0x0005;
export const WM_TIMER = 0x0113;
export const PM_NOREMOVE = 0x0;
/** PM_QS_POSTMESSAGE: look at posted messages (and hotkeys and timers) only, dispatching no sent ones. */
export const PM_QS_POSTMESSAGE = (0x0008 | 0x0080 | 0x0010) << 16;
export const SWP_NOZORDER = 0x0004;
export const SWP_NOSIZE = 0x0001;
export const HWND_TOPMOST = -1n;
export const HWND_NOTOPMOST = -2n;
export const WS_CHILD = 0x40000000;
export const WS_TABSTOP = 0x00010000;
export const WS_BORDER = 0x00800000;
export const ES_AUTOHSCROLL = 0x0080;
export const BS_PUSHBUTTON = 0x0;
export const BS_AUTOCHECKBOX = 0x3;
export const BS_PUSHLIKE = 0x1000;
export const BM_GETCHECK = 0x00f0;
export const BN_CLICKED = 0;
/** AppendMenuW and TrackPopupMenu flags (WinUser.h). */
export const MF_STRING = 0x0000;
export const MF_CHECKED = 0x0008;
export const TPM_RETURNCMD = 0x0100;
export const TPM_NONOTIFY = 0x0080;
export const EM_SETSEL = 0x00b1;
export const EM_LIMITTEXT = 0x00c5;
export const GWLP_WNDPROC = -4;
export const WM_SETFONT = 0x0030;
export const WM_COMMAND = 0x0111;
export const WM_KEYDOWN = 0x0100;
export const WM_CHAR = 0x0102;
export const WM_SYSKEYDOWN = 0x0104;
export const WM_SYSCHAR = 0x0106;
export const WM_DPICHANGED = 0x02e0;
export const SWP_NOMOVE = 0x0002;
export const SWP_NOACTIVATE = 0x0010;
export const COINIT_MULTITHREADED = 0x0;
export const COINIT_APARTMENTTHREADED = 0x2;
export const COWAIT_DISPATCH_CALLS = 0x8;
export const COWAIT_DISPATCH_WINDOW_MESSAGES = 0x10;
export const INVALID_FILE_ATTRIBUTES = 0xffffffff;
export const HKEY_LOCAL_MACHINE = 0xffffffff80000002n;
export const HKEY_CURRENT_USER = 0xffffffff80000001n;
export const RRF_RT_REG_SZ = 0x2;
export const RRF_SUBKEY_WOW6432KEY = 0x20000;
// host duties (windows.ts, dpiAwareness.ts)
export const WM_MOVE = 0x0003;
export const WM_MOVING = 0x0216;
export const IDC_ARROW = 32512;
/** DPI_AWARENESS_CONTEXT pseudo-handles (WinDef.h). */
export const DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE = -3;
export const DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2 = -4;
