// The page as a PDF, on Windows: ICoreWebView2_7::PrintToPdf with the default print settings,
// waited for like every completion; its handler's Invoke is (HRESULT errorCode, BOOL isSuccessful).
import * as fs from 'node:fs';
import type { PdfResult } from '../protocol';
import { EngineError } from '../helper/errors';
import type { Completion } from '../helper/waits';
import { IID, Slot } from './ffi/webview2';
import { Com, ComError, E_INVALIDARG, E_NOINTERFACE, hex, Sig } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { explainHresult } from './hresult';
import type { Win32Waits } from './wait';
import type { Ptr } from './ffi/win32';


/** ICoreWebView2_7 of the web view; a runtime without it is too old, and the error says which interface is missing. */
function webView7(com: Com, webview: bigint): bigint {
  const out: [Ptr] = [null];
  const hr = com.callRaw(webview, 0, Sig.queryInterface, IID.webView2_7, out) as number;
  if (hr === E_NOINTERFACE || (hr >= 0 && !out[0])) {
    throw new EngineError('savePdf', hex(E_NOINTERFACE), 'the WebView2 Runtime is too old for Save as PDF: it has no ICoreWebView2_7 (PrintToPdf); update the runtime');
  }
  if (hr < 0) throw new EngineError('savePdf', hex(hr), `QueryInterface(ICoreWebView2_7): ${explainHresult(hr)}`);
  return out[0] as bigint;
}

/** Whether `file` is one whole PDF now (%PDF- first, %%EOF last), and its size; reads only its ends. */
function wholePdf(file: string): { whole: boolean; bytes: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return { whole: false, bytes: 0 };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size === 0) return { whole: false, bytes: 0 };
    const head = Buffer.alloc(Math.min(5, stat.size));
    const tail = Buffer.alloc(Math.min(1024, stat.size));
    fs.readSync(fd, head, 0, head.length, 0);
    fs.readSync(fd, tail, 0, tail.length, stat.size - tail.length);
    return { whole: head.toString('latin1') === '%PDF-' && /%%EOF\s*$/.test(tail.toString('latin1')), bytes: stat.size };
  } finally {
    fs.closeSync(fd);
  }
}

export function savePdf(com: Com, handlers: HandlerFactory, waits: Win32Waits, windowId: number, webview: bigint, file: string): PdfResult {
  const webview7 = webView7(com, webview);
  // A file that was there before is the caller's to overwrite; one made by a failed print is removed.
  const existed = fs.existsSync(file);
  try {
    const succeeded = waits.wait<boolean>({ site: 'savePdf', windowId }, (completion: Completion<boolean>) => {
      const handler = handlers.completion(IID.printToPdfCompleted, 'PrintToPdfCompletedHandler', (hr: number, isSuccessful: number) => {
        if (completion.abandoned) return;
        if (hr < 0) completion.reject(new EngineError('savePdf', hex(hr), `PrintToPdf: ${explainHresult(hr)}`));
        else completion.resolve(isSuccessful !== 0);
      });
      try {
        com.call(webview7, Slot.webview7.printToPdf, Sig.inStringPtrPtr, 'PrintToPdf', file, null, handler);
      } catch (err) {
        if (err instanceof ComError && err.hr === E_INVALIDARG) throw new EngineError('savePdf', hex(err.hr), `PrintToPdf refused the path ${file} (E_INVALIDARG)`);
        throw err instanceof ComError ? new EngineError('savePdf', hex(err.hr), `${err.method}: ${explainHresult(err.hr)}`) : err;
      } finally {
        com.release(handler); // the runtime holds its own reference while the print is pending
      }
    });
    if (!succeeded) throw new EngineError('savePdf', 'isSuccessful=FALSE', `the runtime could not print to ${file}`);
    const written = wholePdf(file);
    if (!written.whole) throw new EngineError('savePdf', 'incomplete', `the runtime reported success but ${file} is not a whole PDF`);
    return { path: file, bytes: written.bytes };
  } catch (err) {
    if (!existed && isFile(file)) fs.rmSync(file, { force: true });
    throw err;
  } finally {
    com.release(webview7);
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
