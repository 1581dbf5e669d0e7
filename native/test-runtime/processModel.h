/*
 * The messages between the test runtime (EmbeddedBrowserWebView.dll, in the host process) and its
 * browser and renderer processes (msedgewebview2.exe, native/test-browser). Test equipment only.
 *
 * The runtime starts one browser process per environment:
 *   msedgewebview2.exe --host-pid=<pid> --host-window=<delivery hwnd> --user-data-dir=<folder>
 *                      --instance=<token> [--start-delay-ms=<n>] [browser arguments]
 * It shows a message-only window of class TEST_BROWSER_CLASS whose title is
 * "<token>\t<user data folder>\t<browser arguments>": the runtime finds it by its token, and a
 * runtime in another process finds the folder in use and the arguments it runs with. For each
 * webview the browser starts a renderer:
 *   msedgewebview2.exe --type=renderer --browser-pid=<pid> --webview=<id> --parent-window=<hwnd>
 * whose message-only window (TEST_RENDERER_CLASS) is titled "renderer <id> for 0x<parent hwnd>",
 * so that a test can find the renderer of a window it knows and kill it.
 * Every process ends when the one that started it ends.
 */
#ifndef TEST_PROCESS_MODEL_H
#define TEST_PROCESS_MODEL_H

#define TEST_BROWSER_CLASS L"WebView2TestBrowser"
#define TEST_RENDERER_CLASS L"WebView2TestRenderer"

/* runtime -> browser */
#define WM_BROWSER_START_RENDERER (WM_APP + 10) /* wParam: webview id, lParam: parent HWND */
#define WM_BROWSER_STOP_RENDERER (WM_APP + 11)  /* wParam: webview id */
#define WM_BROWSER_DELIVER_SEND (WM_APP + 12)   /* wParam: target HWND, lParam: job: SendMessage it across */
#define WM_BROWSER_DELIVER_POST (WM_APP + 13)   /* the same with PostMessage */
/* browser -> the runtime's delivery window in the host */
#define WM_RENDERER_EXITED (WM_APP + 20)        /* wParam: webview id, lParam: exit code */
/* the message the runtime's delivery window receives a job with (runtime.c) */
#define WM_TEST_RUNTIME_DELIVER (WM_APP + 2)

#endif
