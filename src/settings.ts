// The extension's settings as typed values, parsed from whatever the configuration holds.
// Kept free of the vscode module so that it can be tested anywhere.
import type { HelperSettings } from './protocol';
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
} as const;

/** The lowest values the numeric settings take (package.json's `minimum`; the CLI refuses less). */
export const MINIMUMS = {
  stallThresholdMs: 100,
  waitDeadlineMs: 500,
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
      stallThresholdMs: atLeast(c.get<unknown>('stallThresholdMs', DEFAULTS.stallThresholdMs), MINIMUMS.stallThresholdMs),
      waitDeadlineMs: atLeast(c.get<unknown>('waitDeadlineMs', DEFAULTS.waitDeadlineMs), MINIMUMS.waitDeadlineMs),
      devTools: c.get<unknown>('devTools', DEFAULTS.devTools) !== false,
      trustedCertificateHosts,
    },
    reloadOnSave: reloadOnSave(c.get<unknown>('reloadOnSave', DEFAULTS.reloadOnSave)),
    userDataFolder: text(c.get<unknown>('userDataFolder', DEFAULTS.userDataFolder)) || defaultProfile,
    browserFolder: text(c.get<unknown>('browserFolder', DEFAULTS.browserFolder)) || undefined,
    loaderPath: text(c.get<unknown>('loaderPath', DEFAULTS.loaderPath)) || undefined,
    revealCookieValues: c.get<unknown>('revealCookieValues', DEFAULTS.revealCookieValues) === true,
    proxy,
    problems,
  };
}

function atLeast(value: unknown, min: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(min, Math.round(value)) : min;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The setting's value, anything unknown read as the default. */
function reloadOnSave(value: unknown): ReloadOnSave {
  return value === 'off' || value === 'page' || value === 'workspace' ? value : DEFAULTS.reloadOnSave;
}
