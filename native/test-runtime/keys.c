/*
 * Keys in the test runtime: the controller's AcceleratorKeyPressed and MoveFocus. Included by
 * runtime.c.
 *   A test presses a key "in the page" by posting the registered message WebView2TestPageKey to
 *   the webview's window: wParam the virtual key, lParam the modifiers held (1 Shift, 2 Ctrl,
 *   4 Alt). The page takes the focus, as a click into it would. As documented, a key is an
 *   accelerator when Ctrl or Alt is held or the key maps to no character: the runtime then raises
 *   AcceleratorKeyPressed (KEY_DOWN, or SYSTEM_KEY_DOWN with Alt, then the matching key up) later,
 *   from its own thread through the UI thread's message loop, like every event. While the handlers
 *   run, the UI thread's keyboard state holds the modifiers, so GetKeyState answers as it does for
 *   a real key press. A key down no handler marked Handled goes on to the page, which counts it in
 *   the window property WebView2TestPageKeys; so does every key that is not an accelerator.
 *   MoveFocus gives the webview's window the focus.
 */
typedef struct { Obj base; int kind; UINT vk; BOOL handled; } AcceleratorKeyArgs;
typedef struct { Controller *controller; UINT vk; int modifiers; } KeyPress;

static void *accelerator_args_vtbl[AKA_SLOTS];
static UINT page_key_message;
static WNDPROC static_proc; /* the STATIC class's own procedure */
#define PAGE_KEYS_PROP L"WebView2TestPageKeys"
#define PAGE_CONTROLLER_PROP L"WebView2TestController"

static void page_got_key(WebView *w) {
  if (!w->child || !IsWindow(w->child)) return;
  UINT_PTR n = (UINT_PTR)GetPropW(w->child, PAGE_KEYS_PROP);
  SetPropW(w->child, PAGE_KEYS_PROP, (HANDLE)(n + 1));
}

/* Invokes every AcceleratorKeyPressed handler with one key event; returns whether one handled it. */
static BOOL raise_key_event(Controller *c, int kind, UINT vk) {
  AcceleratorKeyArgs *args = new_obj(sizeof *args, accelerator_args_vtbl, &IID_AcceleratorKeyPressedEventArgs, NULL, NULL);
  args->kind = kind;
  args->vk = vk;
  Registration copy[MAX_HANDLERS];
  memcpy(copy, c->accelerator_key_pressed, sizeof copy);
  for (int i = 0; i < MAX_HANDLERS && !c->webview->closed; i++) {
    if (!copy[i].handler) continue;
    com_addref(copy[i].handler);
    ((EventInvokeFn)((ComObject *)copy[i].handler)->vtbl[HANDLER_INVOKE])(copy[i].handler, c, args);
    com_release(copy[i].handler);
  }
  BOOL handled = args->handled;
  com_release(args);
  return handled;
}

/* On the UI thread, from the message loop (deliver_now: no handler of the host is on the stack). */
static void deliver_key(Job *job) {
  KeyPress *press = job->data;
  Controller *c = press->controller;
  if (!c->webview->closed) {
    BYTE saved[256], state[256];
    GetKeyboardState(saved);
    memcpy(state, saved, sizeof state);
    state[VK_SHIFT] = (press->modifiers & 1) ? 0x80 : 0;
    state[VK_CONTROL] = (press->modifiers & 2) ? 0x80 : 0;
    state[VK_MENU] = (press->modifiers & 4) ? 0x80 : 0;
    SetKeyboardState(state);
    BOOL alt = (press->modifiers & 4) != 0;
    BOOL handled = raise_key_event(c, alt ? KEY_EVENT_KIND_SYSTEM_KEY_DOWN : KEY_EVENT_KIND_KEY_DOWN, press->vk);
    if (!c->webview->closed) raise_key_event(c, alt ? KEY_EVENT_KIND_SYSTEM_KEY_UP : KEY_EVENT_KIND_KEY_UP, press->vk);
    SetKeyboardState(saved);
    if (!handled && !c->webview->closed) page_got_key(c->webview);
  }
  com_release(c);
  free(press);
}

static UINT page_click_message; /* navigationEvents.c */
static void page_click_link(WebView *w, int n);

static LRESULT CALLBACK page_window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  if (msg == page_click_message && page_click_message) { /* a click on the page's n-th link (navigationEvents.c) */
    Controller *c = GetPropW(hwnd, PAGE_CONTROLLER_PROP);
    if (c && !c->webview->closed) {
      SetFocus(hwnd);
      page_click_link(c->webview, (int)wp);
    }
    return 0;
  }
  if (msg == page_key_message && page_key_message) {
    Controller *c = GetPropW(hwnd, PAGE_CONTROLLER_PROP);
    if (!c || c->webview->closed) return 0;
    SetFocus(hwnd);
    BOOL accelerator = (lp & 6) != 0 || MapVirtualKeyW((UINT)wp, MAPVK_VK_TO_CHAR) == 0;
    if (!accelerator) { page_got_key(c->webview); return 0; }
    KeyPress *press = calloc(1, sizeof *press);
    if (!press) return 0;
    press->controller = c;
    com_addref(c);
    press->vk = (UINT)wp;
    press->modifiers = (int)lp;
    Job *job = new_job(JOB_EVENT, "events", c->webview->env->delivery);
    job->run = deliver_key;
    job->data = press;
    enqueue(job);
    return 0;
  }
  if (msg == WM_NCDESTROY) {
    RemovePropW(hwnd, PAGE_KEYS_PROP);
    RemovePropW(hwnd, PAGE_CONTROLLER_PROP);
  }
  return CallWindowProcW(static_proc, hwnd, msg, wp, lp);
}

/* The webview's window: its controller (not a reference: the window goes with the controller's Close). */
static void page_window_install(HWND child, Controller *c) {
  if (!child) return;
  SetPropW(child, PAGE_CONTROLLER_PROP, c);
  WNDPROC previous = (WNDPROC)SetWindowLongPtrW(child, GWLP_WNDPROC, (LONG_PTR)page_window_proc);
  if (!static_proc) static_proc = previous;
}

static HRESULT STDMETHODCALLTYPE controller_add_accelerator_key_pressed(Controller *s, void *handler, INT64 *token) {
  void *h;
  if (!handler || !token) return E_POINTER;
  if (s->webview->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  HRESULT taken = take_handler(handler, &IID_AcceleratorKeyPressedEventHandler, SHAPE_SENDER_ARGS, "AcceleratorKeyPressedEventHandler", &h);
  if (FAILED(taken)) return taken;
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (s->accelerator_key_pressed[i].handler) continue;
    s->accelerator_key_pressed[i].handler = h;
    s->accelerator_key_pressed[i].token = *token = ++s->next_token;
    return S_OK;
  }
  com_release(h);
  return E_OUTOFMEMORY;
}
static HRESULT STDMETHODCALLTYPE controller_remove_accelerator_key_pressed(Controller *s, INT64 token) {
  for (int i = 0; i < MAX_HANDLERS; i++) {
    if (s->accelerator_key_pressed[i].handler && s->accelerator_key_pressed[i].token == token) {
      com_release(s->accelerator_key_pressed[i].handler);
      s->accelerator_key_pressed[i].handler = NULL;
    }
  }
  return S_OK;
}
/* Close lets go of the handlers, as it does the webview's. */
static void keys_release(Controller *c) {
  for (int i = 0; i < MAX_HANDLERS; i++) {
    com_release(c->accelerator_key_pressed[i].handler);
    c->accelerator_key_pressed[i].handler = NULL;
  }
}

static HRESULT STDMETHODCALLTYPE controller_move_focus(Controller *s, int reason) {
  if (reason < 0 || reason > 2) return E_INVALIDARG; /* PROGRAMMATIC, NEXT, PREVIOUS */
  if (s->webview->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  if (s->webview->child) SetFocus(s->webview->child);
  return S_OK;
}

static HRESULT STDMETHODCALLTYPE accelerator_args_get_kind(AcceleratorKeyArgs *s, int *v) { if (!v) return E_POINTER; *v = s->kind; return S_OK; }
static HRESULT STDMETHODCALLTYPE accelerator_args_get_virtual_key(AcceleratorKeyArgs *s, UINT *v) { if (!v) return E_POINTER; *v = s->vk; return S_OK; }
static HRESULT STDMETHODCALLTYPE accelerator_args_get_lparam(AcceleratorKeyArgs *s, INT *v) {
  if (!v) return E_POINTER;
  *v = 1 | (int)(MapVirtualKeyW(s->vk, MAPVK_VK_TO_VSC) << 16); /* repeat count 1, the scan code */
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE accelerator_args_get_handled(AcceleratorKeyArgs *s, BOOL *v) { if (!v) return E_POINTER; *v = s->handled; return S_OK; }
static HRESULT STDMETHODCALLTYPE accelerator_args_put_handled(AcceleratorKeyArgs *s, BOOL v) { s->handled = v != 0; return S_OK; }

static void keys_install(void) {
  page_key_message = RegisterWindowMessageW(L"WebView2TestPageKey");
  controller_vtbl[CTL_ADD_ACCELERATOR_KEY_PRESSED] = (void *)controller_add_accelerator_key_pressed;
  controller_vtbl[CTL_REMOVE_ACCELERATOR_KEY_PRESSED] = (void *)controller_remove_accelerator_key_pressed;
  controller_vtbl[CTL_MOVE_FOCUS] = (void *)controller_move_focus;
  init_vtbl(accelerator_args_vtbl, AKA_SLOTS);
  accelerator_args_vtbl[AKA_GET_KEY_EVENT_KIND] = (void *)accelerator_args_get_kind;
  accelerator_args_vtbl[AKA_GET_VIRTUAL_KEY] = (void *)accelerator_args_get_virtual_key;
  accelerator_args_vtbl[AKA_GET_KEY_EVENT_LPARAM] = (void *)accelerator_args_get_lparam;
  accelerator_args_vtbl[AKA_GET_HANDLED] = (void *)accelerator_args_get_handled;
  accelerator_args_vtbl[AKA_PUT_HANDLED] = (void *)accelerator_args_put_handled;
}
