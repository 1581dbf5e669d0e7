// `webview2-host doctor`: exercise every wait once per window and report how each went.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Notifications, Requests, type DiagnosticsReport, type HazardReport, type StallReport, type Verdict, type WaitRecord } from '../protocol';
import { formatPlatform, formatStall, formatWait } from '../client/format';
import { createClient, openAndLoad, settingsFrom, UsageError, type CommonFlags } from './session';
import { toNavigableUrl } from '../urls';
import { within } from '../timers';
import { computeVerdict, failureFromError } from '../helper/verdict';
import { formatVerdict } from '../client/format';

export interface DoctorReport {
  ok: boolean;
  platform: DiagnosticsReport['platform'] | null;
  settings: DiagnosticsReport['settings'];
  windows: number;
  steps: { step: string; ms: number; ok: boolean; detail?: string }[];
  waits: WaitRecord[];
  stalls: StallReport[];
  hazards: HazardReport[];
  error: string | null;
  /** The last line: healthy, or the classified cause with its fix. */
  verdict: Verdict;
}

const BLANK_PAGE = 'data:text/html,<title>doctor</title><p>WebView2 Host doctor</p>';

export async function doctorCommand(flags: CommonFlags & { windows?: string; url?: string }): Promise<number> {
  const settings = settingsFrom(flags);
  const count = flags.windows === undefined ? 3 : Number(flags.windows);
  if (!Number.isInteger(count) || count < 1 || count > 50) throw new UsageError('--windows must be a whole number from 1 to 50');
  const url = flags.url ? toNavigableUrl(flags.url) : BLANK_PAGE;
  const folder = flags['user-data-folder'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-doctor-'));
  const client = createClient(flags, true);
  const report: DoctorReport = { ok: false, platform: null, settings, windows: count, steps: [], waits: [], stalls: [], hazards: [], error: null,
    verdict: { status: 'healthy', summary: '', cause: null, fix: null } };
  client.onNotification(Notifications.waitCompleted, (w) => report.waits.push(w));
  client.onNotification(Notifications.stall, (s) => report.stalls.push(s));
  client.onNotification(Notifications.hazard, (h) => report.hazards.push(h));
  const step = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    try {
      const value = await body();
      report.steps.push({ step: name, ms: round(performance.now() - began), ok: true });
      return value;
    } catch (err) {
      report.steps.push({ step: name, ms: round(performance.now() - began), ok: false, detail: (err as Error).message });
      throw err;
    }
  };
  try {
    report.platform = await step('start helper', () => client.start());
    const env = await step('create environment', () => client.request(Requests.createEnvironment, { userDataFolder: folder }));
    for (let i = 1; i <= count; i++) {
      const { window, navigation } = await step(`window ${i}: create and load`, () => openAndLoad(client, { environmentId: env.environmentId, url }, settings.waitDeadlineMs));
      if (!navigation.isSuccess) throw new Error(`window ${i} did not load: ${navigation.error}`);
      await step(`window ${i}: read cookies`, () => client.request(Requests.getCookies, { windowId: window.windowId }));
    }
    const diagnostics = await client.request(Requests.diagnostics);
    report.platform = diagnostics.platform;
    report.verdict = diagnostics.verdict;
    await step('close windows', () => client.request(Requests.closeAll));
    report.ok = report.waits.length > 0 && report.waits.every((w) => w.outcome === 'ok') && report.hazards.length === 0
      && (report.verdict.status === 'healthy' || report.verdict.status === 'warning');
  } catch (err) {
    report.error = (err as Error).message;
    report.verdict = await verdictAfterFailure(client, report, err as Error, folder);
  } finally {
    await client.stop();
    if (!flags['user-data-folder']) fs.rmSync(folder, { recursive: true, force: true });
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
  return report.ok ? 0 : 1;
}

function printReport(r: DoctorReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`WebView2 Host doctor: ${r.ok ? 'OK' : 'PROBLEMS FOUND'}`);
  if (r.platform) out(`  ${formatPlatform(r.platform)}`);
  out(`  strategy ${r.settings.strategy} (Windows), stall threshold ${r.settings.stallThresholdMs} ms, deadline ${r.settings.waitDeadlineMs} ms`);
  for (const s of r.steps) out(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.ms} ms${s.detail ? ` (${s.detail})` : ''}`);
  for (const w of r.waits) out(`  ${formatWait(w)}`);
  for (const s of r.stalls) out(`  ${formatStall(s)}`);
  if (r.error) out(`  error: ${r.error}`);
  out(formatVerdict(r.verdict));
}

/** The helper's verdict when it is still there to ask; else one made here from the error. */
async function verdictAfterFailure(client: ReturnType<typeof createClient>, r: DoctorReport, err: Error, folder: string): Promise<Verdict> {
  if (client.state.kind === 'ready') {
    try {
      const asked = await within(client.request(Requests.diagnostics), 3000, null);
      if (asked) return asked.verdict;
    } catch {
      // the helper is gone or stuck: judge from what was seen
    }
  }
  const failed = r.steps.find((s) => !s.ok)?.step ?? 'doctor';
  const site = failed === 'start helper' ? 'initialize' : failed === 'create environment' ? 'createEnvironment' : failed;
  return computeVerdict({
    platform: r.platform,
    stallThresholdMs: r.settings.stallThresholdMs,
    windows: 0,
    waits: r.waits,
    stalls: r.stalls,
    activeStalls: [],
    hazards: r.hazards,
    failures: [failureFromError(site, err as Error & { data?: unknown }, site === 'createEnvironment' ? folder : undefined)],
    processFailures: [],
    failedLoads: [],
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
