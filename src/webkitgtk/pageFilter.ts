// The content filter every view applies in its web process, before a load starts, so that a page
// cannot make WebKit copy what it likes into the helper:
// - the console relay's scheme (pageConsole.ts) is blocked but for the relay's secret address, so a
//   page's own requests for it (fetch, images, frames; URIs of any size) never reach the helper;
// - http(s) URLs longer than MAX_HTTP_URL_CHARS are blocked: WebKit keeps every subresource's
//   request in the helper while it loads (WebKitWebResource), so a page loading images with
//   1.5 MB URLs took the helper up by ~700 MB in 10 s. No common server takes such a URL anyway.
// A blocked load still reaches the helper once, as WebKit's note that it was blocked, and is freed.
// WebKit compiles a rule list asynchronously into a store on disk; it is compiled once per helper,
// at start, in a private temporary folder that is removed as soon as the filter is in memory.
import * as fs from 'node:fs';
import * as koffi from 'koffi';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONSOLE_SCHEME, relayAddress } from './pageConsole';
import { Callbacks, Ffi } from './ffi';

/**
 * Longest http(s) URL a page may load (characters after "://"): Node answers 431 past 16 KB of
 * headers in all, nginx and Apache refuse request lines past 8 KB by default. Longer matching rules
 * cost start-up time: 16 KB compiles in ~40 ms, 64 KB in ~160 ms.
 */
export const MAX_HTTP_URL_CHARS = 16384;

/** The rules, as WebKit's content rule list JSON. */
export function pageFilterRules(secret: string): string {
  const relay = relayAddress(secret).replace(/[.*+?^$()[\]{}|\\]/g, '\\$&');
  return JSON.stringify([
    { trigger: { 'url-filter': `^${CONSOLE_SCHEME}:` }, action: { type: 'block' } },
    // ignore-previous-rules: the relay's own address passes the rule above.
    { trigger: { 'url-filter': `^${relay}\\?`, 'url-filter-is-case-sensitive': true }, action: { type: 'ignore-previous-rules' } },
    // The rule language has no {n} repeat: one "." per character, one more than the longest allowed.
    { trigger: { 'url-filter': `^https?://${'.'.repeat(MAX_HTTP_URL_CHARS + 1)}` }, action: { type: 'block' } },
  ]);
}

/** How long compiling may take before the helper goes on without the filter (it takes milliseconds). */
const COMPILE_DEADLINE_MS = 10000;

/**
 * Compiles the rules and returns the filter (a WebKitUserContentFilter, kept for the helper's
 * life), or an error message. Runs the GLib default context until WebKit answers: call it on the
 * UI thread before any window exists.
 */
export function compilePageFilter(ffi: Ffi, gtk: Ffi, identifier: string, rules: string): bigint | string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-filter-'));
  let answer: { filter: bigint | null; error: string } | undefined;
  const store = ffi.webkit_user_content_filter_store_new(folder) as bigint;
  const source = Buffer.from(rules, 'utf8');
  const bytes = ffi.g_bytes_new(source, source.length);
  const saved = koffi.register((_store: unknown, result: unknown) => {
    const error: [unknown] = [null];
    const filter = ffi.webkit_user_content_filter_store_save_finish(store, result, error) as bigint | null;
    answer = { filter, error: error[0] ? koffi.decode(error[0], 8, 'char *') as string : '' };
    if (error[0]) ffi.g_error_free(error[0]);
  }, koffi.pointer(Callbacks.filterSaved));
  try {
    ffi.webkit_user_content_filter_store_save(store, identifier, bytes, null, saved, null);
    const deadline = Date.now() + COMPILE_DEADLINE_MS;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (!answer && Date.now() < deadline) {
      if (!gtk.g_main_context_iteration(null, 0)) Atomics.wait(pause, 0, 0, 1);
    }
  } finally {
    if (answer) koffi.unregister(saved); // else WebKit may still call it: it stays registered
    ffi.g_bytes_unref(bytes);
    gtk.g_object_unref(store);
    fs.rmSync(folder, { recursive: true, force: true });
  }
  if (!answer) return `compiling the content filter took more than ${COMPILE_DEADLINE_MS / 1000} s`;
  return answer.filter ?? `the content filter was refused: ${answer.error}`;
}
