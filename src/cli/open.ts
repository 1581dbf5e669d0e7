// `webview2-host open <url>...`: one window per URL; runs until every window is closed.
import { Notifications, Requests } from '../protocol';
import { toNavigableUrl } from '../urls';
import { createClient, defaultUserDataFolder, say, type CommonFlags } from './session';
import { formatPlatform } from '../client/format';

export async function openCommand(urls: string[], flags: CommonFlags & { for?: string }): Promise<number> {
  if (urls.length === 0) throw new Error('open needs at least one URL');
  const targets = urls.map((u) => toNavigableUrl(u)); // every URL checked before anything opens
  const client = createClient(flags);
  const info = await client.start();
  say(formatPlatform(info));
  const env = await client.request(Requests.createEnvironment, { userDataFolder: flags['user-data-folder'] ?? defaultUserDataFolder() });
  const open = new Set<number>();
  const allClosed = new Promise<void>((resolve) => {
    client.onNotification(Notifications.windowClosed, (e) => {
      open.delete(e.windowId);
      if (open.size === 0) resolve();
    });
  });
  for (const url of targets) {
    const w = await client.request(Requests.createWindow, { environmentId: env.environmentId, url });
    open.add(w.windowId);
    say(`window ${w.windowId} opened for ${url} (native handle ${w.nativeHandle})`);
  }
  say(`${open.size} window(s) open; close them to finish${flags.for ? `, or wait ${flags.for} s` : ''}`);
  if (flags.for) {
    const seconds = Number(flags.for);
    await Promise.race([allClosed, new Promise((r) => setTimeout(r, seconds * 1000))]);
  } else {
    await allClosed;
  }
  await client.stop();
  return 0;
}
