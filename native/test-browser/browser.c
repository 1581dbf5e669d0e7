/*
 * msedgewebview2.exe of the test runtime: the browser process, and (with --type=renderer) a
 * renderer process. Test equipment only. See native/test-runtime/processModel.h for the protocol.
 * The browser process delivers completions across processes when the runtime asks it to (the
 * "browser-send" and "browser-post" delivery modes): SendMessageW or PostMessageW to a window of
 * the host's UI thread, as a real browser process's IPC ends up on the UI thread.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include "../test-runtime/processModel.h"

#define MAX_RENDERERS 64

static const wchar_t *argument(const wchar_t *name) {
  int argc;
  wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  size_t n = wcslen(name);
  for (int i = 1; i < argc; i++) {
    if (wcsncmp(argv[i], name, n) == 0 && argv[i][n] == L'=') return argv[i] + n + 1;
  }
  return NULL;
}

static UINT_PTR number(const wchar_t *name) {
  const wchar_t *v = argument(name);
  return v ? (UINT_PTR)wcstoull(v, NULL, 0) : 0;
}

static HWND message_window(const wchar_t *cls, const wchar_t *title, WNDPROC proc) {
  WNDCLASSEXW wc;
  memset(&wc, 0, sizeof wc);
  wc.cbSize = sizeof wc;
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.lpszClassName = cls;
  RegisterClassExW(&wc);
  return CreateWindowExW(0, cls, title, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, wc.hInstance, NULL);
}

/* ---- renderer ---- */

static LRESULT CALLBACK renderer_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  if (msg == WM_CLOSE) ExitProcess(1); /* "crashes" on request, as a page can */
  return DefWindowProcW(hwnd, msg, wp, lp);
}

static int renderer_main(void) {
  HANDLE browser = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)number(L"--browser-pid"));
  wchar_t title[128];
  swprintf(title, 128, L"renderer %u for 0x%llx", (unsigned)number(L"--webview"), (unsigned long long)number(L"--parent-window"));
  if (!message_window(TEST_RENDERER_CLASS, title, renderer_proc)) return 2;
  for (;;) {
    DWORD r = MsgWaitForMultipleObjects(browser ? 1 : 0, &browser, FALSE, INFINITE, QS_ALLINPUT);
    if (browser && r == WAIT_OBJECT_0) return 0; /* the browser is gone: so are its renderers */
    MSG m;
    while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&m);
  }
}

/* ---- browser ---- */

static HWND host_window;
static struct { UINT id; HANDLE process; HWND parent; } renderers[MAX_RENDERERS];
static int renderer_count;

static void start_renderer(UINT id, HWND parent) {
  wchar_t exe[MAX_PATH], command[2 * MAX_PATH];
  GetModuleFileNameW(NULL, exe, MAX_PATH);
  swprintf(command, 2 * MAX_PATH, L"\"%ls\" --type=renderer --browser-pid=%lu --webview=%u --parent-window=0x%llx",
           exe, GetCurrentProcessId(), id, (unsigned long long)(UINT_PTR)parent);
  STARTUPINFOW si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES; /* no handles of ours: nobody waits on a pipe for us */
  PROCESS_INFORMATION pi;
  if (renderer_count >= MAX_RENDERERS || !CreateProcessW(exe, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
    PostMessageW(host_window, WM_RENDERER_EXITED, id, (LPARAM)-1);
    return;
  }
  CloseHandle(pi.hThread);
  renderers[renderer_count].id = id;
  renderers[renderer_count].process = pi.hProcess;
  renderers[renderer_count].parent = parent;
  renderer_count++;
}

static void forget_renderer(int i) {
  CloseHandle(renderers[i].process);
  renderers[i] = renderers[--renderer_count];
}

static LRESULT CALLBACK browser_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  switch (msg) {
    case WM_BROWSER_START_RENDERER: start_renderer((UINT)wp, (HWND)lp); return 0;
    case WM_BROWSER_STOP_RENDERER:
      for (int i = 0; i < renderer_count; i++) {
        if (renderers[i].id != (UINT)wp) continue;
        TerminateProcess(renderers[i].process, 0);
        forget_renderer(i);
        break;
      }
      return 0;
    case WM_BROWSER_DELIVER_SEND: SendMessageW((HWND)wp, WM_TEST_RUNTIME_DELIVER, 0, lp); return 0;
    case WM_BROWSER_DELIVER_POST: PostMessageW((HWND)wp, WM_TEST_RUNTIME_DELIVER, 0, lp); return 0;
  }
  return DefWindowProcW(hwnd, msg, wp, lp);
}

static int browser_main(void) {
  HANDLE host = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)number(L"--host-pid"));
  if (!host) return 2;
  host_window = (HWND)number(L"--host-window");
  DWORD delay = (DWORD)number(L"--start-delay-ms");
  if (delay) Sleep(delay); /* a slow start: first run, antivirus */
  const wchar_t *token = argument(L"--instance"), *folder = argument(L"--user-data-dir");
  const wchar_t *args = argument(L"--browser-arguments");
  wchar_t title[4096];
  swprintf(title, 4096, L"%ls\t%ls\t%ls", token ? token : L"", folder ? folder : L"", args ? args : L"");
  if (!message_window(TEST_BROWSER_CLASS, title, browser_proc)) return 2;
  for (;;) {
    HANDLE waits[1 + MAX_RENDERERS];
    waits[0] = host;
    for (int i = 0; i < renderer_count; i++) waits[1 + i] = renderers[i].process;
    DWORD r = MsgWaitForMultipleObjects(1 + renderer_count, waits, FALSE, INFINITE, QS_ALLINPUT);
    if (r == WAIT_OBJECT_0) { /* the host is gone: end, and the renderers with us */
      /* ... after finishing "our own shutdown" (--linger-ms), still holding the folder: a host that
         exits without releasing its environment leaves its browser behind for a while. */
      DWORD linger = (DWORD)number(L"--linger-ms");
      if (linger) Sleep(linger);
      for (int i = 0; i < renderer_count; i++) TerminateProcess(renderers[i].process, 0);
      return 0;
    }
    if (r > WAIT_OBJECT_0 && r <= WAIT_OBJECT_0 + (DWORD)renderer_count) {
      int i = (int)(r - WAIT_OBJECT_0 - 1);
      DWORD code = 0;
      GetExitCodeProcess(renderers[i].process, &code);
      PostMessageW(host_window, WM_RENDERER_EXITED, renderers[i].id, (LPARAM)code);
      forget_renderer(i);
      continue;
    }
    MSG m;
    while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&m);
  }
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR command, int show) {
  (void)instance; (void)previous; (void)command; (void)show;
  const wchar_t *type = argument(L"--type");
  return type && wcscmp(type, L"renderer") == 0 ? renderer_main() : browser_main();
}
