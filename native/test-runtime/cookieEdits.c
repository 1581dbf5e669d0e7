/*
 * Cookie edits of the test runtime: ICoreWebView2CookieManager CreateCookie, AddOrUpdateCookie,
 * DeleteCookie, DeleteCookies, DeleteCookiesWithDomainAndPath, DeleteAllCookies, and the cookie
 * setters. Included by runtime.c (one translation unit). As strict as Chromium where it refuses:
 * a cookie object must be one this runtime made, its domain must be set, SameSite=None needs
 * Secure, an expiry below -1 is refused. A cookie object is a copy: setters change nothing in the
 * store until AddOrUpdateCookie. Every change is written back to <user data folder>\test-cookies.tsv,
 * as a real profile keeps its cookies.
 */
#include <time.h>

static void save_cookies(Environment *env) {
  if (!env->folder[0]) return;
  wchar_t path[MAX_PATH];
  _snwprintf(path, MAX_PATH, L"%ls\\test-cookies.tsv", env->folder);
  FILE *f = _wfopen(path, L"wb");
  if (!f) return;
  for (int i = 0; i < env->cookie_count; i++) {
    const CookieData *c = &env->cookies[i];
    char name[512], value[2048], domain[1024], cpath[1024];
    WideCharToMultiByte(CP_UTF8, 0, c->name, -1, name, sizeof name, NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, c->value, -1, value, sizeof value, NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, c->domain, -1, domain, sizeof domain, NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, c->path, -1, cpath, sizeof cpath, NULL, NULL);
    fprintf(f, "%s\t%s\t%s\t%s\t%.0f\t%d\t%d\t%d\n", name, value, domain, cpath, c->expires, c->http_only ? 1 : 0, c->secure ? 1 : 0, c->same_site);
  }
  fclose(f);
}

static BOOL same_cookie(const CookieData *a, const CookieData *b) {
  return wcscmp(a->name, b->name) == 0 && _wcsicmp(a->domain, b->domain) == 0 && wcscmp(a->path, b->path) == 0;
}

static void remove_cookie_at(Environment *env, int i) {
  memmove(&env->cookies[i], &env->cookies[i + 1], (env->cookie_count - i - 1) * sizeof env->cookies[0]);
  env->cookie_count--;
}

static BOOL fits(const wchar_t *s, size_t capacity) { return s && wcslen(s) < capacity; }

/* A cookie object is ours when it carries our vtable: a host cannot pass its own implementation. */
static Cookie *own_cookie(void *p) {
  return p && ((Obj *)p)->vtbl == cookie_vtbl ? (Cookie *)p : NULL;
}

static HRESULT STDMETHODCALLTYPE cookie_manager_create_cookie(CookieManager *self, LPCWSTR name, LPCWSTR value, LPCWSTR domain, LPCWSTR path, void **out) {
  (void)self;
  if (!out) return E_POINTER;
  *out = NULL;
  if (!name || !*name || !value || !domain || !path) return E_INVALIDARG;
  if (!fits(name, 128) || !fits(value, 512) || !fits(domain, 256) || !fits(path, 256)) return E_INVALIDARG;
  if (wcspbrk(name, L"=;, \t\r\n") || wcspbrk(value, L";\r\n")) return E_INVALIDARG;
  Cookie *c = new_obj(sizeof *c, cookie_vtbl, &IID_Cookie, NULL, NULL);
  wcscpy(c->data.name, name);
  wcscpy(c->data.value, value);
  wcscpy(c->data.domain, domain);
  wcscpy(c->data.path, *path ? path : L"/");
  c->data.expires = -1;
  c->data.same_site = 1; /* COREWEBVIEW2_COOKIE_SAME_SITE_KIND_LAX */
  *out = c;
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cookie_manager_add_or_update_cookie(CookieManager *self, void *cookie) {
  Cookie *c = own_cookie(cookie);
  if (!c) return E_INVALIDARG;
  CookieData *d = &c->data;
  if (!d->domain[0] || d->path[0] != L'/') return E_INVALIDARG;
  if (d->same_site == 0 && !d->secure) return E_INVALIDARG; /* SameSite=None without Secure: Chromium refuses it */
  Environment *env = self->env;
  for (int i = 0; i < env->cookie_count; i++) {
    if (same_cookie(&env->cookies[i], d)) { remove_cookie_at(env, i); break; }
  }
  time_t now = time(NULL);
  if (d->expires >= 0 && d->expires <= (double)now) { save_cookies(env); return S_OK; } /* already expired: a deletion */
  if (env->cookie_count >= MAX_COOKIES) return E_OUTOFMEMORY;
  env->cookies[env->cookie_count++] = *d;
  save_cookies(env);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cookie_manager_delete_cookie(CookieManager *self, void *cookie) {
  Cookie *c = own_cookie(cookie);
  if (!c) return E_INVALIDARG;
  Environment *env = self->env;
  for (int i = env->cookie_count - 1; i >= 0; i--) if (same_cookie(&env->cookies[i], &c->data)) remove_cookie_at(env, i);
  save_cookies(env);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cookie_manager_delete_cookies(CookieManager *self, LPCWSTR name, LPCWSTR uri) {
  if (!name || !uri || !*uri) return E_INVALIDARG;
  Environment *env = self->env;
  for (int i = env->cookie_count - 1; i >= 0; i--) {
    if (wcscmp(env->cookies[i].name, name) == 0 && cookie_matches(&env->cookies[i], uri)) remove_cookie_at(env, i);
  }
  save_cookies(env);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cookie_manager_delete_cookies_with_domain_and_path(CookieManager *self, LPCWSTR name, LPCWSTR domain, LPCWSTR path) {
  if (!name || !domain || !path) return E_INVALIDARG;
  Environment *env = self->env;
  for (int i = env->cookie_count - 1; i >= 0; i--) {
    CookieData *c = &env->cookies[i];
    if (wcscmp(c->name, name) == 0 && _wcsicmp(c->domain, domain) == 0 && wcscmp(c->path, path) == 0) remove_cookie_at(env, i);
  }
  save_cookies(env);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cookie_manager_delete_all_cookies(CookieManager *self) {
  self->env->cookie_count = 0;
  save_cookies(self->env);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE cookie_put_value(Cookie *s, LPCWSTR v) {
  if (!v || !fits(v, 512) || wcspbrk(v, L";\r\n")) return E_INVALIDARG;
  wcscpy(s->data.value, v);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE cookie_put_expires(Cookie *s, double v) {
  if (v < -1 || v != v) return E_INVALIDARG; /* -1: a session cookie */
  s->data.expires = v;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE cookie_put_is_http_only(Cookie *s, BOOL v) { s->data.http_only = v != 0; return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_put_is_secure(Cookie *s, BOOL v) { s->data.secure = v != 0; return S_OK; }
static HRESULT STDMETHODCALLTYPE cookie_put_same_site(Cookie *s, int v) {
  if (v < 0 || v > 2) return E_INVALIDARG;
  s->data.same_site = v;
  return S_OK;
}

static void install_cookie_edits(void) {
  cookie_manager_vtbl[CM_CREATE_COOKIE] = (void *)cookie_manager_create_cookie;
  cookie_manager_vtbl[CM_ADD_OR_UPDATE_COOKIE] = (void *)cookie_manager_add_or_update_cookie;
  cookie_manager_vtbl[CM_DELETE_COOKIE] = (void *)cookie_manager_delete_cookie;
  cookie_manager_vtbl[CM_DELETE_COOKIES] = (void *)cookie_manager_delete_cookies;
  cookie_manager_vtbl[CM_DELETE_COOKIES_WITH_DOMAIN_AND_PATH] = (void *)cookie_manager_delete_cookies_with_domain_and_path;
  cookie_manager_vtbl[CM_DELETE_ALL_COOKIES] = (void *)cookie_manager_delete_all_cookies;
  cookie_vtbl[CK_PUT_VALUE] = (void *)cookie_put_value;
  cookie_vtbl[CK_PUT_EXPIRES] = (void *)cookie_put_expires;
  cookie_vtbl[CK_PUT_IS_HTTP_ONLY] = (void *)cookie_put_is_http_only;
  cookie_vtbl[CK_PUT_SAME_SITE] = (void *)cookie_put_same_site;
  cookie_vtbl[CK_PUT_IS_SECURE] = (void *)cookie_put_is_secure;
}
