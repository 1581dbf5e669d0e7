// The hang verdict: one line that ends doctor, the stall reports and the diagnostics view. A pure
// function of what the helper knows (waits, stalls, hazards, engine errors, process failures, the
// platform), so that it is tested without an engine and computed the same on either side.
import type {
  HazardReport, PlatformInfo, ProcessFailedEvent, StallReport, Verdict, WaitRecord,
} from '../protocol';

/**
 * The oldest WebView2 Runtime the product works with: BrowserProcessExited
 * (ICoreWebView2Environment5) came out of preview in SDK 1.0.992.28, whose release notes ask for
 * runtime 94.0.992.31 or later.
 */
export const MIN_RUNTIME_VERSION = '94.0.992.31';

const INSTALL_ADVICE = 'install or update the WebView2 Runtime (Evergreen) from https://go.microsoft.com/fwlink/p/?LinkId=2124703, or set webview2Host.browserFolder (CLI: --browser-folder) to a fixed-version runtime folder';

/** An engine call that failed, as the helper (or the CLI, when the helper could not start) saw it. */
export interface FailureFact {
  site: string;
  /** The HRESULT as 0x%08X (Windows) or an engine error code; null when unknown. */
  code: string | null;
  message: string;
  /** For createEnvironment: the user data folder asked for. */
  userDataFolder?: string;
}

export interface VerdictFacts {
  platform: Pick<PlatformInfo, 'engine' | 'engineVersion' | 'apartment' | 'machine'> | null;
  stallThresholdMs: number;
  windows: number;
  waits: WaitRecord[];
  stalls: StallReport[];
  activeStalls: StallReport[];
  hazards: HazardReport[];
  failures: FailureFact[];
  /** Process failures not yet recovered by a reload. */
  processFailures: ProcessFailedEvent[];
  /** Windows whose last navigation failed (a network or certificate error, HTTP >= 400). */
  failedLoads: FailedLoad[];
}

export interface FailedLoad {
  windowId: number;
  url: string;
  error: string;
}

const HR_FILE_NOT_FOUND = '0x80070002';
const HR_PRODUCT_UNINSTALLED = '0x8007064E';
const HR_MOD_NOT_FOUND = '0x8007007E';
const HR_INVALID_STATE = '0x8007139F';
const HR_NO_INTERFACE = '0x80004002';
const HR_CHANGED_MODE = '0x80010106';
const SLOW_START_SITES = new Set(['createEnvironment', 'createController']);

export function computeVerdict(f: VerdictFacts): Verdict {
  return failed(f) ?? stalled(f) ?? warned(f) ?? {
    status: 'healthy',
    summary: `healthy: ${plural(f.windows, 'window')}, ${plural(f.stalls.length, 'stall')}`,
    cause: null,
    fix: null,
  };
}

/** Something that stops the engine from working at all. */
function failed(f: VerdictFacts): Verdict | null {
  const code = (c: string) => f.failures.find((x) => x.code?.toLowerCase() === c.toLowerCase());
  const notSta = code(HR_CHANGED_MODE) ?? (/^MTA\b/.test(f.platform?.apartment ?? '') ? { site: 'initialize', message: '' } : undefined);
  if (notSta) {
    return {
      status: 'failed',
      summary: `failed: the UI thread is not a single-threaded apartment (${notSta.site}: RPC_E_CHANGED_MODE, the thread was initialised as MTA)`,
      cause: 'not-sta',
      fix: 'WebView2 needs an STA: the UI thread must call CoInitializeEx(COINIT_APARTMENTTHREADED) before anything initialises COM on it as multithreaded; restart the helper (WebView2: Restart Helper), and report the module that initialised COM first',
    };
  }
  const noRuntime = code(HR_FILE_NOT_FOUND) ?? code(HR_PRODUCT_UNINSTALLED) ?? code(HR_MOD_NOT_FOUND)
    ?? (f.platform?.engine === 'WebView2' && /^none\b/.test(f.platform.engineVersion) ? { site: 'initialize', message: '' } : undefined);
  if (noRuntime) {
    return { status: 'failed', summary: 'failed: no WebView2 Runtime was found', cause: 'no-runtime', fix: INSTALL_ADVICE };
  }
  const version = f.platform?.engine === 'WebView2' ? f.platform.engineVersion : '';
  if (isVersion(version) && compareVersions(version, MIN_RUNTIME_VERSION) < 0) {
    return {
      status: 'failed',
      summary: `failed: WebView2 Runtime ${version} is older than ${MIN_RUNTIME_VERSION}, the oldest this extension works with`,
      cause: 'runtime-too-old',
      fix: INSTALL_ADVICE,
    };
  }
  const tooOld = code(HR_NO_INTERFACE);
  if (tooOld) {
    return {
      status: 'failed',
      summary: `failed: the WebView2 Runtime${version ? ` ${version}` : ''} lacks an interface this extension needs (${tooOld.site}: E_NOINTERFACE)`,
      cause: 'runtime-too-old',
      fix: INSTALL_ADVICE,
    };
  }
  const inUse = code(HR_INVALID_STATE);
  if (inUse) {
    const folder = inUse.userDataFolder ?? 'the user data folder';
    return {
      status: 'failed',
      summary: `failed: user data folder ${folder} is in use by another WebView2 process with other options (ERROR_INVALID_STATE)`,
      cause: 'user-data-folder-in-use',
      fix: `close the other program that uses ${folder}, or choose another folder, e.g. ${siblingFolder(folder)} (setting webview2Host.userDataFolder, CLI --user-data-folder); retrying the same folder will not help`,
    };
  }
  return null;
}

/** What each diagnosis of a stall in progress says, and its fix. */
const STALL_WORDS: [StallReport['diagnosis'], { summary: (s: StallReport) => string; fix: (f: VerdictFacts) => string }][] = [
  ['posted-not-dispatched', {
    summary: (s) => `${s.site} [${s.strategy}] has posted messages waiting that the wait does not dispatch (${s.elapsedMs} ms)`,
    fix: () => 'completions were posted to the UI thread while its CoWaitForMultipleHandles wait dispatches only sent messages (Wine\'s CoWait; Windows 8+ dispatches them with COWAIT_DISPATCH_WINDOW_MESSAGES): run on Windows itself, or under Wine use a runtime that delivers completions by SendMessage',
  }],
  ['lost-wakeup', {
    summary: (s) => `lost wake-up at ${s.site} [${s.strategy}]: the completion arrived ${s.completionAgoMs ?? '?'} ms ago and the wait has not returned`,
    fix: () => 'set webview2Host.waitStrategy to cowait (CLI: --strategy cowait): the legacy GetMessage pump does not return for completions delivered by SendMessage',
  }],
  ['not-picked-up', {
    summary: (s) => `request ${s.site} has waited ${s.elapsedMs} ms for the UI thread`,
    fix: () => 'the UI thread is busy or stuck elsewhere (see the stall report for where); if it does not recover, restart the helper (WebView2: Restart Helper)',
  }],
  ['no-answer', {
    summary: (s) => `${s.site} [${s.strategy}] has had no completion for ${s.elapsedMs} ms`,
    fix: (f) => `the engine has not answered: it may be slow to start, blocked or not running${emulationNote(f)}; wait for the deadline, then restart the helper`,
  }],
];

/** A wait that is stuck now, or was refused. */
function stalled(f: VerdictFacts): Verdict | null {
  const refused = f.hazards.find((h) => h.kind === 'reentrancy');
  const active = f.activeStalls;
  if (refused) {
    return {
      status: 'failed',
      summary: `failed: a wait was started inside an engine callback (${refused.site} inside ${refused.callback}) and refused; the engine delivers nothing while a callback is on the stack`,
      cause: 'reentrancy',
      fix: 'do not wait inside an engine event handler: post the work and do it after the handler returns',
    };
  }
  // In order of precedence: the first diagnosis some active stall has decides.
  for (const [diagnosis, words] of STALL_WORDS) {
    const stall = active.find((s) => s.diagnosis === diagnosis);
    if (stall) return { status: 'stalled', summary: `stalled: ${words.summary(stall)}`, cause: diagnosis, fix: words.fix(f) };
  }
  return null;
}

/** Everything works, with a reservation. */
function warned(f: VerdictFacts): Verdict | null {
  if (f.processFailures.length > 0) {
    const p = f.processFailures[f.processFailures.length - 1];
    const windows = [...new Set(f.processFailures.map((x) => x.windowId))];
    return {
      status: 'warning',
      summary: `warning: ${p.kind} (window${windows.length > 1 ? 's' : ''} ${windows.join(', ')})`,
      cause: 'process-failed',
      fix: 'reload the window (WebView2: Reload); the browser process and the window\'s browser are created again on the next use, the window keeps its id',
    };
  }
  const crashed = new Set(f.processFailures.map((p) => p.windowId));
  const loads = f.failedLoads.filter((l) => !crashed.has(l.windowId));
  if (loads.length > 0) {
    const l = loads[0];
    const others = loads.length > 1 ? ` (and ${plural(loads.length - 1, 'other window')}: ${loads.slice(1).map((x) => x.windowId).join(', ')})` : '';
    return {
      status: 'warning',
      summary: `warning: window ${l.windowId} could not load ${l.url}: ${withoutUrl(l.error, l.url)}${others}`,
      cause: 'load-failed',
      fix: `check that the server for ${originOf(l.url)} is running and reachable from this machine (or that the address is right), then Retry: Reload the window, or Navigate… to fix the address (List Windows, pick window ${l.windowId})`,
    };
  }
  const machine = f.platform?.machine;
  if (machine?.emulated && machine.native === 'arm64') {
    return {
      status: 'warning',
      summary: `warning: this is ${machine.process} code emulated on an ARM64 machine`,
      cause: 'emulated-x64-on-arm64',
      fix: 'install the win32-arm64 VSIX of this extension (and an ARM64 VS Code); emulated x64 WebView2 hosts have deadlocks of their own',
    };
  }
  const slow = f.waits.find((w) => w.outcome === 'ok' && SLOW_START_SITES.has(w.site) && w.elapsedMs >= f.stallThresholdMs);
  if (slow) {
    return {
      status: 'warning',
      summary: `warning: slow runtime start: ${slow.site} took ${Math.round(slow.elapsedMs)} ms (stall threshold ${f.stallThresholdMs} ms) but completed`,
      cause: 'slow-start',
      fix: 'usually a first run after installing or updating the runtime, or antivirus scanning the runtime or the user data folder; if it lasts, exclude those folders from scanning and keep the user data folder on a local disk',
    };
  }
  const past = f.stalls.find((s) => s.diagnosis === 'lost-wakeup');
  if (past) {
    return {
      status: 'warning',
      summary: `warning: a lost wake-up at ${past.site} [${past.strategy}] stalled for a while and passed`,
      cause: 'lost-wakeup',
      fix: 'set webview2Host.waitStrategy to cowait (CLI: --strategy cowait)',
    };
  }
  return null;
}

function emulationNote(f: VerdictFacts): string {
  const m = f.platform?.machine;
  return m?.emulated && m.native === 'arm64' ? `; this process is ${m.process} emulated on ARM64: install the win32-arm64 VSIX` : '';
}

/** A folder next to the one in use, for the advice. */
export function siblingFolder(folder: string): string {
  const trimmed = folder.replace(/[\\/]+$/, '');
  return /[\\/]/.test(trimmed) ? `${trimmed}-2` : 'another folder';
}

function isVersion(v: string): boolean {
  return /^\d+(\.\d+){1,3}$/.test(v);
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** An engine's error text often ends with the address too: said once is enough. */
function withoutUrl(error: string, url: string): string {
  return error.endsWith(` (${url})`) ? error.slice(0, -(url.length + 3)) : error;
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : url;
  } catch {
    return url;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The HRESULT (0x%08X) in an error, from its typed data or its message. */
export function failureFromError(site: string, err: { message?: string; data?: unknown }, userDataFolder?: string): FailureFact {
  const data = err.data as { code?: unknown } | undefined;
  const fromData = typeof data?.code === 'string' ? data.code : null;
  const fromMessage = /\b0x[0-9a-fA-F]{8}\b/.exec(err.message ?? '')?.[0] ?? null;
  const code = (fromData ?? fromMessage)?.toUpperCase().replace(/^0X/, '0x') ?? null;
  return { site, code, message: err.message ?? String(err), ...(userDataFolder ? { userDataFolder } : {}) };
}
