// The Windows engine's network log, read from the DevTools protocol's Network domain (no native
// calls here: networkLog.ts subscribes and feeds the events in, as JSON). Per window, each
// requestId is followed from Network.requestWillBeSent to Network.loadingFinished or
// Network.loadingFailed and reported as one finished entry (BackendEvents.requestFinished):
// - requestWillBeSent: method, URL, request headers, resource type (its `type`), initiator;
//   with `redirectResponse`, the hop that ended is reported as an entry of its own first;
// - requestWillBeSentExtraInfo / responseReceivedExtraInfo: the headers as they went on the wire
//   (Cookie and Set-Cookie are only there); they replace the others when they come before the end;
// - responseReceived: status, status text, MIME type, headers, the time the headers arrived;
// - loadingFinished: transferred size (encodedDataLength); loadingFailed: errorText mapped to
//   the product's failure kinds.
// Timings are DevTools' own: `timestamp` is monotonic seconds, `wallTime` (requestWillBeSent)
// epoch seconds; their difference converts every later timestamp to epoch milliseconds.
// Everything the page chose is cut to bounds (URL, header names and values, header count and
// total, MIME type, method), and the state per window is bounded: at most MAX_PENDING requests in
// flight (the oldest is dropped and counted) and MAX_STASHED early extra-info records.
import type { FinishedRequest, NetworkFailureKind, NetworkHeader } from '../network/protocol';
import { isTextMime, statusText as reasonPhrase } from '../network/entries';

export const MAX_URL_CHARS = 8192;
const MAX_METHOD_CHARS = 32;
const MAX_MIME_CHARS = 256;
const MAX_TEXT_CHARS = 1024;
const MAX_HEADER_NAME_CHARS = 256;
const MAX_HEADER_VALUE_CHARS = 4096;
const MAX_HEADERS = 100;
const MAX_HEADER_CHARS = 32 * 1024;
export const MAX_PENDING = 500;
const MAX_STASHED = 200;
/** Response bodies kept: text only, at most this many bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Network.getResponseBody calls outstanding per window; past it, entries go without a body. */
export const MAX_BODY_FETCHES = 32;

export type Body = NonNullable<FinishedRequest['body']>;

export interface RecorderHooks {
  report(e: FinishedRequest): void;
  /** Whether body capture is on for the window (setNetworkCapture). */
  capturing(windowId: number): boolean;
  /** Starts Network.getResponseBody; `done` comes later (null: no body). False: could not start. */
  fetchBody(windowId: number, requestId: string, done: (body: Body | null) => void): boolean;
  /** Requests let go because too many were in flight (the first time per window, then every 100). */
  dropped(windowId: number, total: number): void;
  now(): number;
}

interface Response {
  status: number;
  statusText: string;
  mimeType: string | null;
  headers: NetworkHeader[];
  responseAt: number | null;
  resourceType?: string;
}

interface Tracked {
  requestId: string;
  url: string;
  method: string;
  requestHeaders: NetworkHeader[];
  resourceType: string;
  initiator: string | null;
  startedAt: number;
  /** epoch seconds minus monotonic seconds, from this hop's requestWillBeSent; null when unknown. */
  offset: number | null;
  response: Response | null;
  /** Wire headers of the response (responseReceivedExtraInfo), kept until the response is known. */
  rawResponseHeaders: NetworkHeader[] | null;
}

interface WindowState {
  pending: Map<string, Tracked>;
  stashed: Map<string, { request?: NetworkHeader[]; response?: NetworkHeader[] }>;
  dropped: number;
  /** Entries waiting for their body, by requestId. */
  bodies: Map<string, FinishedRequest>;
}

type Json = Record<string, unknown>;

/** DevTools' Network.ResourceType in the log's words. */
const TYPES: Record<string, string> = {
  Document: 'document', Stylesheet: 'stylesheet', Script: 'script', Image: 'image', Font: 'font', Media: 'media',
  TextTrack: 'media', XHR: 'xhr', Fetch: 'xhr', EventSource: 'xhr',
};
export function resourceTypeOfDevTools(type: unknown): string {
  return typeof type === 'string' ? TYPES[type] ?? 'other' : 'other';
}

/** Chromium's net error names (net_error_list.h) in the product's kinds, with a plain phrase. */
export function failureOfDevTools(errorText: string, canceled: boolean, blockedReason: unknown): { kind: NetworkFailureKind; message: string } {
  const name = errorText.replace(/^net::/, '');
  const say = (kind: NetworkFailureKind, phrase: string) => ({ kind, message: errorText ? `${phrase} (${errorText})` : phrase });
  if (name === 'ERR_UNSAFE_PORT') return say('blocked-port', 'Port not allowed');
  if (typeof blockedReason === 'string' && blockedReason) return say('blocked', `Blocked: ${cut(blockedReason, 64)}`);
  if (/^ERR_BLOCKED_BY_|^ERR_ACCESS_DENIED$|^ERR_NETWORK_ACCESS_DENIED$|^ERR_DISALLOWED_URL_SCHEME$|^ERR_UNKNOWN_URL_SCHEME$/.test(name)) return say('blocked', 'Blocked');
  if (name === 'ERR_CONNECTION_REFUSED') return say('refused', 'Connection refused');
  if (/^ERR_NAME_NOT_RESOLVED$|^ERR_NAME_RESOLUTION_FAILED$|^ERR_ADDRESS_UNREACHABLE$|^ERR_DNS_/.test(name)) return say('dns', 'Host name not resolved');
  if (/^ERR_CERT_|^ERR_SSL_|^ERR_BAD_SSL_|^ERR_TLS_|^ERR_CT_|^ERR_CERTIFICATE_/.test(name)) return say('tls', 'TLS failure');
  if (/^ERR_TIMED_OUT$|^ERR_CONNECTION_TIMED_OUT$/.test(name)) return say('timeout', 'Timed out');
  if (canceled || name === 'ERR_ABORTED') return say('cancelled', 'Cancelled');
  return say('other', 'Failed');
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
function str(v: unknown, max: number): string {
  return typeof v === 'string' ? cut(v, max) : '';
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function obj(v: unknown): Json | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

/** DevTools' Network.Headers (an object; repeated headers joined by "\n") as a bounded list. */
export function headersOfDevTools(v: unknown): NetworkHeader[] {
  const o = obj(v);
  if (!o) return [];
  const out: NetworkHeader[] = [];
  let chars = 0;
  for (const key in o) {
    const value = o[key];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const name = cut(key, MAX_HEADER_NAME_CHARS);
    for (const line of String(value).split('\n', MAX_HEADERS)) {
      const header = { name, value: cut(line, MAX_HEADER_VALUE_CHARS) };
      chars += header.name.length + header.value.length;
      if (out.length >= MAX_HEADERS || chars > MAX_HEADER_CHARS) return out;
      out.push(header);
    }
  }
  return out;
}

function headerValue(headers: NetworkHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

export class DevToolsNetworkRecorder {
  private readonly windows = new Map<number, WindowState>();

  constructor(private readonly hooks: RecorderHooks) {}

  /** One Network.* event of a window, its parameters as DevTools' JSON. */
  event(windowId: number, method: string, json: string): void {
    const p = obj(JSON.parse(json));
    if (!p || typeof p.requestId !== 'string') return;
    const id = cut(p.requestId, 128);
    switch (method) {
      case 'Network.requestWillBeSent': return this.willBeSent(windowId, id, p);
      case 'Network.requestWillBeSentExtraInfo': return this.extra(windowId, id, 'request', headersOfDevTools(p.headers));
      case 'Network.responseReceivedExtraInfo': return this.extra(windowId, id, 'response', headersOfDevTools(p.headers));
      case 'Network.responseReceived': return this.responded(windowId, id, p);
      case 'Network.loadingFinished': return this.finished(windowId, id, p);
      case 'Network.loadingFailed': return this.failed(windowId, id, p);
      default:
    }
  }

  /** The window closed (or its browser went): entries waiting for a body go without it; the rest is dropped. */
  forget(windowId: number): void {
    const w = this.windows.get(windowId);
    if (!w) return;
    this.windows.delete(windowId);
    for (const e of w.bodies.values()) this.hooks.report(e);
  }

  forgetAll(): void {
    for (const id of [...this.windows.keys()]) this.forget(id);
  }

  /** Requests in flight, entries waiting for a body (tests and diagnostics). */
  sizes(windowId: number): { pending: number; bodies: number; dropped: number } {
    const w = this.windows.get(windowId);
    return { pending: w?.pending.size ?? 0, bodies: w?.bodies.size ?? 0, dropped: w?.dropped ?? 0 };
  }

  private state(windowId: number): WindowState {
    let w = this.windows.get(windowId);
    if (!w) {
      w = { pending: new Map(), stashed: new Map(), dropped: 0, bodies: new Map() };
      this.windows.set(windowId, w);
    }
    return w;
  }

  private epoch(t: { offset: number | null }, monotonicSeconds: number | null): number {
    return t.offset !== null && monotonicSeconds !== null ? (monotonicSeconds + t.offset) * 1000 : this.hooks.now();
  }

  private willBeSent(windowId: number, id: string, p: Json): void {
    const w = this.state(windowId);
    const request = obj(p.request) ?? {};
    const url = str(request.url, MAX_URL_CHARS);
    const timestamp = num(p.timestamp);
    const wallTime = num(p.wallTime);
    const offset = timestamp !== null && wallTime !== null && wallTime > 0 ? wallTime - timestamp : null;
    const previous = w.pending.get(id);
    const redirect = obj(p.redirectResponse);
    if (previous && redirect) {
      // The hop that ended with this redirect, then the same request at its new URL.
      previous.response = this.responseOf(previous, redirect, null);
      this.report(windowId, previous, { endedAt: this.epoch(previous, timestamp), redirectedTo: url, transferred: num(redirect.encodedDataLength) });
    }
    w.pending.delete(id); // re-inserted: the Map's order stays the order of the latest hop
    const initiator = obj(p.initiator);
    const t: Tracked = {
      requestId: id, url,
      method: str(request.method, MAX_METHOD_CHARS) || 'GET',
      requestHeaders: headersOfDevTools(request.headers),
      resourceType: resourceTypeOfDevTools(p.type),
      initiator: initiator ? (str(initiator.url, MAX_URL_CHARS) || str(initiator.type, 32) || null) : null,
      startedAt: 0, offset, response: null, rawResponseHeaders: null,
    };
    t.startedAt = offset !== null && wallTime !== null ? wallTime * 1000 : this.hooks.now();
    const early = w.stashed.get(id);
    if (early) {
      w.stashed.delete(id);
      if (early.request) t.requestHeaders = early.request;
      if (early.response) t.rawResponseHeaders = early.response;
    }
    w.pending.set(id, t);
    if (w.pending.size > MAX_PENDING) {
      const oldest = w.pending.keys().next().value as string;
      w.pending.delete(oldest);
      w.dropped++;
      if (w.dropped === 1 || w.dropped % 100 === 0) this.hooks.dropped(windowId, w.dropped);
    }
  }

  private extra(windowId: number, id: string, side: 'request' | 'response', headers: NetworkHeader[]): void {
    const w = this.state(windowId);
    const t = w.pending.get(id);
    if (t && side === 'request') t.requestHeaders = headers;
    else if (t && side === 'response') {
      t.rawResponseHeaders = headers;
      if (t.response) t.response.headers = headers;
    } else {
      // Before its requestWillBeSent (DevTools does not order them): kept for it, bounded.
      const s = w.stashed.get(id) ?? {};
      s[side] = headers;
      w.stashed.delete(id);
      w.stashed.set(id, s);
      if (w.stashed.size > MAX_STASHED) w.stashed.delete(w.stashed.keys().next().value as string);
    }
  }

  private responseOf(t: Tracked, r: Json, eventTimestamp: number | null): Response {
    const timing = obj(r.timing);
    const requestTime = timing ? num(timing.requestTime) : null;
    const headersEnd = timing ? num(timing.receiveHeadersEnd) : null;
    const at = requestTime !== null && requestTime > 0 && headersEnd !== null && headersEnd >= 0 ? requestTime + headersEnd / 1000 : eventTimestamp;
    const status = num(r.status);
    const headers = t.rawResponseHeaders ?? headersOfDevTools(r.headers);
    t.rawResponseHeaders = null;
    return {
      status: status !== null && status >= 0 ? Math.trunc(status) : 0,
      statusText: str(r.statusText, MAX_TEXT_CHARS) || reasonPhrase(status),
      mimeType: str(r.mimeType, MAX_MIME_CHARS) || null,
      headers,
      responseAt: at === null ? this.hooks.now() : this.epoch(t, at),
    };
  }

  private responded(windowId: number, id: string, p: Json): void {
    const t = this.windows.get(windowId)?.pending.get(id);
    const r = obj(p.response);
    if (!t || !r) return;
    const raw = t.rawResponseHeaders;
    t.response = this.responseOf(t, r, num(p.timestamp));
    t.rawResponseHeaders = raw; // a later responseReceivedExtraInfo still replaces them
    if (p.type !== undefined) t.resourceType = resourceTypeOfDevTools(p.type);
  }

  private finished(windowId: number, id: string, p: Json): void {
    const w = this.windows.get(windowId);
    const t = w?.pending.get(id);
    if (!w || !t) return;
    w.pending.delete(id);
    const entry = this.entry(windowId, t, { endedAt: this.epoch(t, num(p.timestamp)), redirectedTo: null, transferred: num(p.encodedDataLength) });
    const size = entry.bodyBytes;
    if (!this.hooks.capturing(windowId) || !isTextMime(entry.mimeType) || (size !== null && size > MAX_BODY_BYTES) || w.bodies.size >= MAX_BODY_FETCHES) {
      this.hooks.report(entry);
      return;
    }
    // Asked for now, reported when the body comes (never waited for inside this handler).
    w.bodies.set(id, entry);
    const started = this.hooks.fetchBody(windowId, id, (body) => this.bodyCame(windowId, id, body));
    if (!started && w.bodies.delete(id)) this.hooks.report(entry);
  }

  private bodyCame(windowId: number, id: string, body: Body | null): void {
    const w = this.windows.get(windowId);
    const entry = w?.bodies.get(id);
    if (!w || !entry) return; // the window went: reported without it already
    w.bodies.delete(id);
    if (body) {
      const bytes = body.encoding === 'base64' ? Buffer.byteLength(body.text, 'base64') : Buffer.byteLength(body.text, 'utf8');
      if (bytes <= MAX_BODY_BYTES) {
        entry.body = body;
        if (entry.bodyBytes === null) entry.bodyBytes = bytes;
      }
    }
    this.hooks.report(entry);
  }

  private failed(windowId: number, id: string, p: Json): void {
    const w = this.windows.get(windowId);
    const t = w?.pending.get(id);
    if (!w || !t) return;
    w.pending.delete(id);
    const failure = failureOfDevTools(str(p.errorText, MAX_TEXT_CHARS), p.canceled === true, p.blockedReason);
    if (p.type !== undefined) t.resourceType = resourceTypeOfDevTools(p.type);
    this.hooks.report({ ...this.entry(windowId, t, { endedAt: this.epoch(t, num(p.timestamp)), redirectedTo: null, transferred: null }), failure });
  }

  private report(windowId: number, t: Tracked, end: { endedAt: number; redirectedTo: string | null; transferred: number | null }): void {
    this.hooks.report(this.entry(windowId, t, end));
  }

  private entry(windowId: number, t: Tracked, end: { endedAt: number; redirectedTo: string | null; transferred: number | null }): FinishedRequest {
    const r = t.response;
    const responseAt = r?.responseAt === null || r === null ? null : Math.max(t.startedAt, r.responseAt);
    const length = r ? Number(headerValue(r.headers, 'content-length')) : NaN;
    return {
      windowId,
      method: t.method,
      url: t.url,
      status: r ? r.status : null,
      statusText: r ? r.statusText : '',
      resourceType: t.resourceType,
      mimeType: r ? r.mimeType : null,
      transferredBytes: end.transferred !== null && end.transferred >= 0 ? Math.trunc(end.transferred) : null,
      bodyBytes: Number.isSafeInteger(length) && length >= 0 ? length : null,
      startedAt: t.startedAt,
      responseAt,
      endedAt: Math.max(responseAt ?? t.startedAt, end.endedAt),
      requestHeaders: t.requestHeaders,
      responseHeaders: r ? r.headers : [],
      redirectedTo: end.redirectedTo,
      failure: null,
      initiator: t.initiator,
    };
  }
}
