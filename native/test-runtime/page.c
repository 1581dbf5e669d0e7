/*
 * What a page does in the test runtime. Included by runtime.c after its object types.
 *
 * The runtime runs no script. It knows a page's text when the host gave it (NavigateToString),
 * or the URL carries it (data:, percent-encoded) or names a file (file:), or the page is on the
 * loopback interface over http, which loopbackPage.c fetches. From that text it models what a browser would report through the DevTools
 * protocol, in document order:
 *   - every <script src>, <link href>, <img src> and <iframe src> as Network.requestWillBeSent
 *     (after Network.enable), its URL resolved against the page's;
 *   - in inline scripts, and external ones it can read (file:, loopback http), console.debug/log/info/warn/error("text") as Runtime.consoleAPICalled,
 *     `throw new Error("text")` as Runtime.exceptionThrown ("Uncaught") and
 *     `Promise.reject(new Error("text"))` as an unhandled rejection ("Uncaught (in promise)"),
 *     each with its 0-based line (after Runtime.enable);
 *   - in the same scripts, window.open, window.close(), window.opener.postMessage and document.cookie,
 *     and anchors with target=_blank and the marker data-webview2-test-click: popups (newWindow.c).
 *   - in inline scripts, `location.href = "url"` as a navigation the page starts once it has
 *     loaded (navigationEvents.c).
 * A http(s) URL on a port browsers refuse (the Fetch standard's bad ports, e.g. 6000, 6665-6669)
 * fails the navigation, as it does in Chromium.
 */

typedef struct { wchar_t *text; size_t length, capacity; } WBuf;

static void wbuf_add_n(WBuf *b, const wchar_t *s, size_t n) {
  if (b->length + n + 1 > b->capacity) {
    size_t cap = b->capacity ? b->capacity : 256;
    while (cap < b->length + n + 1) cap *= 2;
    b->text = realloc(b->text, cap * sizeof(wchar_t));
    b->capacity = cap;
  }
  memcpy(b->text + b->length, s, n * sizeof(wchar_t));
  b->length += n;
  b->text[b->length] = 0;
}
static void wbuf_add(WBuf *b, const wchar_t *s) { wbuf_add_n(b, s, wcslen(s)); }
static void wbuf_addf(WBuf *b, const wchar_t *format, ...) {
  wchar_t tmp[256];
  va_list args;
  va_start(args, format);
  _vsnwprintf(tmp, 255, format, args);
  va_end(args);
  tmp[255] = 0;
  wbuf_add(b, tmp);
}
/* A JSON string literal. */
static void wbuf_json(WBuf *b, const wchar_t *s, size_t n) {
  wbuf_add(b, L"\"");
  for (size_t i = 0; i < n; i++) {
    wchar_t c = s[i];
    if (c == L'"' || c == L'\\') { wchar_t e[3] = {L'\\', c, 0}; wbuf_add(b, e); }
    else if (c == L'\n') wbuf_add(b, L"\\n");
    else if (c == L'\r') wbuf_add(b, L"\\r");
    else if (c == L'\t') wbuf_add(b, L"\\t");
    else if (c < 0x20) wbuf_addf(b, L"\\u%04x", (unsigned)c);
    else wbuf_add_n(b, &c, 1);
  }
  wbuf_add(b, L"\"");
}

struct DevToolsReceiver;
#define MAX_HISTORY 64
#define NET_JAR 16
#define NET_BODIES 64
typedef struct { wchar_t id[32]; char *bytes; int length; BOOL text; } NetBody;
#define MAX_RECEIVERS 16
#define MAX_CONTEXTS 64

typedef struct PageState {
  /* history: URLs, and the text a NavigateToString page had */
  wchar_t *history_url[MAX_HISTORY], *history_html[MAX_HISTORY];
  int history_count, history_index;
  /* the latest navigation's arguments until its NavigationCompleted is delivered (for Stop) */
  NavigationArgs *pending;
  /* the current document's text, or NULL when the runtime cannot know it */
  wchar_t *document;
  /* a loopback page fetched for real (loopbackPage.c): its HTTP status, 0 when nothing answered */
  BOOL fetched;
  int fetched_status;
  /* DevTools protocol */
  BOOL runtime_enabled, network_enabled;
  struct DevToolsReceiver *receivers[MAX_RECEIVERS];
  int next_request_id;
  /* the network log's model (networkLog.c): a cookie jar for loopback pages, the latest bodies */
  char jar[NET_JAR][256];
  NetBody bodies[NET_BODIES];
  int next_body;
  /* settings and the DevTools window */
  BOOL devtools_enabled;
  HWND devtools_window;
  int devtools_opened;
  /* the navigation being started is a reload (Reload, Page.reload): loopbackPage.c's headers */
  int reload_kind;
  /* a navigation waiting for the host's NavigationStarting or WebResourceRequested handlers (navigationEvents.c) */
  struct Pending *waiting;
  /* where the page's script sends it once its NavigationCompleted was delivered (navigationEvents.c) */
  wchar_t *script_navigation;
  /* the device the host emulates (Emulation domain, devtools.c) */
  struct Emulation { int width, height, scale_percent; BOOL mobile, touch; int max_touch_points; wchar_t *user_agent; } emulation;
  /* the main frame as the DevTools protocol names it, and the execution contexts of its current
     document, the main world's first (pageScript.c) */
  wchar_t frame_id[33], loader_id[33];
  int contexts[MAX_CONTEXTS], context_count;
} PageState;
enum { RELOAD_NONE, RELOAD_NORMAL, RELOAD_BYPASS_CACHE };

static PageState *page_of(WebView *w) {
  if (!w->page) {
    w->page = calloc(1, sizeof(PageState));
    w->page->devtools_enabled = TRUE;
  }
  return w->page;
}

/* A DevTools id: 32 upper-case hex digits, as Chromium's frame and loader ids are. */
static void new_devtools_id(wchar_t out[33]) {
  static unsigned long long counter;
  unsigned long long a = (GetTickCount64() << 20) ^ GetCurrentProcessId(), b = ++counter;
  a = (a ^ (a >> 31)) * 0xBF58476D1CE4E5B9ull;
  b = (b ^ a) * 0x9E3779B97F4A7C15ull;
  _snwprintf(out, 33, L"%016llX%016llX", a, b);
  out[32] = 0;
}

/* Execution context ids are unique in the runtime, as in a renderer process. */
static int next_context_id;

/* A new document in the main frame: a new loader, and only the main world's context (the earlier
 * document's contexts, its isolated worlds included, are gone). */
static void page_new_document(PageState *page) {
  if (!page->frame_id[0]) new_devtools_id(page->frame_id);
  new_devtools_id(page->loader_id);
  page->contexts[0] = ++next_context_id;
  page->context_count = 1;
}

/* The User-Agent the page's requests carry: the emulated one (devtools.c), else the runtime's. */
static const char *user_agent_of(WebView *w, char *buffer, size_t size) {
  const wchar_t *ua = w->page ? w->page->emulation.user_agent : NULL;
  if (ua && *ua && WideCharToMultiByte(CP_UTF8, 0, ua, -1, buffer, (int)size, NULL, NULL)) return buffer;
  return "WebView2TestRuntime/" TEST_RUNTIME_VERSION_A;
}

/* ---- a page's text ---- */

static wchar_t *utf8_to_wide(const char *bytes, int n) {
  int count = MultiByteToWideChar(CP_UTF8, 0, bytes, n, NULL, 0);
  wchar_t *text = calloc(count + 1, sizeof(wchar_t));
  MultiByteToWideChar(CP_UTF8, 0, bytes, n, text, count);
  return text;
}

/* file:///C:/dir/a%20b.html -> C:\dir\a b.html; file:///tmp/x -> \tmp\x (the current drive). */
static BOOL file_url_to_path(const wchar_t *url, wchar_t *out, size_t size) {
  if (_wcsnicmp(url, L"file://", 7) != 0) return FALSE;
  const wchar_t *p = url + 7;
  if (_wcsnicmp(p, L"localhost/", 10) == 0) p += 9;
  if (*p != L'/') return FALSE; /* a host: a network share, not modelled */
  if (iswalpha(p[1]) && (p[2] == L':' || p[2] == L'|')) p++;
  wchar_t raw[MAX_PATH];
  size_t n = wcscspn(p, L"?#");
  if (n >= MAX_PATH) return FALSE;
  wcsncpy(raw, p, n);
  raw[n] = 0;
  decode_percent(raw, out, size);
  for (wchar_t *c = out; *c; c++) if (*c == L'/') *c = L'\\';
  return TRUE;
}

static wchar_t *read_text_file(const wchar_t *path) {
  FILE *f = _wfopen(path, L"rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (size < 0 || size > 16 * 1024 * 1024) { fclose(f); return NULL; }
  char *bytes = malloc(size + 1);
  size_t got = fread(bytes, 1, size, f);
  fclose(f);
  int skip = got >= 3 && (unsigned char)bytes[0] == 0xEF && (unsigned char)bytes[1] == 0xBB && (unsigned char)bytes[2] == 0xBF ? 3 : 0;
  wchar_t *text = utf8_to_wide(bytes + skip, (int)(got - skip));
  free(bytes);
  return text;
}

/* The text of the page at url (or html when the host gave it), or NULL. The caller frees it. */
static wchar_t *page_document(const wchar_t *url, const wchar_t *html) {
  if (html) return _wcsdup(html);
  if (_wcsnicmp(url, L"data:", 5) == 0) {
    const wchar_t *comma = wcschr(url, L',');
    if (!comma) return NULL;
    size_t header = comma - url;
    for (size_t i = 0; i + 7 <= header; i++) if (_wcsnicmp(url + i, L";base64", 7) == 0) return NULL;
    size_t n = wcslen(comma + 1) + 1;
    wchar_t *text = calloc(n, sizeof(wchar_t));
    decode_percent(comma + 1, text, n);
    return text;
  }
  wchar_t path[MAX_PATH];
  if (file_url_to_path(url, path, MAX_PATH)) return read_text_file(path);
  return NULL;
}

/* ---- URLs ---- */

/* Drops "." and resolves ".." segments of the path part of an absolute URL, in place. */
static void normalize_dots(wchar_t *url) {
  wchar_t *sep = wcsstr(url, L"://");
  if (!sep) return;
  wchar_t *path = wcschr(sep + 3, L'/');
  if (!path) return;
  size_t end = wcscspn(path, L"?#");
  wchar_t rest[2048];
  wcsncpy(rest, path + end, 2047);
  rest[2047] = 0;
  path[end] = 0;
  wchar_t *segments[256];
  int count = 0;
  wchar_t *copy = _wcsdup(path + 1), *context = NULL;
  BOOL trailing = end > 0 && path[end - 1] == L'/';
  for (wchar_t *s = wcstok_s(copy, L"/", &context); s && count < 256; s = wcstok_s(NULL, L"/", &context)) {
    if (wcscmp(s, L".") == 0) { trailing = TRUE; continue; }
    if (wcscmp(s, L"..") == 0) { if (count) count--; trailing = TRUE; continue; }
    segments[count++] = s;
    trailing = FALSE;
  }
  WBuf b = {0};
  for (int i = 0; i < count; i++) { wbuf_add(&b, L"/"); wbuf_add(&b, segments[i]); }
  if (!count || trailing || (end > 0 && path[end - 1] == L'/')) wbuf_add(&b, L"/");
  wbuf_add(&b, rest);
  wcscpy(path, b.text);
  free(b.text);
  free(copy);
}

/* ref resolved against base; the caller frees the result. */
static wchar_t *resolve_url(const wchar_t *base, const wchar_t *ref) {
  WBuf b = {0};
  const wchar_t *colon = wcschr(ref, L':');
  BOOL has_scheme = colon && colon > ref && wcsspn(ref, L"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == (size_t)(colon - ref);
  if (has_scheme) return _wcsdup(ref);
  const wchar_t *sep = wcsstr(base, L"://");
  if (!sep) return _wcsdup(ref);
  if (ref[0] == L'/' && ref[1] == L'/') {
    wbuf_add_n(&b, base, sep - base + 1);
    wbuf_add(&b, ref);
  } else if (ref[0] == L'/') {
    const wchar_t *path = wcschr(sep + 3, L'/');
    wbuf_add_n(&b, base, path ? (size_t)(path - base) : wcslen(base));
    wbuf_add(&b, ref);
  } else {
    size_t end = wcscspn(base, L"?#");
    size_t slash = end;
    while (slash > (size_t)(sep - base) + 3 && base[slash - 1] != L'/') slash--;
    if (slash <= (size_t)(sep - base) + 3) { wbuf_add_n(&b, base, end); wbuf_add(&b, L"/"); }
    else wbuf_add_n(&b, base, slash);
    wbuf_add(&b, ref);
  }
  normalize_dots(b.text);
  return b.text;
}

static BOOL is_bad_port(int port) {
  static const int bad[] = {0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
    103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526,
    530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190,
    5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) if (bad[i] == port) return TRUE;
  return FALSE;
}

/* The explicit port of a http(s) URL, or -1. */
static int url_port(const wchar_t *url) {
  const wchar_t *sep = wcsstr(url, L"://");
  if (!sep) return -1;
  const wchar_t *h = sep + 3;
  if (*h == L'[') { h = wcschr(h, L']'); if (!h) return -1; }
  size_t n = wcscspn(h, L":/?#");
  if (h[n] != L':') return -1;
  return (int)wcstol(h + n + 1, NULL, 10);
}

/* ---- DevTools protocol events the page causes (devtools.c delivers them) ---- */

static void devtools_emit(WebView *w, const wchar_t *event, const wchar_t *json);

static int line_at(const wchar_t *text, const wchar_t *at) {
  int line = 0;
  for (const wchar_t *p = text; p < at; p++) if (*p == L'\n') line++;
  return line;
}
static int column_at(const wchar_t *text, const wchar_t *at) {
  const wchar_t *p = at;
  while (p > text && p[-1] != L'\n') p--;
  return (int)(at - p);
}

/* A JS string literal at p ('...', "..." or `...`), unescaped into out; returns the end or NULL. */
static const wchar_t *string_literal(const wchar_t *p, WBuf *out) {
  wchar_t quote = *p;
  if (quote != L'"' && quote != L'\'' && quote != L'`') return NULL;
  for (p++; *p && *p != quote; p++) {
    if (*p == L'\\' && p[1]) {
      p++;
      wchar_t c = *p == L'n' ? L'\n' : *p == L't' ? L'\t' : *p;
      wbuf_add_n(out, &c, 1);
    } else wbuf_add_n(out, p, 1);
  }
  return *p ? p + 1 : NULL;
}

static void emit_console(WebView *w, const wchar_t *doc, const wchar_t *at, const wchar_t *url, const wchar_t *type, const wchar_t *text, size_t n) {
  WBuf j = {0};
  wbuf_add(&j, L"{\"type\":");
  wbuf_json(&j, type, wcslen(type));
  wbuf_add(&j, L",\"args\":[{\"type\":\"string\",\"value\":");
  wbuf_json(&j, text, n);
  wbuf_addf(&j, L"}],\"executionContextId\":1,\"timestamp\":%llu,\"stackTrace\":{\"callFrames\":[{\"functionName\":\"\",\"scriptId\":\"1\",\"url\":", (unsigned long long)GetTickCount64());
  wbuf_json(&j, url, wcslen(url));
  wbuf_addf(&j, L",\"lineNumber\":%d,\"columnNumber\":%d}]}}", line_at(doc, at), column_at(doc, at));
  devtools_emit(w, L"Runtime.consoleAPICalled", j.text);
  free(j.text);
}

static void emit_exception(WebView *w, const wchar_t *doc, const wchar_t *at, const wchar_t *url, const wchar_t *text, const wchar_t *class_name, const wchar_t *message, size_t n) {
  static int exception_id;
  WBuf description = {0};
  wbuf_add(&description, class_name);
  wbuf_add(&description, L": ");
  wbuf_add_n(&description, message, n);
  wbuf_addf(&description, L"\n    at %ls:%d:%d", url, line_at(doc, at) + 1, column_at(doc, at) + 1);
  WBuf j = {0};
  wbuf_addf(&j, L"{\"timestamp\":%llu,\"exceptionDetails\":{\"exceptionId\":%d,\"text\":", (unsigned long long)GetTickCount64(), ++exception_id);
  wbuf_json(&j, text, wcslen(text));
  wbuf_addf(&j, L",\"lineNumber\":%d,\"columnNumber\":%d,\"scriptId\":\"1\",\"url\":", line_at(doc, at), column_at(doc, at));
  wbuf_json(&j, url, wcslen(url));
  wbuf_add(&j, L",\"exception\":{\"type\":\"object\",\"subtype\":\"error\",\"className\":");
  wbuf_json(&j, class_name, wcslen(class_name));
  wbuf_add(&j, L",\"description\":");
  wbuf_json(&j, description.text, description.length);
  wbuf_add(&j, L"},\"executionContextId\":1}}");
  devtools_emit(w, L"Runtime.exceptionThrown", j.text);
  free(j.text);
  free(description.text);
}

static wchar_t *network_load(WebView *w, const wchar_t *document_url, const wchar_t *url, const wchar_t *type, const wchar_t *initiator, int *status); /* networkLog.c */

/* A subresource: its DevTools events (networkLog.c); returns its text when it was fetched with a 2xx status. */
static wchar_t *emit_request(WebView *w, const wchar_t *page_url, const wchar_t *ref, size_t n, const wchar_t *type) {
  wchar_t *raw = calloc(n + 1, sizeof(wchar_t));
  wcsncpy(raw, ref, n);
  wchar_t *url = resolve_url(page_url, raw);
  int status;
  wchar_t *text = network_load(w, page_url, url, type, L"parser", &status);
  if (text && (status < 200 || status >= 300)) { free(text); text = NULL; }
  free(url);
  free(raw);
  return text;
}

/* Popups and what scripts do with them (newWindow.c). */
static void script_window_open(WebView *w, const wchar_t *page_url, const wchar_t *p);
static void script_window_close(WebView *w, const wchar_t *doc, const wchar_t *at, const wchar_t *url);
static void script_post_to_opener(WebView *w, const wchar_t *doc, const wchar_t *p, const wchar_t *url);
static void script_set_cookie(WebView *w, const wchar_t *p, const wchar_t *url);
static void page_anchor(WebView *w, const wchar_t *page_url, const wchar_t *tag, const wchar_t *end);

/* Runs the statements the model understands in one inline script. */
static void run_script(WebView *w, const wchar_t *doc, const wchar_t *start, const wchar_t *end, const wchar_t *url) {
  static const wchar_t *levels[][2] = {{L"debug", L"debug"}, {L"log", L"log"}, {L"info", L"info"}, {L"warn", L"warning"}, {L"error", L"error"}};
  for (const wchar_t *p = start; p < end; p++) {
    if (wcsncmp(p, L"location.href", 13) == 0) {
      const wchar_t *q = p + 13;
      while (*q == L' ') q++;
      if (*q++ != L'=') continue;
      while (*q == L' ') q++;
      WBuf target = {0};
      if (string_literal(q, &target) && target.text) {
        PageState *page = page_of(w);
        free(page->script_navigation);
        page->script_navigation = resolve_url(url, target.text);
      }
      free(target.text);
    } else if (wcsncmp(p, L"console.", 8) == 0) {
      for (int i = 0; i < 5; i++) {
        size_t n = wcslen(levels[i][0]);
        const wchar_t *q = p + 8;
        if (wcsncmp(q, levels[i][0], n) != 0 || q[n] != L'(') continue;
        q += n + 1;
        while (*q == L' ') q++;
        WBuf text = {0};
        const wchar_t *after = string_literal(q, &text);
        if (!after) { /* not a literal: the argument's source text, as far as the closing parenthesis */
          size_t len = wcscspn(q, L")\n");
          wbuf_add_n(&text, q, len);
        }
        emit_console(w, doc, p, url, levels[i][1], text.text ? text.text : L"", text.length);
        free(text.text);
        break;
      }
    } else if (wcsncmp(p, L"throw new ", 10) == 0 || wcsncmp(p, L"Promise.reject(new ", 19) == 0) {
      BOOL rejection = *p == L'P';
      const wchar_t *q = p + (rejection ? 19 : 10);
      size_t n = wcsspn(q, L"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
      if (!n || q[n] != L'(') continue;
      wchar_t class_name[64];
      wcsncpy(class_name, q, n < 63 ? n : 63);
      class_name[n < 63 ? n : 63] = 0;
      WBuf text = {0};
      if (!string_literal(q + n + 1, &text)) continue;
      emit_exception(w, doc, p, url, rejection ? L"Uncaught (in promise)" : L"Uncaught", class_name, text.text ? text.text : L"", text.length);
      free(text.text);
      if (!rejection) return; /* a thrown error ends the script */
    } else if (wcsncmp(p, L"window.open(", 12) == 0) {
      script_window_open(w, url, p);
    } else if (wcsncmp(p, L"window.close()", 14) == 0) {
      script_window_close(w, doc, p, url);
    } else if (wcsncmp(p, L"window.opener.postMessage(", 26) == 0) {
      script_post_to_opener(w, doc, p, url);
      if (!w->opener) return; /* its TypeError ends the script */
    } else if (wcsncmp(p, L"document.cookie", 15) == 0) {
      script_set_cookie(w, p, url);
    }
  }
}

/* The value of attribute name (src, href) inside the tag [tag, end), or NULL. */
static const wchar_t *attribute(const wchar_t *tag, const wchar_t *end, const wchar_t *name, size_t *length) {
  size_t n = wcslen(name);
  for (const wchar_t *p = tag; p + n < end; p++) {
    if (_wcsnicmp(p, name, n) != 0 || !iswspace(p[-1]) || p[n] != L'=') continue;
    const wchar_t *v = p + n + 1;
    if (*v == L'"' || *v == L'\'') {
      const wchar_t *close = wcschr(v + 1, *v);
      if (!close || close > end) return NULL;
      *length = close - v - 1;
      return v + 1;
    }
    *length = wcscspn(v, L" \t\r\n>");
    return v;
  }
  return NULL;
}

static wchar_t *fetch_loopback_page(WebView *w, const wchar_t *url, int *status); /* loopbackPage.c */

/* An external script the runtime can read (a file, or a loopback page) runs like an inline one. */
static void run_external_script(WebView *w, const wchar_t *page_url, const wchar_t *ref, size_t n) {
  wchar_t *raw = calloc(n + 1, sizeof(wchar_t));
  wcsncpy(raw, ref, n);
  wchar_t *url = resolve_url(page_url, raw);
  wchar_t path[MAX_PATH];
  int status;
  wchar_t *text = file_url_to_path(url, path, MAX_PATH) ? read_text_file(path) : fetch_loopback_page(w, url, &status);
  if (text) run_script(w, text, text, text + wcslen(text), url);
  free(text);
  free(url);
  free(raw);
}

/* Walks the document in order: subresources, external scripts it can read and inline scripts. */
static void run_page(WebView *w, const wchar_t *url, const wchar_t *doc) {
  PageState *page = page_of(w);
  for (const wchar_t *p = wcschr(doc, L'<'); p; p = wcschr(p + 1, L'<')) {
    const wchar_t *end = wcschr(p, L'>');
    if (!end) break;
    size_t length;
    const wchar_t *ref;
    if (_wcsnicmp(p, L"<script", 7) == 0 && (iswspace(p[7]) || p[7] == L'>')) {
      if ((ref = attribute(p, end, L"src", &length))) {
        /* fetched once: the network model's text runs, else the script is read as before */
        wchar_t *text = page->network_enabled ? emit_request(w, url, ref, length, L"Script") : NULL;
        if (page->runtime_enabled && text) run_script(w, text, text, text + wcslen(text), url);
        else if (page->runtime_enabled) run_external_script(w, url, ref, length);
        free(text);
      } else if (page->runtime_enabled) {
        const wchar_t *close = wcsstr(end, L"</script");
        if (!close) close = end + wcslen(end);
        run_script(w, doc, end + 1, close, url);
        p = close - 1;
        continue;
      }
    } else if (_wcsnicmp(p, L"<a", 2) == 0 && iswspace(p[2])) page_anchor(w, url, p, end);
    else if (!page->network_enabled) continue;
    else if (_wcsnicmp(p, L"<link", 5) == 0 && (ref = attribute(p, end, L"href", &length))) free(emit_request(w, url, ref, length, L"Stylesheet"));
    else if (_wcsnicmp(p, L"<img", 4) == 0 && (ref = attribute(p, end, L"src", &length))) free(emit_request(w, url, ref, length, L"Image"));
    else if (_wcsnicmp(p, L"<iframe", 7) == 0 && (ref = attribute(p, end, L"src", &length))) free(emit_request(w, url, ref, length, L"Document"));
  }
}

/* ---- hooks called from runtime.c ---- */

static BOOL is_fetched_loopback(WebView *w, const wchar_t *url);

/* At the start of every navigation: the document's text (or NULL), kept for what follows. */
static wchar_t *page_begin(WebView *w, const wchar_t *url, const wchar_t *html) {
  PageState *page = page_of(w);
  page_new_document(page);
  free(page->document);
  page->fetched = !html && is_fetched_loopback(w, url);
  page->fetched_status = 0;
  BOOL http = !html && (_wcsnicmp(url, L"http://", 7) == 0 || _wcsnicmp(url, L"https://", 8) == 0);
  int port = http ? url_port(url) : -1;
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  size_t hl = wcslen(host);
  BOOL invalid = http && hl >= 8 && _wcsicmp(host + hl - 8, L".invalid") == 0;
  /* documents whose load the network model follows to its end (networkLog.c): fetched, refused port, .invalid */
  if (page->fetched || (port >= 0 && is_bad_port(port)) || invalid)
    page->document = network_load(w, url, url, L"Document", L"other", &page->fetched_status);
  else page->document = page_document(url, html);
  return page->document;
}

/* Before NavigationCompleted is queued: what the page reports while it loads, a refused port,
 * and the navigation Stop may still cancel. */
static void page_loaded(WebView *w, const wchar_t *url, NavigationArgs *args) {
  PageState *page = page_of(w);
  BOOL http = _wcsnicmp(url, L"http://", 7) == 0 || _wcsnicmp(url, L"https://", 8) == 0;
  int port = http ? url_port(url) : -1;
  if (port >= 0 && is_bad_port(port)) {
    args->success = FALSE;
    args->status = WEB_ERROR_STATUS_UNKNOWN; /* net::ERR_UNSAFE_PORT has no status of its own */
    args->http_status = 0;
  } else {
    if (page->fetched) {
      args->success = page->fetched_status >= 200 && page->fetched_status < 400;
      args->status = page->fetched_status ? 0 : WEB_ERROR_STATUS_CANNOT_CONNECT;
      args->http_status = page->fetched_status;
    }
    if (page->document) run_page(w, url, page->document);
  }
  com_release(page->pending);
  page->pending = args;
  com_addref(args);
}

/* NavigationCompleted is being delivered: Stop can no longer cancel it. */
static void page_navigation_delivering(WebView *w, void *args) {
  PageState *page = w->page;
  if (page && page->pending == args) {
    com_release(page->pending);
    page->pending = NULL;
  }
}
