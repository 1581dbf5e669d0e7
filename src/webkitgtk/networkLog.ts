// The Linux engine's half of the network log: every resource of a view (resource-load-started,
// pageFeatures.ts) is followed through WebKitWebResource's signals until it ends, and reported as
// one finished entry (BackendEvents.requestFinished); the helper's main thread keeps the ring.
// - sent-request: the request as it leaves (method, headers); with a redirect response, the hop
//   that ended is an entry of its own and the entry goes on with the new URL;
// - notify::response, finished, failed, failed-with-tls-errors.
// WebKitGTK gives no timings of its own: start, response start and end are when these signals
// reach the UI thread (resource-load-started, notify::response, finished/failed). Sizes: the
// body's from Content-Length or a captured body, else unknown (null); the transferred size is
// unknown (received-data did not fire on 2.50 when tried). The resource type is the request's
// Sec-Fetch-Dest, else read from the MIME type; no initiator (null). WebKit keeps Cookie and
// Set-Cookie in its network process: the UI process never sees them. Bodies are read (webkit_web_resource_get_data) only for windows whose capture
// is on (setNetworkCapture), text only, at most MAX_BODY_BYTES each.
import * as koffi from 'koffi';
import type { FinishedRequest, NetworkHeader } from '../protocol';
import { epochNow } from '../helper/ledger';
import type { CallbackScope } from '../helper/waits';
import { isTextMime, resourceTypeOf, statusText } from '../network/entries';
import { Callbacks, type Ffi, type Ptr, register } from './ffi';
import { failureOf, readHeaders, readMethod, readMime, readUrl } from './networkRead';

export const MAX_BODY_BYTES = 1024 * 1024;

interface Tracked {
  windowId: number;
  resource: bigint;
  isDocument: boolean;
  url: string;
  method: string;
  requestHeaders: NetworkHeader[];
  startedAt: number;
  responseAt: number | null;
  tlsFailure?: string;
}

export class WebKitNetworkLog {
  /** On unless the settings turn it off (networkLog: false). */
  enabled = true;
  private readonly tracked = new Map<number, Tracked>();
  private readonly capturing = new Set<number>();
  private nextKey = 1;
  private readonly cb: Record<'sentRequest' | 'response' | 'finished' | 'failed' | 'failedTls' | 'dataReady', bigint>;

  constructor(private readonly ffi: Ffi, scope: CallbackScope, private readonly report: (e: FinishedRequest) => void) {
    const key = (data: unknown) => Number(data as bigint);
    this.cb = {
      sentRequest: register((_r: Ptr, request: Ptr, redirected: Ptr, data: unknown) =>
        scope.run('sent-request', undefined, () => this.sent(key(data), request, redirected)), Callbacks.resourceSentRequest),
      response: register((_r: Ptr, _pspec: Ptr, data: unknown) =>
        scope.run('notify::response', undefined, () => this.responded(key(data))), Callbacks.notify),
      finished: register((_r: Ptr, data: unknown) =>
        scope.run('resource finished', undefined, () => this.finished(key(data))), Callbacks.resourceFinished),
      failed: register((_r: Ptr, error: Ptr, data: unknown) =>
        scope.run('resource failed', undefined, () => this.failed(key(data), error)), Callbacks.resourceFailed),
      failedTls: register((_r: Ptr, _cert: Ptr, errors: number, data: unknown) =>
        scope.run('resource failed-with-tls-errors', undefined, () => this.failedTls(key(data), errors)), Callbacks.resourceFailedTls),
      dataReady: register((resource: Ptr, result: Ptr, data: unknown) =>
        scope.run('resource get_data', undefined, () => this.bodyRead(key(data), resource as bigint, result)), Callbacks.asyncReady),
    };
  }

  /** resource-load-started: follow this resource until it ends. */
  started(windowId: number, resource: bigint, request: Ptr, url: string, isDocument: boolean): void {
    if (!this.enabled) return;
    const f = this.ffi;
    const k = this.nextKey++;
    this.tracked.set(k, {
      windowId, resource, isDocument, url,
      method: readMethod(f, request ? f.webkit_uri_request_get_http_method(request) : null),
      requestHeaders: request ? readHeaders(f, f.webkit_uri_request_get_http_headers(request)) : [],
      startedAt: epochNow(), responseAt: null,
    });
    const data = BigInt(k);
    f.g_signal_connect_data(resource, 'sent-request', this.cb.sentRequest, data, null, 0);
    f.g_signal_connect_data(resource, 'notify::response', this.cb.response, data, null, 0);
    f.g_signal_connect_data(resource, 'finished', this.cb.finished, data, null, 0);
    f.g_signal_connect_data(resource, 'failed', this.cb.failed, data, null, 0);
    f.g_signal_connect_data(resource, 'failed-with-tls-errors', this.cb.failedTls, data, null, 0);
  }

  setCapture(windowId: number, bodies: boolean): void {
    if (bodies) this.capturing.add(windowId);
    else this.capturing.delete(windowId);
  }

  /** The window closed: what it still had loading is not reported (its handlers find nothing). */
  forget(windowId: number): void {
    this.capturing.delete(windowId);
    for (const [k, t] of this.tracked) if (t.windowId === windowId) this.tracked.delete(k);
  }

  private sent(k: number, request: Ptr, redirected: Ptr): void {
    const t = this.tracked.get(k);
    if (!t || !request) return;
    const f = this.ffi;
    const url = readUrl(f, f.webkit_uri_request_get_uri(request));
    if (redirected) {
      // The hop that ended with this redirect response, then the same resource at its new URL.
      this.report({ ...this.responseFields(t, redirected, epochNow()), redirectedTo: url, failure: null });
      Object.assign(t, { url, startedAt: epochNow(), responseAt: null });
    }
    t.method = readMethod(f, f.webkit_uri_request_get_http_method(request));
    t.requestHeaders = readHeaders(f, f.webkit_uri_request_get_http_headers(request));
  }

  private responded(k: number): void {
    const t = this.tracked.get(k);
    if (t && t.responseAt === null) t.responseAt = epochNow();
  }

  private finished(k: number): void {
    const t = this.tracked.get(k);
    if (!t) return;
    this.tracked.delete(k);
    const entry: FinishedRequest = { ...this.responseFields(t, this.ffi.webkit_web_resource_get_response(t.resource), epochNow()), redirectedTo: null, failure: null };
    const size = entry.bodyBytes ?? 0;
    if (!this.capturing.has(t.windowId) || !isTextMime(entry.mimeType) || size > MAX_BODY_BYTES) {
      this.report(entry);
      return;
    }
    // Kept alive until its data is read; the entry goes out with its body.
    this.ffi.g_object_ref(t.resource);
    this.bodies.set(k, entry);
    this.ffi.webkit_web_resource_get_data(t.resource, null, this.cb.dataReady, BigInt(k));
  }

  private readonly bodies = new Map<number, FinishedRequest>();

  private bodyRead(k: number, resource: bigint, result: Ptr): void {
    const f = this.ffi;
    const entry = this.bodies.get(k);
    this.bodies.delete(k);
    const length: [number | bigint] = [0];
    const error: [Ptr] = [null];
    const data = f.webkit_web_resource_get_data_finish(resource, result, length, error) as Ptr;
    f.g_object_unref(resource);
    if (error[0]) f.g_error_free(error[0]);
    const n = Number(length[0]);
    // WebKit answers a resource whose data it did not keep (a fetch, a redirect's target, an error
    // response) with one NUL byte: that is no body.
    const none = n === 1 && data !== null && (koffi.decode(data, 'uint8') as number) === 0;
    if (entry && data && !none && n <= MAX_BODY_BYTES) {
      entry.body = { text: Buffer.from(koffi.view(data, n)).toString('utf8') };
      entry.bodyBytes = n;
    }
    if (data) f.g_free(data);
    if (entry) this.report(entry);
  }

  private failed(k: number, error: Ptr): void {
    const t = this.tracked.get(k);
    if (!t) return;
    this.tracked.delete(k);
    const failure = t.tlsFailure ? { kind: 'tls' as const, message: t.tlsFailure } : failureOf(this.ffi, error);
    const response = this.ffi.webkit_web_resource_get_response(t.resource) as Ptr;
    this.report({ ...this.responseFields(t, response, epochNow()), redirectedTo: null, failure });
  }

  private failedTls(k: number, errors: number): void {
    const t = this.tracked.get(k);
    if (!t) return;
    t.tlsFailure = `the server's TLS certificate was refused (GTlsCertificateFlags 0x${errors.toString(16)})`;
    this.failed(k, null);
  }

  /** What a response says (none: a failure before any came), with the request's own fields. */
  private responseFields(t: Tracked, response: Ptr, endedAt: number): Omit<FinishedRequest, 'redirectedTo' | 'failure'> {
    const f = this.ffi;
    const status = response ? (f.webkit_uri_response_get_status_code(response) as number) || null : null;
    const mimeType = response ? readMime(f, f.webkit_uri_response_get_mime_type(response)) : null;
    const length = response ? Number(f.webkit_uri_response_get_content_length(response)) : 0;
    return {
      windowId: t.windowId,
      method: t.method,
      url: t.url,
      status,
      statusText: statusText(status),
      resourceType: resourceTypeOf(mimeType, t.isDocument, t.requestHeaders.find((h) => h.name.toLowerCase() === 'sec-fetch-dest')?.value),
      mimeType,
      transferredBytes: null,
      bodyBytes: length > 0 ? length : null,
      startedAt: t.startedAt,
      responseAt: t.responseAt ?? (status === null ? null : endedAt),
      endedAt,
      requestHeaders: t.requestHeaders,
      responseHeaders: response ? readHeaders(f, f.webkit_uri_response_get_http_headers(response)) : [],
      initiator: null,
    };
  }
}
