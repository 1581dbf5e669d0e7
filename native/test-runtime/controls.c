/*
 * Browser controls in the test runtime: history (GoBack, GoForward, get_CanGoBack/Forward),
 * Stop, and the controller's zoom factor. Included by runtime.c.
 *   A navigation to a new URL drops the forward entries and adds one; navigating to the URL
 *   already shown (a reload) adds none. GoBack/GoForward with nowhere to go do nothing (S_OK).
 *   Stop cancels the navigation whose NavigationCompleted has not been delivered yet: it then
 *   arrives with IsSuccess FALSE and WebErrorStatus OPERATION_CANCELED.
 *   put_ZoomFactor clamps to 0.25..5, as the browser does; zero, negative and NaN are refused.
 */

struct Pending;
static struct Pending *begin_pending(int kind, const wchar_t *url, const wchar_t *html, BOOL user); /* navigationEvents.c */
static void start_pending(WebView *w, struct Pending *p);
static void pending_traverse_to(struct Pending *p, int target);
enum { NAV_URL, NAV_STRING, NAV_RELOAD, NAV_TRAVERSE };

/* Called at the start of every navigation (traversal tells GoBack/GoForward apart). */
static void history_visit(WebView *w, const wchar_t *url, const wchar_t *html, BOOL traversal) {
  PageState *page = page_of(w);
  if (traversal) return;
  if (page->history_count && wcscmp(page->history_url[page->history_index], url) == 0 && !html) return;
  int next = page->history_count ? page->history_index + 1 : 0;
  for (int i = next; i < page->history_count; i++) {
    free(page->history_url[i]);
    free(page->history_html[i]);
    page->history_url[i] = page->history_html[i] = NULL;
  }
  if (next == MAX_HISTORY) { /* full: forget the oldest */
    free(page->history_url[0]);
    free(page->history_html[0]);
    memmove(page->history_url, page->history_url + 1, (MAX_HISTORY - 1) * sizeof(wchar_t *));
    memmove(page->history_html, page->history_html + 1, (MAX_HISTORY - 1) * sizeof(wchar_t *));
    next--;
  }
  page->history_url[next] = _wcsdup(url);
  page->history_html[next] = html ? _wcsdup(html) : NULL;
  page->history_index = next;
  page->history_count = next + 1;
}

static BOOL traversing;

static HRESULT traverse(WebView *w, int delta) {
  if (w->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  PageState *page = page_of(w);
  int target = page->history_index + delta;
  if (!page->history_count || target < 0 || target >= page->history_count) return S_OK;
  struct Pending *p = begin_pending(NAV_TRAVERSE, page->history_url[target], page->history_html[target], TRUE);
  pending_traverse_to(p, target);
  start_pending(w, p);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE webview_go_back(WebView *s) { return traverse(s, -1); }
static HRESULT STDMETHODCALLTYPE webview_go_forward(WebView *s) { return traverse(s, +1); }
static HRESULT STDMETHODCALLTYPE webview_get_can_go_back(WebView *s, BOOL *v) {
  if (!v) return E_POINTER;
  PageState *page = page_of(s);
  *v = page->history_count > 0 && page->history_index > 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE webview_get_can_go_forward(WebView *s, BOOL *v) {
  if (!v) return E_POINTER;
  PageState *page = page_of(s);
  *v = page->history_index + 1 < page->history_count;
  return S_OK;
}

static void stop_pending(WebView *w); /* navigationEvents.c */
static HRESULT STDMETHODCALLTYPE webview_stop(WebView *s) {
  if (s->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  stop_pending(s); /* a navigation still waiting for its NavigationStarting or WebResourceRequested handlers */
  PageState *page = page_of(s);
  if (page->pending) {
    page->pending->success = FALSE;
    page->pending->status = WEB_ERROR_STATUS_OPERATION_CANCELED;
    page->pending->http_status = 0;
  }
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE controller_get_zoom_factor(Controller *s, double *v) {
  if (!v) return E_POINTER;
  *v = s->zoom > 0 ? s->zoom : 1.0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE controller_put_zoom_factor(Controller *s, double v) {
  if (!(v > 0)) return E_INVALIDARG;
  s->zoom = v < 0.25 ? 0.25 : v > 5 ? 5 : v;
  return S_OK;
}

static void controls_install(void) {
  webview_vtbl[WV_GO_BACK] = (void *)webview_go_back;
  webview_vtbl[WV_GO_FORWARD] = (void *)webview_go_forward;
  webview_vtbl[WV_GET_CAN_GO_BACK] = (void *)webview_get_can_go_back;
  webview_vtbl[WV_GET_CAN_GO_FORWARD] = (void *)webview_get_can_go_forward;
  webview_vtbl[WV_STOP] = (void *)webview_stop;
  controller_vtbl[CTL_GET_ZOOM_FACTOR] = (void *)controller_get_zoom_factor;
  controller_vtbl[CTL_PUT_ZOOM_FACTOR] = (void *)controller_put_zoom_factor;
}

/* The webview is destroyed: everything page.c, devtools.c and this file kept for it. */
static void page_free(WebView *w) {
  PageState *page = w->page;
  if (!page) return;
  for (int i = 0; i < page->history_count; i++) { free(page->history_url[i]); free(page->history_html[i]); }
  for (int i = 0; i < MAX_RECEIVERS; i++) {
    if (!page->receivers[i]) continue;
    page->receivers[i]->webview = NULL;
    com_release(page->receivers[i]);
  }
  com_release(page->pending);
  if (page->devtools_window && IsWindow(page->devtools_window)) DestroyWindow(page->devtools_window);
  free(page->document);
  free(page->script_navigation);
  free(page->emulation.user_agent);
  free(page);
  w->page = NULL;
}
