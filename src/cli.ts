// webview2-host: the helper's command-line face. The main job on a machine without VS Code, and a
// diagnostic tool in its own right.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { HelperCrashedError, HelperRequestError } from './client/helperClient';
import { InvalidUrlError } from './urls';
import { checkFlags, COMMON_OPTIONS, defaultUserDataFolder, joinNumericValues, secureProfileFolder, UsageError } from './cli/session';
import { ExportFileError } from './cookies/exportFile';
import { ExportError } from './cookies/exportFormats';
import { FolderError } from './helper/prepareFolder';
import { openCommand } from './cli/open';
import { cookiesCommand } from './cli/cookies';
import { doctorCommand } from './cli/doctor';
import { demoCommand } from './cli/demo';
import { screenshotCommand } from './cli/screenshot';

const USAGE = `usage: webview2-host <command> [options]

commands:
  open <file-or-url>... [--watch] [--console]
                           open one window per file or URL; runs until they are closed.
                           --watch reloads a window when its file, or a file the page
                           loaded from disk, changes; --console prints the page's console
                           to stdout as "[window N] level: message (source:line)"
  screenshot <file-or-url> <file.png> [--width N] [--height N] [--wait-ms N]
                           load the page, save what the window shows as a PNG, print its path
  cookies <url> [--format json|netscape|playwright] [--output FILE] [--reveal]
                           load the page, print its cookies (HttpOnly included), exit;
                           one line per cookie, values masked unless --reveal;
                           --format exports carry the values: json, netscape (cookies.txt
                           for curl -b / wget --load-cookies), playwright (a storageState
                           file); --json is --format json
  doctor [--json] [--windows N] [--url URL]
                           create an environment and N windows, read cookies, close them,
                           and report every wait; exit 0 only when every wait completed
  demo [--for S] [--screenshots DIR]
                           serve a page on 127.0.0.1 and open three windows in two profiles

options:
  --strategy cowait|pump   how the UI thread waits (Windows; Linux always uses glib)
  --browser-folder DIR     a fixed-version WebView2 runtime folder (Windows)
  --loader PATH            a WebView2Loader.dll to use instead of the built-in lookup (Windows)
  --user-data-folder DIR   the browser profile; one that group or others can write is
                           made 0700 (refused when it is not yours)
  --stall-ms N             report a wait as stalled after N ms (100 to 3600000, default 2000)
  --deadline-ms N          fail a wait after N ms (500 to 3600000, default 30000)
  --trust-host HOST        accept an untrusted (self-signed) TLS certificate for HOST only;
                           repeat for more hosts
  --proxy URL              (open, cookies, screenshot) the environment's proxy,
                           e.g. http://127.0.0.1:8080
  --root DIR               (open, screenshot) the folder a local page may read (default:
                           the page's own folder); nothing outside it is served
  --for S                  (open, demo) close the windows after S seconds (at most 2147483)
  --width N, --height N    (screenshot) the window's size in pixels, 100 to 8192
  --wait-ms N              (screenshot) wait N ms after the page loaded before taking it
                           (a single-page app that draws after load), 0 to 60000
  --windows N              (doctor) how many windows, 1 to 50 (default 3)
  --reveal                 (cookies) show the values in the listing (masked by default)
  --output FILE            (cookies) write to FILE instead of stdout: created readable by
                           you only (0600); never through a symbolic link, nor into a
                           file that is not yours
  -v, --verbose            also print the helper's own output
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: joinNumericValues(argv),
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      windows: { type: 'string' },
      url: { type: 'string' },
      for: { type: 'string' },
      screenshots: { type: 'string' },
      root: { type: 'string' },
      reveal: { type: 'boolean' },
      watch: { type: 'boolean' },
      console: { type: 'boolean' },
      width: { type: 'string' },
      'wait-ms': { type: 'string' },
      height: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  refuseForeignFlags(command, values);
  // The helper takes absolute paths only: relative ones are relative to where the command runs.
  for (const flag of ['user-data-folder', 'browser-folder', 'loader', 'root'] as const) {
    const value = values[flag];
    if (value !== undefined) values[flag] = path.resolve(value);
  }
  checkFlags(values);
  if ((values.format !== undefined || values.output !== undefined) && command !== 'cookies') throw new UsageError('--format and --output apply to the cookies command only');
  if (values.proxy !== undefined && !['cookies', 'open', 'screenshot'].includes(command)) throw new UsageError('--proxy applies to open, cookies and screenshot only');
  checkArgumentCount(command, rest);
  if (needsDisplay(command) && reexecOnVirtualDisplay(argv)) return Number(process.exitCode ?? 0);
  const profile = profileFolderOf(command, values['user-data-folder']);
  if (profile) await secureProfileFolder(profile);
  switch (command) {
    case 'open': return openCommand(rest, values);
    case 'cookies': return cookiesCommand(rest, values);
    case 'screenshot': return screenshotCommand(rest, values);
    case 'doctor': return doctorCommand(values);
    case 'demo': return demoCommand(values);
    default: throw new UsageError(`unknown command "${command}"`);
  }
}

/**
 * The number of files and URLs each command takes, checked before anything starts (a virtual
 * display included), so that a usage error is the only line printed.
 */
function checkArgumentCount(command: string, rest: string[]): void {
  if (command === 'open' && rest.length === 0) throw new UsageError('open needs at least one file or URL');
  if (command === 'cookies' && rest.length !== 1) throw new UsageError(`cookies needs exactly one URL${rest.length ? `, not ${rest.length}` : ''}`);
  if (command === 'screenshot' && rest.length !== 2) throw new UsageError('screenshot needs a file or URL and the PNG file to write: screenshot <file-or-url> <file.png>');
  if (command === 'doctor' && rest.length) throw new UsageError('doctor takes no URL; use --url');
}

/** The existing profile folder a command will use, to be tightened before the helper takes it. */
function profileFolderOf(command: string, flag: string | undefined): string | undefined {
  if (['open', 'cookies', 'screenshot'].includes(command)) return flag ?? defaultUserDataFolder();
  return command === 'doctor' ? flag : undefined; // doctor and demo otherwise make fresh 0700 folders
}

/** Flags that belong to one command only; given to another they are refused, never ignored. */
const COMMAND_FLAGS: Record<string, string[]> = {
  for: ['open', 'demo'], watch: ['open'], console: ['open'], width: ['screenshot'], height: ['screenshot'], 'wait-ms': ['screenshot'],
  reveal: ['cookies'], root: ['open', 'screenshot'], windows: ['doctor'], url: ['doctor'], screenshots: ['demo'],
};

function refuseForeignFlags(command: string, values: Record<string, unknown>): void {
  for (const [flag, commands] of Object.entries(COMMAND_FLAGS)) {
    if (values[flag] !== undefined && !commands.includes(command)) {
      throw new UsageError(`--${flag} is an option of ${commands.join(' and ')}, not of ${command}`);
    }
  }
}

function needsDisplay(command: string): boolean {
  return process.platform === 'linux' && ['open', 'cookies', 'screenshot', 'doctor', 'demo'].includes(command);
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
