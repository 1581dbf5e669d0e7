// Page script on Linux, without JavaScriptCore in the helper. webkit_web_view_evaluate_javascript
// cannot be used: whatever the caller asks, WebKit turns the script's value into a JSCValue in the
// helper, and JavaScriptCore aborts the process when it runs on koffi's stack (ffi/index.ts).
// Scripts travel a channel of the product's own instead:
// - the command loop, a user script in the console relay's isolated world of the window's top frame
//   (pageConsole.ts), made for its window: it carries a WebSocket address on the helper's main
//   thread, under the helper's secret and a token of that window (the main thread is told the
//   token's window when the view is made), out of the page's reach;
// - the main thread sends each script down that socket (helper/pageChannels.ts); the loop runs it
//   in the world asked for: the isolated world by eval (its own globals, which the page's CSP does
//   not govern), the page's world by a <script> element (which the page's CSP may forbid: the
//   answer says so); the expression hands its outcome on as a DOM event under a name random per
//   script, and the loop sends it back up the socket; its own timer, out of the page's reach,
//   answers at the script's time limit.
// The loop makes no request of the page's document: WebKit ended a Back or Forward "cancelled" when
// the page it brought back had a request of ours in flight when it was left (a request held through
// the URI scheme, then a fetch for the address answered within the load but read after it).
import { randomBytes } from 'node:crypto';
import { MAX_SCRIPT_RESULT_CHARS } from '../page/protocol';
import { MAX_ERROR_CHARS } from '../page/answers';
import type { PageChannelAddress } from '../helper/pageChannels';

/** How long after DOMContentLoaded a page whose load has not ended counts as loaded. */
const LOAD_FALLBACK_MS = 3000;
/** How long after its load a page opens its socket. */
const CONNECT_AFTER_LOAD_MS = 1000;
/** How soon a lost socket is opened again (the helper closes a window's older ones itself). */
const RECONNECT_MS = 1000;

const js = JSON.stringify;

/** The command loop of one window, injected at document start into its top frame's relay world. */
export function commandLoopScript(socketAddress: string): string {
  return `(() => {
  if (window.top !== window) return;
  const url = ${js(socketAddress)};
  const stringify = JSON.stringify, parse = JSON.parse, evaluate = eval, random = Math.random, Socket = WebSocket;
  const later = setTimeout, cancel = clearTimeout, doc = document;
  let socket = null, left = false;
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
  // Counts the times the page was hidden: a timer set while it was shown before does nothing.
  let hidden = 0;
  const soon = () => { const at = hidden; later(() => { if (at === hidden) open(); }, ${CONNECT_AFTER_LOAD_MS}); };
  const nowLoaded = () => { if (!loaded) { loaded = true; soon(); } };
  if (loaded) soon();
  else {
    addEventListener('load', nowLoaded, { once: true });
    // A page whose load never ends (a subresource that hangs) is reached a while after its DOM is ready.
    const fallback = () => later(nowLoaded, ${LOAD_FALLBACK_MS});
    if (doc.readyState === 'interactive') fallback(); else doc.addEventListener('DOMContentLoaded', fallback, { once: true });
  }
  // A page kept for Back and Forward lets go of its socket, and takes it up again a while after it
  // is shown again (pageshow comes inside the load that brings it back).
  addEventListener('pagehide', () => { left = true; hidden++; if (socket) socket.close(); socket = null; });
  addEventListener('pageshow', (e) => { if (e.persisted) { left = false; soon(); } });
})();`;
}

/**
 * The command loop of a new window's view, with a token of that window in its socket address (the
 * main thread is told the token's window first); none without a channel server, and then the
 * window runs no page script.
 */
export function windowCommandLoop(
  channel: PageChannelAddress | undefined, windowId: number, tokenGiven: (token: string, windowId: number) => void,
): string | undefined {
  if (!channel) return undefined;
  const token = randomBytes(16).toString('hex');
  tokenGiven(token, windowId);
  return commandLoopScript(`wss://127.0.0.1:${channel.port}/${channel.secret}/${token}`);
}
