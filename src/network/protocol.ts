// The network log's part of the protocol, re-exported by protocol.ts. Requests: getNetworkLog (a
// window's entries oldest first, answered by the helper's main thread, so it works while the UI
// thread is busy), clearNetworkLog (empties it, answers how many there were), setNetworkCapture
// (response bodies on or off per window; off costs nothing). Notification: networkRequest.
import type { WindowParams } from '../protocol';

/** Why a request failed, as far as the engine tells: 'blocked' is the engine's or a filter's refusal. */
export const NETWORK_FAILURES = ['refused', 'dns', 'tls', 'blocked-port', 'blocked', 'cancelled', 'timeout', 'other'] as const;
export type NetworkFailureKind = (typeof NETWORK_FAILURES)[number];
export interface NetworkHeader {
  name: string;
  value: string;
}
/** One finished request of a window (a failed one too), as the engine recorded it. A redirect is
 *  an entry of its own (its 3xx response, `redirectedTo` set), followed by the entry of its target. */
export interface NetworkEntry {
  windowId: number;
  /** Increasing per window, from 1: getNetworkLog's `since`. Given by the helper's main thread. */
  seq: number;
  method: string;
  url: string;
  /** The HTTP status; null when no response came (a failure). */
  status: number | null;
  statusText: string;
  /** document, stylesheet, script, image, font, media, xhr (fetch or XHR), other: the engine's
   *  word, or on WebKitGTK (which names none) read from the MIME type. */
  resourceType: string;
  mimeType: string | null;
  /** Bytes on the wire (headers included), when the engine knows; null otherwise. */
  transferredBytes: number | null;
  /** The body's size (decoded), when the engine knows; null otherwise. */
  bodyBytes: number | null;
  /** Epoch milliseconds: the request started, its response's headers arrived, it finished or failed. */
  startedAt: number;
  responseAt: number | null;
  endedAt: number;
  requestHeaders: NetworkHeader[];
  responseHeaders: NetworkHeader[];
  /** For a redirect: where it sent the page. */
  redirectedTo: string | null;
  failure: { kind: NetworkFailureKind; message: string } | null;
  /** What made the request (a URL or a word), where the engine says; null on WebKitGTK. */
  initiator: string | null;
  /** The response body, when body capture is on for the window (setNetworkCapture) and the
   *  resource is text of at most 1 MiB; left out of notifications. */
  body?: { text: string; encoding?: 'base64' };
}
/** An entry as an engine reports it: the main thread numbers it. */
export type FinishedRequest = Omit<NetworkEntry, 'seq'>;
export interface GetNetworkLogParams extends WindowParams {
  /** Only entries with a greater seq (the last one a client has). */
  since?: number;
  /** Cookie, Set-Cookie and (Proxy-)Authorization values as they are; masked unless true. */
  includeValues?: boolean;
  /** Response bodies (when captured); left out unless true. */
  bodies?: boolean;
}
export interface NetworkLog {
  windowId: number;
  entries: NetworkEntry[];
  /** Entries the ring let go (oldest first) since the window opened or its log was cleared. */
  evicted: number;
  /** Whether the window is still open (a closed window's log is kept for a short while). */
  open: boolean;
}
export interface SetNetworkCaptureParams extends WindowParams {
  /** Keep response bodies of text resources (up to 1 MiB each) for a HAR; off by default. */
  bodies: boolean;
}
/** One finished request, masked and without its body; past a rate per window, coalesced. */
export interface NetworkRequestEvent {
  windowId: number;
  entry: NetworkEntry;
  /** Entries of this window that finished before this one and were not notified (over the rate):
   *  they are in the log (getNetworkLog). */
  skipped: number;
}
