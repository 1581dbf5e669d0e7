// The page as a PDF, on Windows: ICoreWebView2_7::PrintToPdf, waited for like every completion.
import type { PdfResult } from '../protocol';
import { ErrorCodes } from '../protocol';
import { HelperError } from '../helper/errors';
import type { Com } from './com';
import type { HandlerFactory } from './handlers';
import type { Win32Waits } from './wait';

export function savePdf(_com: Com, _handlers: HandlerFactory, _waits: Win32Waits, _windowId: number, _webview: bigint, _file: string): PdfResult {
  throw new HelperError('Save as PDF is not built yet on WebView2', ErrorCodes.unsupported);
}
