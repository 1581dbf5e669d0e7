/*
 * The DevTools protocol and the DevTools window in the test runtime. Included by runtime.c.
 *   CallDevToolsProtocolMethod: Runtime.enable/disable and Network.enable/disable answer "{}";
 *     Page.reload reloads (with {"ignoreCache":true}, sending the headers of a reload without the
 *     cache) and answers "{}";
 *     any other method completes with E_FAIL and a protocol error (-32601), as an unknown
 *     method does in the browser. The completion comes later, from the runtime thread.
 *   GetDevToolsProtocolEventReceiver(name): one receiver per event name and webview; its
 *     DevToolsProtocolEventReceived handlers get the events page.c emits, each with its
 *     parameters as JSON (get_ParameterObjectAsJson), delivered like every other event.
 *   OpenDevToolsWindow: opens (or shows again) a top-level window titled "DevTools - <source>",
 *     unless the settings turned DevTools off, when it does nothing (as documented).
 *   ICoreWebView2Settings: get/put_AreDevToolsEnabled; the other properties read as their defaults.
 */

typedef HRESULT(STDMETHODCALLTYPE *StringCompletedInvokeFn)(void *, HRESULT, LPCWSTR);
static void reload_as(WebView *self, int kind); /* runtime.c */
static wchar_t *network_response_body(WebView *w, const wchar_t *params); /* networkLog.c */

typedef struct DevToolsReceiver {
  Obj base;
  WebView *webview; /* not a reference: the webview holds the receiver, and clears this when it goes */
  wchar_t name[128];
  Registration handlers[MAX_HANDLERS];
  INT64 next_token;
} DevToolsReceiver;

typedef struct { Obj base; wchar_t *json; } DevToolsEventArgs;
typedef struct { Obj base; WebView *webview; } Settings;

static void *devtools_receiver_vtbl[RCV_SLOTS], *devtools_args_vtbl[DTA_SLOTS], *settings_vtbl[SET_SLOTS];

/* ---- events ---- */

static void destroy_devtools_args(Obj *o) { free(((DevToolsEventArgs *)o)->json); }
static HRESULT STDMETHODCALLTYPE devtools_args_get_json(DevToolsEventArgs *s, LPWSTR *v) {
  if (!v) return E_POINTER;
  *v = task_string(s->json);
  return S_OK;
}

static void deliver_devtools_event(Job *job) {
  DevToolsReceiver *r = job->data;
  if (r->webview && !r->webview->closed) {
    Registration copy[MAX_HANDLERS];
    memcpy(copy, r->handlers, sizeof copy);
    for (int i = 0; i < MAX_HANDLERS; i++) {
      if (!copy[i].handler) continue;
      com_addref(copy[i].handler);
      ((EventInvokeFn)((ComObject *)copy[i].handler)->vtbl[HANDLER_INVOKE])(copy[i].handler, job->webview, job->args);
      com_release(copy[i].handler);
    }
  }
  com_release(r);
}

static DevToolsReceiver *find_receiver(WebView *w, const wchar_t *event) {
  PageState *page = page_of(w);
  for (int i = 0; i < MAX_RECEIVERS; i++) {
    if (page->receivers[i] && wcscmp(page->receivers[i]->name, event) == 0) return page->receivers[i];
  }
  return NULL;
}

/* Queues an event for the receiver of that name, if the host asked for one. */
static void devtools_emit(WebView *w, const wchar_t *event, const wchar_t *json) {
  DevToolsReceiver *r = find_receiver(w, event);
  if (!r) return;
  DevToolsEventArgs *args = new_obj(sizeof *args, devtools_args_vtbl, &IID_DevToolsProtocolEventReceivedEventArgs, NULL, destroy_devtools_args);
  args->json = _wcsdup(json);
  Job *job = new_job(JOB_EVENT, "events", w->env->delivery);
  job->webview = w;
  com_addref(w);
  job->args = args;
  job->run = deliver_devtools_event;
  job->data = r;
  com_addref(r);
  enqueue(job);
}

static HRESULT STDMETHODCALLTYPE receiver_add(DevToolsReceiver *self, void *handler, INT64 *token) {
  void *h;
  if (!handler || !token) return E_POINTER;
  if (!self->webview || self->webview->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  HRESULT taken = take_handler(handler, &IID_DevToolsProtocolEventReceivedEventHandler, SHAPE_SENDER_ARGS, "DevToolsProtocolEventReceivedEventHandler", &h);
  if (FAILED(taken)) return taken;
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (self->handlers[i].handler) continue;
    self->handlers[i].handler = h;
    self->handlers[i].token = *token = ++self->next_token;
    return S_OK;
  }
  com_release(h);
  return E_OUTOFMEMORY;
}
static HRESULT STDMETHODCALLTYPE receiver_remove(DevToolsReceiver *self, INT64 token) {
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (self->handlers[i].handler && self->handlers[i].token == token) {
      com_release(self->handlers[i].handler);
      self->handlers[i].handler = NULL;
    }
  }
  return S_OK;
}
static void release_receiver_handlers(DevToolsReceiver *r) {
  for (int i = 0; i < MAX_HANDLERS; i++) {
    com_release(r->handlers[i].handler);
    r->handlers[i].handler = NULL;
  }
}
static void destroy_receiver(Obj *o) { release_receiver_handlers((DevToolsReceiver *)o); }

static HRESULT STDMETHODCALLTYPE webview_get_devtools_receiver(WebView *self, LPCWSTR event, void **out) {
  if (!out) return E_POINTER;
  *out = NULL;
  if (!event || !*event || wcslen(event) >= 128) return E_INVALIDARG;
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  DevToolsReceiver *r = find_receiver(self, event);
  if (!r) {
    PageState *page = page_of(self);
    int slot = -1;
    for (int i = 0; i < MAX_RECEIVERS && slot < 0; i++) if (!page->receivers[i]) slot = i;
    if (slot < 0) return E_OUTOFMEMORY;
    r = new_obj(sizeof *r, devtools_receiver_vtbl, &IID_DevToolsProtocolEventReceiver, NULL, destroy_receiver);
    r->webview = self;
    wcscpy(r->name, event);
    page->receivers[slot] = r; /* the webview's reference */
  }
  com_addref(r);
  *out = r;
  return S_OK;
}

/* ---- methods ---- */

static void deliver_devtools_result(Job *job) {
  ((StringCompletedInvokeFn)((ComObject *)job->handler)->vtbl[HANDLER_INVOKE])(job->handler, job->hr, job->data);
  free(job->data);
}

static HRESULT STDMETHODCALLTYPE webview_call_devtools_method(WebView *self, LPCWSTR method, LPCWSTR params, void *handler) {
  void *h;
  if (!method || !params || !handler) return E_INVALIDARG;
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  HRESULT taken = take_handler(handler, &IID_CallDevToolsProtocolMethodCompletedHandler, SHAPE_HRESULT_POINTER, "CallDevToolsProtocolMethodCompletedHandler", &h);
  if (FAILED(taken)) return taken;
  PageState *page = page_of(self);
  HRESULT hr = S_OK;
  wchar_t *result;
  if (wcscmp(method, L"Runtime.enable") == 0 || wcscmp(method, L"Runtime.disable") == 0) page->runtime_enabled = method[8] == L'e';
  else if (wcscmp(method, L"Network.enable") == 0 || wcscmp(method, L"Network.disable") == 0) page->network_enabled = method[8] == L'e';
  else if (wcscmp(method, L"Page.reload") == 0) { /* the reload starts now; the method answers later */
    BOOL bypass = wcsstr(params, L"\"ignoreCache\":true") != NULL;
    reload_as(self, bypass ? RELOAD_BYPASS_CACHE : RELOAD_NORMAL);
  } else if (wcscmp(method, L"Network.getResponseBody") == 0) hr = S_FALSE; /* answered below */
  else hr = E_FAIL;
  if (hr == S_FALSE) {
    result = network_response_body(self, params);
    hr = result ? S_OK : E_FAIL;
    if (!result) result = _wcsdup(L"{\"code\":-32000,\"message\":\"No resource with given identifier found\"}");
  } else if (SUCCEEDED(hr)) result = _wcsdup(L"{}");
  else {
    WBuf b = {0};
    wbuf_add(&b, L"{\"code\":-32601,\"message\":");
    WBuf m = {0};
    wbuf_add(&m, L"'");
    wbuf_add(&m, method);
    wbuf_add(&m, L"' wasn't found");
    wbuf_json(&b, m.text, m.length);
    wbuf_add(&b, L"}");
    free(m.text);
    result = b.text;
  }
  Job *job = new_job(JOB_COMPLETION, "callDevToolsProtocolMethod", self->env->delivery);
  job->handler = h;
  job->hr = hr;
  job->run = deliver_devtools_result;
  job->data = result;
  enqueue(job);
  return S_OK;
}

/* ---- the DevTools window ---- */

static HRESULT STDMETHODCALLTYPE webview_open_devtools_window(WebView *self) {
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  PageState *page = page_of(self);
  if (!page->devtools_enabled) return S_OK; /* documented: nothing happens */
  wchar_t title[1100];
  _snwprintf(title, 1099, L"DevTools - %ls", self->source ? self->source : L"about:blank");
  title[1099] = 0;
  if (page->devtools_window && IsWindow(page->devtools_window)) SetWindowTextW(page->devtools_window, title);
  else page->devtools_window = CreateWindowExW(0, L"STATIC", title, WS_OVERLAPPEDWINDOW | WS_VISIBLE, CW_USEDEFAULT, CW_USEDEFAULT,
                                               800, 600, NULL, NULL, GetModuleHandleW(NULL), NULL);
  ShowWindow(page->devtools_window, SW_SHOW);
  page->devtools_opened++;
  return S_OK;
}

/* ---- settings ---- */

static void destroy_settings(Obj *o) { com_release(((Settings *)o)->webview); }
static HRESULT STDMETHODCALLTYPE settings_get_true(Settings *s, BOOL *v) { (void)s; if (!v) return E_POINTER; *v = TRUE; return S_OK; }
static HRESULT STDMETHODCALLTYPE settings_put_ignored(Settings *s, BOOL v) { (void)s; (void)v; return S_OK; }
static HRESULT STDMETHODCALLTYPE settings_get_devtools(Settings *s, BOOL *v) {
  if (!v) return E_POINTER;
  *v = page_of(s->webview)->devtools_enabled;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE settings_put_devtools(Settings *s, BOOL v) {
  PageState *page = page_of(s->webview);
  page->devtools_enabled = v != FALSE;
  if (!v && page->devtools_window && IsWindow(page->devtools_window)) DestroyWindow(page->devtools_window);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE webview_get_settings(WebView *self, void **out) {
  if (!out) return E_POINTER;
  if (self->closed) { *out = NULL; return HRESULT_FROM_WIN32(ERROR_INVALID_STATE); }
  Settings *s = new_obj(sizeof *s, settings_vtbl, &IID_Settings, NULL, destroy_settings);
  s->webview = self;
  com_addref(self);
  *out = s;
  return S_OK;
}

/* ---- set-up and tear-down ---- */

static void devtools_install(void) {
  init_vtbl(devtools_receiver_vtbl, RCV_SLOTS);
  devtools_receiver_vtbl[RCV_ADD_EVENT_RECEIVED] = (void *)receiver_add;
  devtools_receiver_vtbl[RCV_REMOVE_EVENT_RECEIVED] = (void *)receiver_remove;
  init_vtbl(devtools_args_vtbl, DTA_SLOTS);
  devtools_args_vtbl[DTA_GET_PARAMETER_OBJECT_AS_JSON] = (void *)devtools_args_get_json;
  init_vtbl(settings_vtbl, SET_SLOTS);
  for (int i = SET_GET_IS_SCRIPT_ENABLED; i < SET_SLOTS; i += 2) {
    settings_vtbl[i] = (void *)settings_get_true;
    settings_vtbl[i + 1] = (void *)settings_put_ignored;
  }
  settings_vtbl[SET_GET_ARE_DEVTOOLS_ENABLED] = (void *)settings_get_devtools;
  settings_vtbl[SET_PUT_ARE_DEVTOOLS_ENABLED] = (void *)settings_put_devtools;
  webview_vtbl[WV_GET_SETTINGS] = (void *)webview_get_settings;
  webview_vtbl[WV_CALL_DEVTOOLS_PROTOCOL_METHOD] = (void *)webview_call_devtools_method;
  webview_vtbl[WV_GET_DEVTOOLS_PROTOCOL_EVENT_RECEIVER] = (void *)webview_get_devtools_receiver;
  webview_vtbl[WV_OPEN_DEVTOOLS_WINDOW] = (void *)webview_open_devtools_window;
}

/* The controller closed: handlers go, the DevTools window goes. */
static void network_close(PageState *page); /* networkLog.c */
static void devtools_close(WebView *w) {
  PageState *page = w->page;
  if (!page) return;
  network_close(page);
  for (int i = 0; i < MAX_RECEIVERS; i++) if (page->receivers[i]) release_receiver_handlers(page->receivers[i]);
  if (page->devtools_window && IsWindow(page->devtools_window)) DestroyWindow(page->devtools_window);
  page->devtools_window = NULL;
}
