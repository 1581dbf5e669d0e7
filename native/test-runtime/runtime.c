/*
 * A test WebView2 runtime: EmbeddedBrowserWebView.dll for a fixed-version runtime folder.
 * Test equipment only; it never ships. It honours the documented COM contract (abi.h): it
 * queries every handler for its IID, reference-counts every object, hands out strings allocated
 * with CoTaskMemAlloc, and completes every asynchronous call later, from a runtime thread of its
 * own. Like the real runtime, it delivers nothing while one of the host's handlers is running.
 *
 * Environment variables:
 *   WEBVIEW2_TEST_DELIVERY  how the runtime thread delivers completions and events to the UI
 *                           thread: "send" (cross-thread SendMessage to a window of that thread,
 *                           the default), "post" (PostMessage), or "never"; per site overrides
 *                           follow commas, e.g. "send,getCookies=never". Sites: createEnvironment,
 *                           createController, getCookies, events.
 *   WEBVIEW2_TEST_DELAY_MS  how long the runtime thread waits before delivering (default 20).
 * Cookies: <user data folder>\test-cookies.tsv, one cookie a line:
 *   name TAB value TAB domain TAB path TAB expires (Unix seconds, -1: session) TAB httpOnly TAB
 *   secure TAB sameSite (0 none, 1 lax, 2 strict)
 * Navigation: a host ending in ".invalid" fails (host name not resolved); a path containing
 * "/missing" answers HTTP 404 (a failed navigation, as WebView2 counts 4xx); a URL containing
 * "webview2-test-crash" reports a failed render process instead of completing, and one containing
 * "webview2-test-process-failed=N" raises ProcessFailed of kind N before it completes.
 * Cookie edits (cookieEdits.c) write the store back. An https host starting with "self-signed.",
 * "untrusted.", "expired." or "wrong-host.", or listed in WEBVIEW2_TEST_UNTRUSTED_HOSTS, presents
 * an untrusted certificate (certificates.c: ICoreWebView2_14 ServerCertificateErrorDetected).
 * Environment options are read through their getters; --proxy-server in AdditionalBrowserArguments
 * sends navigations through that proxy for real (environmentOptions.c, proxyRoute.c).
 * Keys: a test presses a key "in the page" by posting the registered message WebView2TestPageKey
 * to the webview's window (keys.c: AcceleratorKeyPressed on the controller, then the page).
 * Navigations raise NavigationStarting and, for a matching filter, WebResourceRequested; a test
 * clicks a link of the page with the registered message WebView2TestPageClick, and a page's
 * `location.href = "..."` navigates it (navigationEvents.c).
 */
#include <windows.h>
#include <objbase.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stdarg.h>
#include "abi_page.h"
#include "processModel.h"

#define WM_RUNTIME_DELIVER (WM_APP + 2)
#define MAX_HANDLERS 16
#define MAX_COOKIES 64

typedef HRESULT(STDMETHODCALLTYPE *QueryInterfaceFn)(void *, REFIID, void **);
typedef ULONG(STDMETHODCALLTYPE *RefFn)(void *);
typedef HRESULT(STDMETHODCALLTYPE *CompletedInvokeFn)(void *, HRESULT, void *);
typedef HRESULT(STDMETHODCALLTYPE *EventInvokeFn)(void *, void *, void *);

typedef struct { void **vtbl; } ComObject;
static HRESULT com_qi(void *o, REFIID iid, void **out) { return ((QueryInterfaceFn)((ComObject *)o)->vtbl[0])(o, iid, out); }
static void com_addref(void *o) { if (o) ((RefFn)((ComObject *)o)->vtbl[1])(o); }
static void com_release(void *o) { if (o) ((RefFn)((ComObject *)o)->vtbl[2])(o); }
#include "handlerShapes.c"

/* ---- objects: every one starts with this header ---- */

typedef struct Obj {
  void **vtbl;
  LONG refs;
  const GUID *iids[2];
  void (*destroy)(struct Obj *);
} Obj;

static HRESULT STDMETHODCALLTYPE obj_query_interface(Obj *self, REFIID riid, void **out) {
  if (!out) return E_POINTER;
  *out = NULL;
  int match = IsEqualGUID(riid, &IID_Unknown);
  for (int i = 0; i < 2 && !match; i++) match = self->iids[i] && IsEqualGUID(riid, self->iids[i]);
  if (!match) return E_NOINTERFACE;
  InterlockedIncrement(&self->refs);
  *out = self;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE obj_add_ref(Obj *self) { return (ULONG)InterlockedIncrement(&self->refs); }
static ULONG STDMETHODCALLTYPE obj_release(Obj *self) {
  LONG n = InterlockedDecrement(&self->refs);
  if (n == 0) {
    if (self->destroy) self->destroy(self);
    free(self);
  }
  return (ULONG)n;
}
static HRESULT STDMETHODCALLTYPE not_implemented(void *self) { (void)self; return E_NOTIMPL; }

static void init_vtbl(void **vtbl, int slots) {
  vtbl[0] = (void *)obj_query_interface;
  vtbl[1] = (void *)obj_add_ref;
  vtbl[2] = (void *)obj_release;
  for (int i = 3; i < slots; i++) vtbl[i] = (void *)not_implemented;
}

static void *new_obj(size_t size, void **vtbl, const GUID *a, const GUID *b, void (*destroy)(Obj *)) {
  Obj *o = calloc(1, size);
  o->vtbl = vtbl;
  o->refs = 1;
  o->iids[0] = a;
  o->iids[1] = b;
  o->destroy = destroy;
  return o;
}

static LPWSTR task_string(const wchar_t *s) {
  size_t bytes = (wcslen(s ? s : L"") + 1) * sizeof(wchar_t);
  LPWSTR copy = CoTaskMemAlloc(bytes);
  if (copy) memcpy(copy, s ? s : L"", bytes);
  return copy;
}

/* ---- data ---- */

typedef struct {
  wchar_t name[128], value[512], domain[256], path[256];
  double expires;
  BOOL http_only, secure;
  int same_site;
} CookieData;

typedef struct Environment {
  Obj base;
  HWND delivery;
  CookieData cookies[MAX_COOKIES];
  int cookie_count;
  wchar_t folder[MAX_PATH];
  /* From the host's options (environmentOptions.c) and its certificate decisions (certificates.c). */
  wchar_t browser_arguments[2048], proxy[256], allowed_hosts[16][256];
  BOOL proxy_loopback, ignore_certificate_errors;
  int allowed_host_count;
  struct BrowserState *browser; /* its browser process (processModel.c) */
} Environment;

typedef struct { void *handler; INT64 token; } Registration;

typedef struct WebView {
  Obj base;
  Environment *env;
  HWND child;
  BOOL closed;
  wchar_t *source, *title;
  UINT64 navigation_id;
  INT64 next_token;
  Registration navigation_completed[MAX_HANDLERS], title_changed[MAX_HANDLERS], process_failed[MAX_HANDLERS],
      server_certificate_error[MAX_HANDLERS], new_window_requested[MAX_HANDLERS], window_close_requested[MAX_HANDLERS],
      navigation_starting[MAX_HANDLERS], web_resource_requested[MAX_HANDLERS];
  struct ResourceFilter *filters; /* AddWebResourceRequestedFilter (navigationEvents.c) */
  /* newWindow.c: the page that opened this one (a reference; NULL without window.opener), and
     whether it was opened by script (a NewWindow), which lets its script close it */
  struct WebView *opener;
  BOOL script_opened;
  struct PageState *page; /* page.c: history, document, DevTools */
  UINT renderer_id; /* its renderer process (processModel.c) */
  HWND renderer_parent;
  BOOL renderer_alive;
  BOOL printing; /* a PrintToPdf is pending (printToPdf.c) */
} WebView;

typedef struct {
  Obj base;
  WebView *webview;
  RECT bounds;
  BOOL visible;
  double zoom;
  Registration accelerator_key_pressed[MAX_HANDLERS]; /* keys.c */
  INT64 next_token;
} Controller;
typedef struct { Obj base; Environment *env; } CookieManager;
typedef struct { Obj base; CookieData data; } Cookie;
typedef struct { Obj base; UINT count; Cookie **items; } CookieList;
typedef struct { Obj base; BOOL success; int status; int http_status; UINT64 id; } NavigationArgs;
typedef struct { Obj base; int kind; } ProcessFailedArgs;

static void *environment_vtbl[ENV_SLOTS], *controller_vtbl[CTL_SLOTS], *webview_vtbl[WV_SLOTS],
    *cookie_manager_vtbl[CM_SLOTS], *cookie_list_vtbl[CL_SLOTS], *cookie_vtbl[CK_SLOTS],
    *navigation_args_vtbl[NAV_SLOTS], *process_failed_args_vtbl[PF_SLOTS];

/* Defined in the files included below (certificates.c, proxyRoute.c). */
static BOOL certificate_check(WebView *w, const wchar_t *url, const wchar_t *scheme, const wchar_t *host, void *navigation);
static void certificate_decided(WebView *w, void *args);
static void new_window_handlers_returned(WebView *w, void *args); /* newWindow.c */
/* NewWindowRequested handlers of the host on the stack (newWindow.c): no controller may be created there. */
static int new_window_handlers_running;
static void complete_navigation(WebView *w, void *navigation, const wchar_t *url);

/* ---- delivery: a runtime thread, and a window on the UI thread that receives its messages ---- */

enum { JOB_COMPLETION, JOB_EVENT };
enum { EVENT_NAVIGATION_COMPLETED, EVENT_TITLE_CHANGED, EVENT_PROCESS_FAILED, EVENT_SERVER_CERTIFICATE_ERROR,
       EVENT_NEW_WINDOW_REQUESTED, EVENT_WINDOW_CLOSE_REQUESTED, EVENT_NAVIGATION_STARTING, EVENT_WEB_RESOURCE_REQUESTED, EVENT_KINDS };

typedef struct Job {
  int kind;
  const char *site;
  HWND hwnd;
  void *handler; /* completion: the handler; released after delivery */
  HRESULT hr;
  void *result;  /* completion: released after delivery */
  int event;
  WebView *webview; /* event: sender; released after delivery */
  void *args;       /* event: released after delivery */
  void (*prepare)(struct Job *); /* runs on the runtime thread before delivery (proxyRoute.c) */
  wchar_t *url;
  void (*run)(struct Job *); /* delivers instead of the above (page features) */
  void (*off_thread)(struct Job *); /* runs on the runtime thread instead of any delivery */
  void *data;
  struct Job *next;
} Job;

static CRITICAL_SECTION queue_lock;
static HANDLE queue_signal;
static Job *queue_head, *queue_tail;
static HANDLE runtime_thread;
static int delay_ms = 20;
/* UI thread only: handlers of the host on the stack, and what arrived meanwhile. */
static int handler_depth;
static Job *deferred_head, *deferred_tail;

static void delivery_mode(const char *site, char *mode, size_t size) {
  const char *spec = getenv("WEBVIEW2_TEST_DELIVERY");
  if (!spec || !*spec) spec = "send";
  char key[64];
  snprintf(key, sizeof key, "%s=", site);
  const char *override = strstr(spec, key);
  const char *start = override ? override + strlen(key) : spec;
  size_t n = strcspn(start, ",");
  if (n >= size) n = size - 1;
  memcpy(mode, start, n);
  mode[n] = 0;
}

static void enqueue(Job *job) {
  EnterCriticalSection(&queue_lock);
  if (queue_tail) queue_tail->next = job; else queue_head = job;
  queue_tail = job;
  LeaveCriticalSection(&queue_lock);
  SetEvent(queue_signal);
}

static BOOL deliver_through_browser(Job *job, const char *how); /* processModel.c */
static void renderer_exited(UINT id);

static DWORD WINAPI runtime_main(LPVOID unused) {
  (void)unused;
  for (;;) {
    WaitForSingleObject(queue_signal, INFINITE);
    for (;;) {
      EnterCriticalSection(&queue_lock);
      Job *job = queue_head;
      if (job) {
        queue_head = job->next;
        if (!queue_head) queue_tail = NULL;
        job->next = NULL;
      }
      LeaveCriticalSection(&queue_lock);
      if (!job) break;
      Sleep(delay_ms);
      if (job->off_thread) {
        job->off_thread(job);
        free(job);
        continue;
      }
      if (job->prepare) job->prepare(job);
      char mode[16];
      delivery_mode(job->site, mode, sizeof mode);
      if (strncmp(mode, "browser-", 8) == 0 && deliver_through_browser(job, mode + 8)) continue;
      if (strcmp(mode, "post") == 0) PostMessageW(job->hwnd, WM_RUNTIME_DELIVER, 0, (LPARAM)job);
      else if (strcmp(mode, "never") == 0) continue; /* kept for ever, references and all */
      else SendMessageW(job->hwnd, WM_RUNTIME_DELIVER, 0, (LPARAM)job);
    }
  }
  return 0;
}

static Registration *registrations(WebView *w, int event) {
  return event == EVENT_NAVIGATION_COMPLETED ? w->navigation_completed
       : event == EVENT_TITLE_CHANGED ? w->title_changed
       : event == EVENT_SERVER_CERTIFICATE_ERROR ? w->server_certificate_error
       : event == EVENT_NEW_WINDOW_REQUESTED ? w->new_window_requested
       : event == EVENT_WINDOW_CLOSE_REQUESTED ? w->window_close_requested
       : event == EVENT_NAVIGATION_STARTING ? w->navigation_starting
       : event == EVENT_WEB_RESOURCE_REQUESTED ? w->web_resource_requested : w->process_failed;
}

static void page_navigation_delivering(WebView *w, void *args); /* page.c */
static void navigation_start_decided(WebView *w, void *args); /* navigationEvents.c */
static void resource_request_decided(WebView *w, void *args);

static void deliver_now(Job *job) {
  handler_depth++;
  if (job->run) {
    job->run(job);
  } else if (job->kind == JOB_COMPLETION) {
    ((CompletedInvokeFn)((ComObject *)job->handler)->vtbl[HANDLER_INVOKE])(job->handler, job->hr, job->result);
  } else if (!job->webview->closed) {
    Registration copy[MAX_HANDLERS];
    if (job->event == EVENT_NAVIGATION_COMPLETED) page_navigation_delivering(job->webview, job->args);
    memcpy(copy, registrations(job->webview, job->event), sizeof copy);
    BOOL new_window = job->event == EVENT_NEW_WINDOW_REQUESTED;
    if (new_window) new_window_handlers_running++;
    for (int i = 0; i < MAX_HANDLERS; i++) {
      if (!copy[i].handler) continue;
      com_addref(copy[i].handler);
      ((EventInvokeFn)((ComObject *)copy[i].handler)->vtbl[HANDLER_INVOKE])(copy[i].handler, job->webview, job->args);
      com_release(copy[i].handler);
    }
    if (new_window) {
      new_window_handlers_running--;
      new_window_handlers_returned(job->webview, job->args);
    }
    if (job->event == EVENT_SERVER_CERTIFICATE_ERROR) certificate_decided(job->webview, job->args);
    if (job->event == EVENT_NAVIGATION_STARTING) navigation_start_decided(job->webview, job->args);
    if (job->event == EVENT_WEB_RESOURCE_REQUESTED) resource_request_decided(job->webview, job->args);
  }
  handler_depth--;
  com_release(job->handler);
  com_release(job->result);
  com_release(job->args);
  if (job->webview) com_release(job->webview);
  free(job);
}

static LRESULT CALLBACK delivery_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  if (msg == WM_RENDERER_EXITED) { renderer_exited((UINT)wp); return 0; }
  if (msg != WM_RUNTIME_DELIVER) return DefWindowProcW(hwnd, msg, wp, lp);
  Job *job = (Job *)lp;
  if (handler_depth > 0) { /* a handler of the host is on the stack: later */
    if (deferred_tail) deferred_tail->next = job; else deferred_head = job;
    deferred_tail = job;
    return 0;
  }
  deliver_now(job);
  while (handler_depth == 0 && deferred_head) {
    Job *next = deferred_head;
    deferred_head = next->next;
    if (!deferred_head) deferred_tail = NULL;
    next->next = NULL;
    deliver_now(next);
  }
  return 0;
}

static HWND create_delivery_window(void) {
  static ATOM cls;
  HINSTANCE instance = GetModuleHandleW(NULL);
  if (!cls) {
    WNDCLASSEXW wc;
    memset(&wc, 0, sizeof wc);
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = delivery_proc;
    wc.hInstance = instance;
    wc.lpszClassName = L"WebView2TestRuntimeDelivery";
    cls = RegisterClassExW(&wc);
  }
  return CreateWindowExW(0, L"WebView2TestRuntimeDelivery", L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, instance, NULL);
}

/* A job for the runtime thread, its kind, site and the window it is delivered to set. Out of
 * memory, the test runtime stops at once rather than lose a completion. */
static Job *new_job(int kind, const char *site, HWND hwnd) {
  Job *job = calloc(1, sizeof *job);
  if (!job) {
    OutputDebugStringA("WebView2 test runtime: out of memory for a job\n");
    abort();
  }
  job->kind = kind;
  job->site = site;
  job->hwnd = hwnd;
  return job;
}

static void queue_completion(const char *site, HWND hwnd, void *handler, HRESULT hr, void *result) {
  Job *job = new_job(JOB_COMPLETION, site, hwnd);
  job->handler = handler; /* the reference QueryInterface gave us */
  job->hr = hr;
  job->result = result;   /* owned by the job */
  enqueue(job);
}

static void queue_event(WebView *w, int event, void *args) {
  Job *job = new_job(JOB_EVENT, "events", w->env->delivery);
  job->event = event;
  job->webview = w;
  com_addref(w);
  job->args = args;
  enqueue(job);
}

#include "processModel.c"

/* ---- cookies ---- */

static void load_cookies(Environment *env, const wchar_t *folder) {
  wchar_t path[MAX_PATH];
  _snwprintf(path, MAX_PATH, L"%ls\\test-cookies.tsv", folder);
  FILE *f = _wfopen(path, L"rb");
  if (!f) return;
  char line[2048];
  while (env->cookie_count < MAX_COOKIES && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    char *field[8] = {0};
    int n = 0;
    for (char *p = line; n < 8; n++) {
      field[n] = p;
      char *tab = strchr(p, '\t');
      if (!tab) { n++; break; }
      *tab = 0;
      p = tab + 1;
    }
    if (n < 8) continue;
    CookieData *c = &env->cookies[env->cookie_count++];
    MultiByteToWideChar(CP_UTF8, 0, field[0], -1, c->name, 128);
    MultiByteToWideChar(CP_UTF8, 0, field[1], -1, c->value, 512);
    MultiByteToWideChar(CP_UTF8, 0, field[2], -1, c->domain, 256);
    MultiByteToWideChar(CP_UTF8, 0, field[3], -1, c->path, 256);
    c->expires = atof(field[4]);
    c->http_only = atoi(field[5]) != 0;
    c->secure = atoi(field[6]) != 0;
    c->same_site = atoi(field[7]);
  }
  fclose(f);
}

/* Splits "scheme://host[:port]/path" into its scheme, host and path. */
static void split_url(const wchar_t *url, wchar_t *scheme, wchar_t *host, wchar_t *path) {
  scheme[0] = host[0] = 0;
  wcscpy(path, L"/");
  const wchar_t *sep = wcsstr(url, L"://");
  if (!sep) return;
  wcsncpy(scheme, url, sep - url);
  scheme[sep - url] = 0;
  const wchar_t *h = sep + 3;
  size_t hl = wcscspn(h, L":/?#");
  wcsncpy(host, h, hl);
  host[hl] = 0;
  const wchar_t *p = h + wcscspn(h, L"/?#");
  if (*p == L'/') {
    size_t pl = wcscspn(p, L"?#");
    wcsncpy(path, p, pl);
    path[pl] = 0;
  }
}

static BOOL cookie_matches(const CookieData *c, const wchar_t *url) {
  if (!url || !*url) return TRUE;
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  const wchar_t *domain = c->domain[0] == L'.' ? c->domain + 1 : c->domain;
  size_t hl = wcslen(host), dl = wcslen(domain);
  BOOL domain_ok = _wcsicmp(host, domain) == 0 ||
      (hl > dl && _wcsicmp(host + hl - dl, domain) == 0 && host[hl - dl - 1] == L'.');
  size_t pl = wcslen(c->path);
  BOOL path_ok = wcsncmp(path, c->path, pl) == 0 && (c->path[pl - 1] == L'/' || path[pl] == 0 || path[pl] == L'/');
  BOOL secure_ok = !c->secure || _wcsicmp(scheme, L"https") == 0;
  return domain_ok && path_ok && secure_ok;
}

static void destroy_cookie_list(Obj *o) {
  CookieList *l = (CookieList *)o;
  for (UINT i = 0; i < l->count; i++) com_release(l->items[i]);
  free(l->items);
}

static HRESULT STDMETHODCALLTYPE cookie_manager_get_cookies(CookieManager *self, LPCWSTR uri, void *handler) {
  void *h;
  if (!handler) return E_POINTER;
  if (browser_gone(self->env)) return HRESULT_FROM_WIN32(ERROR_PROCESS_ABORTED); /* the cookies lived there */
  HRESULT taken = take_handler(handler, &IID_GetCookiesCompletedHandler, SHAPE_HRESULT_POINTER, "GetCookiesCompletedHandler", &h);
  if (FAILED(taken)) return taken;
  CookieList *list = new_obj(sizeof *list, cookie_list_vtbl, &IID_CookieList, NULL, destroy_cookie_list);
  list->items = calloc(MAX_COOKIES, sizeof *list->items);
  for (int i = 0; i < self->env->cookie_count; i++) {
    if (!cookie_matches(&self->env->cookies[i], uri)) continue;
    Cookie *c = new_obj(sizeof *c, cookie_vtbl, &IID_Cookie, NULL, NULL);
    c->data = self->env->cookies[i];
    list->items[list->count++] = c;
  }
  queue_completion("getCookies", self->env->delivery, h, S_OK, list);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cookie_list_get_count(CookieList *self, UINT *count) {
  if (!count) return E_POINTER;
  *count = self->count;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE cookie_list_get_value_at_index(CookieList *self, UINT index, void **cookie) {
  if (!cookie) return E_POINTER;
  if (index >= self->count) return E_INVALIDARG;
  com_addref(self->items[index]);
  *cookie = self->items[index];
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE cookie_get_name(Cookie *s, LPWSTR *v) { *v = task_string(s->data.name); return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_value(Cookie *s, LPWSTR *v) { *v = task_string(s->data.value); return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_domain(Cookie *s, LPWSTR *v) { *v = task_string(s->data.domain); return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_path(Cookie *s, LPWSTR *v) { *v = task_string(s->data.path); return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_expires(Cookie *s, double *v) { *v = s->data.expires < 0 ? -1 : s->data.expires; return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_is_http_only(Cookie *s, BOOL *v) { *v = s->data.http_only; return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_same_site(Cookie *s, int *v) { *v = s->data.same_site; return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_is_secure(Cookie *s, BOOL *v) { *v = s->data.secure; return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_get_is_session(Cookie *s, BOOL *v) { *v = s->data.expires < 0; return S_OK; }

/* ---- navigation ---- */

static void decode_percent(const wchar_t *in, wchar_t *out, size_t size) {
  size_t o = 0;
  for (size_t i = 0; in[i] && o + 1 < size; i++) {
    if (in[i] == L'%' && iswxdigit(in[i + 1]) && iswxdigit(in[i + 2])) {
      wchar_t hex[3] = {in[i + 1], in[i + 2], 0};
      out[o++] = (wchar_t)wcstol(hex, NULL, 16);
      i += 2;
    } else out[o++] = in[i];
  }
  out[o] = 0;
}

/* The <title> of a page given as text, or NULL. */
static wchar_t *title_of(const wchar_t *html) {
  const wchar_t *start = wcsstr(html, L"<title>");
  if (!start) return NULL;
  start += 7;
  const wchar_t *end = wcsstr(start, L"</title>");
  if (!end) return NULL;
  wchar_t *t = calloc(end - start + 1, sizeof(wchar_t));
  wcsncpy(t, start, end - start);
  return t;
}

static void set_string(wchar_t **slot, const wchar_t *value) {
  free(*slot);
  *slot = _wcsdup(value ? value : L"");
}

/* Page features, each in a file of its own. */
#include "page.c"
#include "devtools.c"
#include "controls.c"
#include "capture.c"
#include "printToPdf.c"
#include "keys.c"

/* A response the host gave a document's request (WebResourceRequested, navigationEvents.c). */
typedef struct { const wchar_t *body; int status; } Served;
static void queue_script_navigation(WebView *w); /* navigationEvents.c */

/* The navigation of id (navigationEvents.c numbers them) goes ahead: the document of url, the
 * text the host gave (NavigateToString), or the response it served for url. */
static void navigate_with(WebView *w, const wchar_t *url, const wchar_t *html, UINT64 id, const Served *served) {
  renderer_ensure(w);
  history_visit(w, url, served ? NULL : html, traversing);
  set_string(&w->source, url);
  const wchar_t *document = page_begin(w, url, served ? served->body : html);
  wchar_t *title = document ? title_of(document) : NULL;
  BOOL title_changed = wcscmp(w->title ? w->title : L"", title ? title : url) != 0;
  set_string(&w->title, title ? title : url);
  free(title);
  if (w->child) SetWindowTextW(w->child, w->title);

  if (wcsstr(url, L"webview2-test-crash") && renderer_crash(w)) return;
  if (wcsstr(url, L"webview2-test-crash")) {
    ProcessFailedArgs *args = new_obj(sizeof *args, process_failed_args_vtbl, NULL, NULL, NULL);
    args->kind = PROCESS_FAILED_KIND_RENDER_PROCESS_EXITED;
    queue_event(w, EVENT_PROCESS_FAILED, args);
    return;
  }
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  size_t hl = wcslen(host);
  BOOL unresolved = hl >= 8 && _wcsicmp(host + hl - 8, L".invalid") == 0;
  if (title_changed) queue_event(w, EVENT_TITLE_CHANGED, NULL);
  NavigationArgs *args = new_obj(sizeof *args, navigation_args_vtbl, &IID_NavigationCompletedEventArgs, &IID_NavigationCompletedEventArgs2, NULL);
  BOOL http = _wcsicmp(scheme, L"http") == 0 || _wcsicmp(scheme, L"https") == 0;
  BOOL missing = http && wcsstr(path, L"/missing") != NULL;
  args->success = served ? served->status >= 200 && served->status < 400 : !unresolved && !missing;
  args->status = unresolved && !served ? WEB_ERROR_STATUS_HOST_NAME_NOT_RESOLVED : 0;
  args->http_status = served ? served->status : unresolved || !http ? 0 : missing ? 404 : 200;
  args->id = id;
  page_loaded(w, url, args);
  /* "webview2-test-process-failed=N" in the URL: the page loads, then ProcessFailed of kind N
     (COREWEBVIEW2_PROCESS_FAILED_KIND), e.g. 2 unresponsive, 6 GPU process exited. */
  const wchar_t *failed = wcsstr(url, L"webview2-test-process-failed=");
  if (failed) queue_process_failed(w, _wtoi(failed + wcslen(L"webview2-test-process-failed=")));
  if (served) queue_event(w, EVENT_NAVIGATION_COMPLETED, args); /* nothing was fetched: no certificate, no proxy */
  else if (!certificate_check(w, url, scheme, host, args)) complete_navigation(w, args, url);
  queue_script_navigation(w);
}

#include "navigationEvents.c"

static HRESULT STDMETHODCALLTYPE webview_navigate(WebView *self, LPCWSTR url) {
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  if (browser_gone(self->env)) return HRESULT_FROM_WIN32(ERROR_PROCESS_ABORTED);
  if (!url || !*url) return E_INVALIDARG;
  begin_navigation(self, NAV_URL, url, NULL, TRUE);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE webview_navigate_to_string(WebView *self, LPCWSTR html) {
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  if (browser_gone(self->env)) return HRESULT_FROM_WIN32(ERROR_PROCESS_ABORTED);
  if (!html) return E_INVALIDARG;
  begin_navigation(self, NAV_STRING, L"about:blank", html, TRUE);
  return S_OK;
}
/* Navigates to the page shown again, as a reload of that kind. */
static void reload_as(WebView *self, int kind) {
  Pending *p = begin_pending(NAV_RELOAD, self->source ? self->source : L"about:blank", NULL, TRUE);
  p->reload_kind = kind;
  start_pending(self, p);
}
static HRESULT STDMETHODCALLTYPE webview_reload(WebView *self) {
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  if (browser_gone(self->env)) return HRESULT_FROM_WIN32(ERROR_PROCESS_ABORTED);
  reload_as(self, RELOAD_NORMAL);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE webview_get_source(WebView *s, LPWSTR *v) { *v = task_string(s->source); return S_OK; }
static HRESULT STDMETHODCALLTYPE webview_get_document_title(WebView *s, LPWSTR *v) { *v = task_string(s->title); return S_OK; }
static HRESULT STDMETHODCALLTYPE webview_get_browser_process_id(WebView *s, UINT32 *v) { (void)s; *v = GetCurrentProcessId(); return S_OK; }

static HRESULT add_handler(WebView *w, int event, const GUID *iid, void *handler, INT64 *token) {
  void *h;
  if (!handler || !token) return E_POINTER;
  HRESULT taken = take_handler(handler, iid, SHAPE_SENDER_ARGS, "an event handler", &h);
  if (FAILED(taken)) return taken;
  Registration *list = registrations(w, event);
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (list[i].handler) continue;
    list[i].handler = h;
    list[i].token = *token = ++w->next_token;
    return S_OK;
  }
  com_release(h);
  return E_OUTOFMEMORY;
}
static HRESULT remove_handler(WebView *w, int event, INT64 token) {
  Registration *list = registrations(w, event);
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (list[i].handler && list[i].token == token) {
      com_release(list[i].handler);
      list[i].handler = NULL;
    }
  }
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE webview_add_navigation_completed(WebView *s, void *h, INT64 *t) { return add_handler(s, EVENT_NAVIGATION_COMPLETED, &IID_NavigationCompletedEventHandler, h, t); }
static HRESULT STDMETHODCALLTYPE webview_remove_navigation_completed(WebView *s, INT64 t) { return remove_handler(s, EVENT_NAVIGATION_COMPLETED, t); }
static HRESULT STDMETHODCALLTYPE webview_add_title_changed(WebView *s, void *h, INT64 *t) { return add_handler(s, EVENT_TITLE_CHANGED, &IID_DocumentTitleChangedEventHandler, h, t); }
static HRESULT STDMETHODCALLTYPE webview_remove_title_changed(WebView *s, INT64 t) { return remove_handler(s, EVENT_TITLE_CHANGED, t); }
static HRESULT STDMETHODCALLTYPE webview_add_process_failed(WebView *s, void *h, INT64 *t) { return add_handler(s, EVENT_PROCESS_FAILED, &IID_ProcessFailedEventHandler, h, t); }
static HRESULT STDMETHODCALLTYPE webview_remove_process_failed(WebView *s, INT64 t) { return remove_handler(s, EVENT_PROCESS_FAILED, t); }

static void destroy_cookie_manager(Obj *o) { com_release(((CookieManager *)o)->env); }
static HRESULT STDMETHODCALLTYPE webview_get_cookie_manager(WebView *self, void **out) {
  if (!out) return E_POINTER;
  CookieManager *m = new_obj(sizeof *m, cookie_manager_vtbl, &IID_CookieManager, NULL, destroy_cookie_manager);
  m->env = self->env;
  com_addref(self->env);
  *out = m;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE webview_get_environment(WebView *self, void **out) {
  com_addref(self->env);
  *out = self->env;
  return S_OK;
}

/* The handlers' last references, released on the runtime thread, as a runtime that tears a closed
 * WebView down on threads of its own may: the host's handlers are plain in-process objects, not
 * proxies, and WebView2's threading rules name the thread of Invoke, not of the last Release.
 * A host whose Release needs its UI thread hangs this thread, and every delivery queued behind it. */
typedef struct { int count; void *handlers[EVENT_KINDS * MAX_HANDLERS]; } HandlersToRelease;
static void release_handlers_off_thread(Job *job) {
  HandlersToRelease *r = job->data;
  int answered = 0;
  for (int i = 0; i < r->count; i++) { /* IUnknown's three methods, as a runtime's smart pointers would call them */
    void *unknown = NULL;
    if (SUCCEEDED(com_qi(r->handlers[i], &IID_Unknown, &unknown)) && unknown == r->handlers[i]) answered++;
    com_release(unknown);
    com_addref(r->handlers[i]);
    com_release(r->handlers[i]);
    com_release(r->handlers[i]);
  }
  fprintf(stderr, "WebView2 test runtime released %d event handlers of a closed WebView on runtime thread %lu (%d answered QueryInterface there)\n",
          r->count, GetCurrentThreadId(), answered);
  fflush(stderr);
  free(r);
}
static void release_all_handlers(WebView *w) {
  HandlersToRelease *r = calloc(1, sizeof *r);
  for (int e = 0; e < EVENT_KINDS; e++) {
    Registration *list = registrations(w, e);
    for (int i = 0; i < MAX_HANDLERS; i++) {
      if (list[i].handler && r) r->handlers[r->count++] = list[i].handler;
      else com_release(list[i].handler);
      list[i].handler = NULL;
    }
  }
  if (!r) return;
  if (r->count == 0) { free(r); return; }
  Job *job = new_job(JOB_COMPLETION, "release", NULL);
  job->off_thread = release_handlers_off_thread;
  job->data = r;
  enqueue(job);
}
static void destroy_webview(Obj *o) {
  WebView *w = (WebView *)o;
  renderer_stop(w);
  release_all_handlers(w);
  page_free(w);
  com_release(w->opener);
  free_filters(w);
  free(w->source);
  free(w->title);
  com_release(w->env);
}

/* ---- controller ---- */

static HRESULT STDMETHODCALLTYPE controller_get_is_visible(Controller *s, BOOL *v) { *v = s->visible; return S_OK; }
static HRESULT STDMETHODCALLTYPE controller_put_is_visible(Controller *s, BOOL v) {
  s->visible = v;
  if (s->webview->child) ShowWindow(s->webview->child, v ? SW_SHOW : SW_HIDE);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE controller_get_bounds(Controller *s, RECT *r) { *r = s->bounds; return S_OK; }
static HRESULT STDMETHODCALLTYPE controller_put_bounds(Controller *s, RECT r) {
  s->bounds = r;
  if (s->webview->child) MoveWindow(s->webview->child, r.left, r.top, r.right - r.left, r.bottom - r.top, TRUE);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE controller_close(Controller *s) {
  WebView *w = s->webview;
  keys_release(s);
  if (w->closed) return S_OK;
  w->closed = TRUE;
  renderer_stop(w);
  release_all_handlers(w);
  devtools_close(w);
  if (w->child && IsWindow(w->child)) DestroyWindow(w->child);
  w->child = NULL;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE controller_get_core_webview2(Controller *s, void **out) {
  if (!out) return E_POINTER;
  if (s->webview->closed) { *out = NULL; return HRESULT_FROM_WIN32(ERROR_INVALID_STATE); }
  com_addref(s->webview);
  *out = s->webview;
  return S_OK;
}
static void destroy_controller(Obj *o) {
  Controller *c = (Controller *)o;
  controller_close(c);
  com_release(c->webview);
}

/* ---- environment ---- */

static HRESULT STDMETHODCALLTYPE environment_create_controller(Environment *self, HWND parent, void *handler) {
  void *h;
  if (!handler) return E_POINTER;
  HRESULT taken = take_handler(handler, &IID_ControllerCompletedHandler, SHAPE_HRESULT_POINTER, "CreateCoreWebView2ControllerCompletedHandler", &h);
  if (FAILED(taken)) return taken;
  if (!IsWindow(parent)) {
    com_release(h);
    return HRESULT_FROM_WIN32(ERROR_INVALID_WINDOW_HANDLE);
  }
  if (new_window_handlers_running > 0) { /* newWindow.c: the deadlock of wry issue 583, refused loudly */
    fprintf(stderr, "test runtime: CreateCoreWebView2Controller was called inside NewWindowRequested's Invoke: the host must take a deferral, "
                    "return, and create the controller afterwards (a controller made and waited for inside an engine handler deadlocks)\n");
    fflush(stderr);
    com_release(h);
    return HRESULT_FROM_WIN32(ERROR_POSSIBLE_DEADLOCK);
  }
  if (browser_gone(self)) { /* a dead environment: the host must create a new one */
    com_release(h);
    return HRESULT_FROM_WIN32(ERROR_PROCESS_ABORTED);
  }
  WebView *w = new_obj(sizeof *w, webview_vtbl, &IID_WebView, &IID_WebView_2, destroy_webview);
  w->env = self;
  com_addref(self);
  RECT client;
  GetClientRect(parent, &client);
  w->child = CreateWindowExW(0, L"STATIC", L"WebView2 test runtime", WS_CHILD | WS_VISIBLE | SS_CENTER,
                             0, 0, client.right, client.bottom, parent, NULL, GetModuleHandleW(NULL), NULL);
  Controller *c = new_obj(sizeof *c, controller_vtbl, &IID_Controller, NULL, destroy_controller);
  page_window_install(w->child, c);
  c->webview = w;
  c->bounds = client;
  c->visible = TRUE;
  renderer_start(w, parent);
  queue_completion("createController", self->delivery, h, S_OK, c);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE environment_get_browser_version(Environment *self, LPWSTR *out) {
  (void)self;
  if (!out) return E_POINTER;
  *out = task_string(TEST_RUNTIME_VERSION_W);
  return S_OK;
}

static void destroy_environment(Obj *o) {
  Environment *e = (Environment *)o;
  browser_stop(e);
  if (e->delivery && IsWindow(e->delivery)) DestroyWindow(e->delivery);
}

/* ---- event arguments ---- */

static HRESULT STDMETHODCALLTYPE navigation_args_get_is_success(NavigationArgs *s, BOOL *v) { *v = s->success; return S_OK; }
static HRESULT STDMETHODCALLTYPE navigation_args_get_web_error_status(NavigationArgs *s, int *v) { *v = s->status; return S_OK; }
static HRESULT STDMETHODCALLTYPE navigation_args_get_navigation_id(NavigationArgs *s, UINT64 *v) { *v = s->id; return S_OK; }
static HRESULT STDMETHODCALLTYPE navigation_args_get_http_status_code(NavigationArgs *s, int *v) { *v = s->http_status; return S_OK; }
static HRESULT STDMETHODCALLTYPE process_failed_args_get_kind(ProcessFailedArgs *s, int *v) { *v = s->kind; return S_OK; }

#include "cookieEdits.c"
#include "certificates.c"
#include "environmentOptions.c"
#include "proxyRoute.c"
#include "loopbackPage.c"
#include "networkLog.c"
#include "newWindow.c"

/* ---- set-up and exports ---- */

static INIT_ONCE init_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK initialize(PINIT_ONCE once, PVOID param, PVOID *context) {
  (void)once; (void)param; (void)context;
  init_vtbl(environment_vtbl, ENV_SLOTS);
  environment_vtbl[ENV_CREATE_CONTROLLER] = (void *)environment_create_controller;
  environment_vtbl[ENV_GET_BROWSER_VERSION] = (void *)environment_get_browser_version;
  environment_vtbl[ENV_CREATE_WEB_RESOURCE_RESPONSE] = (void *)environment_create_web_resource_response;

  init_vtbl(controller_vtbl, CTL_SLOTS);
  controller_vtbl[CTL_GET_IS_VISIBLE] = (void *)controller_get_is_visible;
  controller_vtbl[CTL_PUT_IS_VISIBLE] = (void *)controller_put_is_visible;
  controller_vtbl[CTL_GET_BOUNDS] = (void *)controller_get_bounds;
  controller_vtbl[CTL_PUT_BOUNDS] = (void *)controller_put_bounds;
  controller_vtbl[CTL_CLOSE] = (void *)controller_close;
  controller_vtbl[CTL_GET_COREWEBVIEW2] = (void *)controller_get_core_webview2;

  init_vtbl(webview_vtbl, WV_SLOTS);
  webview_vtbl[WV_GET_SOURCE] = (void *)webview_get_source;
  webview_vtbl[WV_NAVIGATE] = (void *)webview_navigate;
  webview_vtbl[WV_NAVIGATE_TO_STRING] = (void *)webview_navigate_to_string;
  webview_vtbl[WV_ADD_NAVIGATION_COMPLETED] = (void *)webview_add_navigation_completed;
  webview_vtbl[WV_REMOVE_NAVIGATION_COMPLETED] = (void *)webview_remove_navigation_completed;
  webview_vtbl[WV_ADD_PROCESS_FAILED] = (void *)webview_add_process_failed;
  webview_vtbl[WV_REMOVE_PROCESS_FAILED] = (void *)webview_remove_process_failed;
  webview_vtbl[WV_RELOAD] = (void *)webview_reload;
  webview_vtbl[WV_GET_BROWSER_PROCESS_ID] = (void *)webview_get_browser_process_id;
  webview_vtbl[WV_ADD_DOCUMENT_TITLE_CHANGED] = (void *)webview_add_title_changed;
  webview_vtbl[WV_REMOVE_DOCUMENT_TITLE_CHANGED] = (void *)webview_remove_title_changed;
  webview_vtbl[WV_GET_DOCUMENT_TITLE] = (void *)webview_get_document_title;
  webview_vtbl[WV_GET_COOKIE_MANAGER] = (void *)webview_get_cookie_manager;
  webview_vtbl[WV_GET_ENVIRONMENT] = (void *)webview_get_environment;

  init_vtbl(cookie_manager_vtbl, CM_SLOTS);
  cookie_manager_vtbl[CM_GET_COOKIES] = (void *)cookie_manager_get_cookies;
  init_vtbl(cookie_list_vtbl, CL_SLOTS);
  cookie_list_vtbl[CL_GET_COUNT] = (void *)cookie_list_get_count;
  cookie_list_vtbl[CL_GET_VALUE_AT_INDEX] = (void *)cookie_list_get_value_at_index;
  init_vtbl(cookie_vtbl, CK_SLOTS);
  cookie_vtbl[CK_GET_NAME] = (void *)cookie_get_name;
  cookie_vtbl[CK_GET_VALUE] = (void *)cookie_get_value;
  cookie_vtbl[CK_GET_DOMAIN] = (void *)cookie_get_domain;
  cookie_vtbl[CK_GET_PATH] = (void *)cookie_get_path;
  cookie_vtbl[CK_GET_EXPIRES] = (void *)cookie_get_expires;
  cookie_vtbl[CK_GET_IS_HTTP_ONLY] = (void *)cookie_get_is_http_only;
  cookie_vtbl[CK_GET_SAME_SITE] = (void *)cookie_get_same_site;
  cookie_vtbl[CK_GET_IS_SECURE] = (void *)cookie_get_is_secure;
  cookie_vtbl[CK_GET_IS_SESSION] = (void *)cookie_get_is_session;

  init_vtbl(navigation_args_vtbl, NAV_SLOTS);
  navigation_args_vtbl[NAV_GET_IS_SUCCESS] = (void *)navigation_args_get_is_success;
  navigation_args_vtbl[NAV_GET_WEB_ERROR_STATUS] = (void *)navigation_args_get_web_error_status;
  navigation_args_vtbl[NAV_GET_NAVIGATION_ID] = (void *)navigation_args_get_navigation_id;
  navigation_args_vtbl[NAV_GET_HTTP_STATUS_CODE] = (void *)navigation_args_get_http_status_code;
  init_vtbl(process_failed_args_vtbl, PF_SLOTS);
  process_failed_args_vtbl[PF_GET_KIND] = (void *)process_failed_args_get_kind;
  install_cookie_edits();
  install_certificates();
  devtools_install();
  controls_install();
  keys_install();
  new_window_install();
  capture_install();
  print_to_pdf_install(); /* after install_certificates: it wraps that QueryInterface */
  process_model_install();
  navigation_events_install();

  const char *delay = getenv("WEBVIEW2_TEST_DELAY_MS");
  if (delay && *delay) delay_ms = atoi(delay);
  InitializeCriticalSection(&queue_lock);
  queue_signal = CreateEventW(NULL, FALSE, FALSE, NULL);
  runtime_thread = CreateThread(NULL, 0, runtime_main, NULL, 0, NULL);
  return TRUE;
}


#include "moduleLifetime.c"

/* The first parameter is a one-byte C++ bool: the loader leaves garbage in the register's upper bytes. */
__declspec(dllexport) HRESULT WINAPI CreateWebViewEnvironmentWithOptionsInternal(
    unsigned char check_running_instance, int runtime_type, LPCWSTR user_data_folder, void *options, void *handler) {
  (void)check_running_instance; (void)runtime_type;
  keep_module_loaded();
  InitOnceExecuteOnce(&init_once, initialize, NULL, NULL);
  void *h;
  if (!handler) return E_POINTER;
  HRESULT taken = take_handler(handler, &IID_EnvironmentCompletedHandler, SHAPE_HRESULT_POINTER, "CreateCoreWebView2EnvironmentCompletedHandler", &h);
  if (FAILED(taken)) return taken;
  Environment *env = new_obj(sizeof *env, environment_vtbl, &IID_Environment, NULL, destroy_environment);
  HRESULT hr = read_environment_options(env, options);
  if (FAILED(hr)) {
    com_release(env);
    com_release(h);
    return hr;
  }
  if (user_data_folder && *user_data_folder) {
    wcsncpy(env->folder, user_data_folder, MAX_PATH - 1);
    hr = claim_user_data_folder(env);
    CreateDirectoryW(user_data_folder, NULL);
    if (SUCCEEDED(hr)) load_cookies(env, user_data_folder);
  }
  env->delivery = create_delivery_window();
  if (SUCCEEDED(hr)) hr = browser_start(env);
  if (FAILED(hr)) { /* reported through the handler, as WebView2 reports a folder in use with other options */
    HWND delivery = env->delivery;
    env->delivery = NULL;
    com_release(env);
    queue_completion("createEnvironment", delivery, h, hr, NULL);
    return S_OK;
  }
  queue_environment_completion(env, h);
  return S_OK;
}

__declspec(dllexport) HRESULT WINAPI DllCanUnloadNow(void) {
  return S_FALSE; /* the runtime thread lives as long as the process */
}
