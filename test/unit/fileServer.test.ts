// The confined preview server, asked as a hostile page (or another local program) would ask it:
// traversal in every encoding, links out of the root, special files, foreign Host names, no token.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfinedFileServer } from '../../src/fileServer/confinedServer';
import { localFileUrl, localRoot } from '../../src/fileServer/localPreview';
import { parseServedPath } from '../../src/fileServer/servedPaths';

interface Answer { status: number; body: string; headers: http.IncomingHttpHeaders }

/** Windows has no FIFOs and no /proc: its special files are device names. */
const WINDOWS = process.platform === 'win32';

/** Whether symbolic links made here resolve (Linux: always; Windows: with the right to make them;
 *  Wine: links a Windows program makes point nowhere). Where they do not, a link is no way out
 *  and may answer 404 instead of 403; where they do, the strict answers are asserted. */
function linksResolve(link: string, expected: string): boolean {
  try {
    return fs.readFileSync(link, 'utf8') === expected;
  } catch {
    return false;
  }
}

/** A raw GET: the path is sent exactly as given (no URL normalisation), with the Host asked for. */
function get(port: number, rawPath: string, host = `127.0.0.1:${port}`, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('confined preview server', function () {
  this.timeout(20000);
  let top: string;
  let site: string;
  let server: ConfinedFileServer;
  let port: number;
  let token: string;
  let links: boolean;
  const secret = 'TOP-SECRET-7f3a';

  before(async () => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-confined-')));
    site = path.join(top, 'site');
    fs.mkdirSync(path.join(site, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.html'), '<title>site</title>');
    fs.writeFileSync(path.join(site, 'data.json'), '{"ok":true}');
    fs.writeFileSync(path.join(site, 'sub', 'index.html'), '<title>sub</title>');
    fs.mkdirSync(path.join(site, 'nolist'));
    fs.writeFileSync(path.join(site, 'nolist', 'a.txt'), 'a');
    fs.writeFileSync(path.join(top, 'secret.txt'), secret);
    fs.symlinkSync(path.join(top, 'secret.txt'), path.join(site, 'leak.txt'));
    fs.symlinkSync(top, path.join(site, 'up'));
    if (!WINDOWS) fs.symlinkSync('/proc/self/environ', path.join(site, 'environ'));
    fs.symlinkSync(path.join(site, 'data.json'), path.join(site, 'alias.json')); // inside: fine
    if (!WINDOWS) execFileSync('mkfifo', [path.join(site, 'pipe')]);
    links = linksResolve(path.join(site, 'leak.txt'), secret);
    if (!WINDOWS) assert.ok(links, 'symbolic links resolve on Linux');
    server = new ConfinedFileServer();
    const url = await localFileUrl(server, path.join(site, 'index.html'), site);
    const u = new URL(url);
    port = Number(u.port);
    token = u.pathname.split('/')[1];
  });
  after(() => {
    server.dispose();
    fs.rmSync(top, { recursive: true, force: true });
  });

  it('serves files of the root, its folders\' index pages, and links that stay inside', async () => {
    const page = await get(port, `/${token}/index.html`);
    assert.equal(page.status, 200);
    assert.equal(page.body, '<title>site</title>');
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal((await get(port, `/${token}/data.json`)).body, '{"ok":true}');
    if (links) assert.equal((await get(port, `/${token}/alias.json`)).body, '{"ok":true}');
    assert.equal((await get(port, `/${token}/`)).body, '<title>site</title>');
    const folder = await get(port, `/${token}/sub`);
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.location, `/${token}/sub/`);
    assert.equal((await get(port, `/${token}/sub/`)).body, '<title>sub</title>');
    assert.equal((await get(port, `/${token}/data.json?v=2`)).status, 200);
    const head = await get(port, `/${token}/data.json`, undefined, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '11');
  });

  it('lists no folder: one without index.html is 404', async () => {
    const r = await get(port, `/${token}/nolist/`);
    assert.equal(r.status, 404);
    assert.ok(!r.body.includes('a.txt'));
  });

  const traversals = [
    '../secret.txt', '%2e%2e/secret.txt', '%2E%2E/secret.txt', '.%2e/secret.txt', 'sub/../../secret.txt',
    'sub%2f..%2f..%2fsecret.txt', '..%2fsecret.txt', '..%5csecret.txt', 'sub%5c..%5c..%5csecret.txt',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'index.html%00.txt', 'C:%5cWindows', 'data.json::$DATA', '%E0%A4%A',
    '/..//secret.txt', '//etc/passwd',
  ];
  for (const t of traversals) {
    it(`refuses a path that steps out of the root: ${t}`, async () => {
      const r = await get(port, `/${token}/${t}`);
      assert.ok(r.status === 403 || r.status === 404, `${t}: ${r.status}`);
      assert.ok(!r.body.includes(secret) && !r.body.includes('root:'), `${t} leaked: ${r.body}`);
    });
  }

  it('refuses links that lead out of the root, and the kernel\'s files', async () => {
    for (const p of ['leak.txt', 'up/secret.txt', ...(WINDOWS ? [] : ['environ'])]) {
      const r = await get(port, `/${token}/${p}`);
      assert.ok(links ? r.status === 403 : r.status === 403 || r.status === 404, `${p}: ${r.status}`);
      assert.ok(!r.body.includes(secret) && !r.body.includes('PATH='), `${p} leaked`);
      assert.ok(!r.body.includes(top), `${p}: the answer names a local path: ${r.body}`);
    }
  });

  it('refuses a special file at once (a FIFO; on Windows a device name), and several at once block nothing else', async () => {
    const specials = WINDOWS ? ['NUL', 'CON', 'COM1', 'nul.txt', 'CONIN$'] : ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'];
    const answers = await Promise.all(specials.map((name) => get(port, `/${token}/${name}`)));
    for (const [i, r] of answers.entries()) {
      // A FIFO is refused as such; a Windows device name is not a file of the folder at all.
      assert.ok(WINDOWS ? r.status === 403 || r.status === 404 : r.status === 403, `${specials[i]}: ${r.status}`);
    }
    if (!WINDOWS) assert.match(answers[0].body, /not a regular file/);
    // Node's file threads are free: an ordinary read and the file system still answer.
    assert.equal((await get(port, `/${token}/data.json`)).status, 200);
    assert.equal(fs.readFileSync(path.join(site, 'data.json'), 'utf8'), '{"ok":true}');
  });

  it('answers only to its own Host names, only with the token, only GET and HEAD', async () => {
    assert.equal((await get(port, `/${token}/index.html`, `localhost:${port}`)).status, 200);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${port}`]) {
      const r = await get(port, `/${token}/index.html`, host);
      assert.equal(r.status, 421, `Host ${host}`);
      assert.ok(!r.body.includes('site'));
    }
    assert.equal((await get(port, '/index.html')).status, 404);
    assert.equal((await get(port, `/${'0'.repeat(32)}/index.html`)).status, 404);
    assert.equal((await get(port, `/${token}/index.html`, undefined, 'POST')).status, 405);
  });

  it('gives each root an origin of its own: one root\'s server does not serve another\'s files', async () => {
    const other = await localFileUrl(server, path.join(top, 'secret.txt'), top);
    const u = new URL(other);
    assert.notEqual(Number(u.port), port);
    assert.equal((await get(port, `/${u.pathname.split('/')[1]}/secret.txt`)).status, 404);
    assert.equal((await get(Number(u.port), `/${token}/index.html`)).status, 404);
  });

  it('refuses to hand out a URL for a file outside the root it is asked under', async () => {
    await assert.rejects(localFileUrl(server, path.join(top, 'secret.txt'), site), /not inside the preview folder/);
    await assert.rejects(localFileUrl(server, path.join(site, 'leak.txt'), site), links ? /not inside the preview folder/ : /./);
  });

  it('reads its URLs back and shows them as the file\'s own path, never with the token', async () => {
    const url = `http://127.0.0.1:${port}/${token}/sub/index.html`;
    assert.deepEqual(server.fileOf(url), { rootId: localRoot(site).id, segments: ['sub', 'index.html'], address: path.join(site, 'sub', 'index.html') });
    assert.equal(server.fileOf(`http://127.0.0.1:${port}/${token}/%2e%2e/x`), undefined);
    assert.equal(server.fileOf('https://example.com/x'), undefined);
    const text = server.present(`error at ${url}#top and http://localhost:${port}/${token}/a%20b.js:3, token ${token}`);
    assert.equal(text, `error at ${path.join(site, 'sub', 'index.html')}#top and ${path.join(site, 'a b.js')}:3, token …`);
  });

  it('parses the path by one rule: folders, segments and what is refused', () => {
    assert.deepEqual(parseServedPath('/t/a/b.html', 't'), { kind: 'file', segments: ['a', 'b.html'], folder: false });
    assert.deepEqual(parseServedPath('/t/a/', 't'), { kind: 'file', segments: ['a'], folder: true });
    assert.deepEqual(parseServedPath('/t', 't'), { kind: 'file', segments: [], folder: true });
    assert.deepEqual(parseServedPath('/u/a', 't'), { kind: 'notOurs' });
    assert.deepEqual(parseServedPath('/t/a//b', 't'), { kind: 'refused', reason: 'empty path segment' });
    assert.deepEqual(parseServedPath('/t/%2e', 't'), { kind: 'refused', reason: 'dot segment' });
    assert.deepEqual(parseServedPath('/t/a%00', 't'), { kind: 'refused', reason: 'NUL in a name' });
  });
});
