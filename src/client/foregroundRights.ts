// Lending the helper our right to bring a window to the front (Windows). Windows lets only the
// foreground process, or one it allows, call SetForegroundWindow; the helper is a background
// process, so its focus request would only flash the taskbar button. The documented remedy is
// AllowSetForegroundWindow, called by the process that has the right (VS Code's side or the CLI's
// terminal session) with the helper's pid, just before asking the helper to activate a window.
// koffi is loaded only on Windows and only when a window is to come to the front.
import { Requests } from '../protocol';

/** The requests after which the helper activates a window: a new one, or one brought to the front. */
const ACTIVATING = new Set<string>([Requests.focus.method, Requests.createWindow.method]);

export type AllowSetForegroundWindow = (pid: number) => number;
type Log = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;

let bound: AllowSetForegroundWindow | null | undefined;
/** user32's AllowSetForegroundWindow, or null off Windows (or where it cannot be bound). */
export function user32Allow(): AllowSetForegroundWindow | null {
  if (bound !== undefined) return bound;
  bound = null;
  if (process.platform !== 'win32') return bound;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const koffi = require('koffi') as typeof import('koffi');
    bound = koffi.load('user32.dll').func('int __stdcall AllowSetForegroundWindow(uint pid)') as AllowSetForegroundWindow;
  } catch {
    // no koffi for this platform: the window may only flash in the taskbar
  }
  return bound;
}

/**
 * Before a request that activates a window, lets the helper take the foreground. Refused when this
 * process has no right to lend (it is not in the foreground either): said in the log, not an error.
 */
export function lendForeground(method: string, helperPid: number | undefined, log: Log, allow = user32Allow()): boolean {
  if (!ACTIVATING.has(method) || !helperPid || !allow) return false;
  if (allow(helperPid)) return true;
  log('debug', `AllowSetForegroundWindow(${helperPid}) was refused: this process may not take the foreground itself, so the window may only flash in the taskbar`);
  return false;
}
