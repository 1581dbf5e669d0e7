/*
 * Popups in the test runtime: ICoreWebView2 add/remove_NewWindowRequested and
 * add/remove_WindowCloseRequested, the event arguments, their deferral and window features, and
 * what a page's script does with them. Included by runtime.c (one translation unit) after the
 * webview's own methods and cookieEdits.c; page.c calls the script functions below.
 *
 * What raises NewWindowRequested (the runtime runs no script; page.c reads it):
 *   - a statement `window.open("url", "name", "features")` in a page's script (name and features
 *     optional, string literals), resolved against the page; features "width=N,height=N" are the
 *     window features, "noopener" leaves the new page without window.opener. IsUserInitiated FALSE.
 *   - an anchor `<a href="url" target="_blank" data-webview2-test-click>`: the documented marker
 *     makes the runtime activate it as the page loads, as a user's click (IsUserInitiated TRUE);
 *     as in HTML, target=_blank implies noopener unless rel="opener".
 * As WebView2 documents it: the event goes to the opener's handlers; with NewWindow set (before the
 * handlers return, or before a deferral taken inside them completes) the new window gets window.opener
 * and navigates to the address; Handled TRUE without NewWindow opens nothing; neither opens a popup
 * window of the runtime's own ("WebView2 runtime popup - <url>", said on stderr). A deferral never
 * completed leaves the request pending: the new window never navigates.
 * Strict where WebView2 is:
 *   - put_NewWindow takes a webview of the opener's environment only (E_INVALIDARG), one that has not
 *     navigated (HRESULT_FROM_WIN32(ERROR_INVALID_STATE), 0x8007139F, as WebView2 answers setting a
 *     navigated webview, WebView2Feedback issue 2810), once (the same error again), and only before the
 *     request is decided (the same error);
 *   - GetDeferral works only inside the handler (ERROR_INVALID_STATE after), Complete only once;
 *   - CreateCoreWebView2Controller called while a NewWindowRequested handler runs fails with
 *     HRESULT_FROM_WIN32(ERROR_POSSIBLE_DEADLOCK) and says so on stderr (runtime.c): stricter than
 *     WebView2, which would take the call, on purpose: a host that creates (and then waits for) the
 *     popup's controller inside the handler is the deadlock of wry issue 583.
 * A page's script, further (page.c calls these):
 *   - `window.close()`: WindowCloseRequested where a script may close its window (a window opened by
 *     script, or one with a single history entry), else Chromium's console warning;
 *   - `window.opener.postMessage("text", ...)`: delivered to the opener's page, whose `message`
 *     listener is modelled as `console.log(e.data)` when its text has one of that shape
 *     (`addEventListener("message", ...)` with a console.log(<name>.data) in it); without an opener,
 *     the TypeError Chromium throws;
 *   - `document.cookie = "name=value[; path=/p]"` on an http(s) page: a session cookie of the page's
 *     host in the environment's store (every webview of the environment sees it, as in a profile).
 */

typedef struct {
  Obj base;
  BOOL has_size;
  UINT32 width, height;
} WindowFeatures;

typedef struct NewWindowArgs {
  Obj base;
  WebView *opener;          /* a reference */
  wchar_t *uri;
  BOOL user_initiated, noopener, handled;
  WindowFeatures *features; /* a reference */
  WebView *new_window;      /* a reference, once put_NewWindow took it */
  BOOL in_handlers;         /* the opener's handlers are running */
  BOOL deferred, decided;
  struct Deferral *deferral;
} NewWindowArgs;

typedef struct Deferral {
  Obj base;
  NewWindowArgs *args; /* a reference */
  BOOL completed;
} Deferral;

static void *new_window_args_vtbl[NWA_SLOTS], *window_features_vtbl[WF_SLOTS], *deferral_vtbl[DEF_SLOTS], *close_args_vtbl[3];

static void destroy_new_window_args(Obj *o) {
  NewWindowArgs *a = (NewWindowArgs *)o;
  com_release(a->opener);
  com_release(a->features);
  com_release(a->new_window);
  free(a->uri);
}
static void destroy_deferral(Obj *o) {
  Deferral *d = (Deferral *)o;
  if (d->args->deferral == d) d->args->deferral = NULL;
  com_release(d->args);
}


/* The request's outcome, once its handlers returned without a deferral or its deferral completed. */
static void new_window_decide(NewWindowArgs *a) {
  if (a->decided) return;
  a->decided = TRUE;
  const wchar_t *url = a->uri && *a->uri ? a->uri : L"about:blank";
  if (a->new_window) {
    WebView *popup = a->new_window;
    popup->script_opened = TRUE;
    if (!a->noopener && a->opener && !a->opener->closed) {
      com_addref(a->opener);
      popup->opener = a->opener;
    }
    if (!popup->closed && !browser_gone(popup->env)) begin_navigation(popup, NAV_URL, url, NULL, a->user_initiated);
    return;
  }
  if (a->handled) return; /* window.open gets a window that loads nothing */
  fprintf(stderr, "test runtime: NewWindowRequested was neither handled nor given a NewWindow: the runtime opens a popup of its own for %ls\n", url);
  fflush(stderr);
  wchar_t title[1024];
  _snwprintf(title, 1023, L"WebView2 runtime popup - %ls", url);
  title[1023] = 0;
  CreateWindowExW(0, L"STATIC", title, WS_OVERLAPPEDWINDOW | WS_VISIBLE, CW_USEDEFAULT, CW_USEDEFAULT, 400, 300, NULL, NULL, GetModuleHandleW(NULL), NULL);
}

/* Called by deliver_now once every NewWindowRequested handler has returned. */
static void new_window_handlers_returned(WebView *w, void *args) {
  (void)w;
  NewWindowArgs *a = args;
  a->in_handlers = FALSE;
  if (!a->deferred) new_window_decide(a);
}

/* Raises NewWindowRequested on the opener (page.c's window.open and activated anchors). */
static void raise_new_window(WebView *opener, const wchar_t *url, BOOL user_initiated, BOOL noopener, BOOL has_size, UINT32 width, UINT32 height) {
  NewWindowArgs *a = new_obj(sizeof *a, new_window_args_vtbl, &IID_NewWindowRequestedEventArgs, NULL, destroy_new_window_args);
  a->opener = opener;
  com_addref(opener);
  a->uri = _wcsdup(url);
  a->user_initiated = user_initiated;
  a->noopener = noopener;
  a->in_handlers = TRUE; /* from its delivery on: no other code touches it before */
  a->features = new_obj(sizeof *a->features, window_features_vtbl, &IID_WindowFeatures, NULL, NULL);
  a->features->has_size = has_size;
  a->features->width = width;
  a->features->height = height;
  queue_event(opener, EVENT_NEW_WINDOW_REQUESTED, a);
}

/* ---- what page.c's scripts do ---- */

/* `window.open(` at p: its literal arguments (url, name, features). */
static void script_window_open(WebView *w, const wchar_t *page_url, const wchar_t *p) {
  WBuf url = {0}, name = {0}, features = {0};
  const wchar_t *q = p + 12;
  while (*q == L' ') q++;
  q = string_literal(q, &url);
  for (WBuf *next = &name; q && next; next = next == &name ? &features : NULL) {
    while (*q == L' ') q++;
    if (*q != L',') break;
    q++;
    while (*q == L' ') q++;
    q = string_literal(q, next);
  }
  wchar_t *resolved = resolve_url(page_url, url.text ? url.text : L"about:blank");
  const wchar_t *f = features.text ? features.text : L"";
  const wchar_t *width = wcsstr(f, L"width="), *height = wcsstr(f, L"height=");
  raise_new_window(w, resolved, FALSE, wcsstr(f, L"noopener") != NULL, width && height,
                   width ? (UINT32)_wtoi(width + 6) : 0, height ? (UINT32)_wtoi(height + 7) : 0);
  free(resolved);
  free(url.text);
  free(name.text);
  free(features.text);
}

/* An anchor with the documented marker, activated as a user's click while its page loads. */
static void page_anchor(WebView *w, const wchar_t *page_url, const wchar_t *tag, const wchar_t *end) {
  size_t n, t, r;
  const wchar_t *href = attribute(tag, end, L"href", &n);
  const wchar_t *target = attribute(tag, end, L"target", &t);
  if (!href || !target || t != 6 || _wcsnicmp(target, L"_blank", 6) != 0) return;
  BOOL marked = FALSE;
  for (const wchar_t *p = tag; p < end; p++) if (_wcsnicmp(p, L"data-webview2-test-click", 24) == 0) marked = TRUE;
  if (!marked) return;
  const wchar_t *rel = attribute(tag, end, L"rel", &r);
  BOOL keeps_opener = rel && r >= 6 && wcsstr(rel, L"opener") && !wcsstr(rel, L"noopener");
  wchar_t *raw = calloc(n + 1, sizeof(wchar_t));
  wcsncpy(raw, href, n);
  wchar_t *url = resolve_url(page_url, raw);
  raise_new_window(w, url, TRUE, !keeps_opener, FALSE, 0, 0);
  free(url);
  free(raw);
}

static void close_args_destroy(Obj *o) { (void)o; }

static void script_window_close(WebView *w, const wchar_t *doc, const wchar_t *at, const wchar_t *url) {
  PageState *page = page_of(w);
  if (!w->script_opened && page->history_count > 1) {
    static const wchar_t warning[] = L"Scripts may close only the windows that were opened by them.";
    emit_console(w, doc, at, url, L"warning", warning, wcslen(warning));
    return;
  }
  queue_event(w, EVENT_WINDOW_CLOSE_REQUESTED, new_obj(sizeof(Obj), close_args_vtbl, NULL, NULL, close_args_destroy));
}

/* `window.opener.postMessage(` at p, with a literal message. */
static void script_post_to_opener(WebView *w, const wchar_t *doc, const wchar_t *p, const wchar_t *url) {
  if (!w->opener) {
    static const wchar_t message[] = L"Cannot read properties of null (reading 'postMessage')";
    emit_exception(w, doc, p, url, L"Uncaught", L"TypeError", message, wcslen(message));
    return;
  }
  WebView *opener = w->opener;
  PageState *there = page_of(opener);
  if (opener->closed || !there->document) return;
  WBuf data = {0};
  if (!string_literal(p + 26, &data)) return;
  /* The opener's listener, if it has one of the modelled shape. */
  const wchar_t *listener = wcsstr(there->document, L"addEventListener(\"message\"");
  if (!listener) listener = wcsstr(there->document, L"addEventListener('message'");
  const wchar_t *log = listener ? wcsstr(listener, L"console.log(") : NULL;
  const wchar_t *close = log ? wcschr(log, L')') : NULL;
  if (log && close && log - listener < 200 && close - log > 17 && wcsncmp(close - 5, L".data", 5) == 0) {
    emit_console(opener, there->document, log, opener->source ? opener->source : L"", L"log", data.text ? data.text : L"", data.length);
  }
  free(data.text);
}

/* A cookie set by a page: replaces the one of its name, domain and path, in the store every webview of the environment reads. */
static void upsert_cookie(Environment *env, const CookieData *c) {
  int i = 0;
  for (; i < env->cookie_count; i++) {
    const CookieData *o = &env->cookies[i];
    if (wcscmp(o->name, c->name) == 0 && _wcsicmp(o->domain, c->domain) == 0 && wcscmp(o->path, c->path) == 0) break;
  }
  if (i == env->cookie_count && env->cookie_count == MAX_COOKIES) return;
  if (i == env->cookie_count) env->cookie_count++;
  env->cookies[i] = *c;
  save_cookies(env);
}

/* `document.cookie = "name=value[; path=/p]"` at p, on an http(s) page. */
static void script_set_cookie(WebView *w, const wchar_t *p, const wchar_t *url) {
  const wchar_t *q = p + 15;
  while (*q == L' ' || *q == L'=') q++;
  WBuf text = {0};
  if (!string_literal(q, &text) || !text.text) return;
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  const wchar_t *eq = wcschr(text.text, L'=');
  if (eq && (_wcsicmp(scheme, L"http") == 0 || _wcsicmp(scheme, L"https") == 0)) {
    CookieData c;
    memset(&c, 0, sizeof c);
    size_t nl = eq - text.text, vl = wcscspn(eq + 1, L";");
    wcsncpy(c.name, text.text, nl < 127 ? nl : 127);
    wcsncpy(c.value, eq + 1, vl < 511 ? vl : 511);
    wcsncpy(c.domain, host, 255);
    const wchar_t *at = wcsstr(text.text, L"path=");
    size_t pl = at ? wcscspn(at + 5, L";") : 0;
    if (at && pl) wcsncpy(c.path, at + 5, pl < 255 ? pl : 255);
    else wcscpy(c.path, L"/");
    c.expires = -1;
    c.same_site = 1; /* Lax, Chromium's default */
    upsert_cookie(w->env, &c);
  }
  free(text.text);
}

/* ---- the COM side ---- */

static HRESULT STDMETHODCALLTYPE nwa_get_uri(NewWindowArgs *s, LPWSTR *v) { if (!v) return E_POINTER; *v = task_string(s->uri); return S_OK; }
static HRESULT STDMETHODCALLTYPE nwa_get_handled(NewWindowArgs *s, BOOL *v) { if (!v) return E_POINTER; *v = s->handled; return S_OK; }
static HRESULT STDMETHODCALLTYPE nwa_put_handled(NewWindowArgs *s, BOOL v) { if (!s->decided) s->handled = v; return S_OK; }
static HRESULT STDMETHODCALLTYPE nwa_get_is_user_initiated(NewWindowArgs *s, BOOL *v) { if (!v) return E_POINTER; *v = s->user_initiated; return S_OK; }
static HRESULT STDMETHODCALLTYPE nwa_get_new_window(NewWindowArgs *s, void **v) {
  if (!v) return E_POINTER;
  com_addref(s->new_window);
  *v = s->new_window;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE nwa_get_window_features(NewWindowArgs *s, void **v) {
  if (!v) return E_POINTER;
  com_addref(s->features);
  *v = s->features;
  return S_OK;
}

static HRESULT refuse_new_window(HRESULT hr, const char *why) {
  fprintf(stderr, "test runtime: put_NewWindow refused (0x%08lX): %s\n", (unsigned long)hr, why);
  fflush(stderr);
  return hr;
}

static HRESULT STDMETHODCALLTYPE nwa_put_new_window(NewWindowArgs *s, void *value) {
  if (!value) return E_POINTER;
  WebView *w = ((Obj *)value)->vtbl == webview_vtbl ? value : NULL;
  if (!w) return refuse_new_window(E_INVALIDARG, "not a webview of this runtime");
  if (s->decided) return refuse_new_window(HRESULT_FROM_WIN32(ERROR_INVALID_STATE), "the request was already decided (its handlers returned without a deferral, or its deferral completed)");
  if (s->new_window) return refuse_new_window(HRESULT_FROM_WIN32(ERROR_INVALID_STATE), "NewWindow was already set; it cannot be changed");
  if (w->env != s->opener->env) return refuse_new_window(E_INVALIDARG, "the new window must be a webview of the opener's environment (the same profile)");
  if (w->closed) return refuse_new_window(HRESULT_FROM_WIN32(ERROR_INVALID_STATE), "the webview's controller was closed");
  if (w->navigation_id > 0) return refuse_new_window(HRESULT_FROM_WIN32(ERROR_INVALID_STATE), "the webview has navigated already; a new window must not have been navigated");
  com_addref(w);
  s->new_window = w;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE nwa_get_deferral(NewWindowArgs *s, void **out) {
  if (!out) return E_POINTER;
  *out = NULL;
  if (!s->in_handlers || s->decided) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE); /* only inside the handler */
  if (!s->deferral) {
    Deferral *d = new_obj(sizeof *d, deferral_vtbl, &IID_Deferral, NULL, destroy_deferral);
    d->args = s;
    com_addref(s);
    s->deferral = d; /* weak: the host owns the reference handed out */
    s->deferred = TRUE;
    *out = d;
    return S_OK;
  }
  com_addref(s->deferral);
  *out = s->deferral;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE deferral_complete(Deferral *d) {
  if (d->completed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  d->completed = TRUE;
  if (!d->args->in_handlers) new_window_decide(d->args); /* inside the handler: decided when it returns */
  else d->args->deferred = FALSE;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE wf_get_has_size(WindowFeatures *s, BOOL *v) { if (!v) return E_POINTER; *v = s->has_size; return S_OK; }
static HRESULT STDMETHODCALLTYPE wf_get_false(WindowFeatures *s, BOOL *v) { (void)s; if (!v) return E_POINTER; *v = FALSE; return S_OK; }
static HRESULT STDMETHODCALLTYPE wf_get_zero(WindowFeatures *s, UINT32 *v) { (void)s; if (!v) return E_POINTER; *v = 0; return S_OK; }
static HRESULT STDMETHODCALLTYPE wf_get_width(WindowFeatures *s, UINT32 *v) { if (!v) return E_POINTER; *v = s->width; return S_OK; }
static HRESULT STDMETHODCALLTYPE wf_get_height(WindowFeatures *s, UINT32 *v) { if (!v) return E_POINTER; *v = s->height; return S_OK; }

static HRESULT STDMETHODCALLTYPE webview_add_new_window_requested(WebView *s, void *h, INT64 *t) { return add_handler(s, EVENT_NEW_WINDOW_REQUESTED, &IID_NewWindowRequestedEventHandler, h, t); }
static HRESULT STDMETHODCALLTYPE webview_remove_new_window_requested(WebView *s, INT64 t) { return remove_handler(s, EVENT_NEW_WINDOW_REQUESTED, t); }
static HRESULT STDMETHODCALLTYPE webview_add_window_close_requested(WebView *s, void *h, INT64 *t) { return add_handler(s, EVENT_WINDOW_CLOSE_REQUESTED, &IID_WindowCloseRequestedEventHandler, h, t); }
static HRESULT STDMETHODCALLTYPE webview_remove_window_close_requested(WebView *s, INT64 t) { return remove_handler(s, EVENT_WINDOW_CLOSE_REQUESTED, t); }

static void new_window_install(void) {
  webview_vtbl[WV_ADD_NEW_WINDOW_REQUESTED] = (void *)webview_add_new_window_requested;
  webview_vtbl[WV_REMOVE_NEW_WINDOW_REQUESTED] = (void *)webview_remove_new_window_requested;
  webview_vtbl[WV_ADD_WINDOW_CLOSE_REQUESTED] = (void *)webview_add_window_close_requested;
  webview_vtbl[WV_REMOVE_WINDOW_CLOSE_REQUESTED] = (void *)webview_remove_window_close_requested;
  init_vtbl(new_window_args_vtbl, NWA_SLOTS);
  new_window_args_vtbl[NWA_GET_URI] = (void *)nwa_get_uri;
  new_window_args_vtbl[NWA_PUT_NEW_WINDOW] = (void *)nwa_put_new_window;
  new_window_args_vtbl[NWA_GET_NEW_WINDOW] = (void *)nwa_get_new_window;
  new_window_args_vtbl[NWA_PUT_HANDLED] = (void *)nwa_put_handled;
  new_window_args_vtbl[NWA_GET_HANDLED] = (void *)nwa_get_handled;
  new_window_args_vtbl[NWA_GET_IS_USER_INITIATED] = (void *)nwa_get_is_user_initiated;
  new_window_args_vtbl[NWA_GET_DEFERRAL] = (void *)nwa_get_deferral;
  new_window_args_vtbl[NWA_GET_WINDOW_FEATURES] = (void *)nwa_get_window_features;
  init_vtbl(window_features_vtbl, WF_SLOTS);
  window_features_vtbl[WF_GET_HAS_POSITION] = (void *)wf_get_false;
  window_features_vtbl[WF_GET_HAS_SIZE] = (void *)wf_get_has_size;
  window_features_vtbl[WF_GET_LEFT] = (void *)wf_get_zero;
  window_features_vtbl[WF_GET_TOP] = (void *)wf_get_zero;
  window_features_vtbl[WF_GET_HEIGHT] = (void *)wf_get_height;
  window_features_vtbl[WF_GET_WIDTH] = (void *)wf_get_width;
  init_vtbl(deferral_vtbl, DEF_SLOTS);
  deferral_vtbl[DEF_COMPLETE] = (void *)deferral_complete;
  init_vtbl(close_args_vtbl, 3);
}
