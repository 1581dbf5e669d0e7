// The extension's settings as typed values, parsed from whatever the configuration holds.
// Kept free of the vscode module so that it can be tested anywhere.
import * as os from 'node:os';
import * as path from 'node:path';
import { POPUP_MODES, type HelperSettings, type PopupMode } from './protocol';
import { Limits } from './limits';
import { checkProxyUrl } from './network/proxyUrl';
import { checkTrustedHost } from './network/trustedHosts';

/** Which saves reload a preview window: none, its page, or its page and every workspace file it loaded. */
export type ReloadOnSave = 'off' | 'page' | 'workspace';

export interface Config {
  helper: HelperSettings;
  reloadOnSave: ReloadOnSave;
  /** Where environments keep their profiles. */
  userDataFolder: string;
  browserFolder: string | undefined;
  loaderPath: string | undefined;
  revealCookieValues: boolean;
  /** Windows open at the last shutdown of the workspace come back at the next start. */
  restoreWindows: boolean;
  /** The environment's proxy (scheme://host:port), or undefined for none. */
  proxy: string | undefined;
  /** Setting values that were not used, each with the reason, for the log. */
  problems: string[];
}

export type Getter = <T>(key: string, fallback: T) => T;

/**
 * Every setting's default, in the one place they are written: package.json contributes the same
 * values (a unit test compares them), and the CLI's flags and the helper start from them.
 */
export const DEFAULTS = {
  waitStrategy: 'cowait',
  stallThresholdMs: 2000,
  waitDeadlineMs: 30000,
  userDataFolder: '',
  browserFolder: '',
  loaderPath: '',
  revealCookieValues: false,
  devTools: true,
  trustedCertificateHosts: [] as readonly string[],
  proxy: '',
  reloadOnSave: 'workspace',
  /** Read by the language model tools (src/extension/agents/lmTools.ts), not part of Config. */
  'agents.revealCookieValues': false,
  showChrome: true,
  restoreWindows: true,
  /** Where a page's popups go: a browser window of ours, or the system browser. */
  popups: 'window' as PopupMode,
} as const;

/**
 * How long a window whose dev server is not up yet (a refused loopback address) waits for it,
 * showing so, before it shows the error page: the extension's windows and the CLI's `open`.
 */
export const WAIT_FOR_SERVER_MS = 60_000;

/** The lowest values the numeric settings take (package.json's `minimum`; the CLI refuses less). */
export const MINIMUMS = {
  stallThresholdMs: Limits.stallThresholdMs.min,
  waitDeadlineMs: Limits.waitDeadlineMs.min,
} as const;

/** The helper's settings before anybody configured it. */
export const DEFAULT_HELPER_SETTINGS: HelperSettings = {
  strategy: DEFAULTS.waitStrategy,
  stallThresholdMs: DEFAULTS.stallThresholdMs,
  waitDeadlineMs: DEFAULTS.waitDeadlineMs,
};

/** Settings as typed values, with out-of-range numbers clamped and an unknown strategy read as the default. */
export function parseConfig(get: Getter, defaultProfile: string): Config {
  const c = { get };
  const strategy = c.get<string>('waitStrategy', DEFAULTS.waitStrategy);
  const problems: string[] = [];
  const hosts = c.get<unknown>('trustedCertificateHosts', DEFAULTS.trustedCertificateHosts);
  const trustedCertificateHosts: string[] = [];
  for (const entry of Array.isArray(hosts) ? hosts : [hosts]) {
    try {
      const host = checkTrustedHost(entry);
      if (!trustedCertificateHosts.includes(host)) trustedCertificateHosts.push(host);
    } catch (err) {
      problems.push(`webview2Host.trustedCertificateHosts: ${(err as Error).message}; that entry is not used`);
    }
  }
  let proxy: string | undefined;
  const proxyText = text(c.get<unknown>('proxy', DEFAULTS.proxy));
  if (proxyText) {
    try {
      proxy = checkProxyUrl(proxyText);
    } catch (err) {
      problems.push(`webview2Host.proxy: ${(err as Error).message}; no proxy is used`);
    }
  }
  return {
    helper: {
      strategy: strategy === 'pump' ? 'pump' : 'cowait',
      stallThresholdMs: clampedTo(c.get<unknown>('stallThresholdMs', DEFAULTS.stallThresholdMs), Limits.stallThresholdMs),
      waitDeadlineMs: clampedTo(c.get<unknown>('waitDeadlineMs', DEFAULTS.waitDeadlineMs), Limits.waitDeadlineMs),
      devTools: c.get<unknown>('devTools', DEFAULTS.devTools) !== false,
      showChrome: c.get<unknown>('showChrome', DEFAULTS.showChrome) !== false,
      popups: popupMode(c.get<unknown>('popups', DEFAULTS.popups)),
      trustedCertificateHosts,
      waitForServerMs: WAIT_FOR_SERVER_MS,
    },
    reloadOnSave: reloadOnSave(c.get<unknown>('reloadOnSave', DEFAULTS.reloadOnSave)),
    userDataFolder: folder(c.get<unknown>('userDataFolder', DEFAULTS.userDataFolder)) ?? defaultProfile,
    browserFolder: folder(c.get<unknown>('browserFolder', DEFAULTS.browserFolder)),
    loaderPath: folder(c.get<unknown>('loaderPath', DEFAULTS.loaderPath)),
    revealCookieValues: c.get<unknown>('revealCookieValues', DEFAULTS.revealCookieValues) === true,
    restoreWindows: c.get<unknown>('restoreWindows', DEFAULTS.restoreWindows) !== false,
    proxy,
    problems,
  };
}

/** A number setting clamped into the range the helper accepts (limits.ts). */
function clampedTo(value: unknown, range: { min: number; max: number }): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(range.max, Math.max(range.min, Math.round(value))) : range.min;
}

/** A path setting made absolute, as the helper takes it: "~" and relative paths start at the home folder. */
function folder(value: unknown): string | undefined {
  const t = text(value);
  if (!t) return undefined;
  if (path.isAbsolute(t) || path.win32.isAbsolute(t)) return t;
  const expanded = t === '~' || t.startsWith('~/') ? path.join(os.homedir(), t.slice(1)) : t;
  return path.resolve(os.homedir(), expanded);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The popups setting's value, anything unknown read as the default. */
function popupMode(value: unknown): PopupMode {
  return (POPUP_MODES as readonly unknown[]).includes(value) ? value as PopupMode : DEFAULTS.popups;
}

/** The setting's value, anything unknown read as the default. */
function reloadOnSave(value: unknown): ReloadOnSave {
  return value === 'off' || value === 'page' || value === 'workspace' ? value : DEFAULTS.reloadOnSave;
}
