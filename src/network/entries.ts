// What every engine and every client does the same way with a network entry: the headers whose
// values are secrets (masked as cookie values are, client/format.ts), the resource type read from
// a MIME type when the engine names none, a status's reason phrase, and the one-line form the CLI
// prints. Whatever the page chose (URL, MIME type, reason) goes through printable().
import { STATUS_CODES } from 'node:http';
import { maskValue } from '../client/format';
import { printable } from '../printable';
import type { FinishedRequest, NetworkEntry, NetworkFailureKind, NetworkHeader } from './protocol';

/** Headers whose values are credentials: shown masked unless the user reveals them. */
const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

export function maskHeaders(headers: NetworkHeader[]): NetworkHeader[] {
  return headers.map((h) => (isSecretHeader(h.name) ? { name: h.name, value: maskValue(h.value) } : h));
}

/** The entry with its secret header values masked (and, unless `body`, without its body). */
export function maskEntry(e: NetworkEntry, { values = false, body = false } = {}): NetworkEntry {
  const { body: kept, ...rest } = e;
  const out: NetworkEntry = values ? { ...rest } : { ...rest, requestHeaders: maskHeaders(e.requestHeaders), responseHeaders: maskHeaders(e.responseHeaders) };
  if (body && kept) out.body = kept;
  return out;
}

/** The reason phrase of a status (HTTP/2 and HTTP/3 send none, and WebKitGTK reports none). */
export function statusText(status: number | null): string {
  return status === null ? '' : STATUS_CODES[status] ?? '';
}

/** Sec-Fetch-Dest values (Fetch Metadata) in the words of the log. */
const DESTINATIONS: Record<string, string> = {
  document: 'document', iframe: 'document', frame: 'document', style: 'stylesheet', script: 'script', worker: 'script',
  sharedworker: 'script', serviceworker: 'script', image: 'image', font: 'font', audio: 'media', video: 'media', track: 'media',
  empty: 'xhr', manifest: 'other', object: 'other', embed: 'other',
};

/** A resource type for engines that name none (WebKitGTK): the request's Sec-Fetch-Dest, else the MIME type. */
export function resourceTypeOf(mimeType: string | null, isDocument: boolean, fetchDest?: string): string {
  if (isDocument) return 'document';
  const dest = fetchDest === undefined ? undefined : DESTINATIONS[fetchDest.toLowerCase()];
  if (dest) return dest;
  const m = (mimeType ?? '').toLowerCase();
  if (m === 'text/css') return 'stylesheet';
  if (/(java|ecma)script/.test(m)) return 'script';
  if (m.startsWith('image/')) return 'image';
  if (m.startsWith('font/') || m.includes('font-')) return 'font';
  if (m.startsWith('audio/') || m.startsWith('video/')) return 'media';
  if (m === 'text/html' || m === 'application/xhtml+xml') return 'document';
  if (m.includes('json') || m.includes('xml') || m === 'text/plain') return 'xhr';
  return 'other';
}

/** The entry of a page the engine refused before any request (a blocked port). */
export function refusedDocument(windowId: number, url: string, kind: NetworkFailureKind, message: string, at: number): FinishedRequest {
  return {
    windowId, method: 'GET', url, status: null, statusText: '', resourceType: 'document', mimeType: null, transferredBytes: null,
    bodyBytes: null, startedAt: at, responseAt: null, endedAt: at, requestHeaders: [], responseHeaders: [], redirectedTo: null,
    failure: { kind, message }, initiator: null,
  };
}

/** Whether a body of this MIME type is text (kept for a HAR); binary bodies are not kept. */
export function isTextMime(mimeType: string | null): boolean {
  const m = (mimeType ?? '').toLowerCase();
  return m.startsWith('text/') || /json|xml|javascript|ecmascript|svg/.test(m);
}

/** "1.2 kB", "340 B": sizes as the CLI prints them (decimal kB, as browsers' network panels do). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '? B';
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * One line per finished request: `[window N] GET 200 text/html 1.2 kB 34 ms http://…`, or for a
 * failure `[window N] GET failed (refused: Could not connect) 3 ms http://…`.
 */
export function formatNetworkLine(e: NetworkEntry): string {
  const ms = `${Math.max(0, Math.round(e.endedAt - e.startedAt))} ms`;
  const method = printable(e.method);
  const url = printable(e.url);
  if (e.failure) return `[window ${e.windowId}] ${method} failed (${e.failure.kind}: ${printable(e.failure.message)}) ${ms} ${url}`;
  const redirect = e.redirectedTo === null ? '' : ` -> ${printable(e.redirectedTo)}`;
  return `[window ${e.windowId}] ${method} ${e.status ?? '?'} ${printable(e.mimeType || '-')} ${formatBytes(e.bodyBytes ?? e.transferredBytes)} ${ms} ${url}${redirect}`;
}
