/*
 * Navigation events of the test runtime, and what starts a navigation besides the host. Included
 * by runtime.c after navigate_with.
 *   NavigationStarting (ICoreWebView2 add/remove_NavigationStarting): every navigation (Navigate,
 *     NavigateToString, Reload and Page.reload, GoBack/GoForward, a link, a script) raises it
 *     first, with its NavigationId, Uri and IsUserInitiated (TRUE for the host's API calls and for
 *     a click, FALSE for a page's script, as documented); the navigation waits for its handlers.
 *     Cancel set while they run cancels it: NavigationCompleted then arrives with IsSuccess FALSE
 *     and WebErrorStatus OPERATION_CANCELED, and Source does not change. A set after they returned
 *     changes nothing. IsRedirected is FALSE; RequestHeaders is not modelled (E_NOTIMPL).
 *   WebResourceRequested, for documents: an http, https or file document whose URI (its fragment
 *     removed) matches a filter added for the DOCUMENT or ALL context (AddWebResourceRequestedFilter:
 *     a glob, `*` any run, `?` one character, `\` before either makes it literal) raises it after
 *     NavigationStarting, when the host has a handler. A Response put while the handlers run
 *     (one made by CreateWebResourceResponse; any other object is refused) completes the request:
 *     the document is its content, read as UTF-8 from the stream's current position, the
 *     navigation succeeds with its status for 2xx and 3xx, and nothing is fetched, resolved or
 *     checked for certificates. A port browsers refuse fails before either request event, as in
 *     Chromium. RemoveWebResourceRequestedFilter answers E_INVALIDARG for a filter never added.
 *   Stop, or a newer navigation, cancels a navigation still waiting for these handlers; but a page's
 *     script does not replace a navigation of the host or the user still waiting: it is dropped, as
 *     Chromium ignores a renderer-initiated navigation without a user gesture then.
 *   A test clicks the n-th link (<a href>, 1-based, in document order) of the page with the
 *     registered message WebView2TestPageClick posted to the page window, wParam n: a
 *     user-initiated navigation to its href (entities decoded, resolved against the page's URL).
 *   A page's inline `location.href = "<url>"` navigates it once its NavigationCompleted was
 *     delivered, as script would: not user-initiated.
 * Without a NavigationStarting handler a navigation starts at once, as it did before the host
 * subscribed.
 */

#define MAX_SERVED_BYTES (4 * 1024 * 1024)

static HRESULT add_handler(WebView *w, int event, const GUID *iid, void *handler, INT64 *token); /* runtime.c */
static HRESULT remove_handler(WebView *w, int event, INT64 token);

typedef struct Pending {
  int kind; /* NAV_URL, NAV_STRING, NAV_RELOAD, NAV_TRAVERSE (controls.c) */
  wchar_t *url, *html;
  BOOL user;
  int reload_kind, target;
  UINT64 id;
  BOOL stopped; /* Stop, or a newer navigation, while it waited for the host's handlers */
} Pending;

typedef struct ResourceFilter {
  wchar_t *pattern;
  int context;
  struct ResourceFilter *next;
} ResourceFilter;

typedef struct { Obj base; WebView *webview; Pending *pending; wchar_t *uri; UINT64 id; BOOL user, cancel, decided; } NavigationStartingArgs;
typedef struct { Obj base; wchar_t *uri; } ResourceRequest;
typedef struct { Obj base; void *content; int status; wchar_t *reason, *headers; } ResourceResponse;
typedef struct { Obj base; WebView *webview; ResourceRequest *request; ResourceResponse *response; Pending *pending; BOOL decided; } ResourceRequestedArgs;

static void *navigation_starting_args_vtbl[NSA_SLOTS], *resource_args_vtbl[WRA_SLOTS], *resource_request_vtbl[WRQ_SLOTS],
    *resource_response_vtbl[WRS_SLOTS];
static UINT page_click_message;

/* ---- pending navigations ---- */

static Pending *begin_pending(int kind, const wchar_t *url, const wchar_t *html, BOOL user) {
  Pending *p = calloc(1, sizeof *p);
  p->kind = kind;
  p->url = _wcsdup(url ? url : L"about:blank");
  p->html = html ? _wcsdup(html) : NULL;
  p->user = user;
  return p;
}
static void pending_traverse_to(Pending *p, int target) { p->target = target; }
static void free_pending(Pending *p) {
  if (!p) return;
  free(p->url);
  free(p->html);
  free(p);
}

static BOOL has_handlers(WebView *w, int event) {
  Registration *list = registrations(w, event);
  for (int i = 0; i < MAX_HANDLERS; i++) if (list[i].handler) return TRUE;
  return FALSE;
}

/* The navigation goes ahead: navigate_with, as the kind of navigation says. */
static void finish_pending(WebView *w, Pending *p, const Served *served) {
  PageState *page = page_of(w);
  if (p->kind == NAV_STRING) {
    navigate_with(w, L"about:blank", p->html, p->id, NULL);
  } else if (p->kind == NAV_RELOAD) {
    page->reload_kind = p->reload_kind;
    navigate_with(w, p->url, NULL, p->id, served);
    page->reload_kind = RELOAD_NONE;
  } else if (p->kind == NAV_TRAVERSE) {
    if (p->target >= 0 && p->target < page->history_count && wcscmp(page->history_url[p->target], p->url) == 0) page->history_index = p->target;
    traversing = TRUE;
    navigate_with(w, p->url, served ? NULL : p->html, p->id, served);
    traversing = FALSE;
  } else {
    navigate_with(w, p->url, NULL, p->id, served);
  }
  free_pending(p);
}

/* Cancelled before it started: OPERATION_CANCELED, Source unchanged. */
static void cancel_pending(WebView *w, Pending *p) {
  NavigationArgs *n = new_obj(sizeof *n, navigation_args_vtbl, &IID_NavigationCompletedEventArgs, &IID_NavigationCompletedEventArgs2, NULL);
  n->success = FALSE;
  n->status = WEB_ERROR_STATUS_OPERATION_CANCELED;
  n->http_status = 0;
  n->id = p->id;
  queue_event(w, EVENT_NAVIGATION_COMPLETED, n);
  free_pending(p);
}

/* ---- WebResourceRequested filters ---- */

/* A glob of WebView2's filters: `*` any run, `?` one character, `\*` and `\?` themselves. */
static BOOL glob_match(const wchar_t *p, const wchar_t *s) {
  while (*p) {
    if (*p == L'*') {
      while (*p == L'*') p++;
      if (!*p) return TRUE;
      for (const wchar_t *t = s;; t++) {
        if (glob_match(p, t)) return TRUE;
        if (!*t) return FALSE;
      }
    }
    if (*p == L'?') {
      if (!*s) return FALSE;
      p++;
      s++;
      continue;
    }
    if (*p == L'\\' && (p[1] == L'*' || p[1] == L'?')) p++;
    if (*p != *s) return FALSE;
    p++;
    s++;
  }
  return *s == 0;
}

/* The URI a document request is matched and reported with: its fragment removed. */
static wchar_t *request_uri(const wchar_t *url) {
  size_t n = wcscspn(url, L"#");
  wchar_t *uri = calloc(n + 1, sizeof(wchar_t));
  wcsncpy(uri, url, n);
  return uri;
}

static BOOL document_filter_matches(WebView *w, const wchar_t *uri) {
  for (ResourceFilter *f = w->filters; f; f = f->next) {
    if ((f->context == WEB_RESOURCE_CONTEXT_ALL || f->context == WEB_RESOURCE_CONTEXT_DOCUMENT) && glob_match(f->pattern, uri)) return TRUE;
  }
  return FALSE;
}

static BOOL raises_resource_requested(WebView *w, const wchar_t *url) {
  BOOL web = _wcsnicmp(url, L"http://", 7) == 0 || _wcsnicmp(url, L"https://", 8) == 0;
  if (!web && _wcsnicmp(url, L"file:", 5) != 0) return FALSE;
  int port = web ? url_port(url) : -1;
  if (port >= 0 && is_bad_port(port)) return FALSE; /* refused before any request, as in Chromium */
  if (!has_handlers(w, EVENT_WEB_RESOURCE_REQUESTED)) return FALSE;
  wchar_t *uri = request_uri(url);
  BOOL match = document_filter_matches(w, uri);
  free(uri);
  return match;
}

static HRESULT STDMETHODCALLTYPE webview_add_resource_filter(WebView *self, LPCWSTR uri, int context) {
  if (context < WEB_RESOURCE_CONTEXT_ALL || context > WEB_RESOURCE_CONTEXT_OTHER) return E_INVALIDARG;
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  ResourceFilter *f = calloc(1, sizeof *f);
  f->pattern = _wcsdup(uri ? uri : L""); /* NULL is the empty string: it matches nothing */
  f->context = context;
  f->next = self->filters;
  self->filters = f;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE webview_remove_resource_filter(WebView *self, LPCWSTR uri, int context) {
  for (ResourceFilter **at = &self->filters; *at; at = &(*at)->next) {
    ResourceFilter *f = *at;
    if (f->context != context || wcscmp(f->pattern, uri ? uri : L"") != 0) continue;
    *at = f->next;
    free(f->pattern);
    free(f);
    return S_OK;
  }
  return E_INVALIDARG;
}
static void free_filters(WebView *w) {
  while (w->filters) {
    ResourceFilter *f = w->filters;
    w->filters = f->next;
    free(f->pattern);
    free(f);
  }
}

/* ---- starting a navigation ---- */

static void ask_for_resource(WebView *w, Pending *p);

/* After NavigationStarting: WebResourceRequested where a filter asks for it, else the document. */
static void proceed_pending(WebView *w, Pending *p) {
  if (p->kind != NAV_STRING && raises_resource_requested(w, p->url)) ask_for_resource(w, p);
  else finish_pending(w, p, NULL);
}

static void destroy_navigation_starting_args(Obj *o) {
  NavigationStartingArgs *a = (NavigationStartingArgs *)o;
  if (a->webview && a->webview->page && a->webview->page->waiting == a->pending) a->webview->page->waiting = NULL;
  free_pending(a->pending);
  free(a->uri);
  com_release(a->webview);
}

/* A navigation of this webview starts: NavigationStarting first, when the host listens. */
static void start_pending(WebView *w, Pending *p) {
  PageState *page = page_of(w);
  if (!p->user && page->waiting && page->waiting->user) {
    free_pending(p);
    return;
  }
  p->id = ++w->navigation_id;
  if (page->waiting) page->waiting->stopped = TRUE; /* this one replaces a navigation not started yet */
  page->waiting = NULL;
  if (!has_handlers(w, EVENT_NAVIGATION_STARTING)) {
    proceed_pending(w, p);
    return;
  }
  NavigationStartingArgs *a = new_obj(sizeof *a, navigation_starting_args_vtbl, &IID_NavigationStartingEventArgs, NULL, destroy_navigation_starting_args);
  a->webview = w;
  com_addref(w);
  a->pending = p;
  a->uri = _wcsdup(p->url);
  a->id = p->id;
  a->user = p->user;
  page->waiting = p;
  queue_event(w, EVENT_NAVIGATION_STARTING, a);
}

static void begin_navigation(WebView *w, int kind, const wchar_t *url, const wchar_t *html, BOOL user) {
  start_pending(w, begin_pending(kind, url, html, user));
}

/* Called by deliver_now once every NavigationStarting handler has returned. */
static void navigation_start_decided(WebView *w, void *args) {
  NavigationStartingArgs *a = args;
  a->decided = TRUE;
  Pending *p = a->pending;
  a->pending = NULL;
  if (!p) return;
  if (w->page && w->page->waiting == p) w->page->waiting = NULL;
  if (a->cancel || p->stopped) cancel_pending(w, p);
  else proceed_pending(w, p);
}

/* Stop: the navigation waiting for the host's handlers will not start. */
static void stop_pending(WebView *w) {
  if (w->page && w->page->waiting) w->page->waiting->stopped = TRUE;
}

static HRESULT STDMETHODCALLTYPE starting_get_uri(NavigationStartingArgs *s, LPWSTR *v) { if (!v) return E_POINTER; *v = task_string(s->uri); return S_OK; }
static HRESULT STDMETHODCALLTYPE starting_get_user(NavigationStartingArgs *s, BOOL *v) { if (!v) return E_POINTER; *v = s->user; return S_OK; }
static HRESULT STDMETHODCALLTYPE starting_get_redirected(NavigationStartingArgs *s, BOOL *v) { (void)s; if (!v) return E_POINTER; *v = FALSE; return S_OK; }
static HRESULT STDMETHODCALLTYPE starting_get_cancel(NavigationStartingArgs *s, BOOL *v) { if (!v) return E_POINTER; *v = s->cancel; return S_OK; }
static HRESULT STDMETHODCALLTYPE starting_put_cancel(NavigationStartingArgs *s, BOOL v) {
  if (!s->decided) s->cancel = v != FALSE; /* after the handlers returned, without a deferral: no effect */
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE starting_get_id(NavigationStartingArgs *s, UINT64 *v) { if (!v) return E_POINTER; *v = s->id; return S_OK; }

/* ---- WebResourceRequested ---- */

static void destroy_resource_request(Obj *o) { free(((ResourceRequest *)o)->uri); }
static void destroy_resource_response(Obj *o) {
  ResourceResponse *r = (ResourceResponse *)o;
  com_release(r->content);
  free(r->reason);
  free(r->headers);
}
static void destroy_resource_args(Obj *o) {
  ResourceRequestedArgs *a = (ResourceRequestedArgs *)o;
  if (a->webview && a->webview->page && a->webview->page->waiting == a->pending) a->webview->page->waiting = NULL;
  free_pending(a->pending);
  com_release(a->request);
  com_release(a->response);
  com_release(a->webview);
}

static void ask_for_resource(WebView *w, Pending *p) {
  ResourceRequestedArgs *a = new_obj(sizeof *a, resource_args_vtbl, &IID_WebResourceRequestedEventArgs, NULL, destroy_resource_args);
  a->webview = w;
  com_addref(w);
  a->request = new_obj(sizeof *a->request, resource_request_vtbl, &IID_WebResourceRequest, NULL, destroy_resource_request);
  a->request->uri = request_uri(p->url);
  a->pending = p;
  page_of(w)->waiting = p;
  queue_event(w, EVENT_WEB_RESOURCE_REQUESTED, a);
}

typedef HRESULT(STDMETHODCALLTYPE *StreamReadFn)(void *, void *, ULONG, ULONG *);

/* A response's content, read from the stream's current position, as text (UTF-8). */
static wchar_t *response_text(ResourceResponse *r) {
  if (!r->content) return _wcsdup(L"");
  char *bytes = malloc(MAX_SERVED_BYTES + 1);
  if (!bytes) return _wcsdup(L"");
  ULONG got = 0;
  for (;;) {
    ULONG n = 0;
    HRESULT hr = ((StreamReadFn)((ComObject *)r->content)->vtbl[STREAM_READ])(r->content, bytes + got, MAX_SERVED_BYTES - got, &n);
    got += n;
    if (FAILED(hr) || n == 0 || got >= MAX_SERVED_BYTES) break;
  }
  wchar_t *text = utf8_to_wide(bytes, (int)got);
  free(bytes);
  return text;
}

/* Called by deliver_now once every WebResourceRequested handler has returned. */
static void resource_request_decided(WebView *w, void *args) {
  ResourceRequestedArgs *a = args;
  a->decided = TRUE;
  Pending *p = a->pending;
  a->pending = NULL;
  if (!p) return;
  if (w->page && w->page->waiting == p) w->page->waiting = NULL;
  if (p->stopped) {
    cancel_pending(w, p);
    return;
  }
  if (!a->response) {
    finish_pending(w, p, NULL);
    return;
  }
  wchar_t *body = response_text(a->response);
  Served served = { body, a->response->status };
  finish_pending(w, p, &served);
  free(body);
}

static HRESULT STDMETHODCALLTYPE resource_args_get_request(ResourceRequestedArgs *s, void **v) {
  if (!v) return E_POINTER;
  com_addref(s->request);
  *v = s->request;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE resource_args_get_response(ResourceRequestedArgs *s, void **v) {
  if (!v) return E_POINTER;
  com_addref(s->response);
  *v = s->response;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE resource_args_put_response(ResourceRequestedArgs *s, void *response) {
  if (response && ((ComObject *)response)->vtbl != resource_response_vtbl) return E_INVALIDARG; /* only CreateWebResourceResponse's */
  if (s->decided) return S_OK; /* after the handlers returned, without a deferral: no effect */
  com_addref(response);
  com_release(s->response);
  s->response = response;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE resource_args_get_context(ResourceRequestedArgs *s, int *v) { (void)s; if (!v) return E_POINTER; *v = WEB_RESOURCE_CONTEXT_DOCUMENT; return S_OK; }
static HRESULT STDMETHODCALLTYPE resource_request_get_uri(ResourceRequest *s, LPWSTR *v) { if (!v) return E_POINTER; *v = task_string(s->uri); return S_OK; }
static HRESULT STDMETHODCALLTYPE resource_request_get_method(ResourceRequest *s, LPWSTR *v) { (void)s; if (!v) return E_POINTER; *v = task_string(L"GET"); return S_OK; }
static HRESULT STDMETHODCALLTYPE resource_response_get_status(ResourceResponse *s, int *v) { if (!v) return E_POINTER; *v = s->status; return S_OK; }
static HRESULT STDMETHODCALLTYPE resource_response_get_reason(ResourceResponse *s, LPWSTR *v) { if (!v) return E_POINTER; *v = task_string(s->reason); return S_OK; }

static HRESULT STDMETHODCALLTYPE environment_create_web_resource_response(Environment *self, void *content, int status, LPCWSTR reason, LPCWSTR headers, void **out) {
  (void)self;
  if (!out) return E_POINTER;
  *out = NULL;
  if (status < 100 || status > 599) return E_INVALIDARG;
  ResourceResponse *r = new_obj(sizeof *r, resource_response_vtbl, &IID_WebResourceResponse, NULL, destroy_resource_response);
  r->content = content;
  com_addref(content);
  r->status = status;
  r->reason = _wcsdup(reason ? reason : L"");
  r->headers = _wcsdup(headers ? headers : L"");
  *out = r;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE webview_add_navigation_starting(WebView *s, void *h, INT64 *t) { return add_handler(s, EVENT_NAVIGATION_STARTING, &IID_NavigationStartingEventHandler, h, t); }
static HRESULT STDMETHODCALLTYPE webview_remove_navigation_starting(WebView *s, INT64 t) { return remove_handler(s, EVENT_NAVIGATION_STARTING, t); }
static HRESULT STDMETHODCALLTYPE webview_add_resource_requested(WebView *s, void *h, INT64 *t) { return add_handler(s, EVENT_WEB_RESOURCE_REQUESTED, &IID_WebResourceRequestedEventHandler, h, t); }
static HRESULT STDMETHODCALLTYPE webview_remove_resource_requested(WebView *s, INT64 t) { return remove_handler(s, EVENT_WEB_RESOURCE_REQUESTED, t); }

/* ---- what the page starts: a clicked link, a script's location.href ---- */

/* An attribute value as the page means it: &amp; &quot; &#39; &lt; &gt; decoded. */
static wchar_t *decode_entities(const wchar_t *v, size_t n) {
  static const struct { const wchar_t *name; wchar_t ch; } entities[] = {{L"&amp;", L'&'}, {L"&quot;", L'"'}, {L"&#39;", L'\''}, {L"&lt;", L'<'}, {L"&gt;", L'>'}};
  wchar_t *out = calloc(n + 1, sizeof(wchar_t));
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    BOOL done = FALSE;
    for (size_t e = 0; e < sizeof entities / sizeof entities[0] && !done; e++) {
      size_t len = wcslen(entities[e].name);
      if (i + len <= n && wcsncmp(v + i, entities[e].name, len) == 0) { out[o++] = entities[e].ch; i += len; done = TRUE; }
    }
    if (!done) out[o++] = v[i++];
  }
  return out;
}

/* The test clicks the n-th link of the page: a user-initiated navigation to it. */
static void page_click_link(WebView *w, int n) {
  PageState *page = page_of(w);
  if (!page->document || n < 1) return;
  int seen = 0;
  for (const wchar_t *p = wcschr(page->document, L'<'); p; p = wcschr(p + 1, L'<')) {
    const wchar_t *end = wcschr(p, L'>');
    if (!end) return;
    size_t length;
    const wchar_t *ref;
    if (_wcsnicmp(p, L"<a", 2) != 0 || !iswspace(p[2]) || !(ref = attribute(p, end, L"href", &length)) || ++seen != n) continue;
    wchar_t *raw = decode_entities(ref, length);
    wchar_t *url = resolve_url(w->source ? w->source : L"about:blank", raw);
    begin_navigation(w, NAV_URL, url, NULL, TRUE);
    free(url);
    free(raw);
    return;
  }
}

static void deliver_script_navigation(Job *job) {
  if (!job->webview->closed) begin_navigation(job->webview, NAV_URL, job->data, NULL, FALSE);
  free(job->data);
}

/* After the page's NavigationCompleted: the navigation its script asked for, if any. */
static void queue_script_navigation(WebView *w) {
  PageState *page = page_of(w);
  if (!page->script_navigation) return;
  Job *job = new_job(JOB_EVENT, "events", w->env->delivery);
  job->webview = w;
  com_addref(w);
  job->run = deliver_script_navigation;
  job->data = page->script_navigation;
  page->script_navigation = NULL;
  enqueue(job);
}

static void navigation_events_install(void) {
  page_click_message = RegisterWindowMessageW(L"WebView2TestPageClick");
  webview_vtbl[WV_ADD_NAVIGATION_STARTING] = (void *)webview_add_navigation_starting;
  webview_vtbl[WV_REMOVE_NAVIGATION_STARTING] = (void *)webview_remove_navigation_starting;
  webview_vtbl[WV_ADD_WEB_RESOURCE_REQUESTED] = (void *)webview_add_resource_requested;
  webview_vtbl[WV_REMOVE_WEB_RESOURCE_REQUESTED] = (void *)webview_remove_resource_requested;
  webview_vtbl[WV_ADD_WEB_RESOURCE_REQUESTED_FILTER] = (void *)webview_add_resource_filter;
  webview_vtbl[WV_REMOVE_WEB_RESOURCE_REQUESTED_FILTER] = (void *)webview_remove_resource_filter;
  init_vtbl(navigation_starting_args_vtbl, NSA_SLOTS);
  navigation_starting_args_vtbl[NSA_GET_URI] = (void *)starting_get_uri;
  navigation_starting_args_vtbl[NSA_GET_IS_USER_INITIATED] = (void *)starting_get_user;
  navigation_starting_args_vtbl[NSA_GET_IS_REDIRECTED] = (void *)starting_get_redirected;
  navigation_starting_args_vtbl[NSA_GET_CANCEL] = (void *)starting_get_cancel;
  navigation_starting_args_vtbl[NSA_PUT_CANCEL] = (void *)starting_put_cancel;
  navigation_starting_args_vtbl[NSA_GET_NAVIGATION_ID] = (void *)starting_get_id;
  init_vtbl(resource_args_vtbl, WRA_SLOTS);
  resource_args_vtbl[WRA_GET_REQUEST] = (void *)resource_args_get_request;
  resource_args_vtbl[WRA_GET_RESPONSE] = (void *)resource_args_get_response;
  resource_args_vtbl[WRA_PUT_RESPONSE] = (void *)resource_args_put_response;
  resource_args_vtbl[WRA_GET_RESOURCE_CONTEXT] = (void *)resource_args_get_context;
  init_vtbl(resource_request_vtbl, WRQ_SLOTS);
  resource_request_vtbl[WRQ_GET_URI] = (void *)resource_request_get_uri;
  resource_request_vtbl[WRQ_GET_METHOD] = (void *)resource_request_get_method;
  init_vtbl(resource_response_vtbl, WRS_SLOTS);
  resource_response_vtbl[WRS_GET_STATUS_CODE] = (void *)resource_response_get_status;
  resource_response_vtbl[WRS_GET_REASON_PHRASE] = (void *)resource_response_get_reason;
}
