// The diagnostics view's content: the helper's report as an HTML page (verdict first, a timeline
// of waits per window, platform details folded away) and as issue-ready Markdown. It shows what
// the helper reported and computes nothing new. Free of the vscode module so that it can be tested
// anywhere; the panel supplies the CSP source, the nonce and the URIs of media/.
import type { DiagnosticsReport, StallReport, Verdict, WaitRecord } from '../../protocol';

export interface PageResources {
  cspSource: string;
  nonce: string;
  styleUri: string;
  scriptUri: string;
}

const VERDICT_WORDS: Record<Verdict['status'], string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  stalled: 'Stalled',
  failed: 'Failed',
};

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

/** The Content-Security-Policy of the page: nothing remote, no inline script or style. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `script-src 'nonce-${nonce}'`, `font-src ${cspSource}`].join('; ');
}

export function renderDiagnosticsPage(report: DiagnosticsReport, r: PageResources): string {
  const windows = report.platform.platform === 'win32';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(r.cspSource, r.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(r.styleUri)}">
<title>WebView2 Host Diagnostics</title>
</head>
<body>
${renderVerdict(report.verdict)}
<div class="actions">
  <button id="copy-report" type="button">Copy Report</button>
  <button id="refresh" type="button" class="secondary">Refresh</button>
  <span id="copied" role="status" aria-live="polite"></span>
</div>
${renderActiveStalls(report.activeStalls)}
<section>
  <h2>Waits per window</h2>
  <p class="hint">Each bar is one wait for the browser engine, oldest on the left; its height is how long it took (log scale). Hover a bar for its site, strategy and diagnosis.</p>
  ${renderLegend(report)}
  ${renderTimeline(report)}
</section>
${renderStallsAndHazards(report)}
<details id="platform">
  <summary>Platform and engine</summary>
  <table>
    ${platformRows(report, windows).map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n    ')}
  </table>
</details>
<script nonce="${escapeHtml(r.nonce)}" src="${escapeHtml(r.scriptUri)}"></script>
</body>
</html>
`;
}

/** The verdict's causes in words; the code stays beside them, for searching an issue. */
const CAUSE_WORDS: Record<string, string> = {
  'load-failed': 'a page did not load',
  'process-failed': 'a browser process ended',
  reentrancy: 'a wait was started inside an engine callback, where the engine cannot answer',
  'no-runtime': 'no WebView2 Runtime is installed',
  'runtime-too-old': 'the WebView2 Runtime is too old',
  'user-data-folder-in-use': 'the profile folder is in use by another program',
  'not-sta': 'the UI thread is not a single-threaded COM apartment',
  'emulated-x64-on-arm64': 'x64 code emulated on an ARM64 machine',
  'slow-start': 'the engine was slow to start',
  'no-answer': 'the engine never answered',
  'lost-wakeup': 'the engine answered, but the wait did not wake up',
  'not-picked-up': 'the request was not picked up by the UI thread',
  'posted-not-dispatched': 'a message was posted to the UI thread and not dispatched',
};

/** The summary without the status word the heading already says ("warning: …" under "Warning"). */
export function summaryWords(verdict: Verdict): string {
  const rest = verdict.summary.replace(new RegExp(`^${verdict.status}:\\s*`, 'i'), '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function renderVerdict(verdict: Verdict): string {
  const words = verdict.cause ? CAUSE_WORDS[verdict.cause] : undefined;
  const cause = verdict.cause
    ? `<p class="cause"><strong>Cause:</strong> ${escapeHtml(words ? `${words.charAt(0).toUpperCase()}${words.slice(1)}` : verdict.cause)}${words ? ` <code>${escapeHtml(verdict.cause)}</code>` : ''}</p>` : '';
  const fix = verdict.fix ? `<p class="fix"><strong>What to do:</strong> ${escapeHtml(verdict.fix)}</p>` : '';
  return `<header class="verdict verdict-${escapeHtml(verdict.status)}" id="verdict">
  <h1>${escapeHtml(VERDICT_WORDS[verdict.status] ?? verdict.status)}</h1>
  <p class="summary">${escapeHtml(summaryWords(verdict))}</p>
  ${cause}${fix}
</header>`;
}

function renderActiveStalls(stalls: StallReport[]): string {
  if (stalls.length === 0) return '';
  return `<section class="active-stalls"><h2>Stalled now</h2><ul>${stalls.map((s) =>
    `<li><strong>${escapeHtml(s.site)}</strong>${s.windowId === null ? '' : ` (window ${s.windowId})`}: ${escapeHtml(s.diagnosis)} for ${s.elapsedMs} ms. ${escapeHtml(s.explanation)}</li>`).join('')}</ul></section>`;
}

function renderLegend(report: DiagnosticsReport): string {
  return `<p class="legend">
  <span class="swatch wait-ok"></span> completed
  <span class="swatch wait-stall"></span> stall (over ${report.settings.stallThresholdMs} ms)
  <span class="swatch wait-deadline"></span> deadline passed or error
  <span class="swatch wait-refused"></span> refused: re-entrancy hazard
</p>`;
}

const ROW_HEIGHT = 56;
const BAR_AREA = 40;
const LABEL_WIDTH = 90;
const THRESHOLD_LABEL = 150;
/** Bars are wide while there are few waits (easy to hover), narrower as they add up. */
const MIN_PLOT_WIDTH = 520;
const NO_WAITS_WIDTH = 120;

/** One SVG with a row per open window (and per window that waited; waits of no window on a "helper"
 *  row); slots in report order, so the rows line up in time order across windows. */
export function renderTimeline(report: DiagnosticsReport): string {
  const waits = report.waits;
  if (waits.length === 0 && report.windows.length === 0) return '<p class="empty" id="timeline">No waits recorded yet.</p>';
  const rows = new Map<number | null, { wait: WaitRecord; index: number }[]>();
  for (const w of report.windows) rows.set(w.windowId, []);
  waits.forEach((wait, index) => {
    const list = rows.get(wait.windowId) ?? [];
    list.push({ wait, index });
    rows.set(wait.windowId, list);
  });
  const maxMs = Math.max(report.settings.stallThresholdMs, ...waits.map((w) => w.elapsedMs));
  const height = (ms: number): number => Math.max(2, Math.round((Math.log10(ms + 1) / Math.log10(maxMs + 1)) * BAR_AREA));
  const slot = Math.max(6, Math.min(24, Math.floor(MIN_PLOT_WIDTH / Math.max(1, waits.length))));
  const width = LABEL_WIDTH + Math.max(waits.length * slot, NO_WAITS_WIDTH) + THRESHOLD_LABEL;
  const plotEnd = width - THRESHOLD_LABEL + 10;
  const ids = [...rows.keys()].sort((a, b) => (a ?? 0) - (b ?? 0));
  const thresholdY = ROW_HEIGHT - 8 - height(report.settings.stallThresholdMs);
  const svgRows = ids.map((id, row) => {
    const y0 = row * ROW_HEIGHT;
    const base = y0 + ROW_HEIGHT - 8;
    const label = id === null ? 'helper' : `window ${id}`;
    const bars = rows.get(id)!.map(({ wait, index }) => {
      const h = height(wait.elapsedMs);
      const x = LABEL_WIDTH + index * slot;
      const cls = waitClass(wait, report.settings.stallThresholdMs);
      const stall = stallFor(wait, report.stalls);
      const hazard = wait.outcome === 'refused' ? report.hazards.find((z) => z.site === wait.site) : undefined;
      const lines = [
        `${wait.site}${wait.windowId === null ? '' : ` (window ${wait.windowId})`}`,
        `strategy: ${wait.strategy}`,
        `${wait.elapsedMs} ms, ${wait.outcome}`,
        wait.completionAfterMs === null ? 'no completion' : `completion at +${wait.completionAfterMs} ms`,
        stall ? `diagnosis: ${stall.diagnosis}: ${stall.explanation}` : '',
        hazard ? `hazard: ${hazard.kind} in ${hazard.callback}: ${hazard.explanation}` : '',
      ].filter(Boolean);
      const mid = x + (slot - 2) / 2;
      const marker = cls === 'wait-stall' || cls === 'wait-deadline'
        ? `<path class="marker-stall" d="M${mid} ${base - h - 9} l4 7 h-8 z"/>`
        : cls === 'wait-refused' ? `<path class="marker-hazard" d="M${mid} ${base - h - 10} l4 4 l-4 4 l-4 -4 z"/>` : '';
      return `<g class="wait"><title>${escapeHtml(lines.join('\n'))}</title><rect class="${cls}" x="${x}" y="${base - h}" width="${slot - 2}" height="${h}"/>${marker}</g>`;
    }).join('');
    const active = report.activeStalls.filter((s) => s.windowId === id).map((s) =>
      `<g class="active"><title>${escapeHtml(`stalled now at ${s.site}: ${s.diagnosis} for ${s.elapsedMs} ms\n${s.explanation}`)}</title><path class="marker-stall" d="M${plotEnd + 8} ${base - 14} l6 11 h-12 z"/><text class="stall-now" x="${plotEnd + 18}" y="${base - 4}">stalled now</text></g>`).join('');
    const quiet = rows.get(id)!.length === 0 ? `<text class="axis" x="${LABEL_WIDTH + 4}" y="${base - 4}">no waits yet</text>` : '';
    return `<g class="row" data-window="${id ?? 'helper'}">
  <text class="row-label" x="0" y="${base - 4}">${escapeHtml(label)}</text>${quiet}
  <line class="baseline" x1="${LABEL_WIDTH}" x2="${plotEnd}" y1="${base}" y2="${base}"/>
  <line class="threshold" x1="${LABEL_WIDTH}" x2="${plotEnd}" y1="${y0 + thresholdY}" y2="${y0 + thresholdY}"><title>stall threshold ${report.settings.stallThresholdMs} ms</title></line>
  ${row === 0 ? `<text class="axis" x="${plotEnd + 4}" y="${y0 + thresholdY + 4}">stall threshold ${report.settings.stallThresholdMs} ms</text>` : ''}
  ${bars}${active}
</g>`;
  }).join('\n');
  return `<div class="timeline-scroll"><svg id="timeline" role="img" aria-label="Timeline of ${waits.length} waits in ${ids.length} row(s)" width="${width}" height="${ids.length * ROW_HEIGHT}" viewBox="0 0 ${width} ${ids.length * ROW_HEIGHT}" xmlns="http://www.w3.org/2000/svg">
${svgRows}
</svg></div>`;
}

function waitClass(wait: WaitRecord, thresholdMs: number): string {
  if (wait.outcome === 'refused') return 'wait-refused';
  if (wait.outcome === 'deadline' || wait.outcome === 'error') return 'wait-deadline';
  if (wait.elapsedMs >= thresholdMs) return 'wait-stall';
  return 'wait-ok';
}

/** The stall the helper reported for this wait's site and window, the latest first. */
function stallFor(wait: WaitRecord, stalls: StallReport[]): StallReport | undefined {
  return [...stalls].reverse().find((s) => s.site === wait.site && s.windowId === wait.windowId && s.elapsedMs <= wait.elapsedMs);
}

function renderStallsAndHazards(report: DiagnosticsReport): string {
  const stalls = report.stalls.map((s) => `<li><strong>${escapeHtml(s.site)}</strong>${s.windowId === null ? '' : ` (window ${s.windowId})`} [${escapeHtml(s.strategy)}]: ${escapeHtml(s.diagnosis)} after ${s.elapsedMs} ms. ${escapeHtml(s.explanation)}</li>`);
  const hazards = report.hazards.map((h) => `<li><strong>${escapeHtml(h.site)}</strong> [${escapeHtml(h.strategy)}] in ${escapeHtml(h.callback)}: ${escapeHtml(h.explanation)}</li>`);
  return `<details id="stalls"${report.activeStalls.length ? ' open' : ''}>
  <summary>${report.stalls.length} stall(s) and ${report.hazards.length} re-entrancy hazard(s) since the helper started</summary>
  ${stalls.length ? `<ul>${stalls.join('')}</ul>` : '<p class="empty">No stalls.</p>'}
  ${hazards.length ? `<ul>${hazards.join('')}</ul>` : '<p class="empty">No hazards.</p>'}
</details>`;
}

/** Platform rows; Windows-only fields (strategy, machine, loader) only where they mean something. */
function platformRows(report: DiagnosticsReport, windows: boolean): [string, string][] {
  const p = report.platform;
  const rows: [string, string][] = [
    ['Engine', `${p.engine} ${p.engineVersion}`],
    ['Platform', `${p.platform}-${p.arch}`],
    [windows ? 'COM apartment' : 'UI thread', p.apartment],
    ['Helper', `pid ${p.helperPid}, ${p.runtime}, up ${Math.round(report.uptimeMs / 1000)} s, UI loop heartbeat ${report.heartbeat}`],
  ];
  if (windows) {
    if (p.machine) rows.push(['Machine', `process ${p.machine.process} on ${p.machine.native}${p.machine.emulated ? ' (emulated)' : ''}`]);
    if (p.loader) rows.push(['Loader', p.loader]);
    rows.push(['Wait strategy', report.settings.strategy]);
  }
  rows.push(['Stall threshold', `${report.settings.stallThresholdMs} ms`], ['Wait deadline', `${report.settings.waitDeadlineMs} ms`]);
  rows.push(['Environments', report.environments.map((e) => `${e.environmentId}: ${e.userDataFolder}`).join('; ') || 'none']);
  rows.push(['Windows', report.windows.map((w) => `${w.windowId}: ${w.title || '(no title)'} ${w.url}${w.failed ? ` (failed: ${w.failed})` : ''}`).join('; ') || 'none']);
  return rows;
}

function md(text: unknown): string {
  return String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Issue-ready Markdown: the verdict, the platform, stalls, hazards and recent waits. */
export function reportMarkdown(report: DiagnosticsReport): string {
  const windows = report.platform.platform === 'win32';
  const v = report.verdict;
  const out: string[] = ['### WebView2 Host diagnostics', ''];
  out.push(`**Verdict:** ${v.summary}`);
  if (v.cause) out.push(`**Cause:** ${v.cause}`);
  if (v.fix) out.push(`**What to do:** ${v.fix}`);
  out.push('', '| | |', '| --- | --- |');
  for (const [k, val] of platformRows(report, windows)) out.push(`| ${md(k)} | ${md(val)} |`);
  if (report.activeStalls.length) {
    out.push('', '**Stalled now**', '');
    for (const s of report.activeStalls) out.push(`- \`${s.site}\`${s.windowId === null ? '' : ` (window ${s.windowId})`} [${s.strategy}]: ${s.diagnosis} for ${s.elapsedMs} ms. ${s.explanation}`);
  }
  out.push('', `**Stalls since start:** ${report.stalls.length}; **re-entrancy hazards:** ${report.hazards.length}`);
  for (const s of report.stalls) out.push(`- stall \`${s.site}\`${s.windowId === null ? '' : ` (window ${s.windowId})`} [${s.strategy}]: ${s.diagnosis} after ${s.elapsedMs} ms (apartment ${s.apartment}; arch ${s.arch}; last message ${s.lastMessage}). ${s.explanation}`);
  for (const h of report.hazards) out.push(`- hazard \`${h.site}\` [${h.strategy}] in ${h.callback}: ${h.explanation}`);
  out.push('', `<details><summary>Recent waits (${report.waits.length})</summary>`, '', '| site | window | strategy | elapsed | completion | outcome |', '| --- | --- | --- | --- | --- | --- |');
  for (const w of report.waits) {
    out.push(`| ${md(w.site)} | ${w.windowId ?? ''} | ${w.strategy} | ${w.elapsedMs} ms | ${w.completionAfterMs === null ? 'none' : `+${w.completionAfterMs} ms`} | ${w.outcome} |`);
  }
  out.push('', '</details>', '');
  return out.join('\n');
}
