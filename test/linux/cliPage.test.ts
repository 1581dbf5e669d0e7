// The CLI's page commands, run as a user runs them (node dist/cli.js): open --console,
// open --watch on a relative file path, screenshot.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ARTIFACTS, CLI } from '../support/harness';
import { colourCounts, readPng } from '../support/png';

interface Run { child: ChildProcess; stdout: string; stderr: string; exited: Promise<number | null> }

function start(args: string[], cwd: string): Run {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { child, stdout: '', stderr: '', exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout!.on('data', (d) => { run.stdout += d; });
  child.stderr!.on('data', (d) => { run.stderr += d; });
  return run;
}

async function until(run: Run, what: () => boolean, label: string, ms = 20000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`${label} did not happen within ${ms} ms\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('CLI page commands', function () {
  let dir: string;
  let profile: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-page-'));
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-profile-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('open --console prints the page\'s console to stdout as [window N] level: message (source:line)', async () => {
    const page = path.join(dir, 'console.html');
    fs.writeFileSync(page, ['<title>console</title>', '<script>', 'console.log("hello", 1);', 'console.error("boom from page");', 'throw new Error("kaboom");', '</script>'].join('\n'));
    const run = start(['open', page, '--console', '--for', '60', '--user-data-folder', profile], dir);
    try {
      await until(run, () => run.stdout.includes('kaboom'), 'the console lines');
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    // The page is served from its folder; people read its own path, not the server's address.
    const file = fs.realpathSync(page);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      `[window 1] log: hello 1 (${file}:3)`,
      `[window 1] error: boom from page (${file}:4)`,
      `[window 1] error: Uncaught Error: kaboom (${file}:5)`,
    ]);
  });

  it('open --watch reloads when the page\'s file, or a file it loaded, changes (a relative path)', async () => {
    fs.writeFileSync(path.join(dir, 'index.html'), '<title>version 1</title><link rel="stylesheet" href="style.css"><h1>one</h1>');
    fs.writeFileSync(path.join(dir, 'style.css'), 'h1{color:red}');
    const run = start(['open', 'index.html', '--watch', '--for', '60', '--user-data-folder', profile], dir);
    try {
      await until(run, () => run.stderr.includes(`watching ${path.join(dir, 'style.css')}`), 'watching the stylesheet the page loaded');
      await until(run, () => run.stderr.includes('title "version 1"'), 'the first title');
      fs.writeFileSync(path.join(dir, 'style.css'), 'h1{color:blue}');
      await until(run, () => run.stderr.includes(`reloading: ${path.join(dir, 'style.css')} changed`), 'a reload for the stylesheet');
      const began = Date.now();
      fs.writeFileSync(path.join(dir, 'index.html'), '<title>version 2</title><link rel="stylesheet" href="style.css"><h1>two</h1>');
      // The title alone could come from the stylesheet's reload reading the new page: wait for the
      // page's own reload and the title after it.
      const reloadFor = (text: string) => text.indexOf(`reloading: ${path.join(dir, 'index.html')} changed`);
      await until(run, () => reloadFor(run.stderr) >= 0, 'a reload for the page');
      await until(run, () => run.stderr.indexOf('title "version 2"', reloadFor(run.stderr)) >= 0, 'the new version after saving the page');
      console.log(`      (saved to new title in ${Date.now() - began} ms)`);
      assert.equal(run.stderr.match(/reloading: .*index\.html changed/g)?.length, 1, 'one reload per save');
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('screenshot writes a PNG of the page, not blank, and prints its path', async () => {
    const page = path.join(dir, 'shot.html');
    fs.writeFileSync(page, '<title>shot</title><style>body{margin:0;background:#3a7}</style><h1 style="color:#fff">screenshot</h1>');
    const file = path.join(ARTIFACTS, 'linux-cli-screenshot.png');
    const run = start(['screenshot', page, file, '--width', '400', '--height', '300', '--user-data-folder', profile], dir);
    assert.equal(await run.exited, 0, run.stderr);
    assert.equal(run.stdout.trim(), file);
    const image = readPng(file);
    assert.deepEqual([image.width, image.height], [400, 300]);
    const colours = colourCounts(image);
    assert.equal(colours[0][0], '#33aa77');
    assert.ok(colours.length > 2, 'the heading\'s text is drawn too');
  });

  it('screenshot of a page that does not load exits 1 with the reason, and refuses a name that is not .png', async () => {
    const failed = start(['screenshot', 'http://127.0.0.1:6000/', path.join(dir, 'x.png'), '--user-data-folder', profile], dir);
    assert.equal(await failed.exited, 1);
    assert.match(failed.stderr, /no screenshot: http:\/\/127\.0\.0\.1:6000\/ did not load: port 6000 is blocked/);
    const wrong = start(['screenshot', 'http://127.0.0.1:8/', path.join(dir, 'x.jpg')], dir);
    assert.equal(await wrong.exited, 2);
    assert.match(wrong.stderr, /name the file \.png/);
    const foreign = start(['cookies', 'http://127.0.0.1:8/', '--watch'], dir);
    assert.equal(await foreign.exited, 2);
    assert.match(foreign.stderr, /--watch is an option of open, not of cookies/);
  });
  it('open exits 1 when the helper showing its windows dies (it reopens nothing), naming the cause', async () => {
    const page = path.join(dir, 'die.html');
    fs.writeFileSync(page, '<title>die</title><p>helper dies under me');
    const run = start(['open', page, '--for', '60', '--user-data-folder', profile], dir);
    try {
      await until(run, () => run.stderr.includes('title "die"'), 'the page');
      const pid = Number(/helper (\d+) starting/.exec(run.stderr)?.[1]);
      assert.ok(pid > 0, run.stderr);
      process.kill(pid, 'SIGKILL');
      assert.equal(await run.exited, 1, run.stderr);
      assert.match(run.stderr, /error: the helper was killed by SIGKILL; 1 window\(s\) were lost: window 1/);
    } finally {
      run.child.kill('SIGTERM');
    }
  });
  it('every line stays one line: a title with line breaks and escape sequences is printed escaped', async () => {
    const page = path.join(dir, 'forged.html');
    fs.writeFileSync(page, '<title>x</title><script>document.title = "ok\\n12:00:00.000 window 9 title \\"FORGED\\"\\u001b]0;owned\\u0007";</script>');
    const run = start(['open', page, '--for', '60', '--user-data-folder', profile], dir);
    try {
      await until(run, () => run.stderr.includes('FORGED'), 'the forged title');
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    assert.ok(!run.stderr.includes('\u001b') && !run.stderr.includes('\u0007'), 'no raw escape reaches the terminal');
    assert.ok(!run.stderr.split('\n').some((l) => l.startsWith('12:00:00.000 window 9')), 'no line forged');
    // WebKit folds the line break of a title into a space itself; the escapes are ours.
    assert.match(run.stderr, /window 1 title "ok( |\\n)12:00:00\.000 window 9 title "FORGED"\\x1b\]0;owned\\x07"/);
  });
  it('screenshot --wait-ms gives an app that draws after its load the time it asked for; the flag is checked', async () => {
    const page = path.join(dir, 'late.html');
    // Draws its colour 1 s after the load event, as a single-page app does once its data is in.
    fs.writeFileSync(page, '<title>late</title><style>body{margin:0}</style><script>addEventListener("load", () => setTimeout(() => { document.body.style.background = "#3a7"; }, 1000));</script><body></body>');
    const file = path.join(dir, 'late.png');
    const run = start(['screenshot', page, file, '--wait-ms', '4000', '--width', '300', '--height', '200', '--user-data-folder', profile], dir);
    assert.equal(await run.exited, 0, run.stderr);
    assert.equal(colourCounts(readPng(file))[0][0], '#33aa77', 'the colour drawn after the load is in the picture');
    for (const bad of ['-1', '60001', '1.5']) {
      const refused = start(['screenshot', page, file, '--wait-ms', bad], dir);
      assert.equal(await refused.exited, 2, bad);
      assert.match(refused.stderr, /--wait-ms takes a whole number of ms from 0 to 60000/);
    }
  });

  it('screenshot --wait-for waits for the element a single-page app draws, --full-page takes the whole page; a bad selector exits 1', async () => {
    const page = path.join(dir, 'app.html');
    // Mounts its app 1.5 s after the load event, as a single-page app does once its data is in; the app is taller than the window.
    fs.writeFileSync(page, '<title>app</title><style>body{margin:0}#app{height:900px;background:#a23}</style><script>'
      + 'addEventListener("load", () => setTimeout(() => { const d = document.createElement("div"); d.id = "app"; d.className = "ready"; document.body.append(d); }, 1500));</script><body></body>');
    const file = path.join(dir, 'app.png');
    const run = start(['screenshot', page, file, '--wait-for', '#app.ready', '--full-page', '--width', '400', '--height', '200', '--user-data-folder', profile], dir);
    assert.equal(await run.exited, 0, run.stderr);
    const png = readPng(file);
    assert.deepEqual([png.width, png.height], [400, 900], 'the whole page, not the 400x200 viewport');
    assert.equal(colourCounts(png)[0][0], '#aa2233', 'the app drawn after the load is in the picture');
    assert.match(run.stderr, /400x900 \(the full page\) written to/);
    const bad = start(['screenshot', page, file, '--wait-for', 'div[', '--user-data-folder', profile], dir);
    assert.equal(await bad.exited, 1);
    assert.match(bad.stderr, /no screenshot: "div\[" is not a CSS selector: /);
    const empty = start(['screenshot', page, file, '--wait-for', ' '], dir);
    assert.equal(await empty.exited, 2);
    assert.match(empty.stderr, /--wait-for needs a CSS selector/);
  });
});
