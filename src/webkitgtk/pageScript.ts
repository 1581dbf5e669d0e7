// Page script on Linux, without JavaScriptCore in the helper. webkit_web_view_evaluate_javascript
// cannot be used: whatever the caller asks, WebKit turns the script's value into a JSCValue in the
// helper, and JavaScriptCore aborts the process when it runs on koffi's stack (ffi/index.ts).
// Scripts travel the console relay's secret scheme instead (pageConsole.ts), both ways:
// - the command loop, a user script in the relay's isolated world of the top frame, keeps one
//   request for `<relay>?commands` open once the document has loaded; the helper answers it with
//   the next script to run (or holds it until there is one), and the loop asks again at once;
// - the loop runs the script in the world asked for: the isolated world by eval (its own
//   globals, which the page's CSP does not govern), the page's world by a <script> element (which
//   the page's CSP may forbid: the answer says so); the expression hands its outcome on as a DOM
//   event under a name random per script, and the loop POSTs it to `<relay>?answer=<id>`;
// - the loop's own timer, out of the page's reach, answers at the script's time limit.
// The loop bounds what it sends; the helper bounds what it reads again (parseAnswer).
import type { RunScriptResult } from '../page/protocol';
import { MAX_SCRIPT_RESULT_CHARS } from '../page/protocol';
import type { ScriptToRun } from '../helper/backend';
import { relayAddress } from './pageConsole';
import { type Ffi, type Ptr, SOUP_MESSAGE_HEADERS_RESPONSE, takeError } from './ffi';

// Under the relay's address with a query: the content filter passes nothing else of the scheme.
const ANSWER_PATH = '?answer=';
const COMMANDS_PATH = '?commands';
/** Longest answer or command URI: the relay's address, the path and a script id. */
export const MAX_ANSWER_URI_BYTES = 256;
/** Longest answer body read (bytes): the longest JSON value inside the envelope's string, where a
 *  character takes at most 6 bytes (an escape like \u0001, or 3 bytes of UTF-8), and the envelope. */
const MAX_ANSWER_BYTES = 6 * MAX_SCRIPT_RESULT_CHARS + 4096;
/** The body is read in pieces of this size: most answers are small. */
const READ_CHUNK_BYTES = 64 * 1024;
const MAX_ERROR_CHARS = 2000;
/** How long after its DOM is ready a page that has not finished loading gets its command loop. */
const LOAD_FALLBACK_MS = 3000;

const js = JSON.stringify;

/** The command loop, injected at document start into the top frame's relay world. */
export function commandLoopScript(secret: string): string {
  const address = relayAddress(secret);
  return `(() => {
  if (window.top !== window) return;
  const send = fetch, stringify = JSON.stringify, parse = JSON.parse, evaluate = eval, random = Math.random;
  const later = setTimeout, cancel = clearTimeout, doc = document;
  const post = (id, answer) => {
    if (answer.ok && answer.json.length > ${MAX_SCRIPT_RESULT_CHARS}) answer = { ok: false, error: 'its value is too large: ' + answer.json.length + ' characters of JSON, at most ${MAX_SCRIPT_RESULT_CHARS}' };
    try { send(${js(address + ANSWER_PATH)} + id, { method: 'POST', body: stringify(answer), mode: 'no-cors', cache: 'no-store' }).catch(() => {}); } catch (e) {}
  };
  // The expression, wrapped: it hands its outcome on, as a string, under the script's event name.
  const wrap = (name, expression) => '(() => { const dispatch = EventTarget.prototype.dispatchEvent, Handover = CustomEvent, stringify = JSON.stringify;'
    + ' const emit = (detail) => dispatch.call(window, new Handover(' + stringify(name) + ', { detail })); emit("started");'
    + ' const fail = (prefix, e) => emit(stringify({ ok: false, error: prefix + (e && typeof e === "object" && "message" in e ? String(e.name || "Error") + ": " + String(e.message) : String(e)) }));'
    + ' Promise.resolve().then(() => (\\n' + expression + '\\n)).then((value) => { let json; try { json = stringify(value); } catch (e) { return fail("its value is not JSON: ", e); }'
    + ' emit(stringify({ ok: true, json: json === undefined ? "null" : json })); }, (e) => fail("it threw ", e)); })();';
  const run = (c) => {
    const name = 'webview2-host-answer-' + random().toString(36).slice(2) + random().toString(36).slice(2);
    let done = false, started = false;
    const finish = (answer) => {
      if (done) return;
      done = true;
      cancel(timer);
      removeEventListener(name, onEvent, true);
      post(c.id, answer);
    };
    const timer = later(() => finish({ ok: false, error: 'the page did not answer within ' + c.timeoutMs + ' ms' }), c.timeoutMs);
    const onEvent = (e) => {
      const d = e.detail;
      if (d === 'started') { started = true; return; }
      if (typeof d !== 'string') return finish({ ok: false, error: 'its answer is not text' });
      if (d.length > ${6 * MAX_SCRIPT_RESULT_CHARS + 1024}) return finish({ ok: false, error: 'its value is too large: more than ${MAX_SCRIPT_RESULT_CHARS} characters of JSON' });
      let m;
      try { m = parse(d); } catch (err) { return finish({ ok: false, error: 'its answer is not JSON' }); }
      if (m && m.ok === true && typeof m.json === 'string') finish({ ok: true, json: m.json });
      else finish({ ok: false, error: String(m && m.error).slice(0, ${MAX_ERROR_CHARS}) });
    };
    addEventListener(name, onEvent, true);
    const source = wrap(name, c.expression);
    try {
      if (c.world === 'isolated') evaluate(source);
      else {
        // Parsed here first, where no CSP applies: a syntax error is then told from a CSP refusal.
        new Function(source);
        const script = doc.createElement('script');
        script.textContent = source;
        (doc.head || doc.documentElement).appendChild(script);
        script.remove();
      }
    } catch (e) {
      return finish({ ok: false, error: 'the expression did not run: ' + String(e && e.message || e).slice(0, ${MAX_ERROR_CHARS}) });
    }
    if (!started) finish({ ok: false, error: c.world === 'isolated' ? 'the expression did not run' : 'the page\\'s Content-Security-Policy forbids script in its own world, so the expression did not run there' });
  };
  const poll = () => {
    send(${js(address + COMMANDS_PATH)}, { cache: 'no-store' }).then((r) => r.text()).then((text) => {
      if (text === '') return; // let go by the helper: this document is being left
      later(poll, 0);
      let c;
      try { c = parse(text); } catch (e) { return; }
      run(c);
    }, () => {});
  };
  // Once the document has loaded: WebKit counts a pending fetch as the page still loading, so a
  // request held from the start would hold the load's end back (and lose it to a navigation the
  // page starts meanwhile). Scripts asked for before then wait in the helper. A page whose load
  // never ends (a subresource that hangs) gets the loop ${LOAD_FALLBACK_MS / 1000} s after its DOM is ready.
  let polling = false;
  const start = () => { if (!polling) { polling = true; later(poll, 0); } };
  if (doc.readyState === 'complete') start();
  else {
    addEventListener('load', start, { once: true });
    const fallback = () => later(start, ${LOAD_FALLBACK_MS});
    if (doc.readyState === 'interactive') fallback(); else doc.addEventListener('DOMContentLoaded', fallback, { once: true });
  }
})();`;
}

export class WebKitPageScripts {
  /** Scripts handed to a page and not answered yet, by id. */
  private readonly running = new Map<number, { windowId: number }>();
  /** Scripts waiting for their window's command loop to ask. */
  private readonly queued = new Map<number, ScriptToRun[]>();
  /** Each window's open command request (a reference held), waiting for a script. */
  private readonly asking = new Map<number, bigint>();

  constructor(
    private readonly ffi: Ffi,
    private readonly secret: string,
    private readonly answer: (scriptId: number, result: RunScriptResult) => void,
  ) {}

  /** Hands the script to the window's command loop now, or when it next asks. */
  run(p: ScriptToRun): void {
    const request = this.asking.get(p.windowId);
    if (request !== undefined) {
      this.asking.delete(p.windowId);
      this.deliver(request, p);
    } else {
      const queue = this.queued.get(p.windowId) ?? [];
      queue.push(p);
      this.queued.set(p.windowId, queue);
    }
  }

  /** What the relay's request is to this module: a command loop asking, a script's answer, or neither. */
  kind(uri: string): 'commands' | 'answer' | null {
    const address = relayAddress(this.secret);
    if (uri === address + COMMANDS_PATH) return 'commands';
    return uri.startsWith(address + ANSWER_PATH) ? 'answer' : null;
  }

  /** A command loop asks for a script: answered now if one waits, else held (this module finishes it). */
  asked(windowId: number, request: bigint): void {
    const stale = this.asking.get(windowId);
    if (stale !== undefined) this.release(stale);
    const next = this.queued.get(windowId)?.shift();
    if (next) this.deliver(request, next);
    else this.asking.set(windowId, this.ffi.g_object_ref(request) as bigint);
  }

  /** Reads an answer's body off its request (the caller finishes the request) and hands it on. */
  answered(windowId: number, uri: string, request: bigint): void {
    const scriptId = Number(uri.slice(`${relayAddress(this.secret)}${ANSWER_PATH}`.length));
    const running = this.running.get(scriptId);
    // Only a script this window is running: one window's relay cannot answer another's script.
    if (!running || running.windowId !== windowId) return;
    this.running.delete(scriptId);
    this.answer(scriptId, this.readAnswer(request));
  }

  /** A new document started loading in the window: the scripts handed to the old one will not answer. */
  navigated(windowId: number): void {
    const request = this.asking.get(windowId);
    this.asking.delete(windowId);
    if (request !== undefined) this.release(request);
    this.settle(windowId, 'the page navigated before the script answered');
  }

  forget(windowId: number): void {
    this.navigated(windowId);
    for (const p of this.queued.get(windowId) ?? []) this.answer(p.scriptId, { ok: false, error: 'the window closed before the page answered' });
    this.queued.delete(windowId);
  }

  private settle(windowId: number, error: string): void {
    for (const [scriptId, r] of this.running) {
      if (r.windowId !== windowId) continue;
      this.running.delete(scriptId);
      this.answer(scriptId, { ok: false, error });
    }
  }

  private deliver(request: bigint, p: ScriptToRun): void {
    this.running.set(p.scriptId, { windowId: p.windowId });
    this.respond(request, js({ id: p.scriptId, world: p.world, expression: p.expression, timeoutMs: p.timeoutMs }));
    this.ffi.g_object_unref(request);
  }

  /** Lets a held request go with an empty answer (its loop stops: its document is being left). */
  private release(request: bigint): void {
    this.respond(request, '');
    this.ffi.g_object_unref(request);
  }

  /** Answers a command request; the loop reads it across origins, so it carries CORS's allowance. */
  private respond(request: bigint, body: string): void {
    const f = this.ffi;
    const bytes = Buffer.from(body, 'utf8');
    const data = f.g_bytes_new(bytes, bytes.length);
    const stream = f.g_memory_input_stream_new_from_bytes(data);
    f.g_bytes_unref(data);
    const response = f.webkit_uri_scheme_response_new(stream, bytes.length);
    f.g_object_unref(stream);
    f.webkit_uri_scheme_response_set_content_type(response, 'application/json');
    const headers = f.soup_message_headers_new(SOUP_MESSAGE_HEADERS_RESPONSE);
    f.soup_message_headers_append(headers, 'Access-Control-Allow-Origin', '*');
    f.soup_message_headers_append(headers, 'Cache-Control', 'no-store');
    f.webkit_uri_scheme_response_set_http_headers(response, headers); // takes the headers
    f.webkit_uri_scheme_request_finish_with_response(request, response);
    f.g_object_unref(response);
  }

  private readAnswer(request: bigint): RunScriptResult {
    const f = this.ffi;
    const stream = f.webkit_uri_scheme_request_get_http_body(request) as Ptr;
    if (!stream) return { ok: false, error: 'the page\'s answer came without a body' };
    try {
      const pieces: Buffer[] = [];
      for (let total = 0; ;) {
        const piece = Buffer.alloc(READ_CHUNK_BYTES);
        const read: [number] = [0];
        const error: [Ptr] = [null];
        const ok = f.g_input_stream_read_all(stream, piece, piece.length, read, null, error);
        const failure = takeError(f, error[0]);
        if (!ok) return { ok: false, error: `the page's answer could not be read: ${failure?.message ?? 'unknown error'}` };
        pieces.push(piece.subarray(0, read[0]));
        total += read[0];
        if (total > MAX_ANSWER_BYTES) return { ok: false, error: 'the page\'s answer is too large' };
        if (read[0] < piece.length) break; // the end of the body
      }
      return parseAnswer(Buffer.concat(pieces).toString('utf8'));
    } finally {
      f.g_object_unref(stream);
    }
  }
}

/** The body the loop sent, checked again: no page can send it, but the helper trusts no page-made bytes. */
export function parseAnswer(body: string): RunScriptResult {
  let m: unknown;
  try {
    m = JSON.parse(body);
  } catch {
    return { ok: false, error: 'the page\'s answer is not JSON' };
  }
  const o = m as { ok?: unknown; json?: unknown; error?: unknown } | null;
  if (o && o.ok === true && typeof o.json === 'string' && o.json.length <= MAX_SCRIPT_RESULT_CHARS) return { ok: true, json: o.json };
  if (o && o.ok === true) return { ok: false, error: 'the page\'s answer is too large' };
  return { ok: false, error: String(o?.error ?? 'no answer').slice(0, MAX_ERROR_CHARS) };
}
