// One-line texts for what the helper reports, shared by the output channel and the CLI. Whatever a
// page chose (messages, sources, URLs, titles, cookies) goes through printable(): one line each.
import type {
  ConsoleMessageEvent, Cookie, HazardReport, NavigationCompletedEvent, OpenExternalEvent, PlatformInfo, RecoveredReport, StallReport, TitleChangedEvent, Verdict,
  WaitRecord, WindowOpenedEvent,
} from '../protocol';
import { printable } from '../printable';

export function formatWait(w: WaitRecord): string {
  const completion = w.completionAfterMs === null ? 'no completion' : `completion at +${w.completionAfterMs} ms`;
  const where = w.windowId === null ? '' : ` window ${w.windowId}`;
  return `wait ${w.site}${where} [${w.strategy}] ${w.outcome} in ${w.elapsedMs} ms (${completion}, depth ${w.depth})`;
}

export function formatStall(s: StallReport): string {
  const where = s.windowId === null ? '' : ` window ${s.windowId}`;
  return `STALL ${s.site}${where} [${s.strategy}] ${s.diagnosis} after ${s.elapsedMs} ms: ${s.explanation}` +
    ` (apartment: ${s.apartment}; arch: ${s.arch}; last message: ${s.lastMessage}; depth ${s.depth})` +
    (s.verdict ? `; ${formatVerdict(s.verdict)}` : '');
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
    ? `window ${e.windowId} loaded ${printable(e.url)}${status}`
    : `window ${e.windowId} failed to load ${printable(e.url)}${status}: ${printable(e.error ?? '')}`;
}

/** A popup: `window N opened by window M's page: URL` (or "for a page it writes itself"). */
export function formatOpened(e: WindowOpenedEvent): string {
  return `window ${e.windowId} opened by window ${e.openerId}'s page${e.url && e.url !== 'about:blank' ? `: ${printable(e.url)}` : ', for a page it writes itself'}`;
}

/** A popup sent to the system browser (the popups setting). */
export function formatOpenExternal(e: OpenExternalEvent): string {
  return `window ${e.windowId}'s page opened a popup for ${printable(e.url)}: it goes to the system browser (setting popups)`;
}

/** A window's new title: `window N title "…"`. */
export function formatTitle(e: TitleChangedEvent): string {
  return `window ${e.windowId} title "${printable(e.title)}"`;
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
  return `${printable(c.name)}=${printable(reveal ? c.value : maskValue(c.value))}  (${printable(c.domain)}${printable(c.path)}; ${flags})`;
}

/** The verdict as the last line of a report: "verdict: healthy: ..." or "verdict: <summary>; fix: <fix>". */
export function formatVerdict(v: Verdict): string {
  return `verdict: ${v.summary}${v.fix ? `; fix: ${v.fix}` : ''}`;
}

/**
 * A page's console message on one line: `[window N] level: message (source:line)`; with `kinds`
 * (the output channel) an uncaught exception or unhandled rejection says so before the message.
 */
export function formatConsole(e: ConsoleMessageEvent, { kinds = false } = {}): string {
  // Said once: the engines' own words ("Uncaught TypeError: …", "Uncaught (in promise) …") already name the kind.
  const worded = /^Uncaught\b/.test(e.message);
  const kind = !kinds || worded ? '' : e.kind === 'exception' ? 'uncaught exception: ' : e.kind === 'rejection' ? 'unhandled rejection: ' : '';
  const where = e.source ? ` (${printable(e.source)}${e.line === null ? '' : `:${e.line}`})` : '';
  return `[window ${e.windowId}] ${e.level}: ${kind}${printable(e.message)}${where}`;
}
