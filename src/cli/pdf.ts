// `webview2-host pdf <file-or-url> <out.pdf>`: load the page in a window, save it as a PDF (the
// engine's print), print the PDF's path and size, exit 0. A page that does not load exits 1 with
// the reason, as screenshot does (capture.ts).
import * as path from 'node:path';
import { Requests } from '../protocol';
import { loadAndCapture, type CaptureFlags } from './capture';
import { UsageError } from './session';

export async function pdfCommand(args: string[], flags: CaptureFlags): Promise<number> {
  if (args.length !== 2) throw new UsageError('pdf needs a file or URL and the PDF file to write: pdf <file-or-url> <out.pdf>');
  const file = path.resolve(args[1]);
  if (!/\.pdf$/i.test(file)) throw new UsageError(`the output is a PDF: name the file .pdf, not "${args[1]}"`);
  return loadAndCapture(args[0], flags, {
    noun: 'PDF',
    take: async (client, windowId) => {
      const pdf = await client.request(Requests.savePdf, { windowId, path: file });
      return { said: `window ${windowId}: ${pdf.bytes} bytes written to ${pdf.path}`, printed: `${pdf.path}\t${pdf.bytes} bytes` };
    },
  });
}
