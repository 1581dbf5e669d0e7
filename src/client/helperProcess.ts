// The helper as a child process: how it ended, how its pipes are let go, how to wait for its end,
// and whether an error means its connection was lost.
import type { ChildProcess } from 'node:child_process';
import { ConnectionError, ErrorCodes as RpcErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { within } from '../timers';

/** How a helper process ended, completing "The helper ...". */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * Stops reading a helper that has exited. Its output pipes can outlive it: a process it started
 * may hold their write ends (Wine's desktop process gets the stderr of the process that first
 * opened a window), and a parent that waits for their end would never exit. What is still in the
 * pipes is read for a moment first.
 */
export function releaseOutputOf(child: ChildProcess): void {
  setTimeout(() => {
    child.stdout?.destroy();
    child.stderr?.destroy();
    if (child.connected) child.disconnect();
  }, 100).unref();
}

/** The connection ended under a request (the helper exited or was killed), told by the error's class and code. */
export function isConnectionLoss(err: unknown): boolean {
  if (err instanceof ResponseError) return err.code === RpcErrorCodes.PendingResponseRejected || err.code === RpcErrorCodes.ConnectionInactive;
  return err instanceof ConnectionError;
}

export async function exitOf(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await within(new Promise<void>((resolve) => child.once('exit', () => resolve())), timeoutMs);
}
