/*
 * A stand-in for Microsoft's WebView2Loader.dll, test equipment only. It behaves the way the
 * official x64 loader (SDK 1.0.3415) was observed to behave, so that a runtime or a host that gets
 * away with something here would not get away with it there either:
 *   - the browser folder comes from WEBVIEW2_BROWSER_EXECUTABLE_FOLDER (which overrides the
 *     argument), else the policy BrowserExecutableFolder, else the argument, else the installed
 *     channels as Microsoft documents them: Stable, Beta, Dev, Canary (ClientState value EBWebView),
 *     each per machine before per user, 32-bit view only (as the official loader answered under
 *     Wine); WEBVIEW2_RELEASE_CHANNELS ("0,1,2,3"; a list without a known number limits nothing)
 *     limits them, WEBVIEW2_RELEASE_CHANNEL_PREFERENCE=1 or WEBVIEW2_CHANNEL_SEARCH_KIND=1 (or the
 *     policies of those names) reverse the order. Policies: Software\Policies\Microsoft\Edge\
 *     WebView2\<name>, value "<exe name>" or "*", HKLM before HKCU. The user data folder from
 *     WEBVIEW2_USER_DATA_FOLDER, else the argument, else "<exe folder>\<exe name>.WebView2";
 *   - it loads <folder>\EBWebView\x64\EmbeddedBrowserWebView.dll, calls
 *     CreateWebViewEnvironmentWithOptionsInternal and FREES THE DLL AS SOON AS THE CALL RETURNS: a
 *     runtime must keep its own module loaded;
 *   - the first parameter is a one-byte bool: the upper bytes of the register hold garbage;
 *   - the runtime gets the loader's own completed handler, which calls the caller's handler
 *     (without asking the caller's handler for any interface);
 *   - GetAvailableCoreWebView2BrowserVersionString reads the DLL's VERSIONINFO file version, and
 *     fails with 0x80070714 (ERROR_RESOURCE_DATA_NOT_FOUND) when the DLL has none; with no runtime
 *     at all both exports fail with 0x80070002.
 */
#include <windows.h>
#include <objbase.h>
#include <wchar.h>

typedef HRESULT(WINAPI *CreateInternalFn)(UINT_PTR check_running_instance, int runtime_type, LPCWSTR user_data_folder, void *options, void *handler);
typedef HRESULT(STDMETHODCALLTYPE *InvokeFn)(void *, HRESULT, void *);
typedef ULONG(STDMETHODCALLTYPE *RefFn)(void *);

static const GUID IID_Unknown_ = {0x00000000, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const GUID IID_EnvironmentCompletedHandler_ = {0x4e8a3389, 0xc9d8, 0x4bd2, {0xb6, 0xb5, 0x12, 0x4f, 0xee, 0x6c, 0xc1, 0x4d}};
static const wchar_t *CHANNEL_KEYS[4] = {
  L"SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}", /* Stable */
  L"SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\{2CD8A007-E189-409D-A2C8-9AF4EF3C72AA}", /* Beta */
  L"SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\{0D50BFEC-CD6A-4F9A-964C-C7416E3ACB10}", /* Dev */
  L"SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\{65C35B14-6C1D-4122-AC46-7148CC9D6497}", /* Canary */
};

/* ---- where the runtime is ---- */

typedef struct { wchar_t dll[MAX_PATH]; int runtime_type; } Runtime;

static BOOL file_exists(const wchar_t *path) {
  return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

/* A variable, else the policy of that name for this executable or "*" (HKLM, then HKCU). */
static BOOL setting(const wchar_t *variable, const wchar_t *policy, wchar_t *out, DWORD chars) {
  if (variable && GetEnvironmentVariableW(variable, out, chars) && *out) return TRUE;
  wchar_t key[256], exe[MAX_PATH], *name;
  _snwprintf(key, 256, L"Software\\Policies\\Microsoft\\Edge\\WebView2\\%ls", policy);
  GetModuleFileNameW(NULL, exe, MAX_PATH);
  name = wcsrchr(exe, L'\\') ? wcsrchr(exe, L'\\') + 1 : exe;
  HKEY hives[2] = {HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER};
  const wchar_t *names[2] = {name, L"*"};
  for (int h = 0; h < 2; h++) {
    for (int n = 0; n < 2; n++) {
      DWORD size = chars * sizeof(wchar_t);
      if (RegGetValueW(hives[h], key, names[n], RRF_RT_REG_SZ, NULL, out, &size) == ERROR_SUCCESS && *out) return TRUE;
    }
  }
  *out = 0;
  return FALSE;
}

static HRESULT runtime_in(const wchar_t *folder, int type, Runtime *out) {
  int n = _snwprintf(out->dll, MAX_PATH, L"%ls\\EBWebView\\x64\\EmbeddedBrowserWebView.dll", folder);
  if (n < 0 || n >= MAX_PATH) return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE); /* would not fit: no such runtime */
  out->runtime_type = type;
  return file_exists(out->dll) ? S_OK : HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
}

/* S_OK and the DLL's path, or 0x80070002 when there is no runtime. */
static HRESULT find_runtime(LPCWSTR browser_folder, Runtime *out) {
  wchar_t folder[MAX_PATH] = L"", value[64];
  if (setting(L"WEBVIEW2_BROWSER_EXECUTABLE_FOLDER", L"BrowserExecutableFolder", folder, MAX_PATH)) return runtime_in(folder, 1, out);
  if (browser_folder && *browser_folder) return runtime_in(browser_folder, 1, out);
  BOOL wanted[4] = {TRUE, TRUE, TRUE, TRUE};
  if (setting(L"WEBVIEW2_RELEASE_CHANNELS", L"ReleaseChannels", value, 64)) {
    BOOL any = FALSE, listed[4] = {FALSE, FALSE, FALSE, FALSE};
    for (wchar_t *p = value; *p; p++) if (*p >= L'0' && *p <= L'3') listed[*p - L'0'] = any = TRUE;
    if (any) for (int c = 0; c < 4; c++) wanted[c] = listed[c];
  }
  BOOL reverse = (setting(L"WEBVIEW2_RELEASE_CHANNEL_PREFERENCE", L"ReleaseChannelPreference", value, 64) && wcscmp(value, L"1") == 0)
    || (setting(L"WEBVIEW2_CHANNEL_SEARCH_KIND", L"ChannelSearchKind", value, 64) && wcscmp(value, L"1") == 0);
  HKEY hives[2] = {HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER}; /* per machine first */
  for (int i = 0; i < 4; i++) {
    int c = reverse ? 3 - i : i;
    if (!wanted[c]) continue;
    for (int h = 0; h < 2; h++) {
      DWORD size = sizeof folder;
      if (RegGetValueW(hives[h], CHANNEL_KEYS[c], L"EBWebView", RRF_RT_REG_SZ | RRF_SUBKEY_WOW6432KEY, NULL, folder, &size) != ERROR_SUCCESS) continue;
      if (SUCCEEDED(runtime_in(folder, 0, out))) return S_OK;
    }
  }
  return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
}

/* ---- the loader's own completed handler, wrapping the caller's ---- */

typedef struct {
  void **vtbl;
  LONG refs;
  void *caller; /* the caller's handler, referenced */
} Wrapper;

static HRESULT STDMETHODCALLTYPE wrapper_query_interface(Wrapper *self, REFIID riid, void **out) {
  if (!out) return E_POINTER;
  if (IsEqualGUID(riid, &IID_Unknown_) || IsEqualGUID(riid, &IID_EnvironmentCompletedHandler_)) {
    InterlockedIncrement(&self->refs);
    *out = self;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE wrapper_add_ref(Wrapper *self) { return (ULONG)InterlockedIncrement(&self->refs); }
static ULONG STDMETHODCALLTYPE wrapper_release(Wrapper *self) {
  LONG n = InterlockedDecrement(&self->refs);
  if (n == 0) {
    ((RefFn)(*(void ***)self->caller)[2])(self->caller);
    HeapFree(GetProcessHeap(), 0, self);
  }
  return (ULONG)n;
}
static HRESULT STDMETHODCALLTYPE wrapper_invoke(Wrapper *self, HRESULT hr, void *environment) {
  return ((InvokeFn)(*(void ***)self->caller)[3])(self->caller, hr, environment);
}
static void *wrapper_vtbl[4] = {(void *)wrapper_query_interface, (void *)wrapper_add_ref, (void *)wrapper_release, (void *)wrapper_invoke};

static Wrapper *wrap(void *caller) {
  Wrapper *w = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *w);
  w->vtbl = wrapper_vtbl;
  w->refs = 1;
  w->caller = caller;
  ((RefFn)(*(void ***)caller)[1])(caller);
  return w;
}

/* ---- exports ---- */

__declspec(dllexport) HRESULT WINAPI CreateCoreWebView2EnvironmentWithOptions(
    LPCWSTR browser_folder, LPCWSTR user_data_folder, void *options, void *handler) {
  if (!handler) return E_POINTER;
  Runtime runtime;
  HRESULT hr = find_runtime(browser_folder, &runtime);
  if (FAILED(hr)) return hr;

  wchar_t folder[MAX_PATH] = L"";
  if (GetEnvironmentVariableW(L"WEBVIEW2_USER_DATA_FOLDER", folder, MAX_PATH) && *folder) {
    /* the variable overrides the argument */
  } else if (user_data_folder && *user_data_folder) {
    lstrcpynW(folder, user_data_folder, MAX_PATH);
  } else {
    GetModuleFileNameW(NULL, folder, MAX_PATH - 10);
    wchar_t *dot = wcsrchr(folder, L'.');
    if (dot && !wcschr(dot, L'\\')) *dot = 0;
    lstrcatW(folder, L".WebView2");
  }

  HMODULE module = LoadLibraryW(runtime.dll);
  if (!module) return HRESULT_FROM_WIN32(GetLastError());
  CreateInternalFn create = (CreateInternalFn)GetProcAddress(module, "CreateWebViewEnvironmentWithOptionsInternal");
  if (!create) {
    FreeLibrary(module);
    return HRESULT_FROM_WIN32(ERROR_PROC_NOT_FOUND);
  }
  Wrapper *wrapper = wrap(handler);
  /* TRUE in the low byte, garbage above it: the runtime must read a one-byte bool. */
  UINT_PTR check_running_instance = ((UINT_PTR)0x5eadbeef << 8) | 1;
  hr = create(check_running_instance, runtime.runtime_type, folder, options, wrapper);
  wrapper_release(wrapper);
  FreeLibrary(module); /* as Microsoft's loader does: the runtime keeps itself loaded, or dies */
  return hr;
}

__declspec(dllexport) HRESULT WINAPI GetAvailableCoreWebView2BrowserVersionString(LPCWSTR browser_folder, LPWSTR *version) {
  if (!version) return E_POINTER;
  *version = NULL;
  Runtime runtime;
  HRESULT hr = find_runtime(browser_folder, &runtime);
  if (FAILED(hr)) return hr;
  DWORD ignored;
  DWORD size = GetFileVersionInfoSizeW(runtime.dll, &ignored);
  if (!size) return HRESULT_FROM_WIN32(ERROR_RESOURCE_DATA_NOT_FOUND);
  void *data = HeapAlloc(GetProcessHeap(), 0, size);
  VS_FIXEDFILEINFO *info = NULL;
  UINT len = 0;
  if (!GetFileVersionInfoW(runtime.dll, 0, size, data) || !VerQueryValueW(data, L"\\", (void **)&info, &len) || !info) {
    HeapFree(GetProcessHeap(), 0, data);
    return HRESULT_FROM_WIN32(ERROR_RESOURCE_DATA_NOT_FOUND);
  }
  wchar_t text[64];
  wsprintfW(text, L"%u.%u.%u.%u", HIWORD(info->dwFileVersionMS), LOWORD(info->dwFileVersionMS),
            HIWORD(info->dwFileVersionLS), LOWORD(info->dwFileVersionLS));
  HeapFree(GetProcessHeap(), 0, data);
  size_t bytes = (wcslen(text) + 1) * sizeof(wchar_t);
  *version = CoTaskMemAlloc(bytes);
  if (!*version) return E_OUTOFMEMORY;
  memcpy(*version, text, bytes);
  return S_OK;
}
