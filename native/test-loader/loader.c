/*
 * A stand-in for Microsoft's WebView2Loader.dll, test equipment only: it exports the loader's
 * entry point and finds a fixed-version runtime the way the official loader does for a browser
 * folder (the argument, else WEBVIEW2_BROWSER_EXECUTABLE_FOLDER), so that the product's
 * "loader DLL" path can be exercised where the official DLL cannot be had.
 */
#include <windows.h>

typedef HRESULT(WINAPI *CreateInternalFn)(int, int, LPCWSTR, void *, void *);

__declspec(dllexport) HRESULT WINAPI CreateCoreWebView2EnvironmentWithOptions(
    LPCWSTR browser_folder, LPCWSTR user_data_folder, void *options, void *handler) {
  wchar_t folder[MAX_PATH];
  if (browser_folder && *browser_folder) lstrcpynW(folder, browser_folder, MAX_PATH);
  else if (!GetEnvironmentVariableW(L"WEBVIEW2_BROWSER_EXECUTABLE_FOLDER", folder, MAX_PATH)) return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
  wchar_t dll[MAX_PATH];
  wsprintfW(dll, L"%s\\EBWebView\\x64\\EmbeddedBrowserWebView.dll", folder);
  HMODULE module = LoadLibraryW(dll);
  if (!module) return HRESULT_FROM_WIN32(GetLastError());
  CreateInternalFn create = (CreateInternalFn)GetProcAddress(module, "CreateWebViewEnvironmentWithOptionsInternal");
  if (!create) return HRESULT_FROM_WIN32(ERROR_PROC_NOT_FOUND);
  return create(1, 1, user_data_folder, options, handler);
}
