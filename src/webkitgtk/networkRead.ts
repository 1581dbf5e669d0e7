// Reading what WebKitGTK hands over about a request, without trusting its size: every string the
// page chose (URL, method, header names and values, MIME type) is measured with strnlen, within a
// bound, before any of it is copied into JS, and a longer one is cut ("…" at the end). Header
// lists are cut too, by count and by total size. And the failure reasons, from a GError.
import * as koffi from 'koffi';
import type { NetworkFailureKind, NetworkHeader } from '../protocol';
import type { Ffi, Ptr } from './ffi';

export const MAX_URL_BYTES = 8192;
const MAX_METHOD_BYTES = 32;
const MAX_MIME_BYTES = 256;
const MAX_HEADER_NAME_BYTES = 256;
const MAX_HEADER_VALUE_BYTES = 4096;
const MAX_HEADERS = 100;
/** The headers of one side of a request, names and values, at most this many bytes in all. */
const MAX_HEADER_BYTES = 32 * 1024;

/** A C string of at most `max` bytes, else its first `max` bytes and "…"; '' for NULL. */
export function boundedString(ffi: Ffi, p: Ptr, max: number): string {
  if (!p) return '';
  const length = Number(ffi.strnlen(p, max + 1));
  if (length <= max) return koffi.decode(p, 'char', length) as string;
  return `${koffi.decode(p, 'char', max) as string}…`;
}

export const readUrl = (ffi: Ffi, p: Ptr): string => boundedString(ffi, p, MAX_URL_BYTES);
export const readMethod = (ffi: Ffi, p: Ptr): string => boundedString(ffi, p, MAX_METHOD_BYTES) || 'GET';
export const readMime = (ffi: Ffi, p: Ptr): string | null => boundedString(ffi, p, MAX_MIME_BYTES) || null;

/** A SoupMessageHeaders' entries in order (a repeated header stays repeated, as HAR wants). */
export function readHeaders(ffi: Ffi, headers: Ptr): NetworkHeader[] {
  if (!headers) return [];
  const iter = Buffer.alloc(32); // SoupMessageHeadersIter: three pointers
  ffi.soup_message_headers_iter_init(iter, headers);
  const out: NetworkHeader[] = [];
  let bytes = 0;
  const name: [Ptr] = [null];
  const value: [Ptr] = [null];
  while (out.length < MAX_HEADERS && ffi.soup_message_headers_iter_next(iter, name, value)) {
    const header = { name: boundedString(ffi, name[0], MAX_HEADER_NAME_BYTES), value: boundedString(ffi, value[0], MAX_HEADER_VALUE_BYTES) };
    bytes += header.name.length + header.value.length;
    if (bytes > MAX_HEADER_BYTES) break;
    out.push(header);
  }
  return out;
}

/** WebKitPolicyError's CANNOT_USE_RESTRICTED_PORT and WebKitNetworkError's CANCELLED (WebKitError.h). */
const POLICY_RESTRICTED_PORT = 103;
const NETWORK_CANCELLED = 302;

/** A resource's failure from its GError (owned by the emitter): the kind, and the engine's words. */
export function failureOf(ffi: Ffi, error: Ptr): { kind: NetworkFailureKind; message: string } {
  if (!error) return { kind: 'other', message: 'failed' };
  const domain = (ffi.g_quark_to_string(koffi.decode(error, 0, 'uint32') as number) as string | null) ?? '';
  const code = koffi.decode(error, 4, 'int') as number;
  const message = boundedString(ffi, koffi.decode(error, 8, 'void *') as Ptr, 1024) || 'failed';
  return { kind: classifyFailure(domain, code, message), message };
}

/** Engine-independent words first (a refused connection says so in every domain), then the codes. */
export function classifyFailure(domain: string, code: number, message: string): NetworkFailureKind {
  const m = message.toLowerCase();
  if (domain === 'WebKitPolicyError' && code === POLICY_RESTRICTED_PORT) return 'blocked-port';
  if (m.includes('restricted port') || m.includes('not allowed to use restricted')) return 'blocked-port';
  if (domain === 'WebKitNetworkError' && code === NETWORK_CANCELLED) return 'cancelled';
  if (m.includes('cancel')) return 'cancelled';
  if (m.includes('refused')) return 'refused';
  if (domain.includes('resolver') || m.includes('resolv') || m.includes('not known') || m.includes('name or service')) return 'dns';
  if (domain.includes('tls') || m.includes('tls') || m.includes('certificate')) return 'tls';
  if (m.includes('timed out') || m.includes('timeout')) return 'timeout';
  if (m.includes('blocked')) return 'blocked';
  return 'other';
}
