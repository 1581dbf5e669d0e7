// Restart Helper: what the status bar and the crash message offer when the helper is gone or
// stuck. A new helper, and the windows it had reopened through the client's one reopen path.
import { notPutBack } from '../../client/reopen';
import { command, type Command } from '../command';

export const restartHelper = command('restartHelper', (ctx) => async () => {
  // The windows open now and those earlier crashes took, each reopened under the id it had, where
  // it was, with its zoom and its profile's session cookies (the one reopen path: client/reopen.ts).
  const reopen = [...ctx.client.lostWindows, ...ctx.client.windows.list()];
  await ctx.client.stop();
  const info = await ctx.client.start();
  const result = await ctx.client.reopen(reopen);
  const { reopened, failed } = result;
  for (const line of notPutBack(result)) ctx.output.warn(line);
  for (const f of failed) {
    if (!f.window.url) ctx.client.forgetLost(f.window.windowId); // nothing to show again
    else ctx.output.error(`could not reopen window ${f.window.windowId} (${f.window.url}): ${f.error}`);
  }
  ctx.refreshWindowCount();
  ctx.output.info(`helper restarted (pid ${info.helperPid}); ${reopened.length} of ${reopen.length} window(s) reopened`);
  return { helperPid: info.helperPid, reopened: reopened.map((w) => w.windowId) };
});

export const statusCommands: readonly Command[] = [restartHelper];
