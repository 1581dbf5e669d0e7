// HRESULTs a user may meet, in plain language (the WebView2 documentation's meanings).
import { EngineError } from '../helper/errors';
import { ComError, hex } from './ffi/com';

const INSTALL = 'Install the WebView2 Runtime (Evergreen) from https://go.microsoft.com/fwlink/p/?LinkId=2124703, or set webview2Host.browserFolder (CLI: --browser-folder) to a fixed-version runtime folder.';

const MEANINGS: Record<number, string> = {
  0x80070002: `No WebView2 Runtime is installed. ${INSTALL}`,
  0x8007064e: `The WebView2 Runtime was uninstalled. ${INSTALL}`,
  0x8007139f: 'The user data folder is already in use by another WebView2 environment with different options; close that one or choose another folder (retrying will not help).',
  0x80070005: 'The user data folder cannot be created or written (access denied).',
  0x80070050: 'The user data folder path names a file, not a folder.',
  0x80070070: 'Too many WebView2 Runtime versions are held by running apps (COREWEBVIEW2_MAX_INSTANCES); close other WebView2 apps.',
  0x80004004: 'The parent window was destroyed while the browser was being created.',
  0x80004005: 'The WebView2 Runtime failed to start.',
  0x80004002: 'The WebView2 Runtime is too old for an interface this extension needs; update it.',
  0x800401f0: 'COM was not initialized on the UI thread (CoInitializeEx was not called).',
  0x80010106: 'The UI thread is in a multithreaded apartment; WebView2 needs a single-threaded one.',
  0x8007046b: 'The runtime detected a synchronous re-entry and refused it (possible deadlock).',
  0x80010115: 'A wait timed out (RPC_S_CALLPENDING).',
  0x8007007e: `The WebView2 Runtime library could not be loaded. ${INSTALL}`,
};

export function explainHresult(hr: number): string {
  return MEANINGS[hr >>> 0] ?? `The WebView2 Runtime reported ${hex(hr)}.`;
}

export const HR_FILE_NOT_FOUND = 0x80070002 | 0;
export const HR_MOD_NOT_FOUND = 0x8007007e | 0;

/** A failed COM call as the engine error the client sees, with the HRESULT explained. */
export function asEngineError(site: string, err: unknown): Error {
  if (err instanceof ComError) return new EngineError(site, hex(err.hr), `${err.method}: ${explainHresult(err.hr)}`);
  return err as Error;
}
