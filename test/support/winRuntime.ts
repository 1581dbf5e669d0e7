// The Windows suite's view of its runtime: the test runtime built from native/ (under Wine), or
// the installed Evergreen runtime (real Windows, WEBVIEW2_HOST_TEST_RUNTIME unset).
import * as koffi from 'koffi';
import type { HelperSettings } from '../../src/protocol';
import { Harness } from './harness';

export const TEST_RUNTIME = process.env.WEBVIEW2_HOST_TEST_RUNTIME;
export const TEST_RUNTIME_VERSION = process.env.WEBVIEW2_HOST_TEST_RUNTIME_VERSION ?? '';
export const TEST_LOADER = process.env.WEBVIEW2_HOST_TEST_LOADER;

/** True under Wine: ntdll exports wine_get_version there and nowhere else. */
export function isWine(): boolean {
  try {
    koffi.load('ntdll.dll').func('const char *wine_get_version()');
    return true;
  } catch {
    return false;
  }
}

/** A helper on the test runtime (with a delivery mode) or, on real Windows, on the installed runtime. */
export function windowsHarness(settings: Partial<HelperSettings> = {}, delivery = 'send'): Harness {
  return new Harness(settings, { WEBVIEW2_TEST_DELIVERY: delivery }, { browserFolder: TEST_RUNTIME });
}

/** The test runtime's cookie store format (see native/test-runtime/runtime.c). */
export function cookieFile(rows: [string, string, string, string, number, boolean, boolean, number][]): string {
  return rows.map((r) => r.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)).join('\t')).join('\n') + '\n';
}
