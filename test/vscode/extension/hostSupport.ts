// What the extension-host tests share: the extension's state through the test hooks' state
// command, and waiting for a condition the extension reaches on its own.
import * as vscode from 'vscode';
import type { TestState } from '../../../src/testHooks/extension';

/** The extension as a test sees it. */
export function state(): Promise<TestState> {
  return Promise.resolve(vscode.commands.executeCommand<TestState>('webview2Host.debug.state'));
}

/** Polls `probe` until it gives a value (the extension host offers no event for these states). */
export { until } from '../../support/until';
