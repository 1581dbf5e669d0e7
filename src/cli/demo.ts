// `webview2-host demo`: the main job in one command. Serves a page on 127.0.0.1, opens two windows
// in one profile and one in another, prints their cookies and the wait diagnostics, and keeps the
// windows open until they are closed (or --for seconds pass).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Notifications, Requests } from '../protocol';
import { formatCookie, formatPlatform, formatVerdict } from '../client/format';
import { createClient, openAndLoad, saveScreenshotsOnRequest, say, settingsFrom, type CommonFlags } from './session';
import { startDemoServer } from './demoServer';
import { within } from '../timers';

export async function demoCommand(options: CommonFlags & { for?: string; screenshots?: string }): Promise<number> {
  const settings = settingsFrom(options);
  // On a virtual display nobody can see or close the windows: keep them a few seconds and
  // save what they show instead.
  const flags = process.env.WEBVIEW2_HOST_VIRTUAL_DISPLAY
    ? { ...options, for: options.for ?? '5', screenshots: options.screenshots ?? 'demo-screenshots' }
    : options;
  const server = await startDemoServer(path.join(__dirname, '..', 'media'));
  const profiles = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-demo-'));
  const client = createClient(flags);
  saveScreenshotsOnRequest(client);
  try {
    const info = await client.start();
    say(formatPlatform(info));
    const work = await client.request(Requests.createEnvironment, { userDataFolder: path.join(profiles, 'work') });
    const other = await client.request(Requests.createEnvironment, { userDataFolder: path.join(profiles, 'other') });
    const opened = [
      await openAndLoad(client, { environmentId: work.environmentId, url: `${server.url}?window=1`, title: 'WebView2 Host demo: profile "work", window 1' }, settings.waitDeadlineMs),
      await openAndLoad(client, { environmentId: work.environmentId, url: `${server.url}?window=2`, title: 'WebView2 Host demo: profile "work", window 2' }, settings.waitDeadlineMs),
      await openAndLoad(client, { environmentId: other.environmentId, url: 'data:text/html,<body style="background:%23eef"><h1>Profile "other"</h1><p>No cookies here: profiles are isolated.</p>', title: 'WebView2 Host demo: profile "other"' }, settings.waitDeadlineMs),
    ];
    for (const { window, ms } of opened) say(`window ${window.windowId} created and loaded in ${Math.round(ms)} ms`);
    for (const { window } of opened) {
      const cookies = await client.request(Requests.getCookies, { windowId: window.windowId, url: server.url });
      say(`window ${window.windowId} (environment ${window.environmentId}): ${cookies.length} cookie(s) for ${server.url}`);
      for (const c of cookies) say(`  ${formatCookie(c, false)}`);
    }
    if (flags.screenshots) {
      for (const { window } of opened) {
        const shot = await client.request(Requests.screenshot, { windowId: window.windowId, path: path.resolve(flags.screenshots, `window-${window.windowId}.png`) });
        say(`screenshot of window ${window.windowId}: ${shot.path} (${shot.width}x${shot.height})`);
      }
    }
    const diagnostics = await client.request(Requests.diagnostics);
    say(`diagnostics: ${diagnostics.waits.length} wait(s), ${diagnostics.stalls.length} stall(s), ${diagnostics.hazards.length} hazard(s), UI loop heartbeat ${diagnostics.heartbeat}`);
    say(formatVerdict(diagnostics.verdict));
    const open = new Set(opened.map((o) => o.window.windowId));
    const allClosed = new Promise<void>((resolve) => client.onNotification(Notifications.windowClosed, (e) => {
      open.delete(e.windowId);
      if (open.size === 0) resolve();
    }));
    if (flags.for !== undefined) {
      say(`keeping the windows open for ${flags.for} s (or until you close them)`);
      await within(allClosed, Number(flags.for) * 1000);
    } else {
      say('close the windows to finish (Ctrl+C also works)');
      await allClosed;
    }
    return 0;
  } finally {
    await client.stop();
    await server.close();
    fs.rmSync(profiles, { recursive: true, force: true });
  }
}
