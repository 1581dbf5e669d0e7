// The Network view's table model: which entries show (type, status class, text) and in what order.
// Free of the vscode module so that it is tested anywhere. The view's page only says what the user
// picked; whatever it sends is checked here, so a stale or odd message cannot break the table.
import type { NetworkEntry } from '../../network/protocol';

export const RESOURCE_TYPES = ['document', 'stylesheet', 'script', 'image', 'font', 'media', 'xhr', 'other'] as const;
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'failed'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number] | '1xx';
export const SORT_KEYS = ['seq', 'method', 'url', 'status', 'type', 'size', 'time'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface NetworkFilter {
  /** A resource type, or '' for every type. */
  type: string;
  /** A status class, or '' for every status. */
  status: string;
  text: string;
}
export interface NetworkSort {
  key: SortKey;
  dir: 1 | -1;
}
export const NO_FILTER: NetworkFilter = { type: '', status: '', text: '' };
export const DEFAULT_SORT: NetworkSort = { key: 'seq', dir: 1 };
/** Longer filter text is cut: it is matched against every row on each render. */
const MAX_FILTER_TEXT = 1000;

/** A request with no response is 'failed'; otherwise its status's hundreds. */
export function statusClassOf(e: Pick<NetworkEntry, 'status'>): StatusClass {
  if (e.status === null || e.status < 100 || e.status > 599) return 'failed';
  return `${Math.floor(e.status / 100)}xx` as StatusClass;
}

export function sizeOf(e: NetworkEntry): number | null {
  return e.transferredBytes ?? e.bodyBytes;
}

export function durationOf(e: NetworkEntry): number {
  return Math.max(0, e.endedAt - e.startedAt);
}

/** Whether an entry passes the filter; the text matches URL, method, status, type and MIME type, case-insensitively. */
export function matches(e: NetworkEntry, f: NetworkFilter): boolean {
  if (f.type && e.resourceType !== f.type) return false;
  if (f.status && statusClassOf(e) !== f.status) return false;
  const text = f.text.trim().toLowerCase();
  if (!text) return true;
  const fields = [e.url, e.method, e.status === null ? '' : String(e.status), e.statusText, e.resourceType, e.mimeType ?? '', e.failure?.message ?? ''];
  return fields.some((t) => t.toLowerCase().includes(text));
}

function sortValue(e: NetworkEntry, key: SortKey): string | number {
  switch (key) {
    case 'seq': return e.seq;
    case 'method': return e.method;
    case 'url': return e.url;
    // Failures (no status) sort after every status.
    case 'status': return e.status ?? 1000;
    case 'type': return e.resourceType;
    case 'size': return sizeOf(e) ?? -1;
    case 'time': return durationOf(e);
  }
}

/** The entries that pass the filter, in the sort's order; ties keep the order they finished in. */
export function visibleEntries(entries: readonly NetworkEntry[], f: NetworkFilter, s: NetworkSort): NetworkEntry[] {
  return entries.filter((e) => matches(e, f)).sort((a, b) => {
    const x = sortValue(a, s.key);
    const y = sortValue(b, s.key);
    return (x < y ? -1 : x > y ? 1 : 0) * s.dir || a.seq - b.seq;
  });
}

/** The filter a page message ({ resourceType, status, text }) asks for, anything unknown read as "all". */
export function filterFrom(m: unknown): NetworkFilter {
  const o = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
  const pick = (v: unknown, allowed: readonly string[]): string => (typeof v === 'string' && allowed.includes(v) ? v : '');
  return {
    type: pick(o.resourceType, RESOURCE_TYPES),
    status: pick(o.status, STATUS_CLASSES),
    text: typeof o.text === 'string' ? o.text.slice(0, MAX_FILTER_TEXT) : '',
  };
}

/** Clicking a column sorts by it; clicking it again turns the order round. */
export function nextSort(current: NetworkSort, key: unknown): NetworkSort {
  if (typeof key !== 'string' || !(SORT_KEYS as readonly string[]).includes(key)) return current;
  return { key: key as SortKey, dir: current.key === key ? (-current.dir as 1 | -1) : 1 };
}

/**
 * Where a page's requests begin: the entry of its top-level document (`url`, later than seq `after`),
 * taken back over the redirects that led to it; and that document's own seq. Undefined when it is
 * not in the log (yet).
 */
export function pageStart(entries: readonly NetworkEntry[], url: string, after = 0): { start: number; document: number } | undefined {
  let i = entries.length - 1;
  while (i >= 0 && entries[i].seq > after && !(entries[i].resourceType === 'document' && entries[i].url === url)) i--;
  if (i >= 0 && entries[i].seq <= after) return undefined;
  if (i < 0) return undefined;
  let target = entries[i].url;
  let start = entries[i].seq;
  for (let j = i - 1; j >= 0 && entries[j].seq > after; j--) {
    const e = entries[j];
    if (e.resourceType === 'document' && e.redirectedTo === target) { start = e.seq; target = e.url; }
  }
  return { start, document: entries[i].seq };
}
