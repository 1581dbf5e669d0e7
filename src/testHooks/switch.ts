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
