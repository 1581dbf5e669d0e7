// `webview2-host screenshot <file-or-url> <file.png>`: load the page in a window, save what it
// shows as a PNG, print the PNG's path, exit 0. A page that does not load exits 1 with the reason.
import * as path from 'node:path';
import { Requests } from '../protocol';
import { createClient, environmentFrom, numberFlag, openAndLoad, say, settingsFrom, UsageError, type CommonFlags } from './session';
import { CliTargets } from './target';

export async function screenshotCommand(args: string[], flags: CommonFlags & { width?: string; height?: string; root?: string; 'wait-ms'?: string }): Promise<number> {
  if (args.length !== 2) throw new UsageError('screenshot needs a file or URL and the PNG file to write: screenshot <file-or-url> <file.png>');
  const files = new CliTargets(flags.root);
  const target = files.check(args[0]);
  const file = path.resolve(args[1]);
  if (!/\.png$/i.test(file)) throw new UsageError(`the screenshot is a PNG: name the file .png, not "${args[1]}"`);
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
      process.stderr.write(`${files.display(`no screenshot: ${url} did not load: ${navigation.error}`)}\n`);
      return 1;
    }
    // An app that draws after its load event (a single-page app) gets the time it was given.
    if (settle > 0) await new Promise((r) => setTimeout(r, settle));
    const shot = await client.request(Requests.screenshot, { windowId: window.windowId, path: file });
    say(`window ${window.windowId}: ${shot.width}x${shot.height} written to ${shot.path}`);
    process.stdout.write(`${shot.path}\n`);
    return 0;
  } finally {
    await client.stop();
    files.dispose();
  }
}
