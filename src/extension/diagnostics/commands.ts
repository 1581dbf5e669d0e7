// The diagnostics commands: Show Diagnostics (the view and the log) and Copy Diagnostics Report.
import * as vscode from 'vscode';
import { formatPlatform, formatStall, formatVerdict, formatWait } from '../../client/format';
import { command, type Command } from '../command';

/** Show Diagnostics: the report in the diagnostics view and the log; returns the report. */
export const showDiagnostics = command('showDiagnostics', (ctx, caller) => async () => {
  const report = await ctx.diagnostics.report();
  const out = ctx.output;
  out.info('--- diagnostics ---');
  out.info(formatPlatform(report.platform));
  out.info(`${report.environments.length} environment(s), ${report.windows.length} window(s), UI loop heartbeat ${report.heartbeat}, up ${Math.round(report.uptimeMs / 1000)} s`);
  for (const w of report.waits.slice(-20)) out.info(`  ${formatWait(w)}`);
  for (const s of report.activeStalls) out.error(`  now: ${formatStall(s)}`);
  (report.verdict.status === 'healthy' ? out.info : out.warn).call(out, formatVerdict(report.verdict));
  if (caller === 'person') ctx.diagnostics.view.show(report);
  return report;
});

/** Copies a fresh report as issue-ready Markdown; returns the text. */
export const copyDiagnostics = command('copyDiagnostics', (ctx, caller) => async () => {
  const text = await ctx.diagnostics.view.copy(await ctx.diagnostics.report());
  if (caller === 'person') void vscode.window.showInformationMessage('WebView2 Host: diagnostics report copied to the clipboard (Markdown, ready for an issue).');
  return text;
});

export const diagnosticsCommands: readonly Command[] = [showDiagnostics, copyDiagnostics];
