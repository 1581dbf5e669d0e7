// The page as a PDF, on Linux: WebKit's print operation, printing to a file with GTK's "Print to
// File" printer (no dialog), waited for with the glib strategy until "finished" or "failed".
import * as fs from 'node:fs';
import * as koffi from 'koffi';
import { pathToFileURL } from 'node:url';
import type { PdfResult } from '../protocol';
import { EngineError } from '../helper/errors';
import type { CallbackScope, Completion } from '../helper/waits';
import type { GlibWaits } from './wait';
import type { GtkWindow } from './windows';
import { Callbacks, type Ffi, OUTPUT_FILE_FORMAT, OUTPUT_URI, PRINT_TO_FILE, type Ptr, errorMessage, register } from './ffi';

/** How long after "finished" the file may take to be complete (some versions write after it). */
const SETTLE_LIMIT_MS = 1500;
const POLL_MS = 25;

interface PendingPrint {
  finished: () => void;
  failed: (code: string, message: string) => void;
  poll: () => boolean;
}

/** The print signals' and poll timer's C callbacks, registered once per backend (koffi keeps at most 8192). */
class PrintSignals {
  readonly pending = new Map<number, PendingPrint>();
  readonly finished: bigint;
  readonly failed: bigint;
  readonly poll: bigint;
  private nextToken = 1;

  constructor(readonly abi: Ffi, scope: CallbackScope) {
    const of = (data: bigint) => this.pending.get(Number(data));
    this.finished = register((_op: Ptr, data: bigint) =>
      scope.run('print finished', undefined, () => of(data)?.finished()), Callbacks.printFinished);
    this.failed = register((_op: Ptr, error: Ptr, data: bigint) => scope.run('print failed', undefined, () => {
      // The GError belongs to the emitter: read it, never free it.
      const code = error ? `GError ${koffi.decode(error, 4, 'int') as number}` : 'GError';
      of(data)?.failed(code, error ? errorMessage(error) : 'unknown error');
    }), Callbacks.printFailed);
    this.poll = register((data: bigint) =>
      scope.run('GSourceFunc savePdf', 0, () => (of(data)?.poll() ? 1 : 0)), Callbacks.sourceFunc);
  }

  token(): number {
    return this.nextToken++;
  }
}

const signalsOf = new WeakMap<GlibWaits, PrintSignals>();

function signalsFor(gtk: Ffi, waits: GlibWaits): PrintSignals {
  let s = signalsOf.get(waits);
  if (!s) {
    // The waits' own callback scope, so that a wait started from these signals is refused like any
    // other engine callback's.
    s = new PrintSignals(gtk, waits.callbacks);
    signalsOf.set(waits, s);
  }
  return s;
}

type FileState = { state: 'complete' | 'missing' | 'not-a-file' | 'empty' | 'incomplete'; bytes: number };

/** What is at `file` now: a complete PDF ends with %%EOF (and at most some white space). */
function pdfState(file: string): FileState {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return { state: 'missing', bytes: 0 };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { state: 'not-a-file', bytes: 0 };
    const bytes = stat.size;
    if (bytes === 0) return { state: 'empty', bytes };
    const tail = Buffer.alloc(Math.min(bytes, 1024));
    fs.readSync(fd, tail, 0, tail.length, bytes - tail.length);
    const head = Buffer.alloc(5);
    fs.readSync(fd, head, 0, 5, 0);
    const complete = head.toString('latin1') === '%PDF-' && /%%EOF\s*$/.test(tail.toString('latin1'));
    return { state: complete ? 'complete' : 'incomplete', bytes };
  } finally {
    fs.closeSync(fd);
  }
}

const STATE_TEXT = {
  missing: 'the printer wrote no file',
  'not-a-file': 'the path is not a file the printer could write',
  empty: 'the printer wrote an empty file',
  incomplete: 'the printer left an incomplete PDF (no %%EOF at its end)',
} as const;

export function savePdf(gtk: Ffi, waits: GlibWaits, w: GtkWindow, file: string): PdfResult {
  const signals = signalsFor(gtk, waits);
  const abi = signals.abi;
  // A file that was there before is the caller's to overwrite; one made by a failed print is removed.
  const existed = fs.existsSync(file);
  const operation = abi.webkit_print_operation_new(w.view) as bigint;
  const settings = abi.gtk_print_settings_new() as bigint;
  abi.gtk_print_settings_set_printer(settings, PRINT_TO_FILE);
  abi.gtk_print_settings_set(settings, OUTPUT_URI, pathToFileURL(file).href);
  abi.gtk_print_settings_set(settings, OUTPUT_FILE_FORMAT, 'pdf');
  abi.webkit_print_operation_set_print_settings(operation, settings);
  const token = signals.token();
  const data = BigInt(token);
  const handlers = [
    abi.g_signal_connect_data(operation, 'finished', signals.finished, data, null, 0) as number | bigint,
    abi.g_signal_connect_data(operation, 'failed', signals.failed, data, null, 0) as number | bigint,
  ];
  let pollSource = 0;
  try {
    return waits.wait<PdfResult>({ site: 'savePdf', windowId: w.id }, (completion: Completion<PdfResult>) => {
      let failed = false;
      let finishedAt = 0;
      /** Settles the wait once the file is complete or has had its time; true while it should be looked at again. */
      const settle = (): boolean => {
        const now = pdfState(file);
        if (now.state === 'complete') {
          completion.resolve({ path: file, bytes: now.bytes });
          return false;
        }
        if (now.state === 'not-a-file' || Date.now() - finishedAt >= SETTLE_LIMIT_MS) {
          completion.reject(new EngineError('savePdf', now.state, `${STATE_TEXT[now.state]}: ${file}`));
          return false;
        }
        return true;
      };
      signals.pending.set(token, {
        finished: () => {
          // "failed" comes before "finished": the failure is the answer.
          if (failed || completion.settled) return;
          finishedAt = Date.now();
          if (settle()) pollSource = abi.g_timeout_add(POLL_MS, signals.poll, data) as number;
        },
        failed: (code, message) => {
          failed = true;
          completion.reject(new EngineError('savePdf', code, `cannot print ${file}: ${message}`));
        },
        poll: () => {
          if (completion.settled) { pollSource = 0; return false; }
          const again = settle();
          if (!again) pollSource = 0;
          return again;
        },
      });
      abi.webkit_print_operation_print(operation);
    });
  } catch (err) {
    if (!existed) fs.rmSync(file, { force: true });
    throw err;
  } finally {
    signals.pending.delete(token);
    if (pollSource) abi.g_source_remove(pollSource);
    for (const id of handlers) abi.g_signal_handler_disconnect(operation, id);
    abi.g_object_unref(operation);
    abi.g_object_unref(settings);
  }
}
