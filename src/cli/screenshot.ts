// `webview2-host screenshot <file-or-url> <file.png>`: load the page in a window, save what it
// shows as a PNG, print the PNG's path, exit 0. A page that does not load exits 1 with the reason
// (capture.ts).
import * as path from 'node:path';
import { Requests } from '../protocol';
import { loadAndCapture, type CaptureFlags } from './capture';
import { UsageError } from './session';

export async function screenshotCommand(args: string[], flags: CaptureFlags & { 'full-page'?: boolean }): Promise<number> {
  if (args.length !== 2) throw new UsageError('screenshot needs a file or URL and the PNG file to write: screenshot <file-or-url> <file.png>');
  const file = path.resolve(args[1]);
  if (!/\.png$/i.test(file)) throw new UsageError(`the screenshot is a PNG: name the file .png, not "${args[1]}"`);
  return loadAndCapture(args[0], flags, {
    noun: 'screenshot',
    take: async (client, windowId) => {
      const fullPage = flags['full-page'] === true;
      const shot = await client.request(Requests.screenshot, { windowId, path: file, ...(fullPage ? { fullPage } : {}) });
      return { said: `window ${windowId}: ${shot.width}x${shot.height}${fullPage ? ' (the full page)' : ''} written to ${shot.path}`, printed: shot.path };
    },
  });
}
