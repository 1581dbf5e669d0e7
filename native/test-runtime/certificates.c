/*
 * Server certificate errors of the test runtime: ICoreWebView2_14 add/remove_ServerCertificateErrorDetected
 * and its event arguments. Included by runtime.c (one translation unit).
 * Which hosts present a certificate nobody trusts (https only):
 *   a host starting with "self-signed." or "untrusted."   CERTIFICATE_IS_INVALID
 *   a host starting with "expired."                       CERTIFICATE_EXPIRED
 *   a host starting with "wrong-host."                    CERTIFICATE_COMMON_NAME_IS_INCORRECT
 *   a host listed in WEBVIEW2_TEST_UNTRUSTED_HOSTS (commas) CERTIFICATE_IS_INVALID
 * As in WebView2: the navigation waits for the event's handlers; Action ALWAYS_ALLOW lets it
 * through and is remembered for that host for the environment's life; CANCEL fails it as
 * cancelled; DEFAULT (the initial value) fails it with the certificate error, as the interstitial
 * does. Only a change made while the handler runs counts. GetDeferral and ServerCertificate are not
 * modelled (E_NOTIMPL). --ignore-certificate-errors in the browser arguments trusts every host,
 * as Chromium does: that is what a host must never pass.
 */

typedef struct {
  Obj base;
  int status;
  wchar_t *uri;
  wchar_t host[256];
  int action;
  BOOL decided;
  NavigationArgs *navigation; /* the navigation waiting for the decision; owned */
} CertificateErrorArgs;

static void *certificate_error_args_vtbl[SCE_SLOTS];

static BOOL starts_with(const wchar_t *s, const wchar_t *prefix) { return _wcsnicmp(s, prefix, wcslen(prefix)) == 0; }

static int certificate_problem(const wchar_t *scheme, const wchar_t *host) {
  if (_wcsicmp(scheme, L"https") != 0) return 0;
  if (starts_with(host, L"self-signed.") || starts_with(host, L"untrusted.")) return WEB_ERROR_STATUS_CERTIFICATE_IS_INVALID;
  if (starts_with(host, L"expired.")) return WEB_ERROR_STATUS_CERTIFICATE_EXPIRED;
  if (starts_with(host, L"wrong-host.")) return WEB_ERROR_STATUS_CERTIFICATE_COMMON_NAME_IS_INCORRECT;
  const char *listed = getenv("WEBVIEW2_TEST_UNTRUSTED_HOSTS");
  if (!listed) return 0;
  char narrow[256];
  WideCharToMultiByte(CP_UTF8, 0, host, -1, narrow, sizeof narrow, NULL, NULL);
  size_t n = strlen(narrow);
  for (const char *p = listed; *p;) {
    size_t len = strcspn(p, ",");
    if (len == n && _strnicmp(p, narrow, n) == 0) return WEB_ERROR_STATUS_CERTIFICATE_IS_INVALID;
    p += len;
    if (*p == ',') p++;
  }
  return 0;
}

static BOOL host_allowed(Environment *env, const wchar_t *host) {
  for (int i = 0; i < env->allowed_host_count; i++) if (_wcsicmp(env->allowed_hosts[i], host) == 0) return TRUE;
  return FALSE;
}

static void destroy_certificate_error_args(Obj *o) {
  CertificateErrorArgs *a = (CertificateErrorArgs *)o;
  free(a->uri);
  if (a->navigation) com_release(a->navigation);
}

/* Called by navigate_with: TRUE when the navigation now waits for the host's decision. */
static BOOL certificate_check(WebView *w, const wchar_t *url, const wchar_t *scheme, const wchar_t *host, void *navigation) {
  int status = certificate_problem(scheme, host);
  if (!status || w->env->ignore_certificate_errors || host_allowed(w->env, host)) return FALSE;
  CertificateErrorArgs *a = new_obj(sizeof *a, certificate_error_args_vtbl, &IID_ServerCertificateErrorDetectedEventArgs, NULL, destroy_certificate_error_args);
  a->status = status;
  a->uri = _wcsdup(url);
  wcsncpy(a->host, host, 255);
  a->action = SERVER_CERTIFICATE_ERROR_ACTION_DEFAULT;
  a->navigation = navigation;
  queue_event(w, EVENT_SERVER_CERTIFICATE_ERROR, a);
  return TRUE;
}

/* Called by deliver_now once every handler has returned. */
static void certificate_decided(WebView *w, void *args) {
  CertificateErrorArgs *a = args;
  a->decided = TRUE;
  NavigationArgs *n = a->navigation;
  a->navigation = NULL;
  if (!n) return;
  if (a->action == SERVER_CERTIFICATE_ERROR_ACTION_ALWAYS_ALLOW) {
    Environment *env = w->env;
    if (!host_allowed(env, a->host) && env->allowed_host_count < 16) wcscpy(env->allowed_hosts[env->allowed_host_count++], a->host);
    complete_navigation(w, n, a->uri);
    return;
  }
  n->success = FALSE;
  n->status = a->action == SERVER_CERTIFICATE_ERROR_ACTION_CANCEL ? WEB_ERROR_STATUS_OPERATION_CANCELED : a->status;
  n->http_status = 0;
  queue_event(w, EVENT_NAVIGATION_COMPLETED, n);
}

static HRESULT STDMETHODCALLTYPE certificate_error_get_status(CertificateErrorArgs *s, int *v) { if (!v) return E_POINTER; *v = s->status; return S_OK; }
static HRESULT STDMETHODCALLTYPE certificate_error_get_uri(CertificateErrorArgs *s, LPWSTR *v) { if (!v) return E_POINTER; *v = task_string(s->uri); return S_OK; }
static HRESULT STDMETHODCALLTYPE certificate_error_get_action(CertificateErrorArgs *s, int *v) { if (!v) return E_POINTER; *v = s->action; return S_OK; }
static HRESULT STDMETHODCALLTYPE certificate_error_put_action(CertificateErrorArgs *s, int v) {
  if (v < SERVER_CERTIFICATE_ERROR_ACTION_ALWAYS_ALLOW || v > SERVER_CERTIFICATE_ERROR_ACTION_DEFAULT) return E_INVALIDARG;
  if (!s->decided) s->action = v; /* after the handler returned, without a deferral: no effect */
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE webview_add_server_certificate_error(WebView *s, void *h, INT64 *t) {
  return add_handler(s, EVENT_SERVER_CERTIFICATE_ERROR, &IID_ServerCertificateErrorDetectedEventHandler, h, t);
}
static HRESULT STDMETHODCALLTYPE webview_remove_server_certificate_error(WebView *s, INT64 t) { return remove_handler(s, EVENT_SERVER_CERTIFICATE_ERROR, t); }

/* The web view answers ICoreWebView2_14 besides its base interfaces: one object, one vtable. */
static HRESULT STDMETHODCALLTYPE webview_query_interface(Obj *self, REFIID riid, void **out) {
  if (out && IsEqualGUID(riid, &IID_WebView_14)) {
    InterlockedIncrement(&self->refs);
    *out = self;
    return S_OK;
  }
  return obj_query_interface(self, riid, out);
}

static void install_certificates(void) {
  webview_vtbl[0] = (void *)webview_query_interface;
  webview_vtbl[WV14_ADD_SERVER_CERTIFICATE_ERROR_DETECTED] = (void *)webview_add_server_certificate_error;
  webview_vtbl[WV14_REMOVE_SERVER_CERTIFICATE_ERROR_DETECTED] = (void *)webview_remove_server_certificate_error;
  init_vtbl(certificate_error_args_vtbl, SCE_SLOTS);
  certificate_error_args_vtbl[SCE_GET_ERROR_STATUS] = (void *)certificate_error_get_status;
  certificate_error_args_vtbl[SCE_GET_REQUEST_URI] = (void *)certificate_error_get_uri;
  certificate_error_args_vtbl[SCE_GET_ACTION] = (void *)certificate_error_get_action;
  certificate_error_args_vtbl[SCE_PUT_ACTION] = (void *)certificate_error_put_action;
}
