/*
 * The DevTools protocol's Network events of what the test runtime loads, as Chromium sends them
 * (JSON shapes of the DevTools protocol's Network domain). Included by runtime.c after
 * loopbackPage.c, whose Winsock it uses. For each document and subresource (page.c names them):
 *   Network.requestWillBeSent {requestId "<pid>.<n>", loaderId, documentURL, request {url, method,
 *     headers}, timestamp (monotonic seconds), wallTime (epoch seconds), initiator {type[, url]},
 *     type, frameId[, redirectResponse]};
 *   for loopback http (fetched for real, HTTP/1.0, 5 s timeout), following up to 20 redirects:
 *     Network.requestWillBeSentExtraInfo {requestId, headers as sent: Cookie only here},
 *     Network.responseReceivedExtraInfo {requestId, statusCode, headers as received: Set-Cookie
 *       only here}, then for a 3xx with Location a new requestWillBeSent with the same requestId and
 *       redirectResponse; else Network.responseReceived {requestId, type, timestamp, response {url,
 *       status, statusText, headers (no Set-Cookie), mimeType, encodedDataLength (header bytes),
 *       timing {requestTime, receiveHeadersEnd}}} and Network.loadingFinished {requestId,
 *       timestamp, encodedDataLength (every byte received)};
 *     no answer: Network.loadingFailed errorText "net::ERR_CONNECTION_REFUSED" (connect failed),
 *       "net::ERR_EMPTY_RESPONSE" (nothing came back), "net::ERR_TOO_MANY_REDIRECTS";
 *   a port browsers refuse: loadingFailed "net::ERR_UNSAFE_PORT"; a host under .invalid (RFC 6761:
 *     never resolves): loadingFailed "net::ERR_NAME_NOT_RESOLVED".
 * Everything else (file:, data:, other hosts) gets its requestWillBeSent only, as before: nothing
 * is fetched, so no response or end is invented. Events go only after Network.enable, delivered
 * like every other event (queued, then through the host's message loop).
 * Cookies: Set-Cookie of loopback answers go into a jar of the webview (name=value only, no
 * attributes, domain or path rules) and come back as Cookie on its later loopback requests.
 * Network.getResponseBody: the bodies of the last NET_BODIES finished requests of the webview;
 * text MIME types as text, others base64; an unknown requestId fails with -32000, as Chromium does.
 */

#define NET_MAX_HEADERS 64
#define NET_MAX_REDIRECTS 20

typedef struct {
  int status;                /* 0: no HTTP answer */
  char status_text[128];
  char *names[NET_MAX_HEADERS], *values[NET_MAX_HEADERS];
  int header_count, header_bytes, wire_bytes;
  char *body;
  int body_length;
  const wchar_t *error;      /* net::ERR_... when there is no answer */
  char sent[2048];           /* the request's header lines as sent, after the request line */
  double started, headers_at;
} NetFetch;

static char *net_strndup(const char *s, size_t n) {
  char *out = malloc(n + 1);
  memcpy(out, s, n);
  out[n] = 0;
  return out;
}

static double net_monotonic(void) {
  LARGE_INTEGER c, f;
  QueryPerformanceCounter(&c);
  QueryPerformanceFrequency(&f);
  return (double)c.QuadPart / (double)f.QuadPart;
}
static double net_wall(void) {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  ULARGE_INTEGER u = {.LowPart = ft.dwLowDateTime, .HighPart = ft.dwHighDateTime};
  return (double)(u.QuadPart - 116444736000000000ULL) / 1e7;
}

static void net_free(NetFetch *f) {
  for (int i = 0; i < f->header_count; i++) { free(f->names[i]); free(f->values[i]); }
  free(f->body);
  memset(f, 0, sizeof *f);
}

static const char *net_header(NetFetch *f, const char *name) {
  for (int i = 0; i < f->header_count; i++) if (_stricmp(f->names[i], name) == 0) return f->values[i];
  return NULL;
}

/* The jar: Set-Cookie's name=value, replacing one of the same name. */
static void jar_take(PageState *page, const char *set_cookie) {
  size_t n = strcspn(set_cookie, ";");
  const char *eq = memchr(set_cookie, '=', n);
  if (!eq || n >= sizeof page->jar[0]) return;
  size_t name_length = eq - set_cookie;
  int slot = -1;
  for (int i = 0; i < NET_JAR && slot < 0; i++)
    if (page->jar[i][0] && strncmp(page->jar[i], set_cookie, name_length + 1) == 0) slot = i;
  for (int i = 0; i < NET_JAR && slot < 0; i++) if (!page->jar[i][0]) slot = i;
  if (slot < 0) return;
  memcpy(page->jar[slot], set_cookie, n);
  page->jar[slot][n] = 0;
}

/* GET url (loopback http only) into f; FALSE (f->error set) when no HTTP answer came. */
static BOOL net_fetch(WebView *w, const wchar_t *url, BOOL document, NetFetch *f) {
  PageState *page = page_of(w);
  memset(f, 0, sizeof *f);
  f->started = net_monotonic();
  f->error = L"net::ERR_FAILED";
  if (!load_winsock()) return FALSE;
  const wchar_t *after = url + 7;
  size_t al = wcscspn(after, L"/?#");
  wchar_t authority[300];
  if (al >= 290) return FALSE;
  wcsncpy(authority, after, al);
  authority[al] = 0;
  if (!wcschr(authority, L':')) wcscat(authority, L":80");
  RtSockaddrIn address;
  if (!proxy_address(authority, &address)) return FALSE;
  char target[2048], host[300];
  const wchar_t *path = after + al;
  if (!WideCharToMultiByte(CP_UTF8, 0, *path ? path : L"/", -1, target, sizeof target - 1, NULL, NULL)
      || !WideCharToMultiByte(CP_UTF8, 0, authority, -1, host, sizeof host, NULL, NULL)) return FALSE;
  if (target[0] != '/') { memmove(target + 1, target, strlen(target) + 1); target[0] = '/'; }
  char *fragment = strchr(target, '#');
  if (fragment) *fragment = 0;
  /* Chromium's headers for a reload of the document (max-age=0) and a reload without the cache (no-cache). */
  int reload = document ? page->reload_kind : RELOAD_NONE;
  const char *cache = reload == RELOAD_BYPASS_CACHE ? "Cache-Control: no-cache\r\nPragma: no-cache\r\n" : reload == RELOAD_NORMAL ? "Cache-Control: max-age=0\r\n" : "";
  char agent[1100];
  int n = snprintf(f->sent, sizeof f->sent, "Host: %s\r\nUser-Agent: %s\r\nAccept: %s\r\n%s", host, user_agent_of(w, agent, sizeof agent),
                   document ? "text/html,*/*" : "*/*", cache);
  char cookie[NET_JAR * 260] = "";
  for (int i = 0; i < NET_JAR; i++) {
    if (!page->jar[i][0]) continue;
    if (cookie[0]) strcat(cookie, "; ");
    strcat(cookie, page->jar[i]);
  }
  if (cookie[0] && n > 0 && n < (int)sizeof f->sent) snprintf(f->sent + n, sizeof f->sent - n, "Cookie: %s\r\n", cookie);
  RtSocket s = ws.socket_(2, 1, 6);
  if (s == (RtSocket)~(UINT_PTR)0) return FALSE;
  DWORD timeout = 5000;
  ws.setsockopt_(s, 0xffff, 0x1006, (const char *)&timeout, sizeof timeout);
  if (ws.connect_(s, &address, sizeof address) != 0) {
    ws.close_(s);
    f->error = L"net::ERR_CONNECTION_REFUSED";
    return FALSE;
  }
  char request[4400];
  snprintf(request, sizeof request, "GET %s HTTP/1.0\r\n%s\r\n", target, f->sent);
  int got = 0;
  char *answer = malloc(MAX_PAGE_BYTES + 1);
  if (answer && ws.send_(s, request, (int)strlen(request), 0) == (int)strlen(request)) {
    for (int r; got < MAX_PAGE_BYTES && (r = ws.recv_(s, answer + got, MAX_PAGE_BYTES - got, 0)) > 0;) {
      if (!got) f->headers_at = net_monotonic();
      got += r;
    }
  }
  ws.close_(s);
  if (!answer) return FALSE;
  answer[got] = 0;
  char *end = strstr(answer, "\r\n\r\n");
  int code = 0, text_at = 0;
  if (!end || sscanf(answer, "HTTP/1.%*d %d %n", &code, &text_at) < 1 || code <= 0) {
    free(answer);
    f->error = got ? L"net::ERR_INVALID_HTTP_RESPONSE" : L"net::ERR_EMPTY_RESPONSE";
    return FALSE;
  }
  f->status = code;
  f->error = NULL;
  f->wire_bytes = got;
  f->header_bytes = (int)(end + 4 - answer);
  char *line_end = strstr(answer, "\r\n");
  if (text_at > 0 && answer + text_at < line_end) {
    size_t tl = line_end - (answer + text_at);
    if (tl >= sizeof f->status_text) tl = sizeof f->status_text - 1;
    memcpy(f->status_text, answer + text_at, tl);
  }
  for (char *line = line_end + 2; line < end && f->header_count < NET_MAX_HEADERS;) {
    char *next = strstr(line, "\r\n");
    char *colon = memchr(line, ':', next - line);
    if (colon) {
      char *value = colon + 1;
      while (*value == ' ' || *value == '\t') value++;
      f->names[f->header_count] = net_strndup(line, colon - line);
      f->values[f->header_count] = net_strndup(value, next - value);
      if (_stricmp(f->names[f->header_count], "Set-Cookie") == 0) jar_take(page, f->values[f->header_count]);
      f->header_count++;
    }
    line = next + 2;
  }
  f->body_length = got - f->header_bytes;
  f->body = malloc(f->body_length + 1);
  memcpy(f->body, end + 4, f->body_length);
  f->body[f->body_length] = 0;
  free(answer);
  return TRUE;
}

/* A UTF-8 string as a JSON string literal. */
static void wbuf_json_utf8(WBuf *b, const char *s, int n) {
  wchar_t *wide = utf8_to_wide(s, n);
  wbuf_json(b, wide, wcslen(wide));
  free(wide);
}

/* Headers as DevTools' Network.Headers: an object, repeated names joined by "\n". */
static void wbuf_headers(WBuf *b, NetFetch *f, BOOL with_set_cookie) {
  wbuf_add(b, L"{");
  BOOL first = TRUE;
  for (int i = 0; i < f->header_count; i++) {
    BOOL seen = FALSE;
    for (int k = 0; k < i && !seen; k++) seen = _stricmp(f->names[k], f->names[i]) == 0;
    if (seen || (!with_set_cookie && _stricmp(f->names[i], "Set-Cookie") == 0)) continue;
    if (!first) wbuf_add(b, L",");
    first = FALSE;
    wbuf_json_utf8(b, f->names[i], (int)strlen(f->names[i]));
    wbuf_add(b, L":");
    char joined[8192] = "";
    for (int k = i; k < f->header_count; k++) {
      if (_stricmp(f->names[k], f->names[i]) != 0) continue;
      if (joined[0] && strlen(joined) + 1 < sizeof joined) strcat(joined, "\n");
      strncat(joined, f->values[k], sizeof joined - strlen(joined) - 1);
    }
    wbuf_json_utf8(b, joined, (int)strlen(joined));
  }
  wbuf_add(b, L"}");
}

/* Request header lines ("Name: value\r\n"...) as a Network.Headers object; with_cookie FALSE leaves Cookie out. */
static void wbuf_sent_headers(WBuf *b, const char *sent, BOOL with_cookie) {
  wbuf_add(b, L"{");
  BOOL first = TRUE;
  for (const char *line = sent; *line;) {
    const char *next = strstr(line, "\r\n");
    if (!next) break;
    const char *colon = memchr(line, ':', next - line);
    if (colon && (with_cookie || _strnicmp(line, "Cookie:", 7) != 0)) {
      if (!first) wbuf_add(b, L",");
      first = FALSE;
      wbuf_json_utf8(b, line, (int)(colon - line));
      wbuf_add(b, L":");
      const char *value = colon + 1;
      while (*value == ' ') value++;
      wbuf_json_utf8(b, value, (int)(next - value));
    }
    line = next + 2;
  }
  wbuf_add(b, L"}");
}

static void net_mime(NetFetch *f, char *out, size_t size) {
  const char *type = net_header(f, "Content-Type");
  out[0] = 0;
  if (!type) return;
  size_t n = strcspn(type, "; ");
  if (n >= size) n = size - 1;
  memcpy(out, type, n);
  out[n] = 0;
}

/* The response object of DevTools' Network.Response. */
static void wbuf_response(WBuf *b, const wchar_t *url, NetFetch *f) {
  char mime[256];
  net_mime(f, mime, sizeof mime);
  wbuf_add(b, L"{\"url\":");
  wbuf_json(b, url, wcslen(url));
  wbuf_addf(b, L",\"status\":%d,\"statusText\":", f->status);
  wbuf_json_utf8(b, f->status_text, (int)strlen(f->status_text));
  wbuf_add(b, L",\"headers\":");
  wbuf_headers(b, f, FALSE);
  wbuf_add(b, L",\"mimeType\":");
  wbuf_json_utf8(b, mime, (int)strlen(mime));
  wbuf_addf(b, L",\"connectionReused\":false,\"connectionId\":0,\"encodedDataLength\":%d,\"protocol\":\"http/1.0\",\"securityState\":\"insecure\",", f->header_bytes);
  wbuf_addf(b, L"\"timing\":{\"requestTime\":%.6f,\"receiveHeadersEnd\":%.3f}}", f->started, (f->headers_at - f->started) * 1000.0);
}

static void net_emit(WebView *w, const wchar_t *event, WBuf *j) {
  devtools_emit(w, event, j->text);
  free(j->text);
  memset(j, 0, sizeof *j);
}

static void net_will_be_sent(WebView *w, const wchar_t *id, const wchar_t *document_url, const wchar_t *url, const wchar_t *type,
                             const wchar_t *initiator, const wchar_t *redirect_from, NetFetch *redirect) {
  WBuf j = {0};
  wbuf_addf(&j, L"{\"requestId\":\"%ls\",\"loaderId\":\"L%llu\",\"documentURL\":", id, (unsigned long long)w->navigation_id);
  wbuf_json(&j, document_url, wcslen(document_url));
  wbuf_add(&j, L",\"request\":{\"url\":");
  wbuf_json(&j, url, wcslen(url));
  const wchar_t *agent = w->page && w->page->emulation.user_agent ? w->page->emulation.user_agent : L"WebView2TestRuntime/" TEST_RUNTIME_VERSION_W;
  wbuf_add(&j, L",\"method\":\"GET\",\"headers\":{\"Accept\":\"*/*\",\"User-Agent\":");
  wbuf_json(&j, agent, wcslen(agent));
  wbuf_add(&j, L"}}");
  wbuf_addf(&j, L",\"timestamp\":%.6f,\"wallTime\":%.6f,\"initiator\":{\"type\":\"%ls\"", net_monotonic(), net_wall(), initiator);
  if (wcscmp(initiator, L"parser") == 0) { wbuf_add(&j, L",\"url\":"); wbuf_json(&j, document_url, wcslen(document_url)); }
  wbuf_add(&j, L"},\"redirectHasExtraInfo\":true,\"type\":");
  wbuf_json(&j, type, wcslen(type));
  wbuf_add(&j, L",\"frameId\":\"F1\",\"hasUserGesture\":false");
  if (redirect) { wbuf_add(&j, L",\"redirectResponse\":"); wbuf_response(&j, redirect_from, redirect); }
  wbuf_add(&j, L"}");
  net_emit(w, L"Network.requestWillBeSent", &j);
}

static void net_failed(WebView *w, const wchar_t *id, const wchar_t *type, const wchar_t *error) {
  WBuf j = {0};
  wbuf_addf(&j, L"{\"requestId\":\"%ls\",\"timestamp\":%.6f,\"type\":\"%ls\",\"errorText\":\"%ls\",\"canceled\":false}", id, net_monotonic(), type, error);
  net_emit(w, L"Network.loadingFailed", &j);
}

static BOOL net_is_text(const char *mime) {
  return _strnicmp(mime, "text/", 5) == 0 || strstr(mime, "json") || strstr(mime, "xml") || strstr(mime, "javascript") || strstr(mime, "svg");
}

static void net_keep_body(PageState *page, const wchar_t *id, NetFetch *f) {
  NetBody *slot = &page->bodies[page->next_body++ % NET_BODIES];
  free(slot->bytes);
  wcsncpy(slot->id, id, 31);
  slot->id[31] = 0;
  slot->bytes = f->body;
  slot->length = f->body_length;
  char mime[256];
  net_mime(f, mime, sizeof mime);
  slot->text = net_is_text(mime);
  f->body = NULL;
}

/*
 * The load of url (a document or a subresource) as DevTools reports it. Returns the body of the
 * final answer as text (the caller frees it), else NULL; *status gets its HTTP status (0: none).
 */
static wchar_t *network_load(WebView *w, const wchar_t *document_url, const wchar_t *url, const wchar_t *type, const wchar_t *initiator, int *status) {
  PageState *page = page_of(w);
  wchar_t *text = NULL;
  *status = 0;
  BOOL events = page->network_enabled;
  wchar_t id[32];
  _snwprintf(id, 31, L"%lu.%d", GetCurrentProcessId(), ++page->next_request_id);
  id[31] = 0;
  if (events) net_will_be_sent(w, id, document_url, url, type, initiator, NULL, NULL);
  BOOL http = _wcsnicmp(url, L"http://", 7) == 0 || _wcsnicmp(url, L"https://", 8) == 0;
  if (!http) return NULL;
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  size_t hl = wcslen(host);
  int port = url_port(url);
  if (port >= 0 && is_bad_port(port)) { if (events) net_failed(w, id, type, L"net::ERR_UNSAFE_PORT"); return NULL; }
  if (hl >= 8 && _wcsicmp(host + hl - 8, L".invalid") == 0) { if (events) net_failed(w, id, type, L"net::ERR_NAME_NOT_RESOLVED"); return NULL; }
  if (!is_fetched_loopback(w, url)) return NULL;
  wchar_t *current = _wcsdup(url);
  for (int hop = 0;; hop++) {
    NetFetch f;
    WBuf j = {0};
    if (!net_fetch(w, current, wcscmp(initiator, L"other") == 0 && wcscmp(type, L"Document") == 0, &f)) {
      if (events) net_failed(w, id, type, f.error);
      net_free(&f);
      break;
    }
    if (events) {
      wbuf_addf(&j, L"{\"requestId\":\"%ls\",\"associatedCookies\":[],\"headers\":", id);
      wbuf_sent_headers(&j, f.sent, TRUE);
      wbuf_add(&j, L",\"connectTiming\":{\"requestTime\":0}}");
      net_emit(w, L"Network.requestWillBeSentExtraInfo", &j);
      wbuf_addf(&j, L"{\"requestId\":\"%ls\",\"blockedCookies\":[],\"statusCode\":%d,\"headers\":", id, f.status);
      wbuf_headers(&j, &f, TRUE);
      wbuf_add(&j, L"}");
      net_emit(w, L"Network.responseReceivedExtraInfo", &j);
    }
    const char *location = net_header(&f, "Location");
    if (f.status >= 300 && f.status < 400 && location) {
      if (hop >= NET_MAX_REDIRECTS) {
        if (events) net_failed(w, id, type, L"net::ERR_TOO_MANY_REDIRECTS");
        net_free(&f);
        break;
      }
      wchar_t *ref = utf8_to_wide(location, (int)strlen(location));
      wchar_t *next = resolve_url(current, ref);
      free(ref);
      if (events) net_will_be_sent(w, id, document_url, next, type, initiator, current, &f);
      net_free(&f);
      free(current);
      current = next;
      if (!is_fetched_loopback(w, current)) break; /* elsewhere: not fetched, no end invented */
      continue;
    }
    *status = f.status;
    if (events) {
      wbuf_addf(&j, L"{\"requestId\":\"%ls\",\"loaderId\":\"L%llu\",\"timestamp\":%.6f,\"type\":\"%ls\",\"response\":", id, (unsigned long long)w->navigation_id, net_monotonic(), type);
      wbuf_response(&j, current, &f);
      wbuf_add(&j, L",\"hasExtraInfo\":true,\"frameId\":\"F1\"}");
      net_emit(w, L"Network.responseReceived", &j);
      wbuf_addf(&j, L"{\"requestId\":\"%ls\",\"timestamp\":%.6f,\"encodedDataLength\":%d}", id, net_monotonic(), f.wire_bytes);
      net_emit(w, L"Network.loadingFinished", &j);
    }
    text = utf8_to_wide(f.body, f.body_length);
    if (events) net_keep_body(page, id, &f);
    net_free(&f);
    break;
  }
  free(current);
  return text;
}

static const char BASE64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Network.getResponseBody's result, or NULL (unknown requestId) */
static wchar_t *network_response_body(WebView *w, const wchar_t *params) {
  PageState *page = page_of(w);
  const wchar_t *key = wcsstr(params, L"\"requestId\":\"");
  if (!key) return NULL;
  key += 13;
  size_t n = wcscspn(key, L"\"");
  for (int i = 0; i < NET_BODIES; i++) {
    NetBody *b = &page->bodies[i];
    if (!b->bytes || wcslen(b->id) != n || wcsncmp(b->id, key, n) != 0) continue;
    WBuf j = {0};
    wbuf_add(&j, L"{\"body\":");
    if (b->text) {
      wbuf_json_utf8(&j, b->bytes, b->length);
      wbuf_add(&j, L",\"base64Encoded\":false}");
    } else {
      wbuf_add(&j, L"\"");
      for (int k = 0; k < b->length; k += 3) {
        unsigned v = (unsigned char)b->bytes[k] << 16 | (k + 1 < b->length ? (unsigned char)b->bytes[k + 1] << 8 : 0) | (k + 2 < b->length ? (unsigned char)b->bytes[k + 2] : 0);
        wchar_t q[5] = {BASE64[v >> 18 & 63], BASE64[v >> 12 & 63], k + 1 < b->length ? BASE64[v >> 6 & 63] : L'=', k + 2 < b->length ? BASE64[v & 63] : L'=', 0};
        wbuf_add(&j, q);
      }
      wbuf_add(&j, L"\",\"base64Encoded\":true}");
    }
    return j.text;
  }
  return NULL;
}

static void network_close(PageState *page) {
  for (int i = 0; i < NET_BODIES; i++) { free(page->bodies[i].bytes); page->bodies[i].bytes = NULL; }
}
