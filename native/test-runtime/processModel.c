/*
 * The engine's own processes, as a real runtime has them: one browser process per environment
 * (msedgewebview2.exe beside the runtime, built from native/test-browser) and one renderer per
 * webview, started by the browser. Included by runtime.c. See processModel.h for the protocol.
 *   - get_BrowserProcessId answers the browser's pid;
 *   - when the browser process ends, every webview of the environment raises ProcessFailed
 *     (BROWSER_PROCESS_EXITED), then the environment raises BrowserProcessExited
 *     (ICoreWebView2Environment5); the environment and its webviews are dead from then on;
 *   - when a renderer ends, its webview alone raises ProcessFailed (RENDER_PROCESS_EXITED); the
 *     next navigation or Reload starts a new renderer;
 *   - a user data folder whose browser process (in any process on the desktop) runs with other
 *     browser arguments fails environment creation with ERROR_INVALID_STATE;
 *   - delivery modes "browser-send" and "browser-post": the browser process delivers completions
 *     and events to the UI thread's window across processes, with SendMessageW or PostMessageW.
 * Environment variables: WEBVIEW2_TEST_START_DELAY_MS (the browser process takes that long to
 * come up: a slow start), WEBVIEW2_ADDITIONAL_BROWSER_ARGUMENTS (as in the official runtime, in
 * place of the options' AdditionalBrowserArguments), WEBVIEW2_TEST_BROWSER_VERSION (the version
 * get_BrowserVersionString reports, to stand in for an old runtime), WEBVIEW2_TEST_BROWSER_LINGER_MS
 * (a browser process whose host ended without releasing its environment keeps the user data
 * folder that long, as a real one finishes its own shutdown; a released environment ends it at once).
 */
#include "processModel.h"

#define MAX_LIVE 128
#define BROWSER_EXITED_KIND_FAILED 1

typedef struct BrowserState {
  UINT id;
  HANDLE process;
  DWORD pid;
  HWND window; /* set by the runtime thread once the browser is up */
  BOOL exited;
  HANDLE watcher, stop;
  wchar_t token[64];
  Registration exited_handlers[MAX_HANDLERS];
  INT64 next_token;
} BrowserState;

typedef struct { Obj base; int kind; DWORD pid; } BrowserExitedArgs;
static void *browser_exited_args_vtbl[BEA_SLOTS];

/* UI thread: the live environments and webviews, by id, so that a late notice finds nothing. */
static Environment *live_environments[MAX_LIVE];
static WebView *live_webviews[MAX_LIVE];
static UINT next_browser_id, next_renderer_id;
/* Runtime thread: where each delivery window's browser process listens. */
static struct { HWND delivery; HWND browser; } routes[MAX_LIVE];

static void remember(void **table, void *item) {
  for (int i = 0; i < MAX_LIVE; i++) if (!table[i]) { table[i] = item; return; }
}
static void forget(void **table, void *item) {
  for (int i = 0; i < MAX_LIVE; i++) if (table[i] == item) table[i] = NULL;
}

/* <runtime folder>\msedgewebview2.exe, the runtime being <folder>\EBWebView\x64\EmbeddedBrowserWebView.dll */
static BOOL browser_executable(wchar_t *exe) {
  HMODULE self;
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, (LPCWSTR)(void *)browser_executable, &self)) return FALSE;
  GetModuleFileNameW(self, exe, MAX_PATH);
  for (int up = 0; up < 3; up++) {
    wchar_t *slash = wcsrchr(exe, L'\\');
    if (!slash) return FALSE;
    *slash = 0;
  }
  wcscat(exe, L"\\msedgewebview2.exe");
  return GetFileAttributesW(exe) != INVALID_FILE_ATTRIBUTES;
}

/* A browser process of another host that runs this folder with other arguments. */
static BOOL folder_taken_with_other_arguments(const Environment *env) {
  for (HWND w = NULL; (w = FindWindowExW(HWND_MESSAGE, w, TEST_BROWSER_CLASS, NULL));) {
    wchar_t title[4096];
    if (!GetWindowTextW(w, title, 4096)) continue;
    wchar_t *folder = wcschr(title, L'\t');
    if (!folder) continue;
    wchar_t *args = wcschr(++folder, L'\t');
    if (!args) continue;
    *args++ = 0;
    if (_wcsicmp(folder, env->folder) == 0 && wcscmp(args, env->browser_arguments) != 0) return TRUE;
  }
  return FALSE;
}

static void browser_exited_run(Job *job);

typedef struct { Job *notice; HANDLE process, stop; } Watch;

static DWORD WINAPI browser_watcher(LPVOID param) {
  Watch *watch = param;
  Job *notice = watch->notice; /* prepared by browser_start; handed over only if the browser dies */
  HANDLE waits[2] = {watch->process, watch->stop};
  free(watch);
  if (WaitForMultipleObjects(2, waits, FALSE, INFINITE) == WAIT_OBJECT_0) enqueue(notice);
  else free(notice);
  return 0;
}

static HRESULT browser_start(Environment *env) {
  wchar_t exe[MAX_PATH];
  if (!browser_executable(exe)) return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
  const char *extra = getenv("WEBVIEW2_ADDITIONAL_BROWSER_ARGUMENTS");
  if (extra && *extra) MultiByteToWideChar(CP_UTF8, 0, extra, -1, env->browser_arguments, 2048);
  for (wchar_t *q = env->browser_arguments; *q; q++) if (*q == L'"' || *q == L'\t') *q = L' ';
  if (folder_taken_with_other_arguments(env)) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);

  BrowserState *b = calloc(1, sizeof *b);
  wchar_t *command = calloc(8192, sizeof(wchar_t));
  Watch *watch = calloc(1, sizeof *watch);
  if (!b || !command || !watch) {
    free(b);
    free(command);
    free(watch);
    return E_OUTOFMEMORY;
  }
  b->id = ++next_browser_id;
  swprintf(b->token, 64, L"host%lu-browser%u", GetCurrentProcessId(), b->id);
  const char *delay = getenv("WEBVIEW2_TEST_START_DELAY_MS"), *linger = getenv("WEBVIEW2_TEST_BROWSER_LINGER_MS");
  swprintf(command, 8192, L"\"%ls\" --host-pid=%lu --host-window=0x%llx --instance=%ls --start-delay-ms=%d --linger-ms=%d \"--user-data-dir=%ls\" \"--browser-arguments=%ls\"",
           exe, GetCurrentProcessId(), (unsigned long long)(UINT_PTR)env->delivery, b->token, delay ? atoi(delay) : 0, linger ? atoi(linger) : 0,
           env->folder, env->browser_arguments);
  STARTUPINFOW si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES; /* none of the host's handles: its parent must not wait on us */
  PROCESS_INFORMATION pi;
  BOOL started = CreateProcessW(exe, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
  free(command);
  if (!started) {
    free(b);
    free(watch);
    return HRESULT_FROM_WIN32(GetLastError());
  }
  CloseHandle(pi.hThread);
  b->process = pi.hProcess;
  b->pid = pi.dwProcessId;
  b->stop = CreateEventW(NULL, TRUE, FALSE, NULL);
  env->browser = b;
  remember((void **)live_environments, env);
  Job *notice = new_job(JOB_EVENT, "events", env->delivery);
  notice->run = browser_exited_run;
  notice->data = (void *)(UINT_PTR)b->id; /* an id, not a pointer: the environment may be gone by then */
  watch->notice = notice;
  watch->process = b->process;
  watch->stop = b->stop;
  b->watcher = CreateThread(NULL, 0, browser_watcher, watch, 0, NULL);
  return S_OK;
}

/* Runtime thread, before the environment's completion: wait until the browser is up. */
static void browser_wait_ready(Job *job) {
  Environment *env = job->result;
  BrowserState *b = env->browser;
  for (DWORD waited = 0; !b->window && waited < 60000; waited += 10) {
    for (HWND w = NULL; (w = FindWindowExW(HWND_MESSAGE, w, TEST_BROWSER_CLASS, NULL));) {
      wchar_t title[128];
      GetWindowTextW(w, title, 128);
      if (wcsncmp(title, b->token, wcslen(b->token)) == 0 && title[wcslen(b->token)] == L'\t') { b->window = w; break; }
    }
    if (b->window || WaitForSingleObject(b->process, 10) == WAIT_OBJECT_0) break;
  }
  if (b->window) {
    for (int i = 0; i < MAX_LIVE; i++) if (!routes[i].delivery) { routes[i].delivery = env->delivery; routes[i].browser = b->window; break; }
  } else {
    job->hr = E_FAIL; /* the runtime failed to start */
  }
}

static void environment_failed_run(Job *job) {
  ((CompletedInvokeFn)((ComObject *)job->handler)->vtbl[HANDLER_INVOKE])(job->handler, job->hr, NULL);
  com_release(job->data);
}

static void environment_completion_prepare(Job *job) {
  browser_wait_ready(job);
  if (SUCCEEDED(job->hr)) return;
  job->data = job->result; /* released on the UI thread, where its window lives */
  job->result = NULL;
  job->run = environment_failed_run;
}

static void queue_environment_completion(Environment *env, void *handler) {
  Job *job = new_job(JOB_COMPLETION, "createEnvironment", env->delivery);
  job->handler = handler;
  job->hr = S_OK;
  job->result = env;
  job->prepare = environment_completion_prepare;
  enqueue(job);
}

/* Runtime thread: hand a job to the browser process, which delivers it across processes. */
static BOOL deliver_through_browser(Job *job, const char *how) {
  for (int i = 0; i < MAX_LIVE; i++) {
    if (routes[i].delivery != job->hwnd) continue;
    UINT msg = strcmp(how, "post") == 0 ? WM_BROWSER_DELIVER_POST : WM_BROWSER_DELIVER_SEND;
    return PostMessageW(routes[i].browser, msg, (WPARAM)job->hwnd, (LPARAM)job);
  }
  return FALSE;
}

static BOOL browser_gone(const Environment *env) {
  return env->browser && env->browser->exited;
}

static void browser_stop(Environment *env) {
  BrowserState *b = env->browser;
  if (!b) return;
  forget((void **)live_environments, env);
  for (int i = 0; i < MAX_LIVE; i++) if (routes[i].delivery == env->delivery) routes[i].delivery = NULL;
  SetEvent(b->stop);
  WaitForSingleObject(b->watcher, INFINITE);
  if (!b->exited) TerminateProcess(b->process, 0); /* no host uses it any more */
  CloseHandle(b->watcher);
  CloseHandle(b->stop);
  CloseHandle(b->process);
  for (int i = 0; i < MAX_HANDLERS; i++) com_release(b->exited_handlers[i].handler);
  free(b);
  env->browser = NULL;
}

/* ---- renderers ---- */

static void renderer_start(WebView *w, HWND parent) {
  BrowserState *b = w->env->browser;
  if (!b || !b->window || b->exited) return;
  if (!w->renderer_id) remember((void **)live_webviews, w);
  w->renderer_id = ++next_renderer_id;
  w->renderer_parent = parent;
  w->renderer_alive = TRUE;
  PostMessageW(b->window, WM_BROWSER_START_RENDERER, w->renderer_id, (LPARAM)parent);
}

/* Before a navigation: a webview whose renderer died gets a new one, as Reload gives it. */
static void renderer_ensure(WebView *w) {
  if (w->renderer_id && !w->renderer_alive && !w->closed) renderer_start(w, w->renderer_parent);
}

static void renderer_stop(WebView *w) {
  if (!w->renderer_id) return;
  forget((void **)live_webviews, w);
  BrowserState *b = w->env->browser;
  if (w->renderer_alive && b && b->window && !b->exited) PostMessageW(b->window, WM_BROWSER_STOP_RENDERER, w->renderer_id, 0);
  w->renderer_alive = FALSE;
  w->renderer_id = 0;
}

/* A page that crashes its renderer (the test URL): the browser sees the process end. */
static BOOL renderer_crash(WebView *w) {
  if (!w->renderer_alive) return FALSE;
  for (HWND r = NULL; (r = FindWindowExW(HWND_MESSAGE, r, TEST_RENDERER_CLASS, NULL));) {
    wchar_t title[128], want[128];
    GetWindowTextW(r, title, 128);
    swprintf(want, 128, L"renderer %u for ", w->renderer_id);
    if (wcsncmp(title, want, wcslen(want)) == 0) return PostMessageW(r, WM_CLOSE, 0, 0);
  }
  return FALSE;
}

static void queue_process_failed(WebView *w, int kind) {
  ProcessFailedArgs *args = new_obj(sizeof *args, process_failed_args_vtbl, NULL, NULL, NULL);
  args->kind = kind;
  queue_event(w, EVENT_PROCESS_FAILED, args);
}

/* UI thread: the browser's notice that a renderer ended. */
static void renderer_exited(UINT id) {
  for (int i = 0; i < MAX_LIVE; i++) {
    WebView *w = live_webviews[i];
    if (!w || w->renderer_id != id || !w->renderer_alive) continue;
    w->renderer_alive = FALSE;
    if (!w->closed && !browser_gone(w->env)) queue_process_failed(w, PROCESS_FAILED_KIND_RENDER_PROCESS_EXITED);
  }
}

/* ---- the browser process ended ---- */

static void browser_exited_event_run(Job *job) {
  Environment *env = job->data;
  BrowserState *b = env->browser;
  BrowserExitedArgs *args = new_obj(sizeof *args, browser_exited_args_vtbl, NULL, NULL, NULL);
  args->kind = BROWSER_EXITED_KIND_FAILED;
  args->pid = b ? b->pid : 0;
  Registration copy[MAX_HANDLERS];
  if (b) memcpy(copy, b->exited_handlers, sizeof copy); else memset(copy, 0, sizeof copy);
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (!copy[i].handler) continue;
    com_addref(copy[i].handler);
    ((EventInvokeFn)((ComObject *)copy[i].handler)->vtbl[HANDLER_INVOKE])(copy[i].handler, env, args);
    com_release(copy[i].handler);
  }
  com_release(args);
  com_release(env);
}

/* UI thread (a job from the watcher): ProcessFailed on every webview, then BrowserProcessExited. */
static void browser_exited_run(Job *job) {
  UINT id = (UINT)(UINT_PTR)job->data;
  Environment *env = NULL;
  for (int i = 0; i < MAX_LIVE && !env; i++) if (live_environments[i] && live_environments[i]->browser->id == id) env = live_environments[i];
  job->data = NULL;
  if (!env) return; /* released meanwhile */
  env->browser->exited = TRUE;
  for (int i = 0; i < MAX_LIVE; i++) {
    WebView *w = live_webviews[i];
    if (!w || w->env != env || w->closed) continue;
    w->renderer_alive = FALSE;
    queue_process_failed(w, 0 /* BROWSER_PROCESS_EXITED */);
  }
  Job *later = new_job(JOB_EVENT, "events", env->delivery);
  later->run = browser_exited_event_run;
  later->data = env;
  com_addref(env);
  enqueue(later);
}

/* ---- ICoreWebView2Environment5 and get_BrowserProcessId ---- */

static HRESULT STDMETHODCALLTYPE environment_query_interface(Obj *self, REFIID riid, void **out) {
  if (out && (IsEqualGUID(riid, &IID_Environment2) || IsEqualGUID(riid, &IID_Environment5))) {
    InterlockedIncrement(&self->refs);
    *out = self;
    return S_OK;
  }
  return obj_query_interface(self, riid, out);
}

static HRESULT STDMETHODCALLTYPE environment_add_browser_process_exited(Environment *self, void *handler, INT64 *token) {
  void *h;
  if (!handler || !token) return E_POINTER;
  if (!self->browser) return E_UNEXPECTED;
  HRESULT taken = take_handler(handler, &IID_BrowserProcessExitedEventHandler, SHAPE_SENDER_ARGS, "BrowserProcessExitedEventHandler", &h);
  if (FAILED(taken)) return taken;
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (self->browser->exited_handlers[i].handler) continue;
    self->browser->exited_handlers[i].handler = h;
    self->browser->exited_handlers[i].token = *token = ++self->browser->next_token;
    return S_OK;
  }
  com_release(h);
  return E_OUTOFMEMORY;
}
static HRESULT STDMETHODCALLTYPE environment_remove_browser_process_exited(Environment *self, INT64 token) {
  if (!self->browser) return S_OK;
  for (int i = 0; i < MAX_HANDLERS; i++) {
    Registration *r = &self->browser->exited_handlers[i];
    if (r->handler && r->token == token) { com_release(r->handler); r->handler = NULL; }
  }
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE browser_exited_args_get_kind(BrowserExitedArgs *s, int *v) { *v = s->kind; return S_OK; }
static HRESULT STDMETHODCALLTYPE browser_exited_args_get_pid(BrowserExitedArgs *s, UINT32 *v) { *v = s->pid; return S_OK; }

static HRESULT STDMETHODCALLTYPE webview_browser_process_id(WebView *s, UINT32 *v) {
  if (!v) return E_POINTER;
  *v = s->env->browser ? s->env->browser->pid : 0;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE environment_browser_version(Environment *self, LPWSTR *out) {
  (void)self;
  if (!out) return E_POINTER;
  const char *v = getenv("WEBVIEW2_TEST_BROWSER_VERSION");
  wchar_t text[64];
  if (v && *v) MultiByteToWideChar(CP_UTF8, 0, v, -1, text, 64);
  else wcscpy(text, TEST_RUNTIME_VERSION_W);
  *out = task_string(text);
  return S_OK;
}

static void process_model_install(void) {
  environment_vtbl[0] = (void *)environment_query_interface;
  environment_vtbl[ENV5_ADD_BROWSER_PROCESS_EXITED] = (void *)environment_add_browser_process_exited;
  environment_vtbl[ENV5_REMOVE_BROWSER_PROCESS_EXITED] = (void *)environment_remove_browser_process_exited;
  environment_vtbl[ENV_GET_BROWSER_VERSION] = (void *)environment_browser_version;
  webview_vtbl[WV_GET_BROWSER_PROCESS_ID] = (void *)webview_browser_process_id;
  init_vtbl(browser_exited_args_vtbl, BEA_SLOTS);
  browser_exited_args_vtbl[BEA_GET_KIND] = (void *)browser_exited_args_get_kind;
  browser_exited_args_vtbl[BEA_GET_PID] = (void *)browser_exited_args_get_pid;
}
