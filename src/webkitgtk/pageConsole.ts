// The page console on Linux, without JavaScriptCore in the helper. Two user scripts, injected at
// document start into every frame:
// - the hook, in the page's own world (only there can it wrap the page's console.* and see the
//   page's errors and rejections), hands each message on as a string in a DOM event;
// - the relay, in an isolated script world (RELAY_WORLD) the page's script cannot read or change,
//   cuts and rate-limits what it is handed and sends it as a GET to a custom URI scheme that the
//   helper serves. Its URL carries a per-helper secret that only the relay knows.
// A content filter (pageFilter.ts) blocks, inside the web process, every URL of that scheme that
// does not start with the relay's secret address: a page that asks for the scheme itself (fetch,
// images, frames, with URIs of any size) is refused before a byte reaches the helper, which is the
// only thing that bounds its memory (WebKit copies every scheme request into the helper, whatever
// the handler does with it). This module holds the scripts and the request parser.
import type { ConsoleLevel, ConsoleMessageEvent } from '../protocol';
import { cutStack, MAX_FRAME_CHARS, MAX_MESSAGE_CHARS, MAX_MESSAGES_PER_SECOND, MAX_SOURCE_CHARS, MAX_STACK_FRAMES } from '../helper/consoleLimiter';

export const CONSOLE_SCHEME = 'webview2-host-console';
/** The script world of the relay: separate JS globals from the page's, the same DOM. */
export const RELAY_WORLD = 'webview2-host-console-relay';
/** The DOM event the hook hands messages on with (dispatched on window, synchronous). */
const HANDOVER_EVENT = 'webview2-host-console';

/** The longest stack text the hook hands on: every frame kept at its longest, and its line break. */
const MAX_STACK_CHARS = MAX_STACK_FRAMES * (MAX_FRAME_CHARS + 1);
/** Requests a frame's relay may have in flight before it counts messages as dropped instead of sending. */
const PAGE_MAX_IN_FLIGHT = 64;
/** Longest handover the relay reads: a cut message and source as JSON, each character escaped at worst. */
const MAX_HANDOVER_CHARS = 6 * (MAX_MESSAGE_CHARS + MAX_SOURCE_CHARS + MAX_STACK_CHARS) + 256;
/**
 * Longest relay URI the helper decodes (bytes): the cut message and source percent-encoded (a
 * UTF-16 unit is at most 9 bytes that way), with room for the rest. Anything longer is refused unread.
 */
export const MAX_RELAY_URI_BYTES = 9 * (MAX_MESSAGE_CHARS + MAX_SOURCE_CHARS + MAX_STACK_CHARS) + 1024;

const LEVELS: readonly ConsoleLevel[] = ['debug', 'log', 'info', 'warn', 'error'];
const KINDS: readonly ConsoleMessageEvent['kind'][] = ['console', 'exception', 'rejection'];

/** Where the relay sends: the secret is in the path, so that an origin-only report never shows it. */
export function relayAddress(secret: string): string {
  return `${CONSOLE_SCHEME}://relay/${secret}`;
}

/**
 * The hook, in the page's world. It keeps its own references to what it calls, taken before any
 * page script runs, so that a page replacing them does not break it. It knows no secret: whatever a
 * page does to it or dispatches in its name goes through the relay's cut and rate.
 */
export const CONSOLE_HOOK_SCRIPT = `(() => {
  if (window.__webview2HostConsole) return;
  Object.defineProperty(window, '__webview2HostConsole', { value: true });
  const dispatch = EventTarget.prototype.dispatchEvent;
  const Handover = CustomEvent;
  const stringify = JSON.stringify;
  const post = (level, kind, message, where, stack) => {
    const text = String(message);
    const source = String(where.source || '');
    const frames = typeof stack === 'string' ? stack.slice(0, ${MAX_STACK_CHARS}) : '';
    const detail = stringify([level, kind, text.slice(0, ${MAX_MESSAGE_CHARS}), text.length, source.slice(0, ${MAX_SOURCE_CHARS}), where.line || 0, frames]);
    try { dispatch.call(window, new Handover('${HANDOVER_EVENT}', { detail })); } catch (e) {}
  };
  const frameOf = (stack) => {
    for (const line of String(stack || '').split('\\n')) {
      if (!line || line.includes('user-script:')) continue;
      const m = /^(?:[^@]*@)?(.+):(\\d+):(\\d+)$/.exec(line.trim());
      if (m) return { source: m[1], line: Number(m[2]) };
    }
    return {};
  };
  // Errors by shape, not instanceof: one from another frame has another Error constructor.
  const isError = (v) => !!v && typeof v === 'object' && typeof v.name === 'string' && typeof v.message === 'string';
  const show = (value) => {
    if (typeof value === 'string') return value;
    if (isError(value)) return value.name + ': ' + value.message;
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
    try { const json = JSON.stringify(value); return json === undefined ? String(value) : json; } catch (e) { return String(value); }
  };
  for (const level of ['debug', 'log', 'info', 'warn', 'error']) {
    const original = console[level];
    console[level] = function (...args) {
      post(level, 'console', args.map(show).join(' '), frameOf(new Error().stack));
      return original.apply(this, args);
    };
  }
  const originalAssert = console.assert;
  console.assert = function (condition, ...args) {
    if (!condition) post('error', 'console', ['Assertion failed:'].concat(args.map(show)).join(' '), frameOf(new Error().stack));
    return originalAssert.apply(this, [condition, ...args]);
  };
  window.addEventListener('error', (e) => {
    const text = isError(e.error) ? e.error.name + ': ' + e.error.message : e.message;
    post('error', 'exception', 'Uncaught ' + text, { source: e.filename, line: e.lineno }, isError(e.error) ? e.error.stack : '');
  });
  window.addEventListener('unhandledrejection', (e) => {
    const reason = e.reason;
    post('error', 'rejection', 'Uncaught (in promise) ' + show(reason), isError(reason) ? frameOf(reason.stack) : {}, isError(reason) ? reason.stack : '');
  });
})();`;

/**
 * The relay, in its isolated world: its variables, its fetch and its clock are out of the page's
 * reach. Per frame it passes at most MAX_MESSAGES_PER_SECOND messages a second and
 * PAGE_MAX_IN_FLIGHT requests at a time, each message cut to MAX_MESSAGE_CHARS (its full length
 * goes along, for the note); the rest it counts, and the count goes with the next message it sends.
 */
export function consoleRelayScript(secret: string): string {
  return `(() => {
  const address = '${relayAddress(secret)}?';
  const send = fetch;
  const encode = encodeURIComponent;
  let inFlight = 0, dropped = 0, second = 0, sent = 0;
  const done = () => { inFlight--; };
  const text = (v, max) => (typeof v === 'string' ? v : '').slice(0, max);
  const count = (v) => (Number.isInteger(v) && v > 0 ? v : 0);
  const levels = ${JSON.stringify(LEVELS)}, kinds = ${JSON.stringify(KINDS)};
  window.addEventListener('${HANDOVER_EVENT}', (e) => {
    const detail = e.detail;
    if (typeof detail !== 'string' || detail.length > ${MAX_HANDOVER_CHARS}) { dropped++; return; }
    let m;
    try { m = JSON.parse(detail); } catch (err) { return; }
    // Not a message (a page dispatching in the hook's name): nothing to send or count.
    if (!Array.isArray(m) || !levels.includes(m[0]) || !kinds.includes(m[1])) return;
    const now = Date.now();
    if (now - second >= 1000) { second = now; sent = 0; }
    if (sent >= ${MAX_MESSAGES_PER_SECOND} || inFlight >= ${PAGE_MAX_IN_FLIGHT}) { dropped++; return; }
    sent++;
    const message = text(m[2], ${MAX_MESSAGE_CHARS});
    const url = address + 'l=' + m[0] + '&k=' + m[1] +
      '&m=' + encode(message) + '&t=' + Math.max(count(m[3]), message.length) +
      '&s=' + encode(text(m[4], ${MAX_SOURCE_CHARS})) + '&n=' + count(m[5]) + '&x=' + encode(text(m[6], ${MAX_STACK_CHARS})) + '&d=' + dropped;
    dropped = 0;
    inFlight++;
    try { send(url, { mode: 'no-cors', cache: 'no-store' }).then(done, done); } catch (err) { done(); }
  }, true);
})();`;
}

export interface PageConsoleRequest {
  message: Omit<ConsoleMessageEvent, 'windowId'>;
  /** The message's length before the relay cut it. */
  totalChars: number;
  /** Messages the relay dropped since its last request (past its rate, or too many in flight). */
  droppedByRelay: number;
}

/**
 * Reads one request of the relay back; null for anything it did not send (another address, a
 * wrong secret, a level or kind it never sends).
 */
export function parseConsoleRequest(uri: string, secret: string): PageConsoleRequest | null {
  const address = `${relayAddress(secret)}?`;
  if (!uri.startsWith(address)) return null;
  const q = new URLSearchParams(uri.slice(address.length));
  const level = q.get('l') as ConsoleLevel;
  const kind = q.get('k') as ConsoleMessageEvent['kind'];
  if (!LEVELS.includes(level) || !KINDS.includes(kind)) return null;
  const message = q.get('m') ?? '';
  const stack = kind === 'console' ? [] : stackFrames(q.get('x') ?? '');
  return {
    message: { level, kind, message, source: q.get('s') || null, line: positive(q.get('n')) || null, ...(stack.length ? { stack } : {}) },
    totalChars: Math.max(positive(q.get('t')), message.length),
    droppedByRelay: positive(q.get('d')),
  };
}

/**
 * An error's stack text as frames "fn (url:line:col)", the hook's own left out: JavaScriptCore's
 * "fn@url:line:col" lines (V8's "at fn (url:line:col)" too); a line that is neither, such as the
 * message V8 starts with, is not a frame.
 */
export function stackFrames(text: string): string[] {
  const frames: string[] = [];
  for (const raw of text.slice(0, MAX_STACK_CHARS).split('\n')) {
    const line = raw.trim();
    if (!line || line.includes('user-script:')) continue;
    if (line.startsWith('at ')) frames.push(line.slice(3));
    else if (line.includes('@')) {
      const at = line.lastIndexOf('@');
      frames.push(`${line.slice(0, at) || '<anonymous>'} (${line.slice(at + 1)})`);
    } else if (/:\d+:\d+$/.test(line)) frames.push(`<anonymous> (${line})`);
  }
  return cutStack(frames);
}

function positive(text: string | null): number {
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
