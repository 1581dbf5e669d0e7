import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, renderDiagnosticsPage, reportMarkdown } from '../../src/extension/diagnostics/page';
import type { DiagnosticsReport, StallReport, WaitRecord } from '../../src/protocol';

function wait(site: string, windowId: number | null, elapsedMs: number, outcome: WaitRecord['outcome'] = 'ok'): WaitRecord {
  return { site, strategy: 'glib', windowId, elapsedMs, completionAfterMs: outcome === 'ok' ? elapsedMs : null, outcome, depth: 1 };
}

const stall: StallReport = {
  key: 'k1', site: 'getCookies', strategy: 'glib', windowId: 2, elapsedMs: 2100, diagnosis: 'no-answer', completionAgoMs: null,
  depth: 1, apartment: 'GLib default main context', arch: 'x64', lastMessage: 'none', explanation: 'The engine has not answered <yet>.',
};

function report(platform: 'linux' | 'win32'): DiagnosticsReport {
  return {
    platform: {
      platform, arch: 'x64', engine: platform === 'linux' ? 'WebKitGTK' : 'WebView2', engineVersion: '2.48.1',
      apartment: platform === 'linux' ? 'GLib default main context' : 'STA', helperPid: 42, runtime: 'node 20',
      ...(platform === 'win32' ? { machine: { process: 'x64', native: 'arm64', emulated: true }, loader: 'built-in' } : {}),
    },
    settings: { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000 },
    environments: [{ environmentId: 1, userDataFolder: '/p' }],
    windows: [{ windowId: 1, environmentId: 1, url: 'http://127.0.0.1/a', title: 'A | B', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 800, height: 600 }, failed: null }],
    waits: [wait('createWindow', 1, 120), wait('getCookies', 2, 2300), wait('debug/in-callback', 1, 0, 'refused'), wait('startup', null, 40)],
    stalls: [stall],
    activeStalls: [],
    hazards: [{ kind: 'reentrancy', site: 'debug/in-callback', strategy: 'glib', callback: 'load-changed', explanation: 'a wait inside a callback' }],
    uptimeMs: 61000,
    heartbeat: 99,
    verdict: { status: 'warning', summary: 'warning: 1 window, 1 stall', cause: 'no-answer', fix: 'Check the <runtime>.' },
  };
}

const resources = { cspSource: 'https://webview.test', nonce: 'N0nce', styleUri: 'https://webview.test/media/diagnostics.css', scriptUri: 'https://webview.test/media/diagnostics.js' };

describe('diagnostics view page', () => {
  it('puts the verdict first, said once, escaped, with the cause in words and what to do', () => {
    const html = renderDiagnosticsPage(report('linux'), resources);
    const body = html.slice(html.indexOf('<body>'));
    assert.ok(body.indexOf('id="verdict"') < body.indexOf('id="timeline"'));
    assert.match(html, /<h1>Warning<\/h1>\s*<p class="summary">1 window, 1 stall<\/p>/);
    const failed = renderDiagnosticsPage({ ...report('linux'), verdict: { status: 'warning', summary: 'warning: window 1 could not load <x>', cause: 'load-failed', fix: 'Retry.' } }, resources);
    assert.match(failed, /<p class="summary">Window 1 could not load &lt;x&gt;<\/p>/);
    assert.match(failed, /<strong>Cause:<\/strong> A page did not load <code>load-failed<\/code>/);
    assert.match(html, /What to do:<\/strong> Check the &lt;runtime&gt;\./);
  });

  it('has a strict CSP: nothing remote, scripts only with the nonce, no inline style', () => {
    const csp = contentSecurityPolicy('https://webview.test', 'N0nce');
    assert.equal(csp, "default-src 'none'; style-src https://webview.test; img-src https://webview.test data:; script-src 'nonce-N0nce'; font-src https://webview.test");
    const html = renderDiagnosticsPage(report('linux'), resources);
    assert.ok(html.includes(`content="${csp.replace(/'/g, '&#39;')}"`));
    assert.doesNotMatch(html, /style="/);
    assert.doesNotMatch(html, /<style/);
    assert.doesNotMatch(html, /(?:src|href)="(?!https:\/\/webview\.test\/)/);
    assert.match(html, /<script nonce="N0nce" src="https:\/\/webview.test\/media\/diagnostics.js"><\/script>/);
  });

  it('draws one timeline row per window and one for the helper, with stall and hazard markers and hover text', () => {
    const html = renderDiagnosticsPage(report('linux'), resources);
    assert.deepEqual([...html.matchAll(/data-window="([^"]+)"/g)].map((m) => m[1]), ['helper', '1', '2']);
    assert.equal((html.match(/<rect class="wait-/g) ?? []).length, 4);
    assert.match(html, /<rect class="wait-stall"/);
    assert.match(html, /<path class="marker-stall"/);
    assert.match(html, /<rect class="wait-refused"/);
    assert.match(html, /<path class="marker-hazard"/);
    assert.match(html, /<title>getCookies \(window 2\)\nstrategy: glib\n2300 ms, ok\ncompletion at \+2300 ms\ndiagnosis: no-answer: The engine has not answered &lt;yet&gt;\.<\/title>/);
    assert.match(html, /hazard: reentrancy in load-changed/);
  });

  it('folds platform details away and shows no Windows-only fields on Linux', () => {
    const linux = renderDiagnosticsPage(report('linux'), resources);
    assert.match(linux, /<details id="platform">\s*<summary>Platform and engine<\/summary>/);
    assert.doesNotMatch(linux, /Wait strategy|Machine|Loader|COM apartment/);
    const windows = renderDiagnosticsPage(report('win32'), resources);
    assert.match(windows, /Wait strategy<\/th><td>cowait/);
    assert.match(windows, /process x64 on arm64 \(emulated\)/);
    assert.match(windows, /COM apartment<\/th><td>STA/);
  });

  it('draws a row for every open window, also one that has not waited yet', () => {
    const base = report('linux');
    const quiet = { ...base.windows[0], windowId: 3, url: 'http://127.0.0.1/c' };
    const html = renderDiagnosticsPage({ ...base, windows: [...base.windows, quiet] }, resources);
    assert.deepEqual([...html.matchAll(/data-window="([^"]+)"/g)].map((m) => m[1]), ['helper', '1', '2', '3']);
    assert.match(html, /data-window="3">\s*<text class="row-label"[^>]*>window 3<\/text><text class="axis"[^>]*>no waits yet<\/text>/);
    const noWaits = renderDiagnosticsPage({ ...base, waits: [], windows: [base.windows[0], quiet] }, resources);
    assert.deepEqual([...noWaits.matchAll(/data-window="([^"]+)"/g)].map((m) => m[1]), ['1', '3']);
  });

  it('says plainly when no wait was recorded yet', () => {
    const html = renderDiagnosticsPage({ ...report('linux'), waits: [], windows: [] }, resources);
    assert.match(html, /No waits recorded yet\./);
    assert.doesNotMatch(html, /<svg/);
  });

  it('copies issue-ready Markdown: verdict, platform table, stalls, hazards, waits', () => {
    const text = reportMarkdown(report('linux'));
    assert.match(text, /^### WebView2 Host diagnostics\n\n\*\*Verdict:\*\* warning: 1 window, 1 stall\n\*\*Cause:\*\* no-answer\n\*\*What to do:\*\* Check the <runtime>\./);
    assert.match(text, /\| Engine \| WebKitGTK 2\.48\.1 \|/);
    assert.match(text, /\| Windows \| 1: A \\\| B http:\/\/127\.0\.0\.1\/a \|/);
    assert.match(text, /- stall `getCookies` \(window 2\) \[glib\]: no-answer after 2100 ms/);
    assert.match(text, /- hazard `debug\/in-callback` \[glib\] in load-changed/);
    assert.match(text, /<details><summary>Recent waits \(4\)<\/summary>/);
    assert.match(text, /\| getCookies \| 2 \| glib \| 2300 ms \| \+2300 ms \| ok \|/);
    assert.doesNotMatch(text, /Wait strategy/);
  });
});
