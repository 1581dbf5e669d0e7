// The page as a PDF, on Linux: WebKit's print operation, printing to a file.
import type { PdfResult } from '../protocol';
import { ErrorCodes } from '../protocol';
import { HelperError } from '../helper/errors';
import type { Gtk } from './abi';
import type { GlibWaits } from './wait';
import type { GtkWindow } from './windows';

export function savePdf(_gtk: Gtk, _waits: GlibWaits, _w: GtkWindow, _file: string): PdfResult {
  throw new HelperError('Save as PDF is not built yet on WebKitGTK', ErrorCodes.unsupported);
}
