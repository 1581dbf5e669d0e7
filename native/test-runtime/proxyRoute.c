/*
 * Navigations through the environment's proxy (--proxy-server in the browser arguments). Included
 * by runtime.c (one translation unit). The runtime thread really talks to the proxy: "GET <url>"
 * for http, "CONNECT host:port" for https (no TLS follows; a 200 from the proxy counts as the
 * page), and the proxy's status decides the navigation. Loopback hosts bypass the proxy unless
 * --proxy-bypass-list holds "<-loopback>", as in Chromium. Only http:// proxies with an IPv4
 * address or "localhost" are modelled; any other fails as "cannot connect". Winsock is loaded at
 * run time, so that the DLL links against the same libraries as before.
 */

typedef UINT_PTR RtSocket;
typedef struct { short family; unsigned short port; unsigned char addr[4]; char zero[8]; } RtSockaddrIn;
typedef int(WINAPI *WsaStartupFn)(WORD, void *);
typedef RtSocket(WINAPI *SocketFn)(int, int, int);
typedef int(WINAPI *ConnectFn)(RtSocket, const void *, int);
typedef int(WINAPI *SendFn)(RtSocket, const char *, int, int);
typedef int(WINAPI *RecvFn)(RtSocket, char *, int, int);
typedef int(WINAPI *CloseSocketFn)(RtSocket);
typedef int(WINAPI *SetSockOptFn)(RtSocket, int, int, const char *, int);

static struct {
  BOOL loaded;
  SocketFn socket_;
  ConnectFn connect_;
  SendFn send_;
  RecvFn recv_;
  CloseSocketFn close_;
  SetSockOptFn setsockopt_;
} ws;

static BOOL load_winsock(void) {
  if (ws.loaded) return TRUE;
  HMODULE m = LoadLibraryW(L"ws2_32.dll");
  if (!m) return FALSE;
  WsaStartupFn startup = (WsaStartupFn)(void *)GetProcAddress(m, "WSAStartup");
  ws.socket_ = (SocketFn)(void *)GetProcAddress(m, "socket");
  ws.connect_ = (ConnectFn)(void *)GetProcAddress(m, "connect");
  ws.send_ = (SendFn)(void *)GetProcAddress(m, "send");
  ws.recv_ = (RecvFn)(void *)GetProcAddress(m, "recv");
  ws.close_ = (CloseSocketFn)(void *)GetProcAddress(m, "closesocket");
  ws.setsockopt_ = (SetSockOptFn)(void *)GetProcAddress(m, "setsockopt");
  char data[1024]; /* WSADATA */
  if (!startup || !ws.socket_ || !ws.connect_ || !ws.send_ || !ws.recv_ || !ws.close_ || !ws.setsockopt_ || startup(0x0202, data) != 0) return FALSE;
  ws.loaded = TRUE;
  return TRUE;
}

static BOOL is_loopback_host(const wchar_t *host) {
  size_t n = wcslen(host);
  return _wcsicmp(host, L"localhost") == 0 || (n > 10 && _wcsicmp(host + n - 10, L".localhost") == 0) ||
         wcsncmp(host, L"127.", 4) == 0 || wcscmp(host, L"[::1]") == 0;
}

/* "http://H:P" or "H:P" into an IPv4 address; FALSE for what is not modelled. */
static BOOL proxy_address(const wchar_t *proxy, RtSockaddrIn *out) {
  const wchar_t *p = proxy;
  const wchar_t *sep = wcsstr(p, L"://");
  if (sep) {
    if (sep - p != 4 || _wcsnicmp(p, L"http", 4) != 0) return FALSE;
    p = sep + 3;
  }
  wchar_t host[64];
  size_t hl = wcscspn(p, L":/");
  if (hl == 0 || hl >= 64 || p[hl] != L':') return FALSE;
  wcsncpy(host, p, hl);
  host[hl] = 0;
  int port = _wtoi(p + hl + 1);
  if (port <= 0 || port > 65535) return FALSE;
  unsigned a, b, c, d;
  if (_wcsicmp(host, L"localhost") == 0) { a = 127; b = 0; c = 0; d = 1; }
  else if (swscanf(host, L"%u.%u.%u.%u", &a, &b, &c, &d) != 4 || a > 255 || b > 255 || c > 255 || d > 255) return FALSE;
  memset(out, 0, sizeof *out);
  out->family = 2; /* AF_INET */
  out->port = (unsigned short)(((port & 0xff) << 8) | ((port >> 8) & 0xff));
  out->addr[0] = (unsigned char)a; out->addr[1] = (unsigned char)b; out->addr[2] = (unsigned char)c; out->addr[3] = (unsigned char)d;
  return TRUE;
}

/* Runs on the runtime thread before the navigation's completion is delivered. */
static void fetch_through_proxy(Job *job) {
  NavigationArgs *n = job->args;
  const wchar_t *url = job->url;
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  n->success = FALSE;
  n->status = WEB_ERROR_STATUS_CANNOT_CONNECT;
  n->http_status = 0;
  RtSockaddrIn address;
  if (!proxy_address(job->webview->env->proxy, &address) || !load_winsock()) goto done;
  RtSocket s = ws.socket_(2, 1, 6); /* AF_INET, SOCK_STREAM, IPPROTO_TCP */
  if (s == (RtSocket)~(UINT_PTR)0) goto done;
  DWORD timeout = 5000;
  ws.setsockopt_(s, 0xffff, 0x1006, (const char *)&timeout, sizeof timeout); /* SOL_SOCKET, SO_RCVTIMEO */
  if (ws.connect_(s, &address, sizeof address) == 0) {
    char request[4096], narrow_url[2048], authority[300];
    const wchar_t *after = wcsstr(url, L"://") + 3;
    size_t al = wcscspn(after, L"/?#");
    wchar_t wauthority[300];
    wcsncpy(wauthority, after, al < 299 ? al : 299);
    wauthority[al < 299 ? al : 299] = 0;
    /* A URL too long for the buffers is refused (cannot connect), never cut: 0 means it did not fit. */
    if (!WideCharToMultiByte(CP_UTF8, 0, wauthority, -1, authority, sizeof authority - 8, NULL, NULL)
        || !WideCharToMultiByte(CP_UTF8, 0, url, -1, narrow_url, sizeof narrow_url, NULL, NULL)) {
      ws.close_(s);
      goto done;
    }
    BOOL tls = _wcsicmp(scheme, L"https") == 0;
    if (tls && !strchr(authority, ':')) strcat(authority, ":443");
    if (tls) snprintf(request, sizeof request, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", authority, authority);
    else snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: WebView2TestRuntime/" TEST_RUNTIME_VERSION_A "\r\nConnection: close\r\n\r\n", narrow_url, authority);
    char answer[512];
    int got = 0;
    if (ws.send_(s, request, (int)strlen(request), 0) == (int)strlen(request)) {
      for (int r; got < (int)sizeof answer - 1 && !memchr(answer, '\n', got) && (r = ws.recv_(s, answer + got, (int)sizeof answer - 1 - got, 0)) > 0;) got += r;
    }
    answer[got] = 0;
    int status = 0;
    if (sscanf(answer, "HTTP/1.%*d %d", &status) == 1 && status > 0) {
      n->http_status = status;
      n->success = status >= 200 && status < 400;
      n->status = 0;
    }
  }
  ws.close_(s);
done:
  free(job->url);
  job->url = NULL;
}

/* The last step of every navigation: straight to NavigationCompleted, or through the proxy first. */
static void complete_navigation(WebView *w, void *navigation, const wchar_t *url) {
  wchar_t scheme[16], host[256], path[1024];
  split_url(url, scheme, host, path);
  BOOL web = _wcsicmp(scheme, L"http") == 0 || _wcsicmp(scheme, L"https") == 0;
  if (!w->env->proxy[0] || !web || (is_loopback_host(host) && !w->env->proxy_loopback)) {
    queue_event(w, EVENT_NAVIGATION_COMPLETED, navigation);
    return;
  }
  Job *job = new_job(JOB_EVENT, "events", w->env->delivery);
  job->event = EVENT_NAVIGATION_COMPLETED;
  job->webview = w;
  com_addref(w);
  job->args = navigation;
  job->url = _wcsdup(url);
  job->prepare = fetch_through_proxy;
  enqueue(job);
}
