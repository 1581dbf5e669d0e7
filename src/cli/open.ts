// `webview2-host open <file-or-url>...`: one window per argument; runs until every window is closed.
// --console prints each page's console to stdout, --network each finished request; --har writes
// the session's requests as a HAR when the windows close; --watch reloads a window when its file,
// or a file the page loaded from disk, changes.
import type { HelperState } from '../client/helperClient';
import { Notifications, Requests } from '../protocol';
import { createClient, environmentFrom, saveScreenshotsOnRequest, say, UsageError, type CommonFlags } from './session';
import { formatConsole, formatPlatform } from '../client/format';
import { CliTargets } from './target';
import { FileWatcher } from './watch';
import { within } from '../timers';
import { formatNetworkLine } from '../network/entries';
import { checkPrivateFileTarget, ExportFileError } from '../cookies/exportFile';
import { HarSession } from './harSession';
import { WAIT_FOR_SERVER_MS } from '../settings';

export interface OpenFlags extends CommonFlags {
  for?: string;
  root?: string;
  watch?: boolean;
  console?: boolean;
  network?: boolean;
  har?: string;
  reveal?: boolean;
}

export async function openCommand(inputs: string[], flags: OpenFlags): Promise<number> {
  if (inputs.length === 0) throw new UsageError('open needs at least one file or URL');
  const files = new CliTargets(flags.root);
  const targets = inputs.map((u) => files.check(u)); // every argument checked before anything opens
  if (flags.reveal && !flags.har) throw new UsageError('--reveal applies to open with --har (the HAR then holds Cookie, Set-Cookie and Authorization values)');
  if (flags.har) harTarget(flags.har); // a file that cannot be written is refused before anything opens
  const environment = environmentFrom(flags);
  // A window opened before its dev server is up waits for it, as the extension's windows do.
  const client = createClient(flags, false, { waitForServerMs: WAIT_FOR_SERVER_MS });
  saveScreenshotsOnRequest(client);
  if (flags.console) client.onNotification(Notifications.consoleMessage, (e) => process.stdout.write(`${files.display(formatConsole(e))}\n`));
  if (flags.network) {
    client.onNotification(Notifications.networkRequest, (e) => {
      if (e.skipped > 0) process.stdout.write(`[window ${e.windowId}] … ${e.skipped} more request(s) not shown (over 100 a second)\n`);
      process.stdout.write(`${files.display(formatNetworkLine(e.entry))}\n`);
    });
  }
  const har = flags.har ? new HarSession(client, flags.har, flags.reveal === true) : undefined;
  const watcher = flags.watch
    ? new FileWatcher(
      (windowId, files) => {
        say(`window ${windowId} reloading: ${files.join(', ')} changed`);
        client.request(Requests.reload, { windowId }).catch((err: Error) => say(`error: window ${windowId} could not reload: ${err.message}`));
      },
      (windowId, file) => say(`window ${windowId} watching ${file}`),
    )
    : undefined;
  if (watcher) client.onNotification(Notifications.resourceLoaded, (e) => watcher.add(e.windowId, files.fileUrlOf(e.url)));
  // A window whose page did not load (an unreachable host, a refused connection) fails the command.
  const failedToLoad = new Set<number>();
  client.onNotification(Notifications.navigationCompleted, (e) => { if (!e.isSuccess) failedToLoad.add(e.windowId); });
  try {
    const info = await client.start();
    say(formatPlatform(info));
    const env = await client.request(Requests.createEnvironment, environment);
    const open = new Set<number>();
    // The command ends when its windows are closed, or when the helper that showed them died:
    // the CLI does not reopen windows, so that is a failure, never a quiet exit 0.
    let helperDied: string | undefined;
    // A page's popups are the command's windows too (printed by createClient): it runs until they close.
    client.onNotification(Notifications.windowOpened, (e) => {
      open.add(e.windowId);
      har?.opened(e.windowId).catch(() => undefined); // its requests are in the HAR; bodies from now on
    });
    const allClosed = new Promise<void>((resolve) => {
      client.onNotification(Notifications.windowClosed, (e) => {
        open.delete(e.windowId);
        watcher?.remove(e.windowId);
        har?.closed(e.windowId);
        if (open.size === 0) resolve();
      });
      client.on('state', (state: HelperState) => {
        if (state.kind !== 'crashed') return;
        helperDied = state.reason;
        resolve();
      });
    });
    for (const target of targets) {
      const url = await files.urlOf(target);
      // With --har the window opens blank, so that its first load is recorded with its bodies.
      const w = await client.request(Requests.createWindow, { environmentId: env.environmentId, ...(har ? {} : { url }) });
      open.add(w.windowId);
      if (har) {
        await har.opened(w.windowId);
        await client.request(Requests.navigate, { windowId: w.windowId, url });
      }
      watcher?.add(w.windowId, files.fileUrlOf(url));
      if (watcher && target.kind === 'url') say(`window ${w.windowId}: ${url} is not a file; --watch follows the files it loads from disk, if any`);
      say(`window ${w.windowId} opened for ${target.kind === 'file' ? `${target.file} (reads files of ${target.root} only)` : url} (native handle ${w.nativeHandle})`);
    }
    say(`${open.size} window(s) open; close them to finish${flags.for ? `, or wait ${flags.for} s` : ''}`);
    if (flags.for) {
      const seconds = Number(flags.for);
      await within(allClosed, seconds * 1000);
    } else {
      await allClosed;
    }
    if (har) {
      const written = await har.finish();
      say(`HAR written: ${written.path} (${written.entries} request(s)${flags.reveal ? ', with cookie and authorization values' : ', cookie and authorization values masked'})`);
    }
    if (helperDied !== undefined) {
      say(`error: the helper ${helperDied}; ${open.size} window(s) were lost: window ${[...open].join(', ')}`);
      return 1;
    }
    if (failedToLoad.size > 0) say(`error: ${failedToLoad.size} window(s) did not load: window ${[...failedToLoad].join(', ')}`);
    return failedToLoad.size > 0 ? 1 : 0;
  } finally {
    // Also after a failure: the helper would otherwise keep this process alive.
    watcher?.close();
    await client.stop();
    files.dispose();
  }
}

function harTarget(file: string): void {
  try {
    checkPrivateFileTarget(file);
  } catch (err) {
    if (err instanceof ExportFileError) throw new UsageError(`--har: ${err.message}`);
    throw err;
  }
}
