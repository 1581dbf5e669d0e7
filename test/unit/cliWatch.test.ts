// `open --watch` and the CLI's file-or-URL argument, with real files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileWatcher } from '../../src/cli/watch';
import { resolveTarget } from '../../src/cli/target';

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
    const reloads: [number, string[]][] = [];
    const watcher = new FileWatcher((id, files) => reloads.push([id, files.sort()]));
    watcher.add(7, pathToFileURL(page).href);
    watcher.add(7, pathToFileURL(css).href);
    watcher.add(7, 'http://127.0.0.1/other.js'); // not a file: ignored
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(page, '<p>2');
    fs.writeFileSync(css, 'p{color:red}');
    const deadline = Date.now() + 5000;
    while (reloads.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // a second reload would have come by now
    watcher.close();
    assert.deepEqual(reloads, [[7, [page, css].sort()]]);
  });

  it('stops watching for a closed window', async () => {
    const page = path.join(dir, 'a.html');
    fs.writeFileSync(page, '1');
    const reloads: number[] = [];
    const watcher = new FileWatcher((id) => reloads.push(id));
    watcher.add(1, pathToFileURL(page).href);
    watcher.remove(1);
    fs.writeFileSync(page, '22');
    await new Promise((r) => setTimeout(r, 700));
    watcher.close();
    assert.deepEqual(reloads, []);
  });

  it('takes an existing file path (relative or absolute) as a file URL, anything else as a URL', () => {
    const page = path.join(dir, 'index.html');
    fs.writeFileSync(page, '<p>');
    assert.equal(resolveTarget(page), pathToFileURL(page).href);
    assert.equal(resolveTarget(path.relative(process.cwd(), page)), pathToFileURL(page).href);
    assert.equal(resolveTarget('localhost:8080/x'), 'http://localhost:8080/x');
    assert.throws(() => resolveTarget('http://exa mple.com/'), /not a URL a window can open/);
  });
});
