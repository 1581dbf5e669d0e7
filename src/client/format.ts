// One-line texts for what the helper reports, shared by the output channel and the CLI.
import type {
  ConsoleMessageEvent, Cookie, HazardReport, NavigationCompletedEvent, PlatformInfo, RecoveredReport, StallReport, Verdict, WaitRecord,
} from '../protocol';

export function formatWait(w: WaitRecord): string {
  const completion = w.completionAfterMs === null ? 'no completion' : `completion at +${w.completionAfterMs} ms`;
  const where = w.windowId === null ? '' : ` window ${w.windowId}`;
  return `wait ${w.site}${where} [${w.strategy}] ${w.outcome} in ${w.elapsedMs} ms (${completion}, depth ${w.depth})`;
}

export function formatStall(s: StallReport): string {
  const where = s.windowId === null ? '' : ` window ${s.windowId}`;
  return `STALL ${s.site}${where} [${s.strategy}] ${s.diagnosis} after ${s.elapsedMs} ms: ${s.explanation}` +
    ` (apartment: ${s.apartment}; arch: ${s.arch}; last message: ${s.lastMessage}; depth ${s.depth})` +
    (s.verdict ? `\n  ${formatVerdict(s.verdict)}` : '');
}

export function formatRecovered(r: RecoveredReport): string {
  return `recovered ${r.site} after ${r.stalledForMs} ms`;
}

export function formatHazard(h: HazardReport): string {
  return `HAZARD ${h.kind} at ${h.site} [${h.strategy}] in ${h.callback}: ${h.explanation}`;
}

export function formatNavigation(e: NavigationCompletedEvent): string {
  const status = e.httpStatus === null ? '' : ` HTTP ${e.httpStatus}`;
  return e.isSuccess
    ? `window ${e.windowId} loaded ${e.url}${status}`
    : `window ${e.windowId} failed to load ${e.url}${status}: ${e.error}`;
}

export function formatPlatform(p: PlatformInfo): string {
  const machine = p.machine
    ? `; process ${p.machine.process} on ${p.machine.native}${p.machine.emulated ? ' (EMULATED)' : ''}`
    : '';
  const loader = p.loader ? `; loader: ${p.loader}` : '';
  return `${p.engine} ${p.engineVersion} on ${p.platform}-${p.arch}; ${p.apartment}; helper pid ${p.helperPid} (${p.runtime})${machine}${loader}`;
}

/** Masks a cookie value fully: neither its characters nor its length show. An empty value stays empty. */
export function maskValue(value: string): string {
  return value === '' ? '' : MASK;
}
export const MASK = '********';

export function formatCookie(c: Cookie, reveal: boolean): string {
  const flags = [
    c.httpOnly ? 'HttpOnly' : '',
    c.secure ? 'Secure' : '',
    `SameSite=${c.sameSite}`,
    c.session ? 'session' : `expires ${new Date((c.expires ?? 0) * 1000).toISOString()}`,
  ].filter(Boolean).join('; ');
  return `${c.name}=${reveal ? c.value : maskValue(c.value)}  (${c.domain}${c.path}; ${flags})`;
}

/** The verdict as the last line of a report: "verdict: healthy: ..." or "verdict: <summary>; fix: <fix>". */
export function formatVerdict(v: Verdict): string {
  return `verdict: ${v.summary}${v.fix ? `; fix: ${v.fix}` : ''}`;
}

/** A page's console message: `[window N] level: message (source:line)`. */
export function formatConsole(e: ConsoleMessageEvent): string {
  const where = e.source === null ? '' : ` (${e.source}${e.line === null ? '' : `:${e.line}`})`;
  return `[window ${e.windowId}] ${e.level}: ${e.message}${where}`;
}
