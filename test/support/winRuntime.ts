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

/**
 * After Wine's desktop process (explorer.exe) is killed: the desktop window outlives it, and with
 * it winex11's "__wine_x11_clip_window" property, the id of an X window that died with the process.
 * Every window move begins with ClipCursor(NULL), which unmaps that window: Wine takes the X error
 * (BadWindow) as fatal and ends the process that moved a window. Without the property winex11
 * makes no X call there. Windows has no such property; this does nothing there.
 */
export function forgetDeadWineClipWindow(): void {
  if (!isWine()) return;
  const user32 = koffi.load('user32.dll');
  const GetDesktopWindow = user32.func('void * __stdcall GetDesktopWindow()');
  const RemovePropW = user32.func('void * __stdcall RemovePropW(void *hwnd, const char16_t *name)');
  RemovePropW(GetDesktopWindow(), '__wine_x11_clip_window');
}

/** A helper on the test runtime (with a delivery mode) or, on real Windows, on the installed runtime. */
export function windowsHarness(settings: Partial<HelperSettings> = {}, delivery = 'send'): Harness {
  return new Harness(settings, { WEBVIEW2_TEST_DELIVERY: delivery }, { browserFolder: TEST_RUNTIME });
}

/** The test runtime's cookie store format (see native/test-runtime/runtime.c). */
export function cookieFile(rows: [string, string, string, string, number, boolean, boolean, number][]): string {
  return rows.map((r) => r.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)).join('\t')).join('\n') + '\n';
}
