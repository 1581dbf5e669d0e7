// Preloaded into a CLI run (node --require this file, with WEBVIEW2_HOST_EXIT_PROBE naming a file):
// notes every timer that fires after a child process of the CLI (its helper) has exited while it
// still held the event loop (not unref'd), with where it was set, and writes them as JSON to that
// file as the process exits. Once its helper is gone a command has nothing left to wait for, so
// such a timer kept the process alive after its work (a stray stop timer once kept every command
// 3 s). A positive account of what the process waited for, instead of a bound on how long it took.
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';

export interface ExitProbeReport {
  /** When the last child process exited (epoch ms), or null if none did. */
  childExitedAt: number | null;
  /** Timers that fired after that, each with its delay and the frames that set it. */
  late: { delayMs: number; setAt: string }[];
}

export const EXIT_PROBE_ENV = 'WEBVIEW2_HOST_EXIT_PROBE';

const file = process.env[EXIT_PROBE_ENV];
if (file) {
  const report: ExitProbeReport = { childExitedAt: null, late: [] };
  const emit = childProcess.ChildProcess.prototype.emit as (this: childProcess.ChildProcess, event: string | symbol, ...args: unknown[]) => boolean;
  childProcess.ChildProcess.prototype.emit = function (this: childProcess.ChildProcess, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'exit') report.childExitedAt = Date.now();
    return emit.call(this, event, ...args);
  };
  const watched = <T extends typeof setTimeout | typeof setInterval>(original: T): T => Object.assign(
    (callback: (...a: unknown[]) => void, delayMs?: number, ...rest: unknown[]) => {
      const setAt = (new Error().stack ?? '').split('\n').slice(2, 5).map((l) => l.trim()).join(' < ');
      // Only a timer that holds the event loop (not unref'd) keeps the process alive.
      const timer: NodeJS.Timeout = (original as typeof setTimeout)((...a: unknown[]) => {
        if (report.childExitedAt !== null && timer.hasRef()) report.late.push({ delayMs: delayMs ?? 0, setAt });
        callback(...a);
      }, delayMs, ...rest);
      return timer;
    }, original);
  global.setTimeout = watched(setTimeout);
  global.setInterval = watched(setInterval);
  process.on('exit', () => fs.writeFileSync(file, JSON.stringify(report)));
}
