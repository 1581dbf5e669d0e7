/*
 * The bare WebView2 host the Windows benchmark compares the product with: the same engine work
 * (an environment, N controllers on top-level windows, cookie reads) done in plain C on an STA
 * thread, with no JavaScript and no FFI layer. It loads EmbeddedBrowserWebView.dll from a
 * fixed-version runtime folder, as the product does, and waits the way the product does:
 *   cowait  CoWaitForMultipleHandles(COWAIT_DISPATCH_CALLS | COWAIT_DISPATCH_WINDOW_MESSAGES) on
 *           an event the completion handler sets, in slices of at most 100 ms
 *   pump    GetMessage + DispatchMessage until the completion handler has run
 * Usage: webview2-bare.exe <runtime folder> <user data folder> <cowait|pump> <windows> <cookie reads> <url> <results file>
 * The results file gets one figure a line, in milliseconds:
 *   create <controller creation: window, controller, webview, handlers, bounds, Navigate>
 *   wake <completion handler ran -> wait returned, per cookie read>
 *   deliver <GetCookies called -> its completion handler ran (the runtime's delivery), per cookie read>
 *   read <the whole cookie read: GetCookies called -> every field of every cookie read>
 *   cookies <count of the last read>
 * Delivery (send, post) is the runtime's, chosen by WEBVIEW2_TEST_DELIVERY as for the product.
 */
#include <windows.h>
#include <objbase.h>
#include <stdio.h>
#include <stdlib.h>
#include "../test-runtime/abi.h"

typedef HRESULT(WINAPI *CreateInternalFn)(int, int, LPCWSTR, void *, void *);
typedef HRESULT(STDMETHODCALLTYPE *CallPtrFn)(void *, void *);
typedef HRESULT(STDMETHODCALLTYPE *CallFn)(void *);
typedef HRESULT(STDMETHODCALLTYPE *CallHwndPtrFn)(void *, HWND, void *);
typedef HRESULT(STDMETHODCALLTYPE *CallStrFn)(void *, LPCWSTR);
typedef HRESULT(STDMETHODCALLTYPE *CallStrPtrFn)(void *, LPCWSTR, void *);
typedef HRESULT(STDMETHODCALLTYPE *CallRectFn)(void *, RECT);
typedef HRESULT(STDMETHODCALLTYPE *CallPtrTokenFn)(void *, void *, INT64 *);
typedef HRESULT(STDMETHODCALLTYPE *CallUintPtrFn)(void *, UINT, void **);
typedef HRESULT(STDMETHODCALLTYPE *QueryInterfaceFn)(void *, REFIID, void **);
typedef ULONG(STDMETHODCALLTYPE *RefFn)(void *);

#define VTBL(o) (*(void ***)(o))
#define SLOT(o, type, n) ((type)VTBL(o)[n])

static void release(void *o) { if (o) SLOT(o, RefFn, 2)(o); }
static void add_ref(void *o) { if (o) SLOT(o, RefFn, 1)(o); }

static void fail(const char *what, HRESULT hr) {
  fprintf(stderr, "webview2-bare: %s failed: 0x%08lx\n", what, (unsigned long)hr);
  ExitProcess(1);
}

/* ---- timing ---- */

static LARGE_INTEGER frequency;
static double now_ms(void) {
  LARGE_INTEGER t;
  QueryPerformanceCounter(&t);
  return (double)t.QuadPart * 1000.0 / (double)frequency.QuadPart;
}

/* ---- one pending completion and the handler object that settles it ---- */

typedef struct {
  BOOL settled;
  HRESULT hr;
  void *result;
  double completed_at;
  HANDLE event; /* cowait only */
} Pending;

typedef struct {
  void **vtbl;
  LONG refs;
  const GUID *iid;
  Pending *pending; /* completion handlers only */
} Handler;

static HRESULT STDMETHODCALLTYPE handler_query_interface(Handler *self, REFIID riid, void **out) {
  if (!out) return E_POINTER;
  *out = NULL;
  if (!IsEqualGUID(riid, &IID_Unknown) && !IsEqualGUID(riid, self->iid)) return E_NOINTERFACE;
  InterlockedIncrement(&self->refs);
  *out = self;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE handler_add_ref(Handler *self) { return (ULONG)InterlockedIncrement(&self->refs); }
static ULONG STDMETHODCALLTYPE handler_release(Handler *self) {
  LONG n = InterlockedDecrement(&self->refs);
  if (n == 0) free(self);
  return (ULONG)n;
}
/* Same order as the product: record the time the handler ran, then wake the wait. */
static HRESULT STDMETHODCALLTYPE completion_invoke(Handler *self, HRESULT hr, void *result) {
  Pending *p = self->pending;
  if (!p || p->settled) return S_OK;
  add_ref(result);
  p->hr = hr;
  p->result = result;
  p->settled = TRUE;
  p->completed_at = now_ms();
  if (p->event) SetEvent(p->event);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE event_invoke(Handler *self, void *sender, void *args) {
  (void)self; (void)sender; (void)args;
  return S_OK;
}

static void *completion_vtbl[4] = {(void *)handler_query_interface, (void *)handler_add_ref, (void *)handler_release, (void *)completion_invoke};
static void *event_vtbl[4] = {(void *)handler_query_interface, (void *)handler_add_ref, (void *)handler_release, (void *)event_invoke};

static Handler *new_handler(void **vtbl, const GUID *iid, Pending *pending) {
  Handler *h = calloc(1, sizeof *h);
  h->vtbl = vtbl;
  h->refs = 1;
  h->iid = iid;
  h->pending = pending;
  return h;
}

/* ---- waiting ---- */

static BOOL use_cowait;
static double last_wakeup_ms, last_completed_at;

/* Waits until the pending completion has run; returns its result (a reference of ours). */
static void *wait_for(Pending *p, const char *site) {
  DWORD deadline = GetTickCount() + 30000;
  UINT_PTR timer = use_cowait ? 0 : SetTimer(NULL, 0, 30000, NULL);
  while (!p->settled) {
    if ((LONG)(GetTickCount() - deadline) >= 0) fail(site, HRESULT_FROM_WIN32(ERROR_TIMEOUT));
    if (use_cowait) {
      DWORD index;
      CoWaitForMultipleHandles(COWAIT_DISPATCH_CALLS | COWAIT_DISPATCH_WINDOW_MESSAGES, 100, 1, &p->event, &index);
    } else {
      MSG msg;
      if (GetMessageW(&msg, NULL, 0, 0) <= 0) fail(site, E_ABORT);
      TranslateMessage(&msg);
      DispatchMessageW(&msg);
    }
  }
  last_wakeup_ms = now_ms() - p->completed_at;
  last_completed_at = p->completed_at;
  if (timer) KillTimer(NULL, timer);
  if (FAILED(p->hr) || !p->result) fail(site, p->hr);
  return p->result;
}

static Handler *start_pending(Pending *p, const GUID *iid) {
  ZeroMemory(p, sizeof *p);
  if (use_cowait) p->event = CreateEventW(NULL, TRUE, FALSE, NULL);
  return new_handler(completion_vtbl, iid, p);
}
static void end_pending(Pending *p, Handler *h) {
  h->pending = NULL; /* a late call finds nothing to settle */
  release(h);
  if (p->event) CloseHandle(p->event);
}

/* ---- the work ---- */

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  return DefWindowProcW(hwnd, msg, wp, lp);
}

typedef struct { HWND hwnd; void *controller, *webview; } BareWindow;

static void subscribe(void *webview, int slot, const GUID *iid) {
  Handler *h = new_handler(event_vtbl, iid, NULL);
  INT64 token;
  HRESULT hr = SLOT(webview, CallPtrTokenFn, slot)(webview, h, &token);
  release(h);
  if (FAILED(hr)) fail("add event handler", hr);
}

static BareWindow create_window(void *env, const wchar_t *url) {
  BareWindow w;
  w.hwnd = CreateWindowExW(0, L"WebView2BareWindow", L"bare", WS_OVERLAPPEDWINDOW | WS_VISIBLE,
                           CW_USEDEFAULT, CW_USEDEFAULT, 640, 480, NULL, NULL, GetModuleHandleW(NULL), NULL);
  if (!w.hwnd) fail("CreateWindowExW", HRESULT_FROM_WIN32(GetLastError()));
  Pending p;
  Handler *h = start_pending(&p, &IID_ControllerCompletedHandler);
  HRESULT hr = SLOT(env, CallHwndPtrFn, ENV_CREATE_CONTROLLER)(env, w.hwnd, h);
  if (FAILED(hr)) fail("CreateCoreWebView2Controller", hr);
  w.controller = wait_for(&p, "createController");
  end_pending(&p, h);
  hr = SLOT(w.controller, CallPtrFn, CTL_GET_COREWEBVIEW2)(w.controller, &w.webview);
  if (FAILED(hr)) fail("get_CoreWebView2", hr);
  subscribe(w.webview, WV_ADD_NAVIGATION_COMPLETED, &IID_NavigationCompletedEventHandler);
  subscribe(w.webview, WV_ADD_DOCUMENT_TITLE_CHANGED, &IID_DocumentTitleChangedEventHandler);
  subscribe(w.webview, WV_ADD_PROCESS_FAILED, &IID_ProcessFailedEventHandler);
  RECT client;
  GetClientRect(w.hwnd, &client);
  SLOT(w.controller, CallRectFn, CTL_PUT_BOUNDS)(w.controller, client);
  hr = SLOT(w.webview, CallStrFn, WV_NAVIGATE)(w.webview, url);
  if (FAILED(hr)) fail("Navigate", hr);
  return w;
}

static void free_string_of(void *o, int slot) {
  LPWSTR s = NULL;
  if (SUCCEEDED(SLOT(o, CallPtrFn, slot)(o, &s))) CoTaskMemFree(s);
}

static double last_delivery_ms;

/* Reads every field of every cookie, as the product does, and returns the count. */
static UINT read_cookies(void *webview, const wchar_t *url) {
  void *webview2 = NULL, *manager = NULL;
  HRESULT hr = SLOT(webview, QueryInterfaceFn, 0)(webview, &IID_WebView_2, &webview2);
  if (FAILED(hr)) fail("QueryInterface(ICoreWebView2_2)", hr);
  hr = SLOT(webview2, CallPtrFn, WV_GET_COOKIE_MANAGER)(webview2, &manager);
  if (FAILED(hr)) fail("get_CookieManager", hr);
  Pending p;
  Handler *h = start_pending(&p, &IID_GetCookiesCompletedHandler);
  double asked = now_ms();
  hr = SLOT(manager, CallStrPtrFn, CM_GET_COOKIES)(manager, url, h);
  if (FAILED(hr)) fail("GetCookies", hr);
  void *list = wait_for(&p, "getCookies");
  last_delivery_ms = last_completed_at - asked;
  end_pending(&p, h);
  UINT count = 0;
  SLOT(list, CallPtrFn, CL_GET_COUNT)(list, &count);
  for (UINT i = 0; i < count; i++) {
    void *cookie = NULL;
    if (FAILED(SLOT(list, CallUintPtrFn, CL_GET_VALUE_AT_INDEX)(list, i, &cookie))) continue;
    free_string_of(cookie, CK_GET_NAME);
    free_string_of(cookie, CK_GET_VALUE);
    free_string_of(cookie, CK_GET_DOMAIN);
    free_string_of(cookie, CK_GET_PATH);
    double expires;
    BOOL flag;
    int same_site;
    SLOT(cookie, CallPtrFn, CK_GET_EXPIRES)(cookie, &expires);
    SLOT(cookie, CallPtrFn, CK_GET_IS_HTTP_ONLY)(cookie, &flag);
    SLOT(cookie, CallPtrFn, CK_GET_IS_SECURE)(cookie, &flag);
    SLOT(cookie, CallPtrFn, CK_GET_SAME_SITE)(cookie, &same_site);
    SLOT(cookie, CallPtrFn, CK_GET_IS_SESSION)(cookie, &flag);
    release(cookie);
  }
  release(list);
  release(manager);
  release(webview2);
  return count;
}

int wmain(int argc, wchar_t **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: webview2-bare.exe <runtime folder> <user data folder> <cowait|pump> <windows> <cookie reads> <url> <results file>\n");
    return 2;
  }
  const wchar_t *runtime = argv[1], *user_data = argv[2], *url = argv[6];
  use_cowait = wcscmp(argv[3], L"cowait") == 0;
  if (!use_cowait && wcscmp(argv[3], L"pump") != 0) { fprintf(stderr, "webview2-bare: strategy must be cowait or pump\n"); return 2; }
  int windows = _wtoi(argv[4]), reads = _wtoi(argv[5]);
  if (windows < 1 || reads < 0) { fprintf(stderr, "webview2-bare: windows must be >= 1, cookie reads >= 0\n"); return 2; }
  FILE *out = _wfopen(argv[7], L"w");
  if (!out) { fprintf(stderr, "webview2-bare: cannot write the results file\n"); return 2; }
  QueryPerformanceFrequency(&frequency);

  HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
  if (FAILED(hr)) fail("CoInitializeEx", hr);
  MSG msg;
  PeekMessageW(&msg, NULL, 0, 0, PM_NOREMOVE); /* this thread's message queue */
  WNDCLASSEXW wc;
  ZeroMemory(&wc, sizeof wc);
  wc.cbSize = sizeof wc;
  wc.lpfnWndProc = window_proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
  wc.lpszClassName = L"WebView2BareWindow";
  if (!RegisterClassExW(&wc)) fail("RegisterClassExW", HRESULT_FROM_WIN32(GetLastError()));

  wchar_t dll[MAX_PATH];
  _snwprintf(dll, MAX_PATH, L"%ls\\EBWebView\\x64\\EmbeddedBrowserWebView.dll", runtime);
  HMODULE module = LoadLibraryW(dll);
  if (!module) fail("LoadLibrary(EmbeddedBrowserWebView.dll)", HRESULT_FROM_WIN32(GetLastError()));
  CreateInternalFn create = (CreateInternalFn)GetProcAddress(module, "CreateWebViewEnvironmentWithOptionsInternal");
  if (!create) fail("GetProcAddress(CreateWebViewEnvironmentWithOptionsInternal)", HRESULT_FROM_WIN32(ERROR_PROC_NOT_FOUND));

  Pending p;
  Handler *h = start_pending(&p, &IID_EnvironmentCompletedHandler);
  hr = create(1, 1, user_data, NULL, h);
  if (FAILED(hr)) fail("CreateWebViewEnvironmentWithOptionsInternal", hr);
  void *env = wait_for(&p, "createEnvironment");
  end_pending(&p, h);

  BareWindow *all = calloc((size_t)windows, sizeof *all);
  for (int i = 0; i < windows; i++) {
    double began = now_ms();
    all[i] = create_window(env, url);
    fprintf(out, "create %.4f\n", now_ms() - began);
  }
  UINT count = 0;
  for (int i = 0; i < reads; i++) {
    double began = now_ms();
    count = read_cookies(all[windows - 1].webview, url);
    fprintf(out, "read %.4f\nwake %.4f\ndeliver %.4f\n", now_ms() - began, last_wakeup_ms, last_delivery_ms);
  }
  fprintf(out, "cookies %u\n", count);
  fclose(out);

  for (int i = 0; i < windows; i++) {
    SLOT(all[i].controller, CallFn, CTL_CLOSE)(all[i].controller);
    release(all[i].webview);
    release(all[i].controller);
    DestroyWindow(all[i].hwnd);
  }
  release(env);
  free(all);
  CoUninitialize();
  return 0;
}
