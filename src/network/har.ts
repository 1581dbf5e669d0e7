// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from network log entries: one page per
// window, one entry per request (a redirect is its own entry, with redirectURL). Values of Cookie,
// Set-Cookie and Authorization headers are masked unless the export was confirmed with values
// (includeValues). Response bodies go in as content.text when the log has them (setNetworkCapture),
// so that the file can be replayed (Playwright's routeFromHAR). A failed request has status 0 and
// its reason in the entry's comment. What the engine does not know is -1 (sizes, timings) or empty.
import { maskEntry } from './entries';
import type { NetworkEntry, NetworkHeader } from './protocol';

export interface HarWindow {
  windowId: number;
  /** The page's title, if known; else its first document's URL names it. */
  title?: string;
  entries: NetworkEntry[];
}

export interface HarOptions {
  includeValues: boolean;
  creator?: { name: string; version: string };
}

type Json = Record<string, unknown>;

export function buildHar(windows: HarWindow[], options: HarOptions): { log: Json } {
  const pages: Json[] = [];
  const entries: Json[] = [];
  for (const w of windows) {
    const shown = w.entries.map((e) => maskEntry(e, { values: options.includeValues, body: true }));
    const first = shown[0];
    if (!first) continue;
    const pageref = `window_${w.windowId}`;
    pages.push({
      startedDateTime: iso(first.startedAt),
      id: pageref,
      title: w.title ?? shown.find((e) => e.resourceType === 'document')?.url ?? first.url,
      pageTimings: { onContentLoad: -1, onLoad: -1 },
    });
    for (const e of shown) entries.push(harEntry(e, pageref));
  }
  entries.sort((a, b) => String(a.startedDateTime).localeCompare(String(b.startedDateTime)));
  return {
    log: {
      version: '1.2',
      creator: options.creator ?? { name: 'webview2-host', version: '0' },
      pages,
      entries,
      comment: options.includeValues
        ? 'holds Cookie, Set-Cookie and Authorization values: keep it private'
        : 'Cookie, Set-Cookie and Authorization values are masked',
    },
  };
}

/** The HAR as the file holds it. */
export function harText(windows: HarWindow[], options: HarOptions): string {
  return `${JSON.stringify(buildHar(windows, options), null, 2)}\n`;
}

function harEntry(e: NetworkEntry, pageref: string): Json {
  const responseAt = e.responseAt ?? e.endedAt;
  const wait = Math.max(0, responseAt - e.startedAt);
  const receive = Math.max(0, e.endedAt - responseAt);
  const content: Json = { size: e.bodyBytes ?? -1, mimeType: e.mimeType ?? 'x-unknown' };
  if (e.body) {
    content.text = e.body.text;
    if (e.body.encoding) content.encoding = e.body.encoding;
  }
  const entry: Json = {
    pageref,
    startedDateTime: iso(e.startedAt),
    time: round(wait + receive),
    request: {
      method: e.method,
      url: e.url,
      httpVersion: '',
      cookies: cookiesOf(e.requestHeaders, 'cookie'),
      headers: e.requestHeaders,
      queryString: queryOf(e.url),
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: e.status ?? 0,
      statusText: e.statusText,
      httpVersion: '',
      cookies: cookiesOf(e.responseHeaders, 'set-cookie'),
      headers: e.responseHeaders,
      content,
      redirectURL: e.redirectedTo ?? '',
      headersSize: -1,
      bodySize: e.bodyBytes ?? -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: round(wait), receive: round(receive) },
  };
  if (e.failure) entry.comment = `failed (${e.failure.kind}): ${e.failure.message}`;
  if (e.initiator) entry._initiator = e.initiator;
  entry._resourceType = e.resourceType;
  return entry;
}

/** Cookies of a Cookie header ("a=1; b=2") or of each Set-Cookie header (name=value before the first ";"). */
function cookiesOf(headers: NetworkHeader[], name: 'cookie' | 'set-cookie'): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== name) continue;
    const pairs = name === 'cookie' ? h.value.split(';') : [h.value.split(';')[0]];
    for (const pair of pairs) {
      const at = pair.indexOf('=');
      if (at > 0) out.push({ name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() });
    }
  }
  return out;
}

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
