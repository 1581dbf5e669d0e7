/*
 * CapturePreview in the test runtime. Included by runtime.c.
 * CapturePreview(format, stream, handler) writes a real PNG into the host's IStream (from the
 * runtime's delivery, like every completion, then calls the handler with S_OK). The picture is
 * known, the size of the webview's bounds (at least 1x1, at most 4096x4096):
 *   - white (#ffffff) background;
 *   - a frame 4 px wide in #0078d4 (so pixel 0,0 is #0078d4);
 *   - a centred rectangle of half the width and height whose colour comes from the current
 *     document's text (FNV-1a hash: red = bits 0-7, green = 8-15, blue = 16-23 of the hash of its
 *     UTF-16 code units), so that a changed page gives a different picture; #808080 when the
 *     runtime does not know the page's text.
 * JPEG (format 1) is not modelled: the call returns E_NOTIMPL. Other formats: E_INVALIDARG.
 */

typedef HRESULT(STDMETHODCALLTYPE *StreamWriteFn)(void *, const void *, ULONG, ULONG *);
typedef HRESULT(STDMETHODCALLTYPE *HrInvokeFn)(void *, HRESULT);
#define STREAM_WRITE 4 /* ISequentialStream::Write */

typedef struct { unsigned char *bytes; size_t length, capacity; } Bytes;

static void bytes_add(Bytes *b, const void *data, size_t n) {
  if (b->length + n > b->capacity) {
    size_t cap = b->capacity ? b->capacity : 4096;
    while (cap < b->length + n) cap *= 2;
    b->bytes = realloc(b->bytes, cap);
    b->capacity = cap;
  }
  memcpy(b->bytes + b->length, data, n);
  b->length += n;
}
static void bytes_be32(Bytes *b, unsigned v) {
  unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
  bytes_add(b, x, 4);
}

static unsigned crc32_of(const unsigned char *data, size_t n, unsigned crc) {
  static unsigned table[256];
  if (!table[1]) {
    for (unsigned i = 0; i < 256; i++) {
      unsigned c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
  }
  crc = ~crc;
  for (size_t i = 0; i < n; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void png_chunk(Bytes *png, const char *type, const unsigned char *data, size_t n) {
  bytes_be32(png, (unsigned)n);
  size_t start = png->length;
  bytes_add(png, type, 4);
  if (n) bytes_add(png, data, n);
  bytes_be32(png, crc32_of(png->bytes + start, n + 4, 0));
}

/* An 8-bit RGB PNG, compressed with stored (uncompressed) deflate blocks: simple and exact. */
static Bytes encode_png(const unsigned char *rgb, int width, int height) {
  Bytes png = {0}, z = {0};
  static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  bytes_add(&png, signature, 8);
  unsigned char ihdr[13] = {0};
  for (int i = 0; i < 4; i++) { ihdr[i] = (unsigned char)(width >> (24 - 8 * i)); ihdr[4 + i] = (unsigned char)(height >> (24 - 8 * i)); }
  ihdr[8] = 8;  /* bit depth */
  ihdr[9] = 2;  /* RGB */
  png_chunk(&png, "IHDR", ihdr, 13);
  size_t stride = (size_t)width * 3 + 1, raw_length = stride * height;
  unsigned char *raw = malloc(raw_length);
  for (int y = 0; y < height; y++) {
    raw[y * stride] = 0; /* filter: none */
    memcpy(raw + y * stride + 1, rgb + (size_t)y * width * 3, (size_t)width * 3);
  }
  unsigned char header[2] = {0x78, 0x01};
  bytes_add(&z, header, 2);
  unsigned a = 1, b = 0;
  for (size_t i = 0; i < raw_length; i++) { a = (a + raw[i]) % 65521; b = (b + a) % 65521; }
  for (size_t off = 0; off < raw_length; ) {
    size_t n = raw_length - off > 65535 ? 65535 : raw_length - off;
    unsigned char block[5] = {(unsigned char)(off + n == raw_length), (unsigned char)n, (unsigned char)(n >> 8), (unsigned char)~n, (unsigned char)(~n >> 8)};
    bytes_add(&z, block, 5);
    bytes_add(&z, raw + off, n);
    off += n;
  }
  unsigned adler = (b << 16) | a;
  unsigned char trailer[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16), (unsigned char)(adler >> 8), (unsigned char)adler};
  bytes_add(&z, trailer, 4);
  png_chunk(&png, "IDAT", z.bytes, z.length);
  png_chunk(&png, "IEND", NULL, 0);
  free(z.bytes);
  free(raw);
  return png;
}

static unsigned document_colour(const wchar_t *document) {
  if (!document) return 0x808080;
  unsigned h = 2166136261u;
  for (const wchar_t *p = document; *p; p++) { h ^= (unsigned)*p; h *= 16777619u; }
  return h & 0xffffff; /* red in the low byte */
}

static Bytes known_picture(WebView *w) {
  RECT r = {0, 0, 1, 1};
  if (w->child) GetClientRect(w->child, &r);
  int width = r.right - r.left, height = r.bottom - r.top;
  width = width < 1 ? 1 : width > 4096 ? 4096 : width;
  height = height < 1 ? 1 : height > 4096 ? 4096 : height;
  unsigned colour = document_colour(w->page ? w->page->document : NULL);
  unsigned char *rgb = malloc((size_t)width * height * 3);
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      unsigned char *p = rgb + ((size_t)y * width + x) * 3;
      BOOL frame = x < 4 || y < 4 || x >= width - 4 || y >= height - 4;
      BOOL centre = x >= width / 4 && x < width / 4 + width / 2 && y >= height / 4 && y < height / 4 + height / 2;
      if (frame) { p[0] = 0x00; p[1] = 0x78; p[2] = 0xd4; }
      else if (centre) { p[0] = colour & 0xff; p[1] = (colour >> 8) & 0xff; p[2] = (colour >> 16) & 0xff; }
      else { p[0] = p[1] = p[2] = 0xff; }
    }
  }
  Bytes png = encode_png(rgb, width, height);
  free(rgb);
  return png;
}

static void deliver_capture(Job *job) {
  HRESULT hr = S_OK;
  if (job->webview->closed) hr = HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  else {
    Bytes png = known_picture(job->webview);
    ULONG written = 0;
    hr = ((StreamWriteFn)((ComObject *)job->result)->vtbl[STREAM_WRITE])(job->result, png.bytes, (ULONG)png.length, &written);
    if (SUCCEEDED(hr) && written != png.length) hr = STG_E_MEDIUMFULL;
    free(png.bytes);
  }
  ((HrInvokeFn)((ComObject *)job->handler)->vtbl[HANDLER_INVOKE])(job->handler, hr);
}

static HRESULT STDMETHODCALLTYPE webview_capture_preview(WebView *self, int format, void *stream, void *handler) {
  void *h;
  if (!stream || !handler) return E_INVALIDARG;
  if (format == CAPTURE_FORMAT_JPEG) return E_NOTIMPL;
  if (format != CAPTURE_FORMAT_PNG) return E_INVALIDARG;
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  HRESULT taken = take_handler(handler, &IID_CapturePreviewCompletedHandler, SHAPE_HRESULT, "CapturePreviewCompletedHandler", &h);
  if (FAILED(taken)) return taken;
  Job *job = new_job(JOB_COMPLETION, "capturePreview", self->env->delivery);
  job->handler = h;
  job->result = stream;      /* released after delivery */
  com_addref(stream);
  job->webview = self;       /* released after delivery */
  com_addref(self);
  job->run = deliver_capture;
  enqueue(job);
  return S_OK;
}

static void capture_install(void) {
  webview_vtbl[WV_CAPTURE_PREVIEW] = (void *)webview_capture_preview;
}
