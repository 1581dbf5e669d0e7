/*
 * Page.captureScreenshot in the test runtime. Included by devtools.c.
 *   Parameters as strict as Chromium's bindings (format, quality, clip with x, y, width, height
 *   and scale each mandatory, fromSurface, captureBeyondViewport, optimizeForSpeed); a clip of 0
 *   width or height answers -32000 "Cannot take screenshot with 0 width." (or height), as Chromium
 *   does; an unknown format -32602 "Invalid image format".
 *   The picture is the one CapturePreview gives (capture.c), taken through the runtime's own
 *   CapturePreview, and answered later as {"data": <the PNG in base64>}. The runtime lays nothing
 *   out, so a document is exactly as large as the viewport: captureBeyondViewport gives the same
 *   picture. Not modelled, and said so in the error rather than answered with a wrong picture:
 *   jpeg and webp (CapturePreview's JPEG is not modelled either) and a clip (-32000).
 */

typedef struct { Obj base; WebView *webview; void *handler; IStream *stream; } ShotRequest;
static void *shot_request_vtbl[4];

/* The object at v (which starts with '{'), copied up to its closing brace; NULL if unclosed. */
static wchar_t *json_object_text(const wchar_t *v) {
  int depth = 0;
  for (const wchar_t *p = v; *p; p++) {
    if (*p == L'"') {
      for (p++; *p && *p != L'"'; p++) if (*p == L'\\' && p[1]) p++;
      if (!*p) return NULL;
    } else if (*p == L'{' || *p == L'[') depth++;
    else if ((*p == L'}' || *p == L']') && --depth == 0) {
      size_t n = (size_t)(p - v) + 1;
      wchar_t *copy = calloc(n + 1, sizeof(wchar_t));
      wcsncpy(copy, v, n);
      return copy;
    }
  }
  return NULL;
}

static void add_base64(WBuf *b, const unsigned char *bytes, size_t n) {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  wchar_t quad[5] = {0};
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)bytes[i] << 16 | (i + 1 < n ? (unsigned)bytes[i + 1] << 8 : 0) | (i + 2 < n ? bytes[i + 2] : 0);
    quad[0] = digits[v >> 18 & 63];
    quad[1] = digits[v >> 12 & 63];
    quad[2] = i + 1 < n ? digits[v >> 6 & 63] : L'=';
    quad[3] = i + 2 < n ? digits[v & 63] : L'=';
    wbuf_add_n(b, quad, 4);
  }
}

static void answer_devtools(WebView *w, void *handler, HRESULT hr, wchar_t *json); /* devtools.c */

/* CapturePreview completed (on the UI thread): the PNG it wrote goes out as the method's answer. */
static HRESULT STDMETHODCALLTYPE shot_captured(ShotRequest *self, HRESULT hr) {
  wchar_t *answer = NULL;
  LARGE_INTEGER zero = {0};
  ULARGE_INTEGER end;
  HGLOBAL memory;
  if (SUCCEEDED(hr) && SUCCEEDED(self->stream->lpVtbl->Seek(self->stream, zero, STREAM_SEEK_CUR, &end))
      && SUCCEEDED(GetHGlobalFromStream(self->stream, &memory))) {
    const unsigned char *png = GlobalLock(memory);
    if (png) {
      WBuf b = {0};
      wbuf_add(&b, L"{\"data\":\"");
      add_base64(&b, png, (size_t)end.QuadPart);
      wbuf_add(&b, L"\"}");
      GlobalUnlock(memory);
      answer = b.text;
    }
  }
  if (answer) answer_devtools(self->webview, self->handler, S_OK, answer);
  else answer_devtools(self->webview, self->handler, E_FAIL, protocol_error(-32000, L"Unable to capture screenshot"));
  self->handler = NULL; /* the answer's now */
  return S_OK;
}

static void destroy_shot_request(Obj *o) {
  ShotRequest *r = (ShotRequest *)o;
  if (r->stream) r->stream->lpVtbl->Release(r->stream);
  com_release(r->handler);
  com_release(r->webview);
}

/* Checks the parameters; NULL when the capture may start, else the error to answer with. */
static wchar_t *screenshot_refusal(const wchar_t *params) {
  static const FieldRule rules[] = {
    {L"format", FIELD_STRING, FALSE}, {L"quality", FIELD_INT, FALSE}, {L"fromSurface", FIELD_BOOL, FALSE},
    {L"captureBeyondViewport", FIELD_BOOL, FALSE}, {L"optimizeForSpeed", FIELD_BOOL, FALSE},
  };
  static const wchar_t *clip_fields[] = {L"x", L"y", L"width", L"height", L"scale"};
  wchar_t *error = check_fields(params, rules, sizeof rules / sizeof rules[0]);
  if (error) return error;
  const wchar_t *v = json_field(params, L"clip");
  wchar_t *clip = v && *v == L'{' ? json_object_text(v) : NULL;
  if (v && !clip) return invalid_params(L"clip", L"object expected");
  double size[5] = {0};
  for (int i = 0; clip && i < 5 && !error; i++) {
    wchar_t name[16];
    _snwprintf(name, 16, L"clip.%ls", clip_fields[i]);
    const wchar_t *f = json_field(clip, clip_fields[i]);
    if (!f) error = invalid_params(name, L"mandatory field missing");
    else if (!json_double(f, &size[i])) error = invalid_params(name, L"double value expected");
  }
  free(clip);
  if (error) return error;
  wchar_t *format = string_or_empty(params, L"format");
  if (*format && wcscmp(format, L"png") != 0 && wcscmp(format, L"jpeg") != 0 && wcscmp(format, L"webp") != 0) error = protocol_error(-32602, L"Invalid image format");
  else if (*format && wcscmp(format, L"png") != 0) error = protocol_error(-32000, L"the WebView2 test runtime encodes only PNG (jpeg and webp are not modelled)");
  else if (v && size[2] == 0) error = protocol_error(-32000, L"Cannot take screenshot with 0 width.");
  else if (v && size[3] == 0) error = protocol_error(-32000, L"Cannot take screenshot with 0 height.");
  else if (v) error = protocol_error(-32000, L"the WebView2 test runtime does not model clip: it captures the whole viewport");
  free(format);
  return error;
}

/* Starts the capture; the answer comes from shot_captured (or at once, when it cannot start). */
static void capture_screenshot(WebView *w, const wchar_t *params, void *handler) {
  wchar_t *refusal = screenshot_refusal(params);
  if (refusal) { answer_devtools(w, handler, E_FAIL, refusal); return; }
  ShotRequest *r = new_obj(sizeof *r, shot_request_vtbl, &IID_CapturePreviewCompletedHandler, NULL, destroy_shot_request);
  r->webview = w;
  com_addref(w);
  r->handler = handler;
  HRESULT hr = CreateStreamOnHGlobal(NULL, TRUE, &r->stream);
  if (SUCCEEDED(hr)) hr = ((HRESULT(STDMETHODCALLTYPE *)(WebView *, int, void *, void *))webview_vtbl[WV_CAPTURE_PREVIEW])(w, CAPTURE_FORMAT_PNG, r->stream, r);
  if (FAILED(hr)) {
    answer_devtools(w, handler, E_FAIL, protocol_error(-32000, L"Unable to capture screenshot"));
    r->handler = NULL;
  }
  com_release(r);
}

static void screenshot_install(void) {
  init_vtbl(shot_request_vtbl, 4);
  shot_request_vtbl[HANDLER_INVOKE] = (void *)shot_captured;
}
