// `webview2-host pdf <file-or-url> <out.pdf>`: load the page in a window, save it as a PDF (the
// engine's print), print the PDF's path and size, exit 0. A page that does not load exits 1 with
// the reason, as screenshot does.
import * as path from 'node:path';
import { Requests } from '../protocol';
import { createClient, environmentFrom, numberFlag, openAndLoad, say, settingsFrom, UsageError, type CommonFlags } from './session';
import { CliTargets } from './target';

export async function pdfCommand(args: string[], flags: CommonFlags & { width?: string; height?: string; root?: string; 'wait-ms'?: string }): Promise<number> {
  if (args.length !== 2) throw new UsageError('pdf needs a file or URL and the PDF file to write: pdf <file-or-url> <out.pdf>');
  const file = path.resolve(args[1]);
  if (!/\.pdf$/i.test(file)) throw new UsageError(`the output is a PDF: name the file .pdf, not "${args[1]}"`);
  const files = new CliTargets(flags.root);
  const target = files.check(args[0]);
  const width = numberFlag('width', flags.width, 1024);
  const height = numberFlag('height', flags.height, 768);
  const settle = numberFlag('wait-ms', flags['wait-ms'], 0);
  const settings = settingsFrom(flags);
  const environment = environmentFrom(flags);
  const client = createClient(flags, true);
  try {
    const url = await files.urlOf(target);
    const env = await client.request(Requests.createEnvironment, environment);
    const { window, navigation } = await openAndLoad(client, { environmentId: env.environmentId, url, width, height }, settings.waitDeadlineMs);
    if (!navigation.isSuccess) {
      process.stderr.write(`${files.display(`no PDF: ${url} did not load: ${navigation.error}`)}\n`);
      return 1;
    }
    // An app that draws after its load event (a single-page app) gets the time it was given.
    if (settle > 0) await new Promise((r) => setTimeout(r, settle));
    const pdf = await client.request(Requests.savePdf, { windowId: window.windowId, path: file });
    say(`window ${window.windowId}: ${pdf.bytes} bytes written to ${pdf.path}`);
    process.stdout.write(`${pdf.path}\t${pdf.bytes} bytes\n`);
    return 0;
  } finally {
    await client.stop();
    files.dispose();
  }
}
