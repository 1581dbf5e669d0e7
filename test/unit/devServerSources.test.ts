// A dev server's source URLs shown as the workspace files they serve (the console channel links them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DevServerSources } from '../../src/extension/preview/devServerSources';

/** A file's path as Vite's /@fs/ URL path names it (forward slashes, the drive letter first on Windows). */
function viteFs(file: string): string {
  const slashed = file.split(path.sep).join('/');
  return `/@fs${slashed.startsWith('/') ? '' : '/'}${slashed}`;
}

describe('dev server sources in the console', () => {
  let root: string;
  let outside: string;
  let sources: DevServerSources;
  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-ws-')));
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-out-')));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'main.ts'), '');
    fs.writeFileSync(path.join(root, 'src', 'a b.ts'), '');
    fs.writeFileSync(path.join(outside, 'secret.ts'), '');
    sources = new DevServerSources(() => [root]);
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('maps a loopback server\'s path to the workspace file, a query (Vite\'s ?t=) ignored, and Vite\'s /@fs/ paths', () => {
    assert.equal(sources.map('http://localhost:5173/src/main.ts?t=1700000000'), path.join(root, 'src', 'main.ts'));
    assert.equal(sources.map('http://127.0.0.1:8080/src/a%20b.ts'), path.join(root, 'src', 'a b.ts'));
    assert.equal(sources.map(`http://localhost:5173${viteFs(path.join(root, 'src', 'main.ts'))}`), path.join(root, 'src', 'main.ts'));
    assert.equal(sources.mapFrame('render (http://localhost:5173/src/main.ts:12:5)'), `render (${path.join(root, 'src', 'main.ts')}:12:5)`);
  });

  it('leaves alone a remote site, a file that is not there, a path out of the workspace and what is not http', () => {
    for (const source of ['https://example.com/src/main.ts', 'http://localhost:5173/src/missing.ts', 'http://localhost:5173/../../etc/passwd',
      `http://localhost:5173${viteFs(path.join(outside, 'secret.ts'))}`, 'http://localhost:5173/%2e%2e/%2e%2e/etc/passwd', 'webpack:///src/main.ts', 'http://localhost:5173/%E0%A4%A']) {
      assert.equal(sources.map(source), source, source);
    }
  });
});
