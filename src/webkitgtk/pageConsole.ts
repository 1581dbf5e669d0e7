// The page console on Linux, without JavaScriptCore in the helper: a user script, injected at
// document start into every frame, wraps console.* and listens for uncaught errors and unhandled
// rejections, and sends each as a GET to a custom URI scheme that the helper serves (and answers
// with an empty body). This module holds the script and reads its requests back.
import type { ConsoleLevel, ConsoleMessageEvent } from '../protocol';

export const CONSOLE_SCHEME = 'webview2-host-console';

/** Longest message the page sends; the helper's limiter cuts again with a note (consoleLimiter.ts). */
const PAGE_MAX_CHARS = 8192;
/** Requests a page may have in flight before it counts messages as dropped instead of sending. */
const PAGE_MAX_IN_FLIGHT = 64;

/**
 * The script. It keeps its own references to fetch and to the original console methods, taken
 * before any page script runs, so that a page replacing them does not break the relay.
 */
export const CONSOLE_USER_SCRIPT = `(() => {
  if (window.__webview2HostConsole) return;
  Object.defineProperty(window, '__webview2HostConsole', { value: true });
  const send = window.fetch.bind(window);
  const encode = encodeURIComponent;
  let inFlight = 0, dropped = 0;
  const post = (level, kind, message, where) => {
    if (inFlight >= ${PAGE_MAX_IN_FLIGHT}) { dropped++; return; }
    const text = String(message).slice(0, ${PAGE_MAX_CHARS + 1});
    const url = '${CONSOLE_SCHEME}://post?l=' + level + '&k=' + kind + '&m=' + encode(text) +
      '&s=' + encode(where.source || '') + '&n=' + (where.line || '') + '&d=' + dropped;
    dropped = 0;
    inFlight++;
    const done = () => { inFlight--; };
    try { send(url, { mode: 'no-cors', cache: 'no-store' }).then(done, done); } catch (e) { done(); }
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
    post('error', 'exception', 'Uncaught ' + text, { source: e.filename, line: e.lineno });
  });
  window.addEventListener('unhandledrejection', (e) => {
    const reason = e.reason;
    post('error', 'rejection', 'Uncaught (in promise) ' + show(reason), isError(reason) ? frameOf(reason.stack) : {});
  });
})();`;

const LEVELS: readonly ConsoleLevel[] = ['debug', 'log', 'info', 'warn', 'error'];
const KINDS: readonly ConsoleMessageEvent['kind'][] = ['console', 'exception', 'rejection'];

export interface PageConsoleRequest {
  message: Omit<ConsoleMessageEvent, 'windowId'>;
  /** Messages the page dropped since its last request (too many in flight). */
  droppedByPage: number;
}

/** Reads one request of the script back; null for anything it did not send. */
export function parseConsoleRequest(uri: string): PageConsoleRequest | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== `${CONSOLE_SCHEME}:`) return null;
  const q = url.searchParams;
  const level = q.get('l') as ConsoleLevel;
  const kind = q.get('k') as ConsoleMessageEvent['kind'];
  if (!LEVELS.includes(level) || !KINDS.includes(kind)) return null;
  const line = Number(q.get('n'));
  const dropped = Number(q.get('d'));
  return {
    message: {
      level,
      kind,
      message: q.get('m') ?? '',
      source: q.get('s') || null,
      line: Number.isInteger(line) && line > 0 ? line : null,
    },
    droppedByPage: Number.isInteger(dropped) && dropped > 0 ? dropped : 0,
  };
}
