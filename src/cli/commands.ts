// The CLI's commands and flags, each declared once: the parser's options, the help text, which
// command takes which flag, the argument counts and what a command needs before it runs (a
// display, a profile folder) all come from these tables.
import { DEVICE_PRESETS } from '../devices';
import { COMMON_OPTIONS, UsageError, type CommonFlags } from './session';
import { openCommand } from './open';
import { cookiesCommand } from './cookies';
import { doctorCommand } from './doctor';
import { demoCommand } from './demo';
import { screenshotCommand } from './screenshot';
import { pdfCommand } from './pdf';
import { mcpCommand } from './mcp';

interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** A path: made absolute before the helper sees it (relative to where the command runs). */
  path?: boolean;
}

/** Every flag: those every command takes (COMMON_OPTIONS), then those of some commands only. */
export const FLAGS: Record<string, FlagSpec> = {
  ...(COMMON_OPTIONS as Record<string, FlagSpec>),
  'browser-folder': { type: 'string', path: true },
  loader: { type: 'string', path: true },
  'user-data-folder': { type: 'string', path: true },
  // In the order the CLI always looked at them: the first foreign one given is the one refused.
  for: { type: 'string' },
  watch: { type: 'boolean' },
  console: { type: 'boolean' },
  network: { type: 'boolean' },
  har: { type: 'string', path: true },
  width: { type: 'string' },
  height: { type: 'string' },
  device: { type: 'string' },
  'wait-ms': { type: 'string' },
  'wait-for': { type: 'string' },
  'full-page': { type: 'boolean' },
  reveal: { type: 'boolean' },
  root: { type: 'string', path: true },
  windows: { type: 'string' },
  url: { type: 'string' },
  screenshots: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  profile: { type: 'string', path: true },
  'reveal-cookies': { type: 'boolean' },
  'allow-evaluate': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** The flags every command takes (--proxy is common to the parser, but not every command takes it). */
const COMMON = Object.keys(COMMON_OPTIONS).filter((f) => f !== 'proxy');

export type Flags = CommonFlags & Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  /** The command's line in the help: its arguments and its own flags. */
  usage: string;
  /** What it does, in the help, one line each. */
  summary: string[];
  /** The flags it takes besides the common ones; any other flag given to it is refused. */
  flags: string[];
  /** Refuses a wrong number of files or URLs, before anything starts. */
  checkArgs(args: string[]): void;
  /** The profile folder it uses: the flag's or the CLI's default ('default'), the flag's only, or none of its own. */
  profile: 'default' | 'flag' | 'fresh';
  run(args: string[], flags: Flags): Promise<number>;
}

const exactly = (n: number, message: (got: number) => string) => (args: string[]) => {
  if (args.length !== n) throw new UsageError(message(args.length));
};

export const COMMANDS: Command[] = [
  {
    name: 'open',
    usage: 'open <file-or-url>... [--watch] [--console] [--network] [--har FILE [--reveal]]',
    summary: [
      'open one window per file or URL; runs until they are closed.',
      '--watch reloads a window when its file, or a file the page',
      'loaded from disk, changes; --console prints the page\'s console',
      'to stdout as "[window N] level: message (source:line)";',
      '--network prints each finished request as',
      '"[window N] GET 200 text/html 1.2 kB 34 ms URL" (a failure with',
      'its reason); --har FILE writes the session\'s requests as HAR 1.2',
      '(text bodies up to 1 MB, 0600) when the windows close',
    ],
    flags: ['proxy', 'root', 'for', 'watch', 'console', 'network', 'har', 'reveal'],
    checkArgs: (args) => { if (args.length === 0) throw new UsageError('open needs at least one file or URL'); },
    profile: 'default',
    run: (args, flags) => openCommand(args, flags as Parameters<typeof openCommand>[1]),
  },
  {
    name: 'screenshot',
    usage: 'screenshot <file-or-url> <file.png> [--width N] [--height N] [--device NAME] [--wait-for SEL|MS] [--full-page]',
    summary: ['load the page, save what the window shows as a PNG, print its path'],
    flags: ['proxy', 'root', 'width', 'height', 'device', 'wait-ms', 'wait-for', 'full-page'],
    checkArgs: exactly(2, () => 'screenshot needs a file or URL and the PNG file to write: screenshot <file-or-url> <file.png>'),
    profile: 'default',
    run: (args, flags) => screenshotCommand(args, flags as Parameters<typeof screenshotCommand>[1]),
  },
  {
    name: 'pdf',
    usage: 'pdf <file-or-url> <out.pdf> [--width N] [--height N] [--device NAME] [--wait-for SEL|MS]',
    summary: ['load the page, save it as a PDF (the engine\'s print), print its path', 'and size'],
    flags: ['proxy', 'root', 'width', 'height', 'device', 'wait-ms', 'wait-for'],
    checkArgs: exactly(2, () => 'pdf needs a file or URL and the PDF file to write: pdf <file-or-url> <out.pdf>'),
    profile: 'default',
    run: (args, flags) => pdfCommand(args, flags as Parameters<typeof pdfCommand>[1]),
  },
  {
    name: 'cookies',
    usage: 'cookies <url> [--format json|netscape|playwright] [--output FILE] [--reveal]',
    summary: [
      'load the page, print its cookies (HttpOnly included), exit;',
      'one line per cookie, values masked unless --reveal;',
      '--format exports carry the values: json, netscape (cookies.txt',
      'for curl -b / wget --load-cookies), playwright (a storageState',
      'file); --json is --format json',
    ],
    flags: ['proxy', 'reveal', 'format', 'output'],
    checkArgs: (args) => { if (args.length !== 1) throw new UsageError(`cookies needs exactly one URL${args.length ? `, not ${args.length}` : ''}`); },
    profile: 'default',
    run: (args, flags) => cookiesCommand(args, flags as Parameters<typeof cookiesCommand>[1]),
  },
  {
    name: 'doctor',
    usage: 'doctor [--json] [--windows N] [--url URL]',
    summary: [
      'create an environment and N windows, read cookies, close them,',
      'and report every wait; exit 0 only when every wait completed',
    ],
    flags: ['windows', 'url'],
    checkArgs: (args) => { if (args.length) throw new UsageError('doctor takes no URL; use --url'); },
    profile: 'flag', // without the flag it makes a fresh 0700 folder
    run: (_args, flags) => doctorCommand(flags),
  },
  {
    name: 'demo',
    usage: 'demo [--for S] [--screenshots DIR]',
    summary: ['serve a page on 127.0.0.1 and open three windows in two profiles'],
    flags: ['for', 'screenshots'],
    checkArgs: () => undefined,
    profile: 'fresh',
    run: (_args, flags) => demoCommand(flags),
  },
  {
    name: 'mcp',
    usage: 'mcp [--profile DIR] [--reveal-cookies] [--allow-evaluate]',
    summary: [
      'serve the browser_* tools to an agent over MCP (stdio): its windows',
      'live until the client closes stdin; local files are served from',
      '--root (default: the current folder) only',
    ],
    flags: ['proxy', 'root', 'profile', 'reveal-cookies', 'allow-evaluate'],
    checkArgs: (args) => { if (args.length) throw new UsageError('mcp takes no file or URL: the agent opens them with browser_open'); },
    profile: 'default',
    run: (_args, flags) => mcpCommand(flags as Parameters<typeof mcpCommand>[0]),
  },
];

/**
 * The options section of the help, in this order. A flag that some commands only take is shown
 * with their names, from COMMANDS; a flag with no entry here is named in its command's usage line.
 */
const OPTION_HELP: { label: string; flag: string; text: string[] }[] = [
  { label: '--strategy cowait|pump', flag: 'strategy', text: ['how the UI thread waits (Windows; Linux always uses glib)'] },
  { label: '--browser-folder DIR', flag: 'browser-folder', text: ['a fixed-version WebView2 runtime folder (Windows)'] },
  { label: '--loader PATH', flag: 'loader', text: ['a WebView2Loader.dll to use instead of the built-in lookup (Windows)'] },
  { label: '--user-data-folder DIR', flag: 'user-data-folder', text: ['the browser profile; one that group or others can write is', 'made 0700 (refused when it is not yours)'] },
  { label: '--stall-ms N', flag: 'stall-ms', text: ['report a wait as stalled after N ms (100 to 3600000, default 2000)'] },
  { label: '--deadline-ms N', flag: 'deadline-ms', text: ['fail a wait after N ms (500 to 3600000, default 30000)'] },
  { label: '--trust-host HOST', flag: 'trust-host', text: ['accept an untrusted (self-signed) TLS certificate for HOST only;', 'repeat for more hosts'] },
  { label: '--proxy URL', flag: 'proxy', text: ['the environment\'s proxy,', 'e.g. http://127.0.0.1:8080'] },
  { label: '--root DIR', flag: 'root', text: ['the folder a local page may read (default:', 'the page\'s own folder; for mcp, the current folder);', 'nothing outside it is served'] },
  { label: '--for S', flag: 'for', text: ['close the windows after S seconds (at most 2147483)'] },
  { label: '--width N, --height N', flag: 'width', text: ['the window\'s size in pixels, 100 to 8192'] },
  { label: '--device NAME', flag: 'device', text: [`be a device: ${DEVICE_PRESETS.map((p) => p.id).join(', ')} (its size, user agent,`, 'and pixel ratio and touch where the engine emulates them)'] },
  { label: '--wait-for SEL|MS', flag: 'wait-for', text: ['after the page loaded, wait until an element matches the', 'CSS selector SEL (a single-page app that draws after load),', 'or MS milliseconds; no match within the deadline exits 1'] },
  { label: '--wait-ms N', flag: 'wait-ms', text: ['wait N ms more before taking it, 0 to 60000'] },
  { label: '--full-page', flag: 'full-page', text: ['the whole scrollable page, not only the viewport'] },
  { label: '--windows N', flag: 'windows', text: ['how many windows, 1 to 50 (default 3)'] },
  { label: '--reveal', flag: 'reveal', text: ['show cookie values in the listing, or keep Cookie, Set-Cookie', 'and Authorization values in the HAR (masked by default)'] },
  { label: '--output FILE', flag: 'output', text: ['write to FILE instead of stdout: created readable by', 'you only (0600); never through a symbolic link, nor into a', 'file that is not yours'] },
  { label: '--profile DIR', flag: 'profile', text: ['the browser profile the agent\'s windows use (as', '--user-data-folder; default: the CLI\'s)'] },
  { label: '--reveal-cookies', flag: 'reveal-cookies', text: ['browser_cookies shows cookie values (masked by default)'] },
  { label: '--allow-evaluate', flag: 'allow-evaluate', text: ['let browser_evaluate run JavaScript in pages (off by', 'default: agents read pages with browser_snapshot)'] },
  { label: '-v, --verbose', flag: 'verbose', text: ['also print the helper\'s own output'] },
];

/**
 * Flags refused in words of their own, after the values were checked (as the CLI always did);
 * every other foreign flag is refused before that, naming the commands that take it.
 */
const LATE_REFUSALS: Record<string, () => string> = {
  format: () => '--format and --output apply to the cookies command only',
  output: () => '--format and --output apply to the cookies command only',
  proxy: () => `--proxy applies to ${listed(commandsTaking('proxy'))} only`,
};

const INDENT = 27;

export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The commands that take `flag` (every one, for a common flag). */
export function commandsTaking(flag: string): string[] {
  return COMMANDS.filter((c) => COMMON.includes(flag) || c.flags.includes(flag)).map((c) => c.name);
}

/** "a", "a and b", "a, b and c". */
function listed(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** node:util parseArgs options for every flag. */
export function parseOptions(): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  return Object.fromEntries(Object.entries(FLAGS).map(([name, f]) => [name, {
    type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}),
  }]));
}

/** The flags whose values are paths, to be made absolute. */
export function pathFlags(): string[] {
  return Object.entries(FLAGS).filter(([, f]) => f.path).map(([name]) => name);
}

function block(head: string, text: string[]): string[] {
  const pad = ' '.repeat(INDENT);
  if (head.length + 2 >= INDENT) return [`  ${head}`, ...text.map((t) => pad + t)];
  return [`  ${head.padEnd(INDENT - 2)}${text[0]}`, ...text.slice(1).map((t) => pad + t)];
}

export function usageText(): string {
  const lines = ['usage: webview2-host <command> [options]', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.usage}`, ...c.summary.map((s) => ' '.repeat(INDENT) + s));
  lines.push('', 'options:');
  for (const o of OPTION_HELP) {
    const takers = commandsTaking(o.flag);
    const prefix = takers.length === COMMANDS.length ? '' : `(${takers.join(', ')}) `;
    lines.push(...block(o.label, [prefix + o.text[0], ...o.text.slice(1)]));
  }
  return `${lines.join('\n')}\n`;
}

/** Refuses a flag the command does not take; `late`: the flags checked after their values. */
export function refuseForeignFlags(command: Command, values: Record<string, unknown>, late: boolean): void {
  const order = late ? Object.keys(LATE_REFUSALS) : Object.keys(FLAGS).filter((f) => !Object.hasOwn(LATE_REFUSALS, f));
  for (const flag of order) {
    if (values[flag] === undefined || flag === 'help' || COMMON.includes(flag) || command.flags.includes(flag)) continue;
    throw new UsageError(late ? LATE_REFUSALS[flag]() : `--${flag} is an option of ${listed(commandsTaking(flag))}, not of ${command.name}`);
  }
}
