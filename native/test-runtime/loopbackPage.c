/*
 * Pages on the loopback interface, fetched for real. Included by runtime.c after proxyRoute.c
 * (whose Winsock it uses). A navigation to http://127.x.x.x[:port]/... or http://localhost[:port]/...
 * (with no proxy asked to carry loopback traffic) GETs the page, on the UI thread, with a 5 s
 * timeout: its status decides the navigation (4xx and 5xx fail, as WebView2 counts them; no
 * answer fails as "cannot connect"), and its body is the text page.c reads for resources and
 * console messages. Other hosts are not fetched (see page.c).
 */

#define MAX_PAGE_BYTES (4 * 1024 * 1024)

static BOOL is_fetched_loopback(WebView *w, const wchar_t *url) {
  if (_wcsnicmp(url, L"http://", 7) != 0) return FALSE;
  if (w->env->proxy[0] && w->env->proxy_loopback) return FALSE; /* the proxy decides (proxyRoute.c) */
  int port = url_port(url);
  if (port >= 0 && is_bad_port(port)) return FALSE; /* refused before any connection (page.c) */
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  return _wcsicmp(host, L"localhost") == 0 || wcsncmp(host, L"127.", 4) == 0;
}

/* The page's body as text, or NULL; *status gets the HTTP status, or 0 when nothing answered. */
static wchar_t *fetch_loopback_page(WebView *w, const wchar_t *url, int *status) {
  *status = 0;
  if (!is_fetched_loopback(w, url) || !load_winsock()) return NULL;
  const wchar_t *after = url + 7;
  size_t al = wcscspn(after, L"/?#");
  wchar_t authority[300];
  if (al >= 290) return NULL;
  wcsncpy(authority, after, al);
  authority[al] = 0;
  if (!wcschr(authority, L':')) wcscat(authority, L":80");
  RtSockaddrIn address;
  if (!proxy_address(authority, &address)) return NULL;
  RtSocket s = ws.socket_(2, 1, 6); /* AF_INET, SOCK_STREAM, IPPROTO_TCP */
  if (s == (RtSocket)~(UINT_PTR)0) return NULL;
  DWORD timeout = 5000;
  ws.setsockopt_(s, 0xffff, 0x1006, (const char *)&timeout, sizeof timeout); /* SOL_SOCKET, SO_RCVTIMEO */
  wchar_t *text = NULL;
  if (ws.connect_(s, &address, sizeof address) == 0) {
    char request[4096], target[2048], host[300];
    const wchar_t *path = after + al;
    /* A URL too long for the buffers is refused, never cut: 0 means it did not fit. */
    if (!WideCharToMultiByte(CP_UTF8, 0, *path ? path : L"/", -1, target, sizeof target - 1, NULL, NULL)
        || !WideCharToMultiByte(CP_UTF8, 0, authority, -1, host, sizeof host, NULL, NULL)) {
      ws.close_(s);
      return NULL;
    }
    if (target[0] != '/') { memmove(target + 1, target, strlen(target) + 1); target[0] = '/'; }
    char *fragment = strchr(target, '#');
    if (fragment) *fragment = 0;
    /* Chromium's headers for a reload (max-age=0) and a reload without the cache (no-cache). */
    int reload = page_of(w)->reload_kind;
    const char *cache = reload == RELOAD_BYPASS_CACHE ? "Cache-Control: no-cache\r\nPragma: no-cache\r\n" : reload == RELOAD_NORMAL ? "Cache-Control: max-age=0\r\n" : "";
    char agent[1100];
    snprintf(request, sizeof request, "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: text/html,*/*\r\n%s\r\n", target, host, user_agent_of(w, agent, sizeof agent), cache);
    if (ws.send_(s, request, (int)strlen(request), 0) == (int)strlen(request)) {
      char *answer = malloc(MAX_PAGE_BYTES + 1);
      if (!answer) {
        ws.close_(s);
        return NULL;
      }
      int got = 0;
      for (int r; got < MAX_PAGE_BYTES && (r = ws.recv_(s, answer + got, MAX_PAGE_BYTES - got, 0)) > 0;) got += r;
      answer[got] = 0;
      int code = 0;
      if (sscanf(answer, "HTTP/1.%*d %d", &code) == 1 && code > 0) {
        *status = code;
        char *body = strstr(answer, "\r\n\r\n");
        if (body) text = utf8_to_wide(body + 4, (int)(got - (body + 4 - answer)));
      }
      free(answer);
    }
  }
  ws.close_(s);
  return text;
}
