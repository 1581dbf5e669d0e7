// Win32 failures with the reason Windows gives: GetLastError read right after the failed call,
// with the system's text for it (FormatMessageW), e.g. "CreateWindowExW failed for a browser window:
// error 1407 (Cannot find window class.)".
import { loadWin32 } from './ffi/win32';
import { ErrorCodes } from '../protocol';
import { HelperError } from '../helper/errors';

const FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;
const FORMAT_MESSAGE_IGNORE_INSERTS = 0x200;

/** GetLastError now: call it before anything else can overwrite it. */
export function lastError(): number {
  return loadWin32().GetLastError() as number;
}

/** "error N (the system's text)", or "error N" when the system has none. */
export function describeWin32Error(code: number): string {
  const buffer = Buffer.alloc(1024);
  const n = loadWin32().FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, null, code, 0, buffer, 512, null) as number;
  const text = n > 0 ? buffer.toString('utf16le', 0, n * 2).replace(/\s+$/, '') : '';
  return text ? `error ${code} (${text})` : `error ${code}`;
}

/** The error for a failed Win32 call: `what` says which, the code says why. */
export function win32Failure(what: string, code: number): HelperError {
  return new HelperError(`${what} failed: ${describeWin32Error(code)}`, ErrorCodes.internal);
}
