/*
 * Handler shapes, as strict as a runtime can be on x64. Included by runtime.c.
 * WebView2.h gives each handler interface's Invoke its own parameter list: (HRESULT) for
 * CapturePreview, (HRESULT, result) for the completions that return something, (HRESULT, BOOL)
 * for PrintToPdf, (sender, args) for events. On x64 the callee cannot see how many arguments it
 * got, so a host that builds a one-parameter Invoke from a two-parameter function would pass unnoticed (and corrupt the stack
 * under x86 __stdcall). What the runtime can see: one function cannot be both shapes. It remembers
 * every Invoke pointer with the shape of the interface it came in as; the same pointer under a
 * second shape fails the call with E_INVALIDARG and says so on stderr.
 */
enum { SHAPE_HRESULT = 1, SHAPE_HRESULT_POINTER, SHAPE_SENDER_ARGS, SHAPE_HRESULT_BOOL };
#define MAX_INVOKES 64

static SRWLOCK invoke_lock = SRWLOCK_INIT;
static void *seen_invoke[MAX_INVOKES];
static int seen_shape[MAX_INVOKES];
static int seen_count;

static const char *shape_text(int shape) {
  return shape == SHAPE_HRESULT ? "(HRESULT)" : shape == SHAPE_HRESULT_POINTER ? "(HRESULT, result)"
       : shape == SHAPE_HRESULT_BOOL ? "(HRESULT, BOOL)" : "(sender, args)";
}

/* The handler's Invoke under `shape`; FALSE when the same function came earlier under another. */
static BOOL invoke_has_shape(void *handler, int shape, const char *name) {
  void *fn = ((ComObject *)handler)->vtbl[HANDLER_INVOKE];
  BOOL ok = TRUE;
  AcquireSRWLockExclusive(&invoke_lock);
  int i = 0;
  for (; i < seen_count && seen_invoke[i] != fn; i++) {}
  if (i < seen_count && seen_shape[i] != shape) {
    fprintf(stderr, "test runtime: %s::Invoke must take %s (WebView2.h), but the host gave the function it uses for %s\n",
            name, shape_text(shape), shape_text(seen_shape[i]));
    fflush(stderr);
    ok = FALSE;
  } else if (i == seen_count && seen_count < MAX_INVOKES) {
    seen_invoke[seen_count] = fn;
    seen_shape[seen_count++] = shape;
  }
  ReleaseSRWLockExclusive(&invoke_lock);
  return ok;
}

/* QueryInterface for the handler's IID, then its shape; the reference is the caller's on success. */
static HRESULT take_handler(void *handler, const GUID *iid, int shape, const char *name, void **out) {
  *out = NULL;
  if (FAILED(com_qi(handler, iid, out))) return E_NOINTERFACE;
  if (!invoke_has_shape(*out, shape, name)) {
    com_release(*out);
    *out = NULL;
    return E_INVALIDARG;
  }
  return S_OK;
}
