// `webview2-host cookies <url> [--format json|netscape|playwright] [--output FILE] [--reveal]`: load
// a page in a window and print (or write) its cookies. The readable listing masks values as the
// extension does unless --reveal; an export carries them, since that is what it is for.
import { Requests } from '../protocol';
import { formatCookie } from '../client/format';
import { printable } from '../printable';
import { checkPrivateFileTarget, writePrivateFile } from '../cookies/exportFile';
import { EXPORT_FORMATS, exportCookies, isExportFormat, type ExportFormat } from '../cookies/exportFormats';
import { createClient, environmentFrom, openAndLoad, say, settingsFrom, UsageError, type CommonFlags } from './session';
import { CliTargets } from './target';

export interface CookiesFlags extends CommonFlags {
  reveal?: boolean;
  format?: string;
  output?: string;
}

/** The export format the flags ask for, or undefined for the readable lines. --json is --format json. */
export function exportFormatFrom(flags: CookiesFlags): ExportFormat | undefined {
  if (flags.format === undefined) return flags.json ? 'json' : undefined;
  if (!isExportFormat(flags.format)) throw new UsageError(`--format must be ${EXPORT_FORMATS.join(', ')}, not "${flags.format}"`);
  if (flags.json && flags.format !== 'json') throw new UsageError(`--json and --format ${flags.format} disagree: give one`);
  return flags.format;
}

export async function cookiesCommand(urls: string[], flags: CookiesFlags): Promise<number> {
  if (urls.length !== 1) throw new UsageError(`cookies needs exactly one URL${urls.length ? `, not ${urls.length}` : ''}`);
  // A local page is served from its folder like open's, never loaded as file:.
  const files = new CliTargets();
  const target = files.check(urls[0]);
  const format = exportFormatFrom(flags);
  if (flags.output !== undefined && !flags.output) throw new UsageError('--output needs a file name');
  // A target that cannot be written is refused before the page is loaded (and checked again on writing).
  if (flags.output) checkPrivateFileTarget(flags.output);
  const settings = settingsFrom(flags);
  const environment = environmentFrom(flags);
  const client = createClient(flags, true);
  try {
    const url = await files.urlOf(target);
    const env = await client.request(Requests.createEnvironment, environment);
    const { window, navigation } = await openAndLoad(client, { environmentId: env.environmentId, url }, settings.waitDeadlineMs);
    if (!navigation.isSuccess) {
      process.stderr.write(`${printable(files.display(`cannot read cookies: ${url} did not load: ${navigation.error}`))}\n`);
      return 1;
    }
    const cookies = await client.request(Requests.getCookies, { windowId: window.windowId });
    let text: string;
    if (format) text = exportCookies(cookies, format);
    else if (cookies.length === 0) text = `no cookies for ${printable(files.display(navigation.url))}\n`;
    else {
      text = cookies.map((c) => `${formatCookie(c, flags.reveal === true)}\n`).join('');
      if (!flags.reveal && cookies.some((c) => c.value !== '')) say('values masked: --reveal shows them, --format json|netscape|playwright exports carry them');
    }
    if (flags.output) {
      const file = writePrivateFile(flags.output, text);
      say(`wrote ${cookies.length} cookie(s)${format ? ` as ${format}` : ''} to ${file}${process.platform === 'win32' ? '' : ' (mode 0600)'}`);
    } else process.stdout.write(text);
    return 0;
  } finally {
    await client.stop();
    files.dispose();
  }
}
