// The CLI, run as a user runs it: node dist/cli.js.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI } from '../support/harness';
import { until } from '../support/until';
import { focusWindow, pressKeys } from '../support/xtest';
import { EXIT_PROBE_ENV, type ExitProbeReport } from '../support/exitProbe';
import { closedPort, EXPIRES_AT, startCookieServer, type CookieServer } from '../support/cookieServer';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the last output on stdout (the result) to the exit, in ms; null without output. */
  exitAfterResultMs: number | null;
}

/** Runs the CLI (node's own options first, e.g. a --require); one that has not exited after
 *  `limitMs` is killed and reported with code null. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, limitMs = 45000, nodeOptions: string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeOptions, CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let resultAt: number | null = null;
    const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (d) => { stdout += d; resultAt = performance.now(); });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr, exitAfterResultMs: resultAt === null ? null : performance.now() - resultAt });
    });
  });
}

/** A one-line error: exactly one line on stderr, and no stack frame in it. */
function assertOneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.doesNotMatch(stderr, /^\s+at /m);
}

describe('CLI', function () {
  let server: CookieServer;
  let profile: string;
  before(async () => {
    server = await startCookieServer();
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-'));
  });
  after(async () => server?.close());

  it('cookies --json prints the page\'s cookies as JSON and exits 0', async () => {
    const r = await cli(['cookies', `${server.origin}/set`, '--json', '--user-data-folder', profile]);
    assert.equal(r.code, 0, r.stderr);
    const cookies = JSON.parse(r.stdout);
    assert.equal(cookies.length, 5);
    assert.deepEqual(cookies.find((c: any) => c.name === 'strict_http'), {
      name: 'strict_http', value: 's1', domain: '127.0.0.1', path: '/', expires: null, httpOnly: true, secure: false, sameSite: 'strict', session: true,
    });
    assert.equal(cookies.find((c: any) => c.name === 'expires_at').expires, EXPIRES_AT);
  });

  it('cookies without --json prints one line per cookie, values masked as the extension masks them', async () => {
    const r = await cli(['cookies', `${server.origin}/set`, '--user-data-folder', profile]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^strict_http=\*{8} {2}\(127\.0\.0\.1\/; HttpOnly; SameSite=strict; session\)$/m);
    for (const value of ['s1', 'l2', 'n3', 'e4', 'v6']) assert.doesNotMatch(r.stdout, new RegExp(`=${value}\\b`));
    assert.match(r.stderr, /values masked: --reveal shows them/);
  });

  it('cookies --reveal prints the values in the listing', async () => {
    const r = await cli(['cookies', `${server.origin}/set`, '--reveal', '--user-data-folder', profile]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^strict_http=s1 {2}\(127\.0\.0\.1\/; HttpOnly; SameSite=strict; session\)$/m);
  });

  it('cookies with a bad URL exits non-zero with one line', async () => {
    const r = await cli(['cookies', 'http://exa mple.com/']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^webview2-host: "http:\/\/exa mple.com\/" is not a URL a window can open/);
    assert.equal(r.stdout, '');
  });

  it('cookies for a page that fails to load exits non-zero with the reason', async () => {
    const port = await closedPort();
    const r = await cli(['cookies', `http://127.0.0.1:${port}/`, '--user-data-folder', profile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot read cookies: http:\/\/127\.0\.0\.1:\d+\/ did not load: .*Connection refused/);
  });

  it('cookies of a local page: served from its folder like open (never as file:), values masked, the path shown', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-local-')));
    try {
      const page = path.join(dir, 'page.html');
      fs.writeFileSync(page, '<title>local</title><script>document.cookie = "local_pref=dark; path=/";</script>');
      const r = await cli(['cookies', page, '--user-data-folder', profile]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^local_pref=\*{8} {2}\(127\.0\.0\.1\/; /m);
      assert.ok(!r.stdout.includes('dark'), 'the value is masked');
      assert.ok(!/[0-9a-f]{32}/.test(r.stdout + r.stderr), 'the preview server\'s token is never shown');
      const none = await cli(['cookies', path.join(dir, 'missing.html'), '--user-data-folder', profile]);
      assert.notEqual(none.code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cookies for a blocked port exits 1 with the reason, not "no cookies for about:blank"', async () => {
    const r = await cli(['cookies', 'http://127.0.0.1:6000/', '--user-data-folder', profile]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /cannot read cookies: http:\/\/127\.0\.0\.1:6000\/ did not load: port 6000 is blocked by the engine/);
  });

  it('doctor --json reports every wait, the platform and the engine, and exits 0', async () => {
    const r = await cli(['doctor', '--json', '--windows', '3']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.ok, true);
    assert.equal(report.platform.engine, 'WebKitGTK');
    assert.equal(report.platform.arch, process.arch);
    assert.equal(report.windows, 3);
    assert.equal(report.waits.filter((w: any) => w.site === 'getCookies' && w.outcome === 'ok').length, 3);
    assert.deepEqual(report.stalls, []);
    assert.ok(report.steps.every((s: any) => s.ok && typeof s.ms === 'number'));
    assert.equal(report.steps.length, 9); // start, environment, 3 x (create+load, cookies), close
    assert.deepEqual(report.verdict, { status: 'healthy', summary: 'healthy: 3 windows, 0 stalls', cause: null, fix: null });
  });

  it('doctor ends with its verdict', async () => {
    const r = await cli(['doctor', '--windows', '1']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').pop(), 'verdict: healthy: 1 window, 0 stalls');
  });

  it('doctor exits non-zero when a wait fails, and says which', async () => {
    const r = await cli(['doctor', '--windows', '1', '--url', 'http://exa mple.com/']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /not a URL a window can open/);
  });

  it('open runs until its windows are closed (here by --for) and prints diagnostics', async () => {
    const r = await cli(['open', `${server.origin}/plain`, `${server.origin}/set`, '--for', '2', '--user-data-folder', profile]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /WebKitGTK 2\.\d+\.\d+ on linux/);
    assert.match(r.stderr, /window 1 opened for http/);
    assert.match(r.stderr, /window 2 loaded http:\/\/127\.0\.0\.1:\d+\/set HTTP 200/);
    assert.match(r.stderr, /2 window\(s\) open/);
  });

  it('open: the window\'s screenshot key saves a PNG in the current folder and says where; Ctrl+W closes it and the command ends', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-shot-'));
    const child = spawn(process.execPath, [CLI, 'open', `${server.origin}/plain`, '--user-data-folder', profile], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const handle = await until('the window to load', () => /window 1 loaded http/.test(stderr) && /native handle (0x[0-9a-f]+)/.exec(stderr)?.[1], 30000);
      focusWindow(handle);
      pressKeys('ctrl+shift+s');
      const saved = await until('the screenshot line', () => /window 1: screenshot saved to (\S+\.png) \((\d+)x(\d+)\)/.exec(stderr), 30000);
      assert.equal(path.dirname(saved[1]), fs.realpathSync(cwd));
      assert.match(path.basename(saved[1]), /^window-1-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d-\d{3}\.png$/);
      assert.ok(fs.readFileSync(saved[1]).subarray(1, 4).equals(Buffer.from('PNG')), 'a PNG');
      pressKeys('ctrl+w');
      assert.equal(await exited, 0, stderr);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('exits promptly once it has printed its result: no timer keeps it alive', async () => {
    // The probe (test/support/exitProbe.ts) names every timer that fired after the helper had
    // exited: such a timer is what kept the process alive after its work (a stray stop timer took 3 s).
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-exit-')), 'probe.json');
    const r = await cli(['cookies', `${server.origin}/set`, '--json', '--user-data-folder', profile], { [EXIT_PROBE_ENV]: report }, 45000,
      ['--require', path.join(__dirname, '..', 'support', 'exitProbe.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.exitAfterResultMs !== null);
    console.log(`      cookies exited ${Math.round(r.exitAfterResultMs)} ms after printing its result`);
    const probe = JSON.parse(fs.readFileSync(report, 'utf8')) as ExitProbeReport;
    assert.notEqual(probe.childExitedAt, null, 'the helper exited before the CLI did');
    assert.deepEqual(probe.late, [], 'no timer fired once the helper had gone');
  });

  it('open of an unreachable .invalid host exits 1 and says which window did not load', async () => {
    const r = await cli(['open', 'http://nowhere.invalid/', '--for', '2', '--user-data-folder', profile]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /1 window\(s\) did not load: window 1/);
  });

  it('open with a user data folder that cannot be made exits 1 with a one-line reason', async () => {
    const r = await cli(['open', `${server.origin}/plain`, '--user-data-folder', '/etc/passwd/x'], {}, 20000);
    assert.equal(r.code, 1, `exit code ${r.code} (null: still running after 20 s)\n${r.stderr}`);
    const last = r.stderr.trim().split('\n').pop() ?? '';
    assert.match(last, /^webview2-host: cannot create the profile folder \/etc\/passwd\/x: .*not a directory/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });

  it('cookies and open without a URL print a one-line usage error and exit 2', async () => {
    for (const command of ['cookies', 'open']) {
      const r = await cli([command]);
      assert.equal(r.code, 2, `${command}: ${r.stderr}`);
      assertOneLine(r.stderr);
      assert.match(r.stderr, new RegExp(`^webview2-host: ${command} needs .* \\(run "webview2-host --help" for usage\\)$`, 'm'));
    }
  });

  it('refuses unknown commands and bad flags with usage', async () => {
    const r = await cli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    const bad = await cli(['doctor', '--strategy', 'spin']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--strategy must be cowait or pump/);
  });

  it('without a display and without xvfb-run, says so plainly', async () => {
    const r = await cli(['cookies', `${server.origin}/set`], { DISPLAY: '', PATH: '/nonexistent', WEBVIEW2_HOST_VIRTUAL_DISPLAY: '' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no display: DISPLAY is not set/);
  });
  it('demo (the main job) opens three windows, prints cookies, waits and the verdict, saves screenshots, exits 0', async () => {
    const shots = path.join(profile, 'demo-shots');
    const r = await cli(['demo', '--for', '1', '--screenshots', shots]);
    assert.equal(r.code, 0, r.stderr);
    for (const id of [1, 2, 3]) assert.match(r.stderr, new RegExp(`window ${id} created and loaded in \\d+ ms`));
    assert.match(r.stderr, /demo_session=\*+ +\(127\.0\.0\.1\/; HttpOnly/);
    assert.match(r.stderr, /verdict: healthy: 3 windows, 0 stalls/);
    assert.deepEqual(fs.readdirSync(shots).sort(), ['window-1.png', 'window-2.png', 'window-3.png']);
  });
  // Issue 15: --output never writes through a link or into somebody else's file, and a target that
  // cannot be written is one line and exit 1, never a stack trace; each is refused before loading.
  describe('--output', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-output-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('refuses a symbolic link, leaving its target as it was', async () => {
      const victim = path.join(dir, 'victim.txt');
      fs.writeFileSync(victim, 'precious\n');
      fs.chmodSync(victim, 0o644);
      const link = path.join(dir, 'cookies.txt');
      fs.symlinkSync(victim, link);
      const r = await cli(['cookies', `${server.origin}/set`, '--format', 'netscape', '--output', link, '--user-data-folder', profile]);
      assert.equal(r.code, 1, r.stderr);
      assertOneLine(r.stderr);
      assert.match(r.stderr, /^webview2-host: refusing to write .*cookies\.txt: it is a symbolic link/);
      assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
      assert.equal(fs.statSync(victim).mode & 0o777, 0o644);
    });

    it('refuses a file that belongs to another user', async function () {
      if (process.getuid?.() !== 0) this.skip(); // only root can give a file away
      const theirs = path.join(dir, 'theirs.json');
      fs.writeFileSync(theirs, '[]\n', { mode: 0o666 });
      fs.chownSync(theirs, 65534, 65534);
      const r = await cli(['cookies', `${server.origin}/set`, '--json', '--output', theirs, '--user-data-folder', profile]);
      assert.equal(r.code, 1, r.stderr);
      assertOneLine(r.stderr);
      assert.match(r.stderr, /it belongs to user 65534, not to you/);
      assert.equal(fs.readFileSync(theirs, 'utf8'), '[]\n');
    });

    it('a folder (EISDIR) or a missing folder is one line and exit 1, not a stack trace', async () => {
      const folder = await cli(['cookies', `${server.origin}/set`, '--output', dir, '--user-data-folder', profile]);
      assert.equal(folder.code, 1, folder.stderr);
      assertOneLine(folder.stderr);
      assert.match(folder.stderr, /^webview2-host: cannot write .*: it is a folder \(name a file in it\)$/m);
      const missing = await cli(['cookies', `${server.origin}/set`, '--output', '/proc/nope/c.json', '--user-data-folder', profile]);
      assert.equal(missing.code, 1, missing.stderr);
      assertOneLine(missing.stderr);
      assert.match(missing.stderr, /^webview2-host: cannot write \/proc\/nope\/c\.json: the folder \/proc\/nope does not exist$/m);
    });

    it('--format exports carry the values, in a file readable by its owner only', async () => {
      const file = path.join(dir, 'cookies.json');
      const r = await cli(['cookies', `${server.origin}/set`, '--format', 'json', '--output', file, '--user-data-folder', profile]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).find((c: any) => c.name === 'strict_http').value, 's1');
    });
  });

  // Issue 15, defects 9 and 10: every numeric flag and --proxy are usage errors (one line naming
  // the flag and its range, exit 2) before anything starts: no window, no helper.
  it('refuses out-of-range and negative numbers, naming the flag and its range', async () => {
    const cases: [string[], RegExp][] = [
      [['open', `${server.origin}/plain`, '--for', '1e400'], /--for takes seconds from 0\.001 to 2147483, not "1e400"/],
      [['open', `${server.origin}/plain`, '--for', '2147484'], /--for takes seconds from 0\.001 to 2147483/],
      [['open', `${server.origin}/plain`, '--for', '-1'], /--for takes seconds from 0\.001 to 2147483, not "-1"/],
      [['demo', '--for=-1'], /--for takes seconds/],
      [['screenshot', `${server.origin}/plain`, path.join(profile, 'x.png'), '--height', '-5'], /--height takes a whole number of pixels from 100 to 8192, not "-5"/],
      [['cookies', `${server.origin}/set`, '--stall-ms', '-1'], /--stall-ms takes a whole number of ms from 100 to 3600000, not "-1"/],
      [['doctor', '--deadline-ms', '1e9'], /--deadline-ms takes a whole number of ms from 500 to 3600000, not "1e9"/],
      [['doctor', '--windows', '-3'], /--windows takes a whole number of windows from 1 to 50, not "-3"/],
      [['open', `${server.origin}/plain`, '--for'], /--for needs a value: seconds from 0\.001 to 2147483/],
    ];
    for (const [args, pattern] of cases) {
      const r = await cli(args, {}, 15000);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assertOneLine(r.stderr);
      assert.match(r.stderr, pattern, args.join(' '));
      assert.doesNotMatch(r.stderr, /ambiguous|TimeoutOverflowWarning/);
    }
  });

  it('--proxy notaurl is a usage error before anything starts', async () => {
    const r = await cli(['cookies', `${server.origin}/set`, '--proxy', 'notaurl', '--user-data-folder', profile], {}, 15000);
    assert.equal(r.code, 2, r.stderr);
    assertOneLine(r.stderr);
    assert.match(r.stderr, /^webview2-host: --proxy takes scheme:\/\/host:port or host:port \(e\.g\. http:\/\/127\.0\.0\.1:8080\), not "notaurl"/);
  });

  // Issue 15: a profile folder that others can write is made 0700, and the CLI says so.
  it('tightens a --user-data-folder that group or others can write to 0700, with a line saying so', async () => {
    const wide = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-wide-'));
    try {
      fs.chmodSync(wide, 0o777);
      const r = await cli(['cookies', `${server.origin}/set`, '--json', '--user-data-folder', wide]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(fs.statSync(wide).mode & 0o777, 0o700);
      assert.match(r.stderr, /warning: the profile folder .* could be written by group or others \(mode 0777\): tightened to 0700/);
    } finally {
      fs.rmSync(wide, { recursive: true, force: true });
    }
  });

  it('refuses a profile folder others can write that is not ours, with the reason, exit 1', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can give a folder away
    const theirs = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-theirs-'));
    try {
      fs.chmodSync(theirs, 0o777);
      fs.chownSync(theirs, 65534, 65534);
      const r = await cli(['cookies', `${server.origin}/set`, '--user-data-folder', theirs], {}, 20000);
      assert.equal(r.code, 1, r.stderr);
      assertOneLine(r.stderr);
      assert.match(r.stderr, /^webview2-host: cannot use the profile folder .*: group or others can write it \(mode 0777\) and it belongs to user 65534, not to you/);
      assert.equal(fs.statSync(theirs).mode & 0o777, 0o777);
    } finally {
      fs.rmSync(theirs, { recursive: true, force: true });
    }
  });
});
