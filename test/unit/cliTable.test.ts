// The CLI's command table: the help text, the parser's options and which command takes which flag
// all come from one declaration per command and per flag.
import * as assert from 'node:assert/strict';
import { COMMANDS, commandNamed, commandsTaking, FLAGS, parseOptions, pathFlags, refuseForeignFlags, usageText } from '../../src/cli/commands';
import { NUMERIC_FLAGS, UsageError } from '../../src/cli/session';

const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);

describe('CLI command table', () => {
  it('lists every command in the help with its usage line and summary, in the table\'s order', () => {
    const help = usageText();
    let at = 0;
    for (const c of COMMANDS) {
      const line = `\n  ${c.usage}\n${c.summary.map((s) => ' '.repeat(27) + s).join('\n')}\n`;
      const found = help.indexOf(line, at);
      assert.ok(found > 0, `${c.name} is in the help after the command before it`);
      at = found;
    }
    assert.deepEqual(COMMANDS.map((c) => c.name), ['open', 'screenshot', 'pdf', 'cookies', 'doctor', 'demo', 'mcp']);
    assert.ok(help.startsWith('usage: webview2-host <command> [options]\n\ncommands:\n  open <file-or-url>... [--watch] [--console] [--network] [--har FILE [--reveal]]\n'));
  });

  it('names in the options section the commands that take a flag, and none for a flag every command takes', () => {
    const help = usageText();
    assert.match(help, /\n {2}--root DIR {15}\(open, screenshot, pdf, mcp\) the folder a local page may read \(default:\n {27}the page's own folder; for mcp, the current folder\);\n {27}nothing outside it is served\n/);
    assert.match(help, /\n {2}--width N, --height N {4}\(screenshot, pdf\) the window's size in pixels, 100 to 8192\n/);
    assert.match(help, /\n {2}--proxy URL {14}\(open, screenshot, pdf, cookies, mcp\) the environment's proxy,\n/);
    assert.match(help, /\n {2}--stall-ms N {13}report a wait as stalled after N ms/);
    assert.match(help, /\n {2}-v, --verbose {12}also print the helper's own output\n$/);
  });

  it('declares every flag a command takes, and every numeric flag, once', () => {
    for (const c of COMMANDS) for (const f of c.flags) assert.ok(Object.hasOwn(FLAGS, f), `${c.name} takes --${f}, which is declared`);
    for (const f of Object.keys(NUMERIC_FLAGS)) assert.ok(Object.hasOwn(FLAGS, f), `--${f} is declared`);
    const options = parseOptions();
    assert.deepEqual(Object.keys(options), Object.keys(FLAGS));
    assert.deepEqual(options.output, { type: 'string', short: 'o' });
    assert.deepEqual(options['trust-host'], { type: 'string', multiple: true });
    assert.deepEqual(pathFlags().sort(), ['browser-folder', 'har', 'loader', 'profile', 'root', 'user-data-folder']);
  });

  it('knows which commands take a flag', () => {
    assert.deepEqual(commandsTaking('width'), ['screenshot', 'pdf']);
    assert.deepEqual(commandsTaking('proxy'), ['open', 'screenshot', 'pdf', 'cookies', 'mcp']);
    assert.deepEqual(commandsTaking('reveal-cookies'), ['mcp']);
    assert.deepEqual(commandsTaking('strategy'), COMMANDS.map((c) => c.name));
    assert.equal(commandNamed('frobnicate'), undefined);
  });

  it('refuses a flag the command does not take, in the words the CLI has always used', () => {
    const open = commandNamed('open')!;
    const pdf = commandNamed('pdf')!;
    assert.throws(() => refuseForeignFlags(open, { width: '300' }, false), usage(/^--width is an option of screenshot and pdf, not of open$/));
    assert.throws(() => refuseForeignFlags(commandNamed('cookies')!, { watch: true }, false), usage(/^--watch is an option of open, not of cookies$/));
    assert.throws(() => refuseForeignFlags(pdf, { for: '2' }, false), usage(/^--for is an option of open and demo, not of pdf$/));
    assert.throws(() => refuseForeignFlags(pdf, { output: 'x' }, true), usage(/^--format and --output apply to the cookies command only$/));
    assert.throws(() => refuseForeignFlags(commandNamed('doctor')!, { proxy: 'http://h:1' }, true), usage(/^--proxy applies to open, screenshot, pdf, cookies and mcp only$/));
    // Late refusals wait for the values' checks; early ones do not wait for them.
    refuseForeignFlags(pdf, { output: 'x', proxy: 'x' }, false);
    refuseForeignFlags(pdf, { width: '300', 'wait-ms': '10', root: '/', proxy: 'http://h:1', strategy: 'pump', verbose: true }, false);
    refuseForeignFlags(pdf, { width: '300', proxy: 'http://h:1' }, true);
  });

  it('checks each command\'s number of files and URLs with its own message', () => {
    assert.throws(() => commandNamed('pdf')!.checkArgs(['a.html']), usage(/^pdf needs a file or URL and the PDF file to write: pdf <file-or-url> <out\.pdf>$/));
    assert.throws(() => commandNamed('screenshot')!.checkArgs([]), usage(/^screenshot needs a file or URL and the PNG file to write/));
    assert.throws(() => commandNamed('cookies')!.checkArgs(['a', 'b']), usage(/^cookies needs exactly one URL, not 2$/));
    assert.throws(() => commandNamed('open')!.checkArgs([]), usage(/^open needs at least one file or URL$/));
    assert.throws(() => commandNamed('doctor')!.checkArgs(['x']), usage(/^doctor takes no URL; use --url$/));
    commandNamed('pdf')!.checkArgs(['a.html', 'a.pdf']);
  });
});
