// Page script on Linux, without JavaScriptCore in the helper. webkit_web_view_evaluate_javascript
// cannot be used: whatever the caller asks, WebKit turns the script's value into a JSCValue in the
// helper, and JavaScriptCore aborts the process when it runs on koffi's stack (ffi/index.ts).
// Scripts travel a channel of the product's own instead:
// - the command loop, a user script in the console relay's isolated world of the top frame
//   (pageConsole.ts), asks the relay's secret address `<relay>?hello` at document start;
//   the UI thread answers at once with a WebSocket address on the helper's main thread, under the
//   helper's secret and a token for this document, and tells the main thread the token's window;
// - the main thread sends each script down that socket (helper/pageChannels.ts); the loop runs it
//   in the world asked for: the isolated world by eval (its own globals, which the page's CSP does
//   not govern), the page's world by a <script> element (which the page's CSP may forbid: the
//   answer says so); the expression hands its outcome on as a DOM event under a name random per
//   script, and the loop sends it back up the socket; its own timer, out of the page's reach,
//   answers at the script's time limit.
// A socket is not a load of the document: unlike a request held through the URI scheme, it does not
// keep WebKit counting the page as loading, which lost Back and Forward to "cancelled".
import { randomBytes } from 'node:crypto';
import { MAX_SCRIPT_RESULT_CHARS } from '../page/protocol';
import { MAX_ERROR_CHARS } from '../page/answers';
import { relayAddress } from './pageConsole';
import { type Ffi, SOUP_MESSAGE_HEADERS_RESPONSE } from './ffi';
import type { PageChannelAddress } from '../helper/pageChannels';

// Under the relay's address with a query: the content filter passes nothing else of the scheme.
const HELLO_PATH = '?hello';
/** Longest hello URI: the relay's address and the path. */
export const MAX_HELLO_URI_BYTES = 256;
/** How long after DOMContentLoaded a page whose load has not ended counts as loaded. */
const LOAD_FALLBACK_MS = 3000;
/** How long after its load a page opens its socket. */
const CONNECT_AFTER_LOAD_MS = 1000;
/** How soon a lost socket is opened again (the helper closes a window's older ones itself). */
const RECONNECT_MS = 1000;

const js = JSON.stringify;

/** The command loop, injected at document start into the top frame's relay world. */
export function commandLoopScript(secret: string): string {
  const address = relayAddress(secret);
  return `(() => {
  if (window.top !== window) return;
  const send = fetch, stringify = JSON.stringify, parse = JSON.parse, evaluate = eval, random = Math.random, Socket = WebSocket;
  const later = setTimeout, cancel = clearTimeout, doc = document;
  let socket = null, url = null, left = false;
  const post = (id, answer) => {
    if (answer.ok && answer.json.length > ${MAX_SCRIPT_RESULT_CHARS}) answer = { ok: false, error: 'its value is too large: ' + answer.json.length + ' characters of JSON, at most ${MAX_SCRIPT_RESULT_CHARS}' };
    answer.id = id;
    try { if (socket && socket.readyState === 1) socket.send(stringify(answer)); } catch (e) {}
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
  const open = () => {
    if (left || socket) return;
    const mine = new Socket(url);
    socket = mine;
    mine.onmessage = (e) => {
      let c;
      try { c = parse(e.data); } catch (err) { return; }
      if (c && typeof c.id === 'number' && typeof c.expression === 'string') run(c);
    };
    // Lost (or closed by the helper for another document of this window): opened again later. A
    // socket this page already let go of (pagehide) is not the current one, whenever its close comes.
    mine.onclose = () => { if (socket === mine) { socket = null; if (!left) later(open, ${RECONNECT_MS}); } };
  };
  // The socket opens a while after the load: a connection still being made when a navigation
  // starts (an automation that navigates as soon as a page loaded) can make WebKit end that
  // navigation "cancelled". Scripts asked for meanwhile wait on the helper's main thread.
  let loaded = doc.readyState === 'complete';
  const openSoon = () => later(open, ${CONNECT_AFTER_LOAD_MS});
  const connect = () => {
    if (url) return loaded ? open() : undefined;
    send(${js(address + HELLO_PATH)}, { cache: 'no-store' }).then((r) => r.json()).then((m) => {
      if (m && typeof m.url === 'string') { url = m.url; if (loaded) openSoon(); }
    }, () => {});
  };
  const nowLoaded = () => { if (!loaded) { loaded = true; if (url) openSoon(); } };
  if (!loaded) {
    addEventListener('load', nowLoaded, { once: true });
    // A page whose load never ends (a subresource that hangs) is reached a while after its DOM is ready.
    const fallback = () => later(nowLoaded, ${LOAD_FALLBACK_MS});
    if (doc.readyState === 'interactive') fallback(); else doc.addEventListener('DOMContentLoaded', fallback, { once: true });
  }
  // A page kept for Back and Forward lets go of its socket, and takes it up again when shown.
  addEventListener('pagehide', () => { left = true; if (socket) socket.close(); socket = null; });
  addEventListener('pageshow', (e) => { if (e.persisted) { left = false; connect(); } });
  // The hello goes at once, at document start, while the document loads anyway (answered at once, it
  // ends with the load): a request of ours still in flight after the load, when a navigation may
  // start, would make WebKit end that navigation "cancelled". The socket is no load at all.
  connect();
})();`;
}

export class WebKitPageScripts {
  constructor(
    private readonly ffi: Ffi,
    private readonly secret: string,
    /** Where the main thread's channel server listens; absent, pages get no script channel. */
    private readonly channel: PageChannelAddress | undefined,
    private readonly tokenGiven: (token: string, windowId: number) => void,
  ) {}

  /** Whether a relay request is a command loop's hello. */
  isHello(uri: string): boolean {
    return uri === relayAddress(this.secret) + HELLO_PATH;
  }

  /**
   * Answers a hello at once: a socket address with a token for this document, whose window the main
   * thread is told first. Without a channel server the answer is empty, and the loop stays idle.
   */
  hello(windowId: number, request: bigint): void {
    if (!this.channel) return this.respond(request, '{}');
    const token = randomBytes(16).toString('hex');
    this.tokenGiven(token, windowId);
    this.respond(request, js({ url: `wss://127.0.0.1:${this.channel.port}/${this.channel.secret}/${token}` }));
  }

  /** Answers the request; the loop reads it across origins, so it carries CORS's allowance. */
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
}
