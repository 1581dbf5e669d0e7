// Our page in place of the engine's after a failed load, the same on both engines: what failed,
// the address, the engine's reason in words, Retry (a plain link to the address) and Edit address
// (a link to a reserved address that the engine intercepts); or, while a dev server on a loopback
// address is not up yet, the same page saying that it waits. Every text that came from the page
// or its URL is HTML-escaped, and the page carries no script at all (its Content-Security-Policy
// allows none): it lives at the failed address's origin, whose own scripts must find nothing of
// ours to use. Light and dark follow the system; the page zooms with the window.
import type { NetworkFailureKind } from '../protocol';

/**
 * The address the Edit address link points at: a reserved host (RFC 6761's .invalid never
 * resolves). The engines cancel every navigation to it, and act on it only when the user clicks
 * it on our error page (engine errorPage.ts), never when a page script goes there.
 */
export const EDIT_ADDRESS_URL = 'https://webview2-host.invalid/edit-address';

/** What a failure of each kind is, in a sentence and in a few words (the page's title). */
const WORDS: Record<NetworkFailureKind, { sentence: string; short: string }> = {
  refused: { sentence: 'The server refused the connection: nothing is listening at this address.', short: 'Connection refused' },
  dns: { sentence: 'The host name was not found.', short: 'Host not found' },
  tls: { sentence: 'The server\'s certificate is not trusted.', short: 'Certificate not trusted' },
  'blocked-port': { sentence: 'The engine does not connect to this port (browsers block it as unsafe).', short: 'Port blocked' },
  blocked: { sentence: 'The engine refused to load this address.', short: 'Blocked' },
  cancelled: { sentence: 'The load was cancelled.', short: 'Cancelled' },
  timeout: { sentence: 'The server did not answer in time.', short: 'Timed out' },
  other: { sentence: 'The page did not load.', short: 'Not loaded' },
};

export function failureSentence(kind: NetworkFailureKind): string {
  return WORDS[kind].sentence;
}

export interface ErrorPageContent {
  url: string;
  kind: NetworkFailureKind;
  /** The engine's own words for the failure. */
  reason: string;
  /** While the window waits for a server on a loopback address: its host:port, the attempt, the limit. */
  waiting?: { target: string; attempt: number; limitSeconds: number };
  /** What ended a wait (it gave up, or was stopped), said above the reason. */
  note?: string;
  /** Whether the window has an address field to edit (its toolbar shows). */
  editAddress: boolean;
}

/** The page as HTML, and its title (which the window takes). */
export function errorPage(c: ErrorPageContent): { html: string; title: string } {
  const where = addressLabel(c.url);
  const title = c.waiting ? `Waiting for ${c.waiting.target}` : `${WORDS[c.kind].short} (${where})`;
  const heading = c.waiting ? `Waiting for ${c.waiting.target} \u2026` : WORDS[c.kind].short;
  const body = c.waiting
    ? [
      `<p>Nothing answers at ${escapeHtml(c.waiting.target)} yet: the server may still be starting. This page loads as soon as it answers; the window keeps trying for up to ${c.waiting.limitSeconds} s.</p>`,
      `<p class="attempt">Attempt ${c.waiting.attempt}</p>`,
    ]
    : [`<p>${escapeHtml(WORDS[c.kind].sentence)}</p>`];
  if (c.note) body.push(`<p>${escapeHtml(c.note)}</p>`);
  const actions = [retryLink(c.url), c.editAddress ? `<a href="${EDIT_ADDRESS_URL}">Edit address</a>` : ''].filter(Boolean);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(heading)}</h1>
<p class="address">${escapeHtml(c.url)}</p>
${body.join('\n')}
<p class="reason">${escapeHtml(c.reason)}</p>
<p class="actions">${actions.join(' ')}</p>
</main></body></html>
`;
  return { html, title };
}

/** The host and port of an http(s) address, else the address itself (cut). */
function addressLabel(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.host;
  } catch {
    // not a URL: shown as it is
  }
  return url.length > 80 ? `${url.slice(0, 79)}\u2026` : url;
}

/** Retry is a plain link to the failed address, for the addresses a link may go to; else a hint. */
function retryLink(url: string): string {
  let ok = false;
  try {
    const protocol = new URL(url).protocol;
    ok = protocol === 'http:' || protocol === 'https:';
  } catch {
    ok = false;
  }
  return ok ? `<a href="${escapeHtml(url)}">Retry</a>` : '<span>Reload (F5) to try again</span>';
}

/** Text as HTML: safe in element content and in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

const STYLE = `
:root { color-scheme: light dark; --fg: #1f1f1f; --muted: #5f6368; --bg: #ffffff; --accent: #0b57d0; --box: #f1f3f4; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8eaed; --muted: #9aa0a6; --bg: #202124; --accent: #8ab4f8; --box: #2d2e30; } }
html { background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif; }
main { max-width: 36em; margin: 12vh auto 0; padding: 0 1.5em; }
h1 { font-size: 1.6em; font-weight: 500; margin: 0 0 .5em; }
.address { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; background: var(--box); padding: .4em .6em; border-radius: 4px; overflow-wrap: anywhere; }
.reason { color: var(--muted); overflow-wrap: anywhere; }
.attempt { color: var(--muted); }
.actions a { display: inline-block; margin: .5em 1em 0 0; padding: .4em 1em; border: 1px solid var(--accent); border-radius: 4px; color: var(--accent); text-decoration: none; }
.actions a:focus, .actions a:hover { background: var(--accent); color: var(--bg); }
`;
