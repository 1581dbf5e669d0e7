/*
 * Environment options of the test runtime: the ICoreWebView2EnvironmentOptions object a host passes
 * to CreateWebViewEnvironmentWithOptionsInternal. Included by runtime.c (one translation unit).
 * As the real runtime does, it queries the object for the options IID and calls its getters; every
 * string it gets must come from CoTaskMemAlloc (checked with IMalloc::DidAlloc) and is freed with
 * CoTaskMemFree. From AdditionalBrowserArguments it honours --proxy-server, --proxy-bypass-list
 * (only "<-loopback>" matters: Chromium sends loopback hosts past the proxy unless told not to) and
 * --ignore-certificate-errors. A user data folder already in use with other browser arguments in
 * this process fails with ERROR_INVALID_STATE (0x8007139F), as WebView2 does.
 */

typedef HRESULT(STDMETHODCALLTYPE *GetStringFn)(void *, LPWSTR *);
typedef HRESULT(STDMETHODCALLTYPE *GetBoolFn)(void *, BOOL *);

static HRESULT take_option_string(void *options, int slot, wchar_t *out, size_t size) {
  LPWSTR value = NULL;
  out[0] = 0;
  HRESULT hr = ((GetStringFn)((ComObject *)options)->vtbl[slot])(options, &value);
  if (FAILED(hr) || !value) return hr;
  IMalloc *malloc_;
  if (SUCCEEDED(CoGetMalloc(1, &malloc_))) {
    int ours = malloc_->lpVtbl->DidAlloc(malloc_, value);
    malloc_->lpVtbl->Release(malloc_);
    if (ours == 0) return E_INVALIDARG; /* not CoTaskMemAlloc'd: it cannot be freed here */
  }
  if (wcslen(value) >= size) hr = E_INVALIDARG;
  else wcscpy(out, value);
  CoTaskMemFree(value);
  return hr;
}

/* The next command-line token (double quotes group), or NULL at the end. */
static const wchar_t *next_argument(const wchar_t *p, wchar_t *token, size_t size) {
  while (*p == L' ' || *p == L'\t') p++;
  if (!*p) return NULL;
  size_t n = 0;
  BOOL quoted = FALSE;
  for (; *p && (quoted || (*p != L' ' && *p != L'\t')); p++) {
    if (*p == L'"') { quoted = !quoted; continue; }
    if (n + 1 < size) token[n++] = *p;
  }
  token[n] = 0;
  return p;
}

static void apply_browser_arguments(Environment *env, const wchar_t *args) {
  wchar_t token[1024];
  for (const wchar_t *p = args; (p = next_argument(p, token, 1024));) {
    if (wcsncmp(token, L"--proxy-server=", 15) == 0) wcsncpy(env->proxy, token + 15, 255);
    else if (wcsncmp(token, L"--proxy-bypass-list=", 20) == 0) env->proxy_loopback = wcsstr(token + 20, L"<-loopback>") != NULL;
    else if (wcscmp(token, L"--ignore-certificate-errors") == 0) env->ignore_certificate_errors = TRUE;
  }
}

static HRESULT read_environment_options(Environment *env, void *options) {
  if (!options) return S_OK;
  void *o;
  if (FAILED(com_qi(options, &IID_EnvironmentOptions, &o))) return E_NOINTERFACE;
  wchar_t language[128], version[128];
  BOOL sso = FALSE;
  HRESULT hr = take_option_string(o, EO_GET_ADDITIONAL_BROWSER_ARGUMENTS, env->browser_arguments, 2048);
  if (SUCCEEDED(hr)) hr = take_option_string(o, EO_GET_LANGUAGE, language, 128);
  if (SUCCEEDED(hr)) hr = take_option_string(o, EO_GET_TARGET_COMPATIBLE_BROWSER_VERSION, version, 128);
  if (SUCCEEDED(hr)) hr = ((GetBoolFn)((ComObject *)o)->vtbl[EO_GET_ALLOW_SSO])(o, &sso);
  com_release(o);
  if (FAILED(hr)) return hr;
  apply_browser_arguments(env, env->browser_arguments);
  return S_OK;
}

static struct { wchar_t folder[MAX_PATH]; wchar_t arguments[2048]; } folders_in_use[32];
static int folders_in_use_count;

/* S_OK, or ERROR_INVALID_STATE when the folder already runs with other browser arguments. */
static HRESULT claim_user_data_folder(const Environment *env) {
  for (int i = 0; i < folders_in_use_count; i++) {
    if (_wcsicmp(folders_in_use[i].folder, env->folder) != 0) continue;
    return wcscmp(folders_in_use[i].arguments, env->browser_arguments) == 0 ? S_OK : HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  }
  if (folders_in_use_count < 32) {
    wcscpy(folders_in_use[folders_in_use_count].folder, env->folder);
    wcscpy(folders_in_use[folders_in_use_count].arguments, env->browser_arguments);
    folders_in_use_count++;
  }
  return S_OK;
}
