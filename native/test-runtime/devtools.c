/*
 * The DevTools protocol and the DevTools window in the test runtime. Included by runtime.c.
 *   CallDevToolsProtocolMethod: Runtime.enable/disable and Network.enable/disable answer "{}";
 *     Page.reload reloads (with {"ignoreCache":true}, sending the headers of a reload without the
 *     cache) and answers "{}";
 *     Emulation.setDeviceMetricsOverride (width, height, deviceScaleFactor, mobile, each mandatory),
 *     Emulation.clearDeviceMetricsOverride, Emulation.setUserAgentOverride (userAgent mandatory; empty
 *     is the runtime's own again) and Emulation.setTouchEmulationEnabled (enabled mandatory,
 *     maxTouchPoints 1..16) answer "{}" and hold for the webview's life: the emulated user agent is
 *     the User-Agent of its requests, and the page window carries the metrics and touch for tests
 *     (properties WebView2TestDeviceWidth, ...Height, ...ScalePercent, ...Mobile, ...TouchPoints);
 *     parameters are read as strictly as Chromium's bindings read them: a missing field or one of
 *     the wrong type completes with E_FAIL and -32602 "Invalid parameters", naming the field;
 *     the Input domain (pageInput.c: recorded where tests read it), Page.getFrameTree,
 *     Page.createIsolatedWorld and Runtime.evaluate (pageScript.c: no script runs, and the answer
 *     says so) and Page.captureScreenshot (pageScreenshot.c) are modelled in their own files;
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

/* ---- parameters, read as strictly as Chromium's protocol bindings ---- */

/* The value of a top-level field of a JSON object, or NULL when it has none. */
static const wchar_t *json_field(const wchar_t *json, const wchar_t *name) {
  size_t n = wcslen(name);
  int depth = 0;
  for (const wchar_t *p = json; *p; p++) {
    if (*p == L'{' || *p == L'[') depth++;
    else if (*p == L'}' || *p == L']') depth--;
    else if (*p == L'"') {
      const wchar_t *start = p + 1;
      for (p++; *p && *p != L'"'; p++) if (*p == L'\\' && p[1]) p++;
      if (!*p) return NULL;
      const wchar_t *q = p + 1;
      while (iswspace(*q)) q++;
      if (depth == 1 && *q == L':' && (size_t)(p - start) == n && wcsncmp(start, name, n) == 0) {
        for (q++; iswspace(*q);) q++;
        return q;
      }
    }
  }
  return NULL;
}
static BOOL json_int(const wchar_t *v, int *out) {
  wchar_t *end;
  long x = wcstol(v, &end, 10);
  if (end == v || *end == L'.' || *end == L'e' || *end == L'E' || x < INT_MIN || x > INT_MAX) return FALSE;
  *out = (int)x;
  return TRUE;
}
static BOOL json_double(const wchar_t *v, double *out) {
  if (*v != L'-' && !iswdigit(*v)) return FALSE;
  wchar_t *end;
  *out = wcstod(v, &end);
  return end != v;
}
static BOOL json_bool(const wchar_t *v, BOOL *out) {
  if (wcsncmp(v, L"true", 4) == 0) { *out = TRUE; return TRUE; }
  if (wcsncmp(v, L"false", 5) == 0) { *out = FALSE; return TRUE; }
  return FALSE;
}
/* A JSON string's text (escapes undone), or NULL when the value is not a string. */
static wchar_t *json_string(const wchar_t *v) {
  if (*v != L'"') return NULL;
  WBuf b = {0};
  wbuf_add(&b, L"");
  for (v++; *v && *v != L'"'; v++) {
    wchar_t c = *v;
    if (c == L'\\' && v[1]) {
      c = *++v;
      if (c == L'n') c = L'\n'; else if (c == L't') c = L'\t'; else if (c == L'r') c = L'\r';
      else if (c == L'u' && iswxdigit(v[1]) && iswxdigit(v[2]) && iswxdigit(v[3]) && iswxdigit(v[4])) {
        wchar_t hex[5] = {v[1], v[2], v[3], v[4], 0};
        c = (wchar_t)wcstol(hex, NULL, 16);
        v += 4;
      }
    }
    wbuf_add_n(&b, &c, 1);
  }
  if (*v != L'"') { free(b.text); return NULL; }
  return b.text;
}

/* Chromium's answer to parameters its bindings refuse. */
static wchar_t *invalid_params(const wchar_t *field, const wchar_t *problem) {
  WBuf data = {0}, b = {0};
  wbuf_addf(&data, L"Failed to deserialize params.%ls - BINDINGS: %ls", field, problem);
  wbuf_add(&b, L"{\"code\":-32602,\"message\":\"Invalid parameters\",\"data\":");
  wbuf_json(&b, data.text, data.length);
  wbuf_add(&b, L"}");
  free(data.text);
  return b.text;
}
static wchar_t *protocol_error(int code, const wchar_t *message) {
  WBuf b = {0};
  wbuf_addf(&b, L"{\"code\":%d,\"message\":", code);
  wbuf_json(&b, message, wcslen(message));
  wbuf_add(&b, L"}");
  return b.text;
}

#include "pageInput.c"
#include "pageScript.c"
#include "pageScreenshot.c"
#include "parentMoves.c"

/* ---- the Emulation domain ---- */

static void show_emulation(WebView *w) {
  struct Emulation *e = &page_of(w)->emulation;
  if (!w->child || !IsWindow(w->child)) return;
  SetPropW(w->child, L"WebView2TestDeviceWidth", (HANDLE)(UINT_PTR)e->width);
  SetPropW(w->child, L"WebView2TestDeviceHeight", (HANDLE)(UINT_PTR)e->height);
  SetPropW(w->child, L"WebView2TestDeviceScalePercent", (HANDLE)(UINT_PTR)e->scale_percent);
  SetPropW(w->child, L"WebView2TestDeviceMobile", (HANDLE)(UINT_PTR)e->mobile);
  SetPropW(w->child, L"WebView2TestDeviceTouchPoints", (HANDLE)(UINT_PTR)(e->touch ? e->max_touch_points : 0));
}

/* An Emulation method: NULL when it was applied, else the error to answer with. */
static wchar_t *emulation_method(WebView *w, const wchar_t *method, const wchar_t *params) {
  struct Emulation *e = &page_of(w)->emulation;
  if (wcscmp(method, L"Emulation.setDeviceMetricsOverride") == 0) {
    static const wchar_t *ints[] = {L"width", L"height"};
    int size[2];
    for (int i = 0; i < 2; i++) {
      const wchar_t *v = json_field(params, ints[i]);
      if (!v) return invalid_params(ints[i], L"mandatory field missing");
      if (!json_int(v, &size[i])) return invalid_params(ints[i], L"int32 value expected");
    }
    double scale;
    BOOL mobile;
    const wchar_t *v = json_field(params, L"deviceScaleFactor");
    if (!v) return invalid_params(L"deviceScaleFactor", L"mandatory field missing");
    if (!json_double(v, &scale)) return invalid_params(L"deviceScaleFactor", L"double value expected");
    if (!(v = json_field(params, L"mobile"))) return invalid_params(L"mobile", L"mandatory field missing");
    if (!json_bool(v, &mobile)) return invalid_params(L"mobile", L"boolean value expected");
    if (size[0] < 0 || size[1] < 0 || size[0] > 10000000 || size[1] > 10000000) return protocol_error(-32602, L"Width and height values must be positive, not greater than 10000000");
    if (scale < 0) return protocol_error(-32602, L"deviceScaleFactor must be non-negative");
    e->width = size[0];
    e->height = size[1];
    e->scale_percent = (int)(scale * 100 + 0.5);
    e->mobile = mobile;
  } else if (wcscmp(method, L"Emulation.clearDeviceMetricsOverride") == 0) {
    e->width = e->height = e->scale_percent = 0;
    e->mobile = FALSE;
  } else if (wcscmp(method, L"Emulation.setUserAgentOverride") == 0) {
    const wchar_t *v = json_field(params, L"userAgent");
    if (!v) return invalid_params(L"userAgent", L"mandatory field missing");
    wchar_t *ua = json_string(v);
    if (!ua) return invalid_params(L"userAgent", L"string value expected");
    free(e->user_agent);
    e->user_agent = *ua ? ua : NULL;
    if (!*ua) free(ua);
  } else {
    const wchar_t *v = json_field(params, L"enabled");
    BOOL enabled;
    int points = 1;
    if (!v) return invalid_params(L"enabled", L"mandatory field missing");
    if (!json_bool(v, &enabled)) return invalid_params(L"enabled", L"boolean value expected");
    if ((v = json_field(params, L"maxTouchPoints")) && !json_int(v, &points)) return invalid_params(L"maxTouchPoints", L"int32 value expected");
    if (points < 1 || points > 16) return protocol_error(-32602, L"Touch points must be between 1 and 16");
    e->touch = enabled;
    e->max_touch_points = enabled ? points : 0;
  }
  show_emulation(w);
  return NULL;
}

static BOOL is_emulation_method(const wchar_t *method) {
  return wcscmp(method, L"Emulation.setDeviceMetricsOverride") == 0 || wcscmp(method, L"Emulation.clearDeviceMetricsOverride") == 0
      || wcscmp(method, L"Emulation.setUserAgentOverride") == 0 || wcscmp(method, L"Emulation.setTouchEmulationEnabled") == 0;
}

/* ---- methods ---- */

static void deliver_devtools_result(Job *job) {
  ((StringCompletedInvokeFn)((ComObject *)job->handler)->vtbl[HANDLER_INVOKE])(job->handler, job->hr, job->data);
  free(job->data);
}

/* Queues the method's answer: a result object, or with a failed hr the protocol's error. */
static void answer_devtools(WebView *w, void *handler, HRESULT hr, wchar_t *json) {
  Job *job = new_job(JOB_COMPLETION, "callDevToolsProtocolMethod", w->env->delivery);
  job->handler = handler;
  job->hr = hr;
  job->run = deliver_devtools_result;
  job->data = json;
  enqueue(job);
}

static HRESULT STDMETHODCALLTYPE webview_call_devtools_method(WebView *self, LPCWSTR method, LPCWSTR params, void *handler) {
  void *h;
  if (!method || !params || !handler) return E_INVALIDARG;
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  HRESULT taken = take_handler(handler, &IID_CallDevToolsProtocolMethodCompletedHandler, SHAPE_HRESULT_POINTER, "CallDevToolsProtocolMethodCompletedHandler", &h);
  if (FAILED(taken)) return taken;
  PageState *page = page_of(self);
  HRESULT hr = S_OK;
  wchar_t *result = NULL;
  BOOL failed;
  if (wcscmp(method, L"Page.captureScreenshot") == 0) {
    capture_screenshot(self, params, h); /* answers when the picture is taken */
    return S_OK;
  }
  if (is_emulation_method(method)) {
    result = emulation_method(self, method, params);
    if (result) hr = E_FAIL;
  } else if (input_method(self, method, params, &result)) {
    if (result) hr = E_FAIL;
  } else if (script_method(self, method, params, &result, &failed)) {
    if (failed) hr = E_FAIL;
  } else if (wcscmp(method, L"Runtime.enable") == 0 || wcscmp(method, L"Runtime.disable") == 0) page->runtime_enabled = method[8] == L'e';
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
  } else if (result) {
    /* answered above (a domain's result, or its refusal) */
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
  answer_devtools(self, h, hr, result);
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
  screenshot_install();
  parent_moves_install();
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
