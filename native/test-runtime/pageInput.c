/*
 * The DevTools protocol's Input domain in the test runtime. Included by devtools.c.
 *   Input.dispatchMouseEvent, Input.dispatchKeyEvent and Input.insertText read their parameters
 *   as Chromium's bindings do (a missing or mistyped field: -32602 "Invalid parameters" naming it),
 *   then refuse what Chromium's InputHandler refuses (-32602 with its message: an unknown event
 *   type, mouse button or pointer type, a mouseWheel without deltaX and deltaY, a key's text of more
 *   than 4 UTF-16 units).
 *   The page has no layout, so nothing is hit: each accepted event is what the page received,
 *   recorded where a test reads it, one JSON object a line in <user data folder>\test-page-input.jsonl:
 *     {"url":<the page>,"method":<the method>,"params":{<the fields read, defaults filled in>}}
 *   mouse: type, x, y, button ("none"), clickCount (0), modifiers (0);
 *   key: type, key, code, windowsVirtualKeyCode (0), text, modifiers (0), the strings "" when absent;
 *   text: text.
 *   A keyDown or rawKeyDown also counts as a key the page got (keys.c's WebView2TestPageKeys): the
 *   protocol's keys skip the browser's accelerators, as Chromium's do.
 */

static void page_got_key(WebView *w); /* keys.c */

/* A field's check for the bindings: NULL when it is absent (and optional) or of its type. */
enum { FIELD_STRING, FIELD_INT, FIELD_DOUBLE, FIELD_BOOL, FIELD_STRING_ARRAY };
typedef struct { const wchar_t *name; int kind; BOOL mandatory; } FieldRule;

static wchar_t *check_fields(const wchar_t *params, const FieldRule *rules, int count) {
  static const wchar_t *expected[] = {L"string value expected", L"int32 value expected", L"double value expected", L"boolean value expected", L"array expected"};
  for (int i = 0; i < count; i++) {
    const wchar_t *v = json_field(params, rules[i].name);
    if (!v) {
      if (rules[i].mandatory) return invalid_params(rules[i].name, L"mandatory field missing");
      continue;
    }
    int n;
    double d;
    BOOL b;
    BOOL ok = rules[i].kind == FIELD_STRING ? *v == L'"'
            : rules[i].kind == FIELD_INT ? json_int(v, &n)
            : rules[i].kind == FIELD_DOUBLE ? json_double(v, &d)
            : rules[i].kind == FIELD_BOOL ? json_bool(v, &b) : *v == L'[';
    if (!ok) return invalid_params(rules[i].name, expected[rules[i].kind]);
  }
  return NULL;
}

/* The value of a string field (a copy; "" when absent), of an int or double field (def when absent). */
static wchar_t *string_or_empty(const wchar_t *params, const wchar_t *name) {
  const wchar_t *v = json_field(params, name);
  wchar_t *s = v ? json_string(v) : NULL;
  return s ? s : _wcsdup(L"");
}
static int int_or(const wchar_t *params, const wchar_t *name, int def) {
  const wchar_t *v = json_field(params, name);
  int n;
  return v && json_int(v, &n) ? n : def;
}
static double double_or(const wchar_t *params, const wchar_t *name, double def) {
  const wchar_t *v = json_field(params, name);
  double d;
  return v && json_double(v, &d) ? d : def;
}

static BOOL one_of(const wchar_t *s, const wchar_t *const *list, int count) {
  for (int i = 0; i < count; i++) if (wcscmp(s, list[i]) == 0) return TRUE;
  return FALSE;
}

/* Appends one line to the page's input record. */
static void record_input(WebView *w, const wchar_t *method, const wchar_t *fields) {
  if (!w->env->folder[0]) return;
  wchar_t path[MAX_PATH];
  _snwprintf(path, MAX_PATH, L"%ls\\test-page-input.jsonl", w->env->folder);
  path[MAX_PATH - 1] = 0;
  WBuf line = {0};
  const wchar_t *url = w->source ? w->source : L"about:blank";
  wbuf_add(&line, L"{\"url\":");
  wbuf_json(&line, url, wcslen(url));
  wbuf_add(&line, L",\"method\":");
  wbuf_json(&line, method, wcslen(method));
  wbuf_add(&line, L",\"params\":{");
  wbuf_add(&line, fields);
  wbuf_add(&line, L"}}\n");
  int n = WideCharToMultiByte(CP_UTF8, 0, line.text, (int)line.length, NULL, 0, NULL, NULL);
  char *bytes = malloc(n > 0 ? n : 1);
  WideCharToMultiByte(CP_UTF8, 0, line.text, (int)line.length, bytes, n, NULL, NULL);
  FILE *f = _wfopen(path, L"ab");
  if (f) {
    fwrite(bytes, 1, n, f);
    fclose(f);
  }
  free(bytes);
  free(line.text);
}

static void add_string_field(WBuf *b, const wchar_t *name, const wchar_t *value, BOOL comma) {
  wbuf_addf(b, L"%ls\"%ls\":", comma ? L"," : L"", name);
  wbuf_json(b, value, wcslen(value));
}

static wchar_t *dispatch_mouse_event(WebView *w, const wchar_t *params) {
  static const FieldRule rules[] = {
    {L"type", FIELD_STRING, TRUE}, {L"x", FIELD_DOUBLE, TRUE}, {L"y", FIELD_DOUBLE, TRUE}, {L"modifiers", FIELD_INT, FALSE},
    {L"timestamp", FIELD_DOUBLE, FALSE}, {L"button", FIELD_STRING, FALSE}, {L"buttons", FIELD_INT, FALSE}, {L"clickCount", FIELD_INT, FALSE},
    {L"force", FIELD_DOUBLE, FALSE}, {L"tangentialPressure", FIELD_DOUBLE, FALSE}, {L"tiltX", FIELD_DOUBLE, FALSE}, {L"tiltY", FIELD_DOUBLE, FALSE},
    {L"twist", FIELD_INT, FALSE}, {L"deltaX", FIELD_DOUBLE, FALSE}, {L"deltaY", FIELD_DOUBLE, FALSE}, {L"pointerType", FIELD_STRING, FALSE},
  };
  static const wchar_t *types[] = {L"mousePressed", L"mouseReleased", L"mouseMoved", L"mouseWheel"};
  static const wchar_t *buttons[] = {L"none", L"left", L"middle", L"right", L"back", L"forward"};
  static const wchar_t *pointers[] = {L"mouse", L"pen"};
  wchar_t *error = check_fields(params, rules, sizeof rules / sizeof rules[0]);
  if (error) return error;
  wchar_t *type = string_or_empty(params, L"type"), *button = string_or_empty(params, L"button"), *pointer = string_or_empty(params, L"pointerType");
  WBuf m = {0};
  if (!one_of(type, types, 4)) {
    wbuf_addf(&m, L"Unexpected event type '%ls'", type);
    error = protocol_error(-32602, m.text);
  } else if (*button && !one_of(button, buttons, 6)) error = protocol_error(-32602, L"Invalid mouse button");
  else if (*pointer && !one_of(pointer, pointers, 2)) error = protocol_error(-32602, L"Invalid pointer type");
  else if (wcscmp(type, L"mouseWheel") == 0 && (!json_field(params, L"deltaX") || !json_field(params, L"deltaY")))
    error = protocol_error(-32602, L"'deltaX' and 'deltaY' are expected for mouseWheel event");
  if (!error) {
    WBuf f = {0};
    add_string_field(&f, L"type", type, FALSE);
    wbuf_addf(&f, L",\"x\":%g,\"y\":%g", double_or(params, L"x", 0), double_or(params, L"y", 0));
    add_string_field(&f, L"button", *button ? button : L"none", TRUE);
    wbuf_addf(&f, L",\"clickCount\":%d,\"modifiers\":%d", int_or(params, L"clickCount", 0), int_or(params, L"modifiers", 0));
    record_input(w, L"Input.dispatchMouseEvent", f.text);
    free(f.text);
  }
  free(m.text);
  free(type);
  free(button);
  free(pointer);
  return error;
}

static wchar_t *dispatch_key_event(WebView *w, const wchar_t *params) {
  static const FieldRule rules[] = {
    {L"type", FIELD_STRING, TRUE}, {L"modifiers", FIELD_INT, FALSE}, {L"timestamp", FIELD_DOUBLE, FALSE}, {L"text", FIELD_STRING, FALSE},
    {L"unmodifiedText", FIELD_STRING, FALSE}, {L"keyIdentifier", FIELD_STRING, FALSE}, {L"code", FIELD_STRING, FALSE}, {L"key", FIELD_STRING, FALSE},
    {L"windowsVirtualKeyCode", FIELD_INT, FALSE}, {L"nativeVirtualKeyCode", FIELD_INT, FALSE}, {L"autoRepeat", FIELD_BOOL, FALSE},
    {L"isKeypad", FIELD_BOOL, FALSE}, {L"isSystemKey", FIELD_BOOL, FALSE}, {L"location", FIELD_INT, FALSE}, {L"commands", FIELD_STRING_ARRAY, FALSE},
  };
  static const wchar_t *types[] = {L"keyDown", L"keyUp", L"rawKeyDown", L"char"};
  wchar_t *error = check_fields(params, rules, sizeof rules / sizeof rules[0]);
  if (error) return error;
  wchar_t *type = string_or_empty(params, L"type"), *text = string_or_empty(params, L"text"), *unmodified = string_or_empty(params, L"unmodifiedText");
  WBuf m = {0};
  if (!one_of(type, types, 4)) {
    wbuf_addf(&m, L"Unexpected event type '%ls'", type);
    error = protocol_error(-32602, m.text);
  } else if (wcslen(text) > 4) error = protocol_error(-32602, L"Invalid 'text' parameter");
  else if (wcslen(unmodified) > 4) error = protocol_error(-32602, L"Invalid 'unmodifiedText' parameter");
  if (!error) {
    wchar_t *key = string_or_empty(params, L"key"), *code = string_or_empty(params, L"code");
    WBuf f = {0};
    add_string_field(&f, L"type", type, FALSE);
    add_string_field(&f, L"key", key, TRUE);
    add_string_field(&f, L"code", code, TRUE);
    wbuf_addf(&f, L",\"windowsVirtualKeyCode\":%d", int_or(params, L"windowsVirtualKeyCode", 0));
    add_string_field(&f, L"text", text, TRUE);
    wbuf_addf(&f, L",\"modifiers\":%d", int_or(params, L"modifiers", 0));
    record_input(w, L"Input.dispatchKeyEvent", f.text);
    if (wcscmp(type, L"keyDown") == 0 || wcscmp(type, L"rawKeyDown") == 0) page_got_key(w);
    free(f.text);
    free(key);
    free(code);
  }
  free(m.text);
  free(type);
  free(text);
  free(unmodified);
  return error;
}

static wchar_t *insert_text(WebView *w, const wchar_t *params) {
  static const FieldRule rules[] = {{L"text", FIELD_STRING, TRUE}, {L"replacementStart", FIELD_INT, FALSE}, {L"replacementEnd", FIELD_INT, FALSE}};
  wchar_t *error = check_fields(params, rules, sizeof rules / sizeof rules[0]);
  if (error) return error;
  wchar_t *text = string_or_empty(params, L"text");
  WBuf f = {0};
  add_string_field(&f, L"text", text, FALSE);
  record_input(w, L"Input.insertText", f.text);
  free(f.text);
  free(text);
  return NULL;
}

/* An Input method: TRUE when `method` is one; *error is NULL when it was delivered. */
static BOOL input_method(WebView *w, const wchar_t *method, const wchar_t *params, wchar_t **error) {
  if (wcscmp(method, L"Input.dispatchMouseEvent") == 0) *error = dispatch_mouse_event(w, params);
  else if (wcscmp(method, L"Input.dispatchKeyEvent") == 0) *error = dispatch_key_event(w, params);
  else if (wcscmp(method, L"Input.insertText") == 0) *error = insert_text(w, params);
  else return FALSE;
  return TRUE;
}
