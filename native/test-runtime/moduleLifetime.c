/*
 * The runtime keeps its own module loaded, as a real runtime must: its objects, vtables and
 * threads live in this DLL, and Microsoft's WebView2Loader.dll frees the DLL as soon as
 * CreateWebViewEnvironmentWithOptionsInternal returns. Included by runtime.c.
 * Built with -DTEST_RUNTIME_NO_PIN, it does not, so that the suite can prove it catches a runtime
 * that forgets (the stand-in loader frees the DLL exactly as the official one does).
 */
static void keep_module_loaded(void) {
#ifndef TEST_RUNTIME_NO_PIN
  HMODULE self;
  GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN, (LPCWSTR)(void *)keep_module_loaded, &self);
#endif
}
