// webview2-host: the helper's command-line face. The main job on a machine without VS Code, and a
// diagnostic tool in its own right.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { HelperCrashedError, HelperRequestError } from './client/helperClient';
import { InvalidUrlError } from './urls';
import { checkFlags, defaultUserDataFolder, joinNumericValues, secureProfileFolder, UsageError } from './cli/session';
import { ExportFileError } from './cookies/exportFile';
import { ExportError } from './cookies/exportFormats';
import { FolderError } from './helper/prepareFolder';
import { commandNamed, parseOptions, pathFlags, refuseForeignFlags, usageText, type Command, type Flags } from './cli/commands';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: joinNumericValues(argv), allowPositionals: true, options: parseOptions() });
  const flags = values as Flags;
  const [name, ...rest] = positionals;
  if (values.help || !name) {
    process.stdout.write(usageText());
    return name || values.help ? 0 : 2;
  }
  const command = commandNamed(name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  refuseForeignFlags(command, flags, false);
  // The helper takes absolute paths only: relative ones are relative to where the command runs.
  for (const flag of pathFlags()) {
    const value = flags[flag];
    if (typeof value === 'string') flags[flag] = path.resolve(value);
  }
  checkFlags(flags);
  refuseForeignFlags(command, flags, true);
  // The number of files and URLs, checked before anything starts (a virtual display included), so
  // that a usage error is the only line printed.
  command.checkArgs(rest);
  if (process.platform === 'linux' && reexecOnVirtualDisplay(argv)) return Number(process.exitCode ?? 0);
  const profile = profileFolderOf(command, (flags.profile as string | undefined) ?? flags['user-data-folder']);
  if (profile) await secureProfileFolder(profile);
  return command.run(rest, flags);
}

/** The existing profile folder a command will use, to be tightened before the helper takes it. */
function profileFolderOf(command: Command, flag: string | undefined): string | undefined {
  if (command.profile === 'default') return flag ?? defaultUserDataFolder();
  return command.profile === 'flag' ? flag : undefined; // the others make fresh 0700 folders
}

/**
 * Without an X or Wayland display, run again under xvfb-run when it is installed: the windows are
 * real but invisible, and the diagnostics are the same. Returns false when nothing was done.
 */
function reexecOnVirtualDisplay(argv: string[]): boolean {
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.env.WEBVIEW2_HOST_VIRTUAL_DISPLAY) return false;
  const probe = spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' });
  if (probe.error) return false; // the helper then says plainly that there is no display
  process.stderr.write('no display (DISPLAY is not set): running on a virtual display with xvfb-run; the windows will not be visible\n');
  const run = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x800x24', process.execPath, __filename, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, WEBVIEW2_HOST_VIRTUAL_DISPLAY: '1' },
  });
  process.exitCode = run.status ?? 1;
  return true;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Usage errors (ours and parseArgs') exit 2, the command's own failures 1; both in one line.
    // Only an error nobody expected prints its stack: that is a bug to report.
    const usage = err instanceof UsageError || (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS') === true;
    const known = usage || err instanceof InvalidUrlError || err instanceof HelperRequestError || err instanceof HelperCrashedError
      || err instanceof ExportFileError || err instanceof ExportError || err instanceof FolderError;
    const text = known ? (err as Error).message.replace(/\s*\n\s*/g, ' ') : (err as Error)?.stack ?? String(err);
    process.stderr.write(`webview2-host: ${text}${usage ? ' (run "webview2-host --help" for usage)' : ''}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
