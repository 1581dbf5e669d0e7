// What every CLI command shares: a helper client on this runtime, flags read into settings, and
// the helper's reports printed as they come.
import { Limits } from '../limits';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelperClient } from '../client/helperClient';
import { DEFAULTS, MINIMUMS } from '../settings';
import { formatHazard, formatNavigation, formatRecovered, formatStall, formatWait } from '../client/format';
import { checkProxyUrl, ProxyUrlError } from '../network/proxyUrl';
import { checkTrustedHosts, TrustedHostError } from '../network/trustedHosts';
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
    stallThresholdMs: milliseconds('stall-ms', flags['stall-ms'], DEFAULTS.stallThresholdMs, MINIMUMS.stallThresholdMs),
    waitDeadlineMs: milliseconds('deadline-ms', flags['deadline-ms'], DEFAULTS.waitDeadlineMs, MINIMUMS.waitDeadlineMs),
    trustedCertificateHosts,
  };
}

/** The environment the flags ask for: its profile folder and its proxy. */
export function environmentFrom(flags: CommonFlags): CreateEnvironmentParams {
  let proxy: string | undefined;
  if (flags.proxy !== undefined) {
    try {
      proxy = checkProxyUrl(flags.proxy);
    } catch (err) {
      if (err instanceof ProxyUrlError) throw new UsageError(`--proxy: ${err.message}`);
      throw err;
    }
  }
  return { userDataFolder: flags['user-data-folder'] ?? defaultUserDataFolder(), ...(proxy ? { proxy } : {}) };
}

/** A flag in milliseconds, with the setting's default and minimum (settings.ts). */
function milliseconds(name: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number of milliseconds`);
  if (n < minimum) throw new UsageError(`--${name} must be at least ${minimum} ms, not ${n}`);
  const maximum = Limits.waitDeadlineMs.max;
  if (n > maximum) throw new UsageError(`--${name} must be at most ${maximum} ms, not ${n}`);
  return n;
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
export function say(line: string): void {
  process.stderr.write(`${timestamp()} ${line}\n`);
}

export function createClient(flags: CommonFlags, quiet = false): HelperClient {
  const settings = settingsFrom(flags);
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
    client.onNotification(Notifications.titleChanged, (e) => say(`window ${e.windowId} title "${e.title}"`));
    client.onNotification(Notifications.windowClosed, (e) => say(`window ${e.windowId} closed (${e.reason})`));
    client.onNotification(Notifications.processFailed, (e) => say(`window ${e.windowId} ${e.kind}`));
    client.onNotification(Notifications.log, (e) => say(`${e.level}: ${e.message}`));
  }
  client.onNotification(Notifications.stall, (s) => say(formatStall(s)));
  client.onNotification(Notifications.recovered, (r) => say(formatRecovered(r)));
  client.onNotification(Notifications.hazard, (h) => say(formatHazard(h)));
  return client;
}

/**
 * Opens a window and resolves when its first navigation finishes (successfully or not).
 * Listens before asking, so that a fast load cannot slip past.
 */
export async function openAndLoad(
  client: HelperClient, params: CreateWindowParams, deadlineMs: number,
): Promise<{ window: WindowInfo; navigation: NavigationCompletedEvent; ms: number }> {
  const seen: NavigationCompletedEvent[] = [];
  let wake: () => void = () => undefined;
  const off = client.onNotification(Notifications.navigationCompleted, (e) => { seen.push(e); wake(); });
  const began = performance.now();
  try {
    const window = await client.request(Requests.createWindow, params);
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
