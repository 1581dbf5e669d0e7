// `open --network` and `open --har`, run as a user runs them, against the network site
// (networkServer.ts): a line per finished request, and a HAR that the HAR 1.2 schema accepts and
// that Playwright (Debian's Chromium) replays with the server stopped: the page shows its text and
// its stylesheet applies.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/harness';
import { runCli } from '../support/cliRun';
import { launchChromium } from '../support/codeServer';
import { harProblems } from '../support/harSchema';
import { startNetworkServer, TITLE_COLOUR, type NetworkServer } from '../support/networkServer';

describe('CLI network log and HAR', function () {
  let server: NetworkServer;
  let dir: string;
  before(async () => {
    server = await startNetworkServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-har-'));
  });
  after(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('open --network prints one line per finished request, failures with their reason', async () => {
    const r = await runCli(CLI, ['open', `${server.origin}/`, `http://127.0.0.1:1/`, '--network', '--for', '3', '--user-data-folder', path.join(dir, 'profile1')]);
    const lines = r.stdout.trim().split('\n');
    const o = server.origin.replace(/[.]/g, '\\.');
    for (const re of [
      new RegExp(`^\\[window 1\\] GET 200 text/html 5\\d\\d B \\d+ ms ${o}/$`),
      new RegExp(`^\\[window 1\\] GET 200 text/css 3\\d B \\d+ ms ${o}/style\\.css$`),
      new RegExp(`^\\[window 1\\] GET 404 text/plain \\S+ B \\d+ ms ${o}/missing\\.png$`),
      new RegExp(`^\\[window 1\\] GET 302 text/plain \\S+ B \\d+ ms ${o}/moved\\.js -> ${o}/script\\.js$`),
      new RegExp(`^\\[window 1\\] POST 200 text/plain \\S+ B \\d+ ms ${o}/api$`),
      /^\[window 2\] GET failed \(blocked-port: port 1 is blocked by the engine .*\) \d+ ms http:\/\/127\.0\.0\.1:1\/$/,
    ]) assert.ok(lines.some((l) => re.test(l)), `a line matches ${re}; stdout:\n${r.stdout}\nstderr:\n${r.stderr.slice(-2000)}`);
    assert.ok(!r.stdout.includes('s3cret'), 'no secret on stdout');
  });

  it('open --har writes a HAR 1.2 file (0600, values masked) that Playwright replays with the server stopped', async function () {
    const file = path.join(dir, 'session.har');
    const r = await runCli(CLI, ['open', `${server.origin}/`, '--har', file, '--for', '3', '--user-data-folder', path.join(dir, 'profile2')]);
    assert.match(r.stderr, /HAR written: .*session\.har \(\d+ request\(s\), cookie and authorization values masked\)/, r.stderr.slice(-2000));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const har = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(harProblems(har), []);
    const urls = har.log.entries.map((e: any) => e.request.url);
    for (const p of ['/', '/style.css', '/moved.js', '/script.js', '/api', '/pixel.png', '/missing.png']) assert.ok(urls.includes(`${server.origin}${p}`), `${p} in ${urls}`);
    const doc = har.log.entries.find((e: any) => e.request.url === `${server.origin}/`);
    assert.match(doc.response.content.text, /<h1 id="title">Network page<\/h1>/, 'the document has its body (captured from the first load)');
    const api = har.log.entries.find((e: any) => e.request.url === `${server.origin}/api`);
    assert.deepEqual(api.request.headers.find((h: any) => h.name === 'Authorization'), { name: 'Authorization', value: '********' });

    await server.close();
    const seen = server.requests.length;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      await context.routeFromHAR(file, { notFound: 'abort' });
      const page = await context.newPage();
      await page.goto(`${server.origin}/`);
      assert.equal(await page.textContent('#title'), 'Network page');
      assert.equal(await page.evaluate('getComputedStyle(document.getElementById("title")).color'), TITLE_COLOUR);
      // (script.js, reached through the 302, and the fetch replay without bodies: WebKitGTK keeps no
      // data of a redirect's target or a fetch in the UI process.)
    } finally {
      await browser.close();
    }
    assert.equal(server.requests.length, seen, 'the replay reached no server');
  });

  it('open refuses --reveal without --har, and a HAR path it cannot write, before opening anything', async () => {
    const a = await runCli(CLI, ['open', 'http://127.0.0.1:9/', '--reveal']);
    assert.equal(a.code, 2, a.stderr);
    assert.match(a.stderr, /--reveal applies to open with --har/);
    const b = await runCli(CLI, ['open', 'http://127.0.0.1:9/', '--har', path.join(dir, 'no-such-folder', 'x.har')]);
    assert.equal(b.code, 2, b.stderr);
    assert.match(b.stderr, /--har: cannot write .*the folder .*no-such-folder does not exist/);
  });
});
