// The one switch for the test hooks. Each process reads it once, at its entry point (the helper's
// main.ts, the extension's activate), and hands the answer down; nothing else looks at the variable.
export const TEST_HOOKS_VARIABLE = 'WEBVIEW2_HOST_TEST_HOOKS';

export function testHooksEnabled(env: NodeJS.ProcessEnv): boolean {
  return env[TEST_HOOKS_VARIABLE] === '1';
}

/** The environment that turns the hooks on in a helper the caller starts. */
export function testHooksEnv(enabled: boolean): NodeJS.ProcessEnv {
  return enabled ? { [TEST_HOOKS_VARIABLE]: '1' } : {};
}

/**
 * Test seams of the Windows backend, read with the switch and only when it is on:
 *   WEBVIEW2_HOST_TEST_APARTMENT=mta           the UI thread joins the multithreaded apartment
 *                                              before it asks for an STA, as a thread some other
 *                                              code initialised first would (RPC_E_CHANGED_MODE);
 *   WEBVIEW2_HOST_TEST_NATIVE_MACHINE=arm64    the machine IsWow64Process2 reports as native, as on
 *                                              an ARM64 machine running x64 code emulated;
 *   WEBVIEW2_HOST_TEST_COWAIT=strict           the cowait strategy calls a CoWaitForMultipleHandles
 *                                              that honours its flags as Windows 8+ does
 *                                              (strictCoWait.ts) instead of ole32's (Wine's).
 */
export interface PlatformSeams {
  apartment?: 'mta';
  nativeMachine?: string;
  coWait?: 'strict';
}

export function platformSeams(env: NodeJS.ProcessEnv, enabled: boolean): PlatformSeams {
  if (!enabled) return {};
  return {
    apartment: env.WEBVIEW2_HOST_TEST_APARTMENT === 'mta' ? 'mta' : undefined,
    nativeMachine: env.WEBVIEW2_HOST_TEST_NATIVE_MACHINE || undefined,
    coWait: env.WEBVIEW2_HOST_TEST_COWAIT === 'strict' ? 'strict' : undefined,
  };
}
