// The extension's settings as typed values, parsed from whatever the configuration holds.
// Kept free of the vscode module so that it can be tested anywhere.
import type { HelperSettings } from './protocol';
import { checkProxyUrl } from './network/proxyUrl';
import { checkTrustedHost } from './network/trustedHosts';

export interface Config {
  helper: HelperSettings;
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

/** Settings as typed values, with out-of-range numbers clamped and an unknown strategy read as the default. */
export function parseConfig(get: Getter, defaultProfile: string): Config {
  const c = { get };
  const strategy = c.get<string>('waitStrategy', 'cowait');
  const problems: string[] = [];
  const hosts = c.get<unknown>('trustedCertificateHosts', []);
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
  const proxyText = text(c.get<unknown>('proxy', ''));
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
      stallThresholdMs: atLeast(c.get<unknown>('stallThresholdMs', 2000), 100),
      waitDeadlineMs: atLeast(c.get<unknown>('waitDeadlineMs', 30000), 500),
      devTools: c.get<unknown>('devTools', true) !== false,
      trustedCertificateHosts,
    },
    userDataFolder: text(c.get<unknown>('userDataFolder', '')) || defaultProfile,
    browserFolder: text(c.get<unknown>('browserFolder', '')) || undefined,
    loaderPath: text(c.get<unknown>('loaderPath', '')) || undefined,
    revealCookieValues: c.get<unknown>('revealCookieValues', false) === true,
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
