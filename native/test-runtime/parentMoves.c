/*
 * The controller's NotifyParentWindowPositionChanged in the test runtime. Included by devtools.c.
 *   A host calls it when its window moves (WM_MOVE, WM_MOVING), so that the browser's own windows
 *   (popups, the IME's, accessibility) follow the page. The runtime has none of those; it counts
 *   the calls in the page window's property WebView2TestParentMoves for tests. After Close it
 *   answers ERROR_INVALID_STATE, as the controller's other methods do here.
 */
#define CTL_NOTIFY_PARENT_WINDOW_POSITION_CHANGED 23 /* WebView2.h: after put_ParentWindow (22), before Close (24) */
#define PARENT_MOVES_PROP L"WebView2TestParentMoves"

static HRESULT STDMETHODCALLTYPE controller_notify_parent_window_position_changed(Controller *s) {
  if (s->webview->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  HWND page = s->webview->child;
  if (page && IsWindow(page)) SetPropW(page, PARENT_MOVES_PROP, (HANDLE)((UINT_PTR)GetPropW(page, PARENT_MOVES_PROP) + 1));
  return S_OK;
}

static void parent_moves_install(void) {
  controller_vtbl[CTL_NOTIFY_PARENT_WINDOW_POSITION_CHANGED] = (void *)controller_notify_parent_window_position_changed;
}
