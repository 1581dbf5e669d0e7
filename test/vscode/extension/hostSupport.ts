// What the extension-host tests share: the extension's state through the test hooks' state
// command, and waiting for a condition the extension reaches on its own.
import * as vscode from 'vscode';
import type { TestState } from '../../../src/testHooks/extension';

/** The extension as a test sees it. */
export function state(): Promise<TestState> {
  return Promise.resolve(vscode.commands.executeCommand<TestState>('webview2Host.debug.state'));
}

/** Polls `probe` until it gives a value (the extension host offers no event for these states). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
