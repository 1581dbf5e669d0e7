// `webview2-host pdf`, run as a user runs it (node dist/cli.js): a local file served through the
// confined file server (never file:), a relative output path, the PDF's text read back with
// pdftotext, and the exit codes screenshot has (1: the page did not load, 2: usage).
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/harness';

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], cwd: string, limitMs = 60000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const r: Run = { code: null, stdout: '', stderr: '' };
    const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (d) => { r.stdout += d; });
    child.stderr.on('data', (d) => { r.stderr += d; });
    child.on('exit', (code) => { clearTimeout(limit); r.code = code; resolve(r); });
  });
}

describe('CLI pdf', function () {
  let dir: string;
  let profile: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-pdf-'));
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-profile-'));
    fs.mkdirSync(path.join(dir, 'site'));
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    // Part of the page's text is written by its script: how the page itself was reached.
    fs.writeFileSync(path.join(dir, 'site', 'page.html'), '<title>pdf</title><h1>Invoice for walrus 4471</h1><p id="how"></p><script src="how.js"></script>');
    fs.writeFileSync(path.join(dir, 'site', 'how.js'), 'document.getElementById("how").textContent = "reached over " + location.protocol + " from " + location.hostname;');
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('saves a local page, served from its folder, as a PDF and prints its path and size', async () => {
    const r = await run(['pdf', 'site/page.html', 'out/page.pdf', '--width', '800', '--height', '600', '--user-data-folder', profile], dir);
    assert.equal(r.code, 0, r.stderr);
    const file = path.join(dir, 'out', 'page.pdf');
    const size = fs.statSync(file).size;
    assert.equal(r.stdout, `${file}\t${size} bytes\n`);
    const data = fs.readFileSync(file);
    assert.equal(data.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(data.subarray(-32).toString('latin1'), /%%EOF\s*$/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    assert.match(text, /Invoice for walrus 4471/);
    assert.match(text, /reached over http: from 127\.0\.0\.1/, 'served by the confined file server, never as file:');
  });

  it('exits 1 with the reason when the page does not load, leaving no file', async () => {
    const out = path.join(dir, 'blocked.pdf');
    const r = await run(['pdf', 'http://127.0.0.1:6000/', out, '--user-data-folder', profile], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /no PDF: http:\/\/127\.0\.0\.1:6000\/ did not load: port 6000 is blocked/);
    assert.equal(fs.existsSync(out), false);
  });

  it('exits 1 with one line when the file cannot be written', async () => {
    const r = await run(['pdf', 'site/page.html', '/proc/nope/x.pdf', '--user-data-folder', profile], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^webview2-host: cannot create the PDF folder \/proc\/nope: /m);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });

  it('refuses, with usage and exit 2, an output not named .pdf, a wrong count, a foreign flag and a page outside --root', async () => {
    const cases: [string[], RegExp][] = [
      [['pdf', 'site/page.html', 'page.png'], /^webview2-host: the output is a PDF: name the file \.pdf, not "page\.png" \(run "webview2-host --help" for usage\)$/m],
      [['pdf', 'site/page.html'], /^webview2-host: pdf needs a file or URL and the PDF file to write: pdf <file-or-url> <out\.pdf>/m],
      [['pdf', 'site/page.html', 'a.pdf', '--watch'], /--watch is an option of open, not of pdf/],
      [['pdf', 'site/page.html', 'a.pdf', '--format', 'json'], /--format and --output apply to the cookies command only/],
      [['pdf', 'site/page.html', 'a.pdf', '--width', '5'], /--width takes a whole number of pixels from 100 to 8192, not "5"/],
      [['pdf', 'site/page.html', 'a.pdf', '--root', path.join(dir, 'elsewhere')], /is not inside --root/],
    ];
    for (const [args, pattern] of cases) {
      const r = await run(args, dir, 15000);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.equal(fs.existsSync(path.join(dir, 'page.png')), false);
    assert.equal(fs.existsSync(path.join(dir, 'a.pdf')), false);
  });

  it('is in the help, with the flags it takes', async () => {
    const r = await run(['--help'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\n {2}pdf <file-or-url> <out\.pdf> \[--width N\] \[--height N\] \[--device NAME\] \[--wait-for SEL\|MS\]\n/);
    assert.match(r.stdout, /--root DIR {15}\(open, screenshot, pdf(, \w+)*\)/);
  });
});
