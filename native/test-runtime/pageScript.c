/*
 * Frames, script worlds and evaluation through the DevTools protocol in the test runtime.
 * Included by devtools.c. The runtime has no JavaScript engine, and does not pretend to have one.
 *   Page.getFrameTree: the main frame (no child frames are modelled): its id (32 hex digits, the
 *     same for the webview's life), the loaderId of its current document (new at every
 *     navigation), url (without its fragment, which is urlFragment), securityOrigin, mimeType
 *     "text/html", secureContextType, crossOriginIsolatedContextType "NotIsolated" and
 *     gatedAPIFeatures [].
 *   Page.createIsolatedWorld {frameId, worldName?, grantUniveralAccess?}: a new execution context
 *     in the current document -> {executionContextId}; another frame id answers -32000 "No frame
 *     for given id found", as Chromium does. A document keeps its latest 63 worlds (Chromium keeps
 *     all of them): an older one's id is then unknown to Runtime.evaluate. The page window's
 *     property WebView2TestIsolatedWorlds says how many the document holds.
 *   Runtime.evaluate {expression, contextId?, uniqueContextId?, ...}: parameters as strict as
 *     Chromium's bindings; a context of an earlier document (every navigation destroys them, as in
 *     a browser) or one never made answers -32000 "Cannot find context with specified id"; giving
 *     both ids answers -32000 "contextId and uniqueContextId are mutually exclusive". In a context
 *     that exists, the expression is not run: the answer is what Chromium answers for a script that
 *     threw, a result of subtype "error" with exceptionDetails, whose exception is
 *     "EvalError: the WebView2 test runtime runs no script".
 */

#define RUNS_NO_SCRIPT L"EvalError: the WebView2 test runtime runs no script"

/* The page's origin as Chromium serializes it: "null" for an opaque one (data:, about:). */
static void origin_of(const wchar_t *url, WBuf *out) {
  const wchar_t *sep = wcsstr(url, L"://");
  if (!sep || _wcsnicmp(url, L"data:", 5) == 0) { wbuf_add(out, L"null"); return; }
  if (_wcsnicmp(url, L"file:", 5) == 0) { wbuf_add(out, L"file://"); return; }
  size_t end = wcscspn(sep + 3, L"/?#");
  wbuf_add_n(out, url, (size_t)(sep + 3 - url) + end);
}

static BOOL is_secure_url(const wchar_t *url) {
  if (_wcsnicmp(url, L"https:", 6) == 0 || _wcsnicmp(url, L"file:", 5) == 0) return TRUE;
  if (_wcsnicmp(url, L"http://", 7) != 0) return FALSE;
  const wchar_t *h = url + 7;
  static const wchar_t *local[] = {L"localhost", L"127.0.0.1", L"[::1]"};
  for (int i = 0; i < 3; i++) {
    size_t n = wcslen(local[i]);
    if (_wcsnicmp(h, local[i], n) == 0 && (h[n] == 0 || h[n] == L':' || h[n] == L'/' || h[n] == L'?' || h[n] == L'#')) return TRUE;
  }
  return FALSE;
}

static wchar_t *frame_tree(WebView *w) {
  PageState *page = page_of(w);
  if (!page->frame_id[0]) page_new_document(page);
  const wchar_t *url = w->source ? w->source : L"about:blank";
  const wchar_t *hash = wcschr(url, L'#');
  size_t n = hash ? (size_t)(hash - url) : wcslen(url);
  WBuf b = {0}, origin = {0};
  origin_of(url, &origin);
  wbuf_addf(&b, L"{\"frameTree\":{\"frame\":{\"id\":\"%ls\",\"loaderId\":\"%ls\",\"url\":", page->frame_id, page->loader_id);
  wbuf_json(&b, url, n);
  if (hash) { wbuf_add(&b, L",\"urlFragment\":"); wbuf_json(&b, hash, wcslen(hash)); }
  wbuf_add(&b, L",\"domainAndRegistry\":\"\",\"securityOrigin\":");
  wbuf_json(&b, origin.text, origin.length);
  wbuf_addf(&b, L",\"mimeType\":\"text/html\",\"secureContextType\":\"%ls\",\"crossOriginIsolatedContextType\":\"NotIsolated\",\"gatedAPIFeatures\":[]}}}",
            is_secure_url(url) ? L"Secure" : L"InsecureScheme");
  free(origin.text);
  return b.text;
}

static wchar_t *create_isolated_world(WebView *w, const wchar_t *params, BOOL *failed) {
  static const FieldRule rules[] = {{L"frameId", FIELD_STRING, TRUE}, {L"worldName", FIELD_STRING, FALSE}, {L"grantUniveralAccess", FIELD_BOOL, FALSE}};
  PageState *page = page_of(w);
  *failed = TRUE;
  wchar_t *error = check_fields(params, rules, sizeof rules / sizeof rules[0]);
  if (error) return error;
  if (!page->frame_id[0]) page_new_document(page);
  wchar_t *frame = string_or_empty(params, L"frameId");
  BOOL known = wcscmp(frame, page->frame_id) == 0;
  free(frame);
  if (!known) return protocol_error(-32000, L"No frame for given id found");
  if (page->context_count == MAX_CONTEXTS) { /* the runtime's own bound (Chromium has none): the oldest world goes */
    memmove(page->contexts + 1, page->contexts + 2, (MAX_CONTEXTS - 2) * sizeof page->contexts[0]);
    page->context_count--;
  }
  int id = page->contexts[page->context_count++] = ++next_context_id;
  /* How many worlds this document holds, for tests: a host should make one per document, not one per script. */
  SetPropW(w->child, L"WebView2TestIsolatedWorlds", (HANDLE)(UINT_PTR)(page->context_count - 1)); /* the first is the main world */
  *failed = FALSE;
  WBuf b = {0};
  wbuf_addf(&b, L"{\"executionContextId\":%d}", id);
  return b.text;
}

static wchar_t *evaluate(WebView *w, const wchar_t *params, BOOL *failed) {
  static const FieldRule rules[] = {
    {L"expression", FIELD_STRING, TRUE}, {L"objectGroup", FIELD_STRING, FALSE}, {L"includeCommandLineAPI", FIELD_BOOL, FALSE},
    {L"silent", FIELD_BOOL, FALSE}, {L"contextId", FIELD_INT, FALSE}, {L"returnByValue", FIELD_BOOL, FALSE}, {L"generatePreview", FIELD_BOOL, FALSE},
    {L"userGesture", FIELD_BOOL, FALSE}, {L"awaitPromise", FIELD_BOOL, FALSE}, {L"throwOnSideEffect", FIELD_BOOL, FALSE},
    {L"timeout", FIELD_DOUBLE, FALSE}, {L"disableBreaks", FIELD_BOOL, FALSE}, {L"replMode", FIELD_BOOL, FALSE},
    {L"allowUnsafeEvalBlockedByCSP", FIELD_BOOL, FALSE}, {L"uniqueContextId", FIELD_STRING, FALSE},
  };
  static int exception_id;
  PageState *page = page_of(w);
  *failed = TRUE;
  wchar_t *error = check_fields(params, rules, sizeof rules / sizeof rules[0]);
  if (error) return error;
  if (!page->frame_id[0]) page_new_document(page);
  BOOL has_id = json_field(params, L"contextId") != NULL, has_unique = json_field(params, L"uniqueContextId") != NULL;
  if (has_id && has_unique) return protocol_error(-32000, L"contextId and uniqueContextId are mutually exclusive");
  if (has_unique) return protocol_error(-32000, L"Cannot find context with specified id"); /* none is ever handed out */
  int context = has_id ? int_or(params, L"contextId", 0) : page->contexts[0]; /* the main world's */
  BOOL found = FALSE;
  for (int i = 0; i < page->context_count && !found; i++) found = page->contexts[i] == context;
  if (!found) return protocol_error(-32000, L"Cannot find context with specified id");
  *failed = FALSE;
  WBuf b = {0}, exception = {0};
  wbuf_add(&exception, L"{\"type\":\"object\",\"subtype\":\"error\",\"className\":\"EvalError\",\"description\":\"" RUNS_NO_SCRIPT L"\"}");
  wbuf_add(&b, L"{\"result\":");
  wbuf_add(&b, exception.text);
  wbuf_addf(&b, L",\"exceptionDetails\":{\"exceptionId\":%d,\"text\":\"Uncaught\",\"lineNumber\":0,\"columnNumber\":0,\"exception\":", ++exception_id);
  wbuf_add(&b, exception.text);
  wbuf_addf(&b, L",\"executionContextId\":%d}}", context);
  free(exception.text);
  return b.text;
}

/* A frame or script method: TRUE when `method` is one; *answer is its result or error. */
static BOOL script_method(WebView *w, const wchar_t *method, const wchar_t *params, wchar_t **answer, BOOL *failed) {
  *failed = FALSE;
  if (wcscmp(method, L"Page.getFrameTree") == 0) *answer = frame_tree(w);
  else if (wcscmp(method, L"Page.createIsolatedWorld") == 0) *answer = create_isolated_world(w, params, failed);
  else if (wcscmp(method, L"Runtime.evaluate") == 0) *answer = evaluate(w, params, failed);
  else return FALSE;
  return TRUE;
}
