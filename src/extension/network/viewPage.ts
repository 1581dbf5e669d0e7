// The Network view's HTML: the page shell (a strict CSP: nothing remote, scripts only with this
// page's nonce) and the table rows and details pane, rendered here from the entries. Everything a
// page chose (URLs, header names and values, status texts, MIME types, failure messages) goes
// through printable() and escapeHtml(): it is shown as text and never becomes markup. Kept free of
// the vscode module.
import { escapeHtml } from '../diagnostics/page';
import { printable } from '../../printable';
import { isSecretHeader } from '../../network/entries';
import { MASK } from '../../client/format';
import type { NetworkEntry, NetworkHeader } from '../../network/protocol';
import { durationOf, RESOURCE_TYPES, sizeOf, STATUS_CLASSES, type NetworkSort } from './model';

export interface PageUris {
  cspSource: string;
  script: string;
  style: string;
  nonce: string;
}

/** Page-chosen text as safe HTML text: control characters shown as escapes, markup characters escaped. */
export function pageText(text: string): string {
  return escapeHtml(printable(text));
}

const COLUMNS: [string, string][] = [
  ['seq', '#'], ['method', 'Method'], ['url', 'URL'], ['status', 'Status'], ['type', 'Type'], ['size', 'Size'], ['time', 'Time'],
];

export function networkViewHtml(u: PageUris): string {
  const csp = [
    "default-src 'none'",
    `style-src ${u.cspSource}`,
    `script-src 'nonce-${u.nonce}'`,
    `font-src ${u.cspSource}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const heads = COLUMNS.map(([key, label]) => `<th data-key="${key}" aria-sort="none" class="${key}">${label}</th>`).join('');
  const types = RESOURCE_TYPES.map((t) => `<option value="${t}">${t}</option>`).join('');
  const statuses = STATUS_CLASSES.map((s) => `<option value="${s}">${s === 'failed' ? 'failed (no response)' : s}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(u.style)}">
<title>Network</title></head>
<body>
<header>
<h1>Network</h1><span id="source" class="source"></span>
<input id="filter" type="search" placeholder="Filter: URL, method, status, MIME type" aria-label="Filter requests">
<select id="type" aria-label="Resource type"><option value="">All types</option>${types}</select>
<select id="status" aria-label="Status class"><option value="">All statuses</option>${statuses}</select>
<label title="Off: the list starts again when the window loads another page"><input id="keep" type="checkbox"> Keep across navigations</label>
<button id="reveal" title="Show Cookie, Set-Cookie and Authorization values in this view">Reveal values…</button>
<button id="clear" title="Empty the window's network log">Clear</button>
<button id="export" class="primary" title="Save the window's requests as a HAR file">Export HAR…</button>
</header>
<div id="count" class="status" role="status">loading…</div><div id="error" class="error" role="alert"></div>
<main>
<div class="table-scroll"><table><thead><tr>${heads}</tr></thead><tbody id="rows"></tbody></table></div>
<aside id="details" aria-label="Request details"></aside>
</main>
<script nonce="${u.nonce}" src="${escapeHtml(u.script)}"></script>
</body></html>`;
}

export function formatBytes(n: number | null): string {
  if (n === null) return '';
  if (n < 1024) return `${n} B`;
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Engines give fractions of a millisecond: whole ms are enough, one decimal below 10 ms. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms)} ms`;
}

export function statusWords(e: NetworkEntry): string {
  if (e.status === null) return e.failure ? `failed: ${e.failure.kind}` : 'failed';
  return e.statusText ? `${e.status} ${e.statusText}` : String(e.status);
}

/** The part of a URL worth a column: path and query (the host is in the tooltip and the details). */
function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return `${u.pathname}${u.search}`;
  } catch { /* shown whole */ }
  return url;
}

/** The table body: one row per entry, in the order given. */
export function rowsHtml(entries: readonly NetworkEntry[], selected: number | undefined): string {
  return entries.map((e) => {
    const cls = [e.status === null || e.status >= 400 ? 'bad' : '', e.seq === selected ? 'selected' : ''].filter(Boolean).join(' ');
    return `<tr data-seq="${e.seq}"${cls ? ` class="${cls}"` : ''} tabindex="0">` +
      `<td class="seq">${e.seq}</td><td class="method">${pageText(e.method)}</td>` +
      `<td class="url"><span class="clip" title="${pageText(e.url)}">${pageText(shortUrl(e.url))}</span></td>` +
      `<td class="status">${pageText(statusWords(e))}</td><td class="type">${pageText(e.resourceType)}</td>` +
      `<td class="size">${formatBytes(sizeOf(e))}</td><td class="time">${formatMs(durationOf(e))}</td></tr>`;
  }).join('');
}

function headerRows(headers: readonly NetworkHeader[]): string {
  if (headers.length === 0) return '<tr><td colspan="2" class="none">none recorded</td></tr>';
  return headers.map((h) => {
    const masked = isSecretHeader(h.name) && h.value === MASK;
    return `<tr><th scope="row">${pageText(h.name)}</th><td${masked ? ' class="masked" title="Reveal values… shows it"' : ''}>${pageText(h.value)}</td></tr>`;
  }).join('');
}

function field(label: string, value: string | null | undefined): string {
  return value ? `<tr><th scope="row">${label}</th><td>${pageText(value)}</td></tr>` : '';
}

/** The details pane of one entry: general facts, timing, request and response headers. */
export function detailsHtml(e: NetworkEntry | undefined): string {
  if (!e) return '<p class="hint">Select a request to see its headers and timing.</p>';
  const waiting = e.responseAt === null ? null : Math.max(0, e.responseAt - e.startedAt);
  const download = e.responseAt === null ? null : Math.max(0, e.endedAt - e.responseAt);
  return `<div class="details-head"><h2>Request ${e.seq}</h2><button id="copyCurl" data-seq="${e.seq}" title="Copy this request as a curl command line">Copy as curl</button></div>
<table class="facts">${field('URL', e.url)}${field('Method', e.method)}${field('Status', statusWords(e))}${field('Type', e.resourceType)}` +
    `${field('MIME type', e.mimeType)}${field('Redirected to', e.redirectedTo)}${field('Failure', e.failure ? `${e.failure.kind}: ${e.failure.message}` : null)}` +
    `${field('Initiator', e.initiator)}${field('Transferred', formatBytes(e.transferredBytes))}${field('Body', formatBytes(e.bodyBytes))}</table>
<h3>Timing</h3><table class="facts">${field('Started', new Date(e.startedAt).toISOString())}` +
    `${field('Waiting for the response', waiting === null ? 'no response' : formatMs(waiting))}${field('Download', download === null ? null : formatMs(download))}` +
    `${field('Total', formatMs(durationOf(e)))}</table>
<h3>Request headers</h3><table class="headers">${headerRows(e.requestHeaders)}</table>
<h3>Response headers</h3><table class="headers">${headerRows(e.responseHeaders)}</table>`;
}

/** The sort as the table's headers show it. */
export function sortState(s: NetworkSort): { key: string; dir: 'ascending' | 'descending' } {
  return { key: s.key, dir: s.dir > 0 ? 'ascending' : 'descending' };
}
