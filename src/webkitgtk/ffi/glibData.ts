// Reading GLib's data structures the engine gets back: a GList's items, a GError's code and message.
import * as koffi from 'koffi';
import type { Ptr } from './callbacks';

/** Walks a GList, returning its data pointers. */
export function listData(list: Ptr): bigint[] {
  const items: bigint[] = [];
  let node = list;
  while (node) {
    const data = koffi.decode(node, 0, 'void *') as Ptr;
    if (data) items.push(data);
    node = koffi.decode(node, 8, 'void *') as Ptr;
  }
  return items;
}

/** A GError's message (GQuark domain, int code, char *message), leaving it to its owner. */
export function errorMessage(error: bigint): string {
  return (koffi.decode(error, 8, 'const char *') as string | null) ?? 'unknown error';
}

/** Reads a GError we own and frees it. */
export function takeError(ffi: { g_error_free(error: bigint): void }, error: Ptr): { code: string; message: string } | null {
  if (!error) return null;
  const code = koffi.decode(error, 4, 'int') as number;
  const message = errorMessage(error);
  ffi.g_error_free(error);
  return { code: `GError ${code}`, message };
}
