// The cookie view's HTML: a strict CSP (no remote anything, scripts only with this page's nonce),
// its script and styles from media/. Kept free of the vscode module.
export interface PageUris {
  cspSource: string;
  script: string;
  style: string;
  nonce: string;
}

const COLUMNS: [string, string][] = [
  ['name', 'Name'], ['value', 'Value'], ['domain', 'Domain'], ['path', 'Path'], ['expires', 'Expires'],
  ['httpOnly', 'HttpOnly'], ['secure', 'Secure'], ['sameSite', 'SameSite'], ['session', 'Session'],
];

export function cookieViewHtml(u: PageUris): string {
  const csp = [
    "default-src 'none'",
    `style-src ${u.cspSource}`,
    `script-src 'nonce-${u.nonce}'`,
    `img-src ${u.cspSource}`,
    `font-src ${u.cspSource}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const headers = COLUMNS.map(([key, label]) => `<th data-key="${key}" aria-sort="none">${label}</th>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${u.style}">
<title>Cookies</title></head>
<body>
<header>
<h1>Cookies</h1><span id="source" class="source"></span>
<input id="filter" type="search" placeholder="Filter: name, domain, path, SameSite" aria-label="Filter cookies">
<button id="revealAll" title="Show every value in this view">Reveal all</button>
<button id="refresh" title="Read the cookies again">Refresh</button>
<button id="copyAll" title="Copy the rows shown as JSON (values as shown)">Copy all as JSON</button>
<button id="add" title="Add a cookie">Add…</button>
<button id="export" class="primary" title="Export for curl, wget or Playwright">Export…</button>
</header>
<div id="count" class="status" role="status">loading…</div><div id="note" class="note"></div><div id="error" class="error" role="alert"></div>
<div class="table-scroll"><table><thead><tr>${headers}<th class="actions">Actions</th></tr></thead><tbody id="rows"></tbody></table></div>
<script nonce="${u.nonce}" src="${u.script}"></script>
</body></html>`;
}
