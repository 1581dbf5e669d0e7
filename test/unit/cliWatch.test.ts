// `open --watch` and the CLI's file-or-URL argument, with real files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileWatcher } from '../../src/cli/watch';
import { CliTargets } from '../../src/cli/target';

describe('open --watch', function () {
  this.timeout(10000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-watch-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reloads once for several changes close together, naming the files', async () => {
    const page = path.join(dir, 'index.html');
    const css = path.join(dir, 'style.css');
    fs.writeFileSync(page, '<p>1');
    fs.writeFileSync(css, 'p{}');
    const sentinel = path.join(dir, 'sentinel.txt');
    fs.writeFileSync(sentinel, '1');
    const reloads: [number, string[]][] = [];
    let wake = (): void => undefined;
    const watcher = new FileWatcher((id, files) => {
      reloads.push([id, files.sort()]);
      wake();
    });
    const reloaded = (id: number) => new Promise<void>((resolve) => {
      wake = () => { if (reloads.some(([w]) => w === id)) resolve(); };
      wake();
    });
    watcher.add(7, pathToFileURL(page).href);
    watcher.add(7, pathToFileURL(css).href);
    watcher.add(7, 'http://127.0.0.1/other.js'); // not a file: ignored
    fs.writeFileSync(page, '<p>2');
    fs.writeFileSync(css, 'p{color:red}');
    await reloaded(7);
    // A later change to another window's file, and its reload: a second reload of window 7 from
    // the earlier writes would have come before it.
    watcher.add(8, pathToFileURL(sentinel).href);
    fs.writeFileSync(sentinel, '22');
    await reloaded(8);
    watcher.close();
    assert.deepEqual(reloads, [[7, [page, css].sort()], [8, [sentinel]]]);
  });

  it('stops watching for a closed window', async () => {
    const page = path.join(dir, 'a.html');
    fs.writeFileSync(page, '1');
    const other = path.join(dir, 'b.html');
    fs.writeFileSync(other, '1');
    const reloads: number[] = [];
    let otherReloaded = (): void => undefined;
    const done = new Promise<void>((resolve) => { otherReloaded = resolve; });
    const watcher = new FileWatcher((id) => {
      reloads.push(id);
      if (id === 2) otherReloaded();
    });
    watcher.add(1, pathToFileURL(page).href);
    watcher.add(2, pathToFileURL(other).href);
    watcher.remove(1);
    fs.writeFileSync(page, '22');
    fs.writeFileSync(other, '22');
    await done; // window 2's reload: window 1's would have come with it
    watcher.close();
    assert.deepEqual(reloads, [2]);
  });

  it('takes an existing file path (relative, absolute or a file: URL) as a file of its folder, anything else as a URL', () => {
    const page = path.join(dir, 'index.html');
    fs.writeFileSync(page, '<p>');
    const targets = new CliTargets();
    assert.deepEqual(targets.check(page), { kind: 'file', file: page, root: dir });
    assert.deepEqual(targets.check(path.relative(process.cwd(), page)), { kind: 'file', file: page, root: dir });
    assert.deepEqual(targets.check(pathToFileURL(page).href), { kind: 'file', file: page, root: dir });
    assert.deepEqual(targets.check(dir), { kind: 'file', file: page, root: dir }, 'a folder opens its index.html');
    assert.deepEqual(targets.check('localhost:8080/x'), { kind: 'url', url: 'http://localhost:8080/x' });
    assert.throws(() => targets.check('http://exa mple.com/'), /not a URL a window can open/);
    fs.mkdirSync(path.join(dir, 'empty'));
    assert.throws(() => targets.check(path.join(dir, 'empty')), /folder with no index\.html/);
    assert.throws(() => new CliTargets(path.join(dir, 'sub')).check(page), /--root must be a folder/);
    fs.mkdirSync(path.join(dir, 'sub'));
    assert.throws(() => new CliTargets(path.join(dir, 'sub')).check(page), /is not inside --root/);
  });

  it('serves a file under its folder and reads the served URL back for --watch, the token never shown', async () => {
    const page = path.join(dir, 'index.html');
    fs.writeFileSync(page, '<p>');
    const targets = new CliTargets();
    try {
      const url = await targets.urlOf(targets.check(page));
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/index\.html$/);
      assert.equal(targets.fileUrlOf(url), pathToFileURL(fs.realpathSync(page)).href);
      assert.equal(targets.fileUrlOf('http://example.com/x'), 'http://example.com/x');
      const token = new URL(url).pathname.split('/')[1];
      const shown = targets.display(`failed to load ${url}?x=1 (${url})`);
      assert.equal(shown, `failed to load ${fs.realpathSync(page)}?x=1 (${fs.realpathSync(page)})`);
      assert.ok(!shown.includes(token));
    } finally {
      targets.dispose();
    }
  });
});
