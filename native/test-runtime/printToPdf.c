/*
 * ICoreWebView2_7::PrintToPdf in the test runtime. Included by runtime.c after capture.c.
 * As Microsoft documents it: the web view answers ICoreWebView2_7 (QueryInterface); PrintToPdf
 * (resultFilePath, printSettings, handler) takes an absolute path (NULL or relative: E_INVALIDARG)
 * and completes later through the runtime's delivery, never inside the call, with
 * Invoke(S_OK, isSuccessful): FALSE when the file cannot be written, or when another print of the
 * same web view is still in progress. The handler is held (QueryInterface's reference) while the
 * print is pending and released after its Invoke.
 * The file is a real, minimal PDF 1.4: one Letter page whose content stream (uncompressed) shows
 * the visible text of the current document in Helvetica, WinAnsi-encoded; a cross-reference
 * table with every object's offset, a trailer and %%EOF. A page whose text the runtime does not
 * know prints as a blank page. Print settings are not modelled: a non-NULL printSettings is
 * E_NOTIMPL, said on stderr. WEBVIEW2_TEST_WITHOUT_WEBVIEW_7=1 models a runtime older than
 * ICoreWebView2_7: QueryInterface answers E_NOINTERFACE for it.
 */

DEFINE_IID(IID_WebView_7, 0x79c24d83, 0x09a3, 0x45ae, 0x94, 0x18, 0x48, 0x7f, 0x32, 0xa5, 0x87, 0x40);
DEFINE_IID(IID_PrintToPdfCompletedHandler, 0xccf1ef04, 0xfd8e, 0x4d5f, 0xb2, 0xde, 0x09, 0x83, 0xe4, 0x1b, 0x8c, 0x36);
#define WV7_PRINT_TO_PDF 80 /* ICoreWebView2_7 extends _6 (slot 79 OpenTaskManagerWindow) */

typedef HRESULT(STDMETHODCALLTYPE *HrBoolInvokeFn)(void *, HRESULT, BOOL);

typedef struct {
  wchar_t *path;
  char *text; /* the page's visible text, WinAnsi (Latin-1) bytes */
  BOOL written;
} PrintJob;

static QueryInterfaceFn print_base_query_interface;

/* ---- the page's visible text ---- */

static BOOL starts_tag(const wchar_t *p, const wchar_t *name) {
  size_t n = wcslen(name);
  return p[0] == L'<' && _wcsnicmp(p + 1, name, n) == 0 && (p[1 + n] == L'>' || iswspace(p[1 + n]) || p[1 + n] == L'/');
}

/* Skips past `</name>` (case-insensitive) from p; the end of the text when there is none. */
static const wchar_t *skip_element(const wchar_t *p, const wchar_t *name) {
  wchar_t close[32];
  _snwprintf(close, 32, L"</%ls", name);
  for (; *p; p++) if (_wcsnicmp(p, close, wcslen(close)) == 0) break;
  while (*p && *p != L'>') p++;
  return *p ? p + 1 : p;
}

static BOOL is_block_tag(const wchar_t *p) {
  static const wchar_t *blocks[] = {L"p", L"/p", L"br", L"div", L"/div", L"li", L"tr", L"h1", L"h2", L"h3", L"h4", L"h5", L"h6",
                                    L"/h1", L"/h2", L"/h3", L"/h4", L"/h5", L"/h6", L"pre", L"/pre", L"table", L"ul", L"ol"};
  for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++) if (starts_tag(p, blocks[i])) return TRUE;
  return FALSE;
}

/* Text as a browser would show it, roughly: head, scripts and styles left out, tags dropped,
 * blocks on lines of their own, white space collapsed, a few entities decoded; Latin-1, '?' else. */
static char *visible_text(const wchar_t *html) {
  size_t cap = (html ? wcslen(html) : 0) + 2, n = 0;
  char *out = calloc(cap, 1);
  BOOL space = TRUE;
  for (const wchar_t *p = html; p && *p;) {
    if (starts_tag(p, L"head") || starts_tag(p, L"script") || starts_tag(p, L"style") || starts_tag(p, L"title")) {
      const wchar_t *name = starts_tag(p, L"head") ? L"head" : starts_tag(p, L"script") ? L"script" : starts_tag(p, L"style") ? L"style" : L"title";
      p = skip_element(p, name);
      continue;
    }
    if (*p == L'<') {
      BOOL block = is_block_tag(p);
      while (*p && *p != L'>') p++;
      if (*p) p++;
      if (block && n && out[n - 1] != '\n') { if (n && out[n - 1] == ' ') n--; out[n++] = '\n'; space = TRUE; }
      continue;
    }
    wchar_t c = *p++;
    if (c == L'&') {
      static const struct { const wchar_t *name; wchar_t c; } entities[] = {
          {L"amp;", L'&'}, {L"lt;", L'<'}, {L"gt;", L'>'}, {L"quot;", L'"'}, {L"apos;", L'\''}, {L"nbsp;", L' '}};
      BOOL decoded = FALSE;
      for (size_t i = 0; i < sizeof entities / sizeof *entities && !decoded; i++) {
        size_t l = wcslen(entities[i].name);
        if (_wcsnicmp(p, entities[i].name, l) == 0) { c = entities[i].c; p += l; decoded = TRUE; }
      }
      if (!decoded && *p == L'#') {
        wchar_t *end;
        long v = p[1] == L'x' || p[1] == L'X' ? wcstol(p + 2, &end, 16) : wcstol(p + 1, &end, 10);
        if (*end == L';' && v > 0 && v < 0x10000) { c = (wchar_t)v; p = end + 1; }
      }
    }
    if (iswspace(c)) {
      if (!space) { out[n++] = ' '; space = TRUE; }
      continue;
    }
    out[n++] = c < 0x100 ? (char)c : '?';
    space = FALSE;
  }
  while (n && (out[n - 1] == ' ' || out[n - 1] == '\n')) n--;
  out[n] = 0;
  return out;
}

/* ---- the PDF ---- */

static void pdf_add(Bytes *b, const char *text) { bytes_add(b, text, strlen(text)); }

static void pdf_addf(Bytes *b, const char *format, ...) {
  char line[256];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(line, sizeof line, format, args);
  va_end(args);
  if (n > 0) bytes_add(b, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* One line of text as a PDF string: ( ) and \ escaped, bytes kept (WinAnsi). */
static void pdf_string(Bytes *b, const char *text, size_t n) {
  bytes_add(b, "(", 1);
  for (size_t i = 0; i < n; i++) {
    char c = text[i];
    if (c == '(' || c == ')' || c == '\\') bytes_add(b, "\\", 1);
    bytes_add(b, &c, 1);
  }
  bytes_add(b, ")", 1);
}

#define PDF_LINE_CHARS 90
#define PDF_LINES 50 /* what fits on the one page at 14 pt from the top margin */

/* The content stream: the text, wrapped at PDF_LINE_CHARS, as many lines as the page holds. */
static Bytes pdf_content(const char *text) {
  Bytes c = {0};
  pdf_add(&c, "BT\n/F1 12 Tf\n14 TL\n72 720 Td\n");
  int lines = 0;
  for (const char *p = text; *p && lines < PDF_LINES; lines++) {
    size_t n = strcspn(p, "\n");
    if (n > PDF_LINE_CHARS) {
      n = PDF_LINE_CHARS;
      while (n > PDF_LINE_CHARS / 2 && p[n] != ' ') n--; /* break at a space when there is one */
      if (p[n] != ' ') n = PDF_LINE_CHARS;
    }
    pdf_string(&c, p, n);
    pdf_add(&c, " Tj T*\n");
    p += n;
    while (*p == ' ' || *p == '\n') p++;
  }
  pdf_add(&c, "ET\n");
  return c;
}

static Bytes pdf_document(const char *text) {
  Bytes pdf = {0};
  size_t offsets[6];
  Bytes content = pdf_content(text);
  pdf_add(&pdf, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  offsets[1] = pdf.length;
  pdf_add(&pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = pdf.length;
  pdf_add(&pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = pdf.length;
  pdf_add(&pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n");
  offsets[4] = pdf.length;
  pdf_add(&pdf, "4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n");
  offsets[5] = pdf.length;
  pdf_addf(&pdf, "5 0 obj\n<< /Length %u >>\nstream\n", (unsigned)content.length);
  bytes_add(&pdf, content.bytes, content.length);
  pdf_add(&pdf, "endstream\nendobj\n");
  size_t xref = pdf.length;
  pdf_add(&pdf, "xref\n0 6\n0000000000 65535 f \n");
  for (int i = 1; i <= 5; i++) pdf_addf(&pdf, "%010u 00000 n \n", (unsigned)offsets[i]);
  pdf_addf(&pdf, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%u\n%%%%EOF\n", (unsigned)xref);
  free(content.bytes);
  return pdf;
}

/* ---- the call and its completion ---- */

static BOOL is_absolute_path(const wchar_t *p) {
  BOOL drive = iswalpha(p[0]) && p[1] == L':' && (p[2] == L'\\' || p[2] == L'/');
  BOOL unc = (p[0] == L'\\' && p[1] == L'\\') || (p[0] == L'/' && p[1] == L'/');
  return drive || unc;
}

/* On the runtime thread, as the browser process writes it: a file that cannot be written whole
 * is not left behind. */
static void write_pdf(Job *job) {
  PrintJob *print = job->data;
  Bytes pdf = pdf_document(print->text);
  FILE *f = _wfopen(print->path, L"wb");
  if (f) {
    size_t written = fwrite(pdf.bytes, 1, pdf.length, f);
    BOOL closed = fclose(f) == 0;
    print->written = written == pdf.length && closed;
    if (!print->written) DeleteFileW(print->path);
  }
  free(pdf.bytes);
}

static void deliver_print(Job *job) {
  PrintJob *print = job->data;
  WebView *w = job->webview;
  w->printing = FALSE;
  HRESULT hr = S_OK;
  if (w->closed) hr = HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  ((HrBoolInvokeFn)((ComObject *)job->handler)->vtbl[HANDLER_INVOKE])(job->handler, hr, SUCCEEDED(hr) && print->written);
  free(print->path);
  free(print->text);
  free(print);
}

/* The answer to a print asked while one is pending: FALSE, later, as every completion. */
static void deliver_busy(Job *job) {
  ((HrBoolInvokeFn)((ComObject *)job->handler)->vtbl[HANDLER_INVOKE])(job->handler, S_OK, FALSE);
}

static HRESULT STDMETHODCALLTYPE webview_print_to_pdf(WebView *self, LPCWSTR path, void *settings, void *handler) {
  void *h;
  if (!path || !*path || !is_absolute_path(path)) return E_INVALIDARG;
  if (!handler) return E_POINTER;
  if (settings) {
    fprintf(stderr, "test runtime: PrintToPdf with print settings is not modelled; pass NULL for the defaults\n");
    fflush(stderr);
    return E_NOTIMPL;
  }
  if (self->closed) return HRESULT_FROM_WIN32(ERROR_INVALID_STATE);
  HRESULT taken = take_handler(handler, &IID_PrintToPdfCompletedHandler, SHAPE_HRESULT_BOOL, "PrintToPdfCompletedHandler", &h);
  if (FAILED(taken)) return taken;
  Job *job = new_job(JOB_COMPLETION, "printToPdf", self->env->delivery);
  job->handler = h;      /* released after its Invoke */
  job->webview = self;   /* released after delivery */
  com_addref(self);
  if (self->printing) {
    job->run = deliver_busy;
  } else {
    PrintJob *print = calloc(1, sizeof *print);
    print->path = _wcsdup(path);
    print->text = visible_text(self->page ? self->page->document : NULL); /* the page as it is now */
    self->printing = TRUE;
    job->data = print;
    job->prepare = write_pdf;
    job->run = deliver_print;
  }
  enqueue(job);
  return S_OK;
}

/* The web view answers ICoreWebView2_7 besides what it answered before: one object, one vtable. */
static HRESULT STDMETHODCALLTYPE webview_query_interface_7(void *self, REFIID riid, void **out) {
  const char *older = getenv("WEBVIEW2_TEST_WITHOUT_WEBVIEW_7");
  if (out && IsEqualGUID(riid, &IID_WebView_7) && !(older && *older == '1')) {
    InterlockedIncrement(&((Obj *)self)->refs);
    *out = self;
    return S_OK;
  }
  return print_base_query_interface(self, riid, out);
}

static void print_to_pdf_install(void) {
  print_base_query_interface = (QueryInterfaceFn)webview_vtbl[0];
  webview_vtbl[0] = (void *)webview_query_interface_7;
  webview_vtbl[WV7_PRINT_TO_PDF] = (void *)webview_print_to_pdf;
}
