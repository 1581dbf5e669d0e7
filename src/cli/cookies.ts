// `webview2-host cookies <url> [--json]`: load a page in a window and print its cookies.
import { Requests } from '../protocol';
import { toNavigableUrl } from '../urls';
import { formatCookie } from '../client/format';
import { createClient, defaultUserDataFolder, openAndLoad, settingsFrom, UsageError, type CommonFlags } from './session';

export async function cookiesCommand(urls: string[], flags: CommonFlags & { reveal?: boolean }): Promise<number> {
  if (urls.length !== 1) throw new UsageError(`cookies needs exactly one URL${urls.length ? `, not ${urls.length}` : ''}`);
  const url = toNavigableUrl(urls[0]);
  const settings = settingsFrom(flags);
  const client = createClient(flags, true);
  try {
    const env = await client.request(Requests.createEnvironment, { userDataFolder: flags['user-data-folder'] ?? defaultUserDataFolder() });
    const { window, navigation } = await openAndLoad(client, { environmentId: env.environmentId, url }, settings.waitDeadlineMs);
    if (!navigation.isSuccess) {
      process.stderr.write(`cannot read cookies: ${url} did not load: ${navigation.error}\n`);
      return 1;
    }
    const cookies = await client.request(Requests.getCookies, { windowId: window.windowId });
    if (flags.json) process.stdout.write(`${JSON.stringify(cookies, null, 2)}\n`);
    else if (cookies.length === 0) process.stdout.write(`no cookies for ${navigation.url}\n`);
    else for (const c of cookies) process.stdout.write(`${formatCookie(c, flags.reveal ?? true)}\n`);
    return 0;
  } finally {
    await client.stop();
  }
}
