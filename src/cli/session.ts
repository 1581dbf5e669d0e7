// What every CLI command shares: a helper client on this runtime, flags read into settings, and
// the helper's reports printed as they come.
import { Limits } from '../limits';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelperClient } from '../client/helperClient';
import { DEFAULTS, MINIMUMS } from '../settings';
import { formatHazard, formatNavigation, formatOpened, formatRecovered, formatStall, formatTitle, formatWait } from '../client/format';
import { printable } from '../printable';
import { screenshotFileName } from '../screenshotName';
import { checkProxyUrl, ProxyUrlError } from '../network/proxyUrl';
import { checkTrustedHosts, TrustedHostError } from '../network/trustedHosts';
import { FOLDER_TIME_LIMIT_MS, FolderRefusal, tightenFolder } from '../helper/prepareFolder';
import { within } from '../timers';
import {
  Notifications, Requests,
  type CreateEnvironmentParams, type CreateWindowParams, type HelperSettings, type NavigationCompletedEvent, type WindowInfo,
} from '../protocol';

export interface CommonFlags {
  strategy?: string;
  'browser-folder'?: string;
  loader?: string;
  'user-data-folder'?: string;
  'stall-ms'?: string;
  'deadline-ms'?: string;
  verbose?: boolean;
  json?: boolean;
  'trust-host'?: string[];
  proxy?: string;
}

export const COMMON_OPTIONS = {
  strategy: { type: 'string' },
  'browser-folder': { type: 'string' },
  loader: { type: 'string' },
  'user-data-folder': { type: 'string' },
  'stall-ms': { type: 'string' },
  'deadline-ms': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  'trust-host': { type: 'string', multiple: true },
  proxy: { type: 'string' },
} as const;

export class UsageError extends Error {}

export function settingsFrom(flags: CommonFlags): HelperSettings {
  const strategy = flags.strategy ?? DEFAULTS.waitStrategy;
  if (strategy !== 'cowait' && strategy !== 'pump') throw new UsageError(`--strategy must be cowait or pump, not "${strategy}"`);
  let trustedCertificateHosts: string[];
  try {
    trustedCertificateHosts = checkTrustedHosts(flags['trust-host'] ?? []);
  } catch (err) {
    if (err instanceof TrustedHostError) throw new UsageError(`--trust-host: ${err.message}`);
    throw err;
  }
  return {
    strategy,
    stallThresholdMs: numberFlag('stall-ms', flags['stall-ms'], DEFAULTS.stallThresholdMs),
    waitDeadlineMs: numberFlag('deadline-ms', flags['deadline-ms'], DEFAULTS.waitDeadlineMs),
    trustedCertificateHosts,
  };
}

/** The environment the flags ask for: its profile folder and its proxy. */
export function environmentFrom(flags: CommonFlags): CreateEnvironmentParams {
  const proxy = flags.proxy === undefined ? undefined : proxyFrom(flags.proxy);
  return { userDataFolder: flags['user-data-folder'] ?? defaultUserDataFolder(), ...(proxy ? { proxy } : {}) };
}

/**
 * Every numeric flag with its unit and range, checked in one place (checkFlags) before a command
 * starts. --for ends up in a timer: Node's timers hold at most 2^31-1 ms, and a longer one fires
 * at once, so the range stops below that.
 */
export const NUMERIC_FLAGS: Record<string, { unit: string; min: number; max: number; whole: boolean }> = {
  for: { unit: 'seconds', min: 0.001, max: 2_147_483, whole: false },
  width: { unit: 'pixels', min: 100, max: 8192, whole: true },
  height: { unit: 'pixels', min: 100, max: 8192, whole: true },
  windows: { unit: 'windows', min: 1, max: 50, whole: true },
  'wait-ms': { unit: 'ms', min: 0, max: 60_000, whole: true },
  'stall-ms': { unit: 'ms', min: MINIMUMS.stallThresholdMs, max: Limits.stallThresholdMs.max, whole: true },
  'deadline-ms': { unit: 'ms', min: MINIMUMS.waitDeadlineMs, max: Limits.waitDeadlineMs.max, whole: true },
};

function rangeOf(name: string): string {
  const f = NUMERIC_FLAGS[name];
  return `${f.whole ? 'a whole number of ' : ''}${f.unit} from ${f.min} to ${f.max}`;
}

/** A numeric flag's value, or `fallback` when it was not given; anything else is a one-line usage error. */
export function numberFlag(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const f = NUMERIC_FLAGS[name];
  // Plain decimals only: Number() would also take "1e400" (Infinity), "0x10" and " ".
  const n = (f.whole ? /^\d+$/ : /^(\d+(\.\d*)?|\.\d+)$/).test(text) ? Number(text) : NaN;
  if (!(n >= f.min && n <= f.max)) throw new UsageError(`--${name} takes ${rangeOf(name)}, not "${text}"`);
  return n;
}

/**
 * Lets a negative number reach the range check: parseArgs reads "--for -1" as a missing value
 * ("ambiguous option"), so a numeric flag followed by a dash word becomes "--for=-1". A numeric
 * flag with no value at all is refused here, with its range.
 */
export function joinNumericValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { out.push(...argv.slice(i)); break; }
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    if (!Object.hasOwn(NUMERIC_FLAGS, name)) { out.push(arg); continue; }
    if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value: ${rangeOf(name)}`);
    if (argv[i + 1].startsWith('-')) out.push(`${arg}=${argv[++i]}`);
    else out.push(arg);
  }
  return out;
}

/** The proxy flag as the helper takes it; a word that is neither scheme://host nor host:port is refused. */
export function proxyFrom(text: string): string {
  const raw = text.trim();
  // checkProxyUrl reads a bare word as http://word:80; on a command line that is a typo, not a proxy.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !/:\d+\/?$/.test(raw)) {
    throw new UsageError(`--proxy takes scheme://host:port or host:port (e.g. http://127.0.0.1:8080), not "${text}"`);
  }
  try {
    return checkProxyUrl(raw);
  } catch (err) {
    if (err instanceof ProxyUrlError) throw new UsageError(`--proxy: ${err.message}`);
    throw err;
  }
}

/** Every flag whose value can be wrong, checked before anything starts (a virtual display included). */
export function checkFlags(flags: CommonFlags & Record<string, unknown>): void {
  for (const name of Object.keys(NUMERIC_FLAGS)) {
    const value = flags[name];
    if (typeof value === 'string') numberFlag(name, value, 0);
  }
  settingsFrom(flags);
  if (flags.proxy !== undefined) proxyFrom(flags.proxy);
}

/**
 * A profile folder that group or others can write is made 0700 before the helper uses it, and said
 * on stderr (the helper does the same, but a quiet command would not show its log). A folder that
 * is not ours is refused (FolderRefusal, exit 1); any other trouble is the helper's to report.
 */
export async function secureProfileFolder(folder: string): Promise<void> {
  try {
    const note = await within(tightenFolder(folder, 'profile folder', 0o700), FOLDER_TIME_LIMIT_MS);
    if (note) say(`warning: ${note}`);
  } catch (err) {
    if (err instanceof FolderRefusal) throw err;
  }
}

/** Where the CLI keeps its browser profile unless told otherwise. */
export function defaultUserDataFolder(): string {
  const base = process.platform === 'win32'
    ? process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local')
    : process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'webview2-host', 'cli-profile');
}

export function timestamp(): string {
  return new Date().toISOString().slice(11, 23);
}

/** Diagnostics go to stderr, so that stdout carries only a command's result. */
/** How lines reach people: a command that serves local files shows their paths, not its URLs. */
let present: (line: string) => string = (line) => line;
export function presentLinesWith(rewrite: (line: string) => string): void {
  present = rewrite;
}

/** One line on stderr, whatever a page put into it (a title, an address): control characters escaped. */
export function say(line: string): void {
  process.stderr.write(`${timestamp()} ${printable(present(line))}\n`);
}

export function createClient(flags: CommonFlags, quiet = false, more: Partial<HelperSettings> = {}): HelperClient {
  const settings = { ...settingsFrom(flags), ...more };
  const client = new HelperClient({
    helperPath: path.join(__dirname, 'helper.js'),
    settings: () => settings,
    loaderPath: () => flags.loader,
    browserFolder: () => flags['browser-folder'],
    log: (level, message) => {
      if (level === 'debug' || level === 'trace') { if (flags.verbose) say(message); return; }
      if (!quiet || level === 'error' || level === 'warn') say(`${level}: ${message}`);
    },
  });
  if (!quiet) {
    client.onNotification(Notifications.waitCompleted, (w) => say(formatWait(w)));
    client.onNotification(Notifications.navigationCompleted, (e) => say(formatNavigation(e)));
    client.onNotification(Notifications.titleChanged, (e) => say(formatTitle(e)));
    client.onNotification(Notifications.windowClosed, (e) => say(`window ${e.windowId} closed (${e.reason === 'page' ? 'by its page' : e.reason})`));
    client.onNotification(Notifications.windowOpened, (e) => say(formatOpened(e)));
    client.onNotification(Notifications.processFailed, (e) => say(`window ${e.windowId} ${e.kind}`));
    client.onNotification(Notifications.log, (e) => say(`${e.level}: ${e.message}`));
  }
  client.onNotification(Notifications.stall, (s) => say(formatStall(s)));
  client.onNotification(Notifications.recovered, (r) => say(formatRecovered(r)));
  client.onNotification(Notifications.hazard, (h) => say(formatHazard(h)));
  return client;
}

/** The windows' own screenshot button or key (for the commands that keep windows open for a
 *  person: open, demo): a PNG in the current folder, its path on stderr. */
export function saveScreenshotsOnRequest(client: HelperClient): void {
  client.onNotification(Notifications.screenshotRequested, (e) => {
    client.request(Requests.screenshot, { windowId: e.windowId, path: path.resolve(screenshotFileName(e.windowId)) })
      .then((shot) => say(`window ${e.windowId}: screenshot saved to ${shot.path} (${shot.width}x${shot.height})`),
        (err: Error) => say(`error: window ${e.windowId}: the screenshot was not saved: ${err.message}`));
  });
}

/**
 * Opens a window and resolves when its first navigation finishes (successfully or not).
 * Listens before asking, so that a fast load cannot slip past. With `beforeLoad` the window opens
 * blank, that runs, and then the window navigates.
 */
export async function openAndLoad(
  client: HelperClient, params: CreateWindowParams, deadlineMs: number, beforeLoad?: (windowId: number) => Promise<void>,
): Promise<{ window: WindowInfo; navigation: NavigationCompletedEvent; ms: number }> {
  const seen: NavigationCompletedEvent[] = [];
  let wake: () => void = () => undefined;
  const off = client.onNotification(Notifications.navigationCompleted, (e) => { seen.push(e); wake(); });
  const began = performance.now();
  try {
    const window = await client.request(Requests.createWindow, beforeLoad ? { ...params, url: undefined } : params);
    if (beforeLoad && params.url) {
      await beforeLoad(window.windowId);
      await client.request(Requests.navigate, { windowId: window.windowId, url: params.url });
    }
    const navigation = await new Promise<NavigationCompletedEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`window ${window.windowId} did not finish loading within ${deadlineMs} ms`)), deadlineMs);
      wake = () => {
        const e = seen.find((n) => n.windowId === window.windowId);
        if (e) { clearTimeout(timer); resolve(e); }
      };
      wake();
    });
    return { window, navigation, ms: performance.now() - began };
  } finally {
    off();
  }
}
