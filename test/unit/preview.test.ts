import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { formatBytes, nextZoom, parseSize, pdfName, windowIdOf } from '../../src/extension/windows/controls';
import { looksLikeRelativePath, resolveOpenInput } from '../../src/extension/preview/input';
import { contentTypeOf } from '../../src/fileServer/contentTypes';
import { isLoopbackUrl, needsForwarding } from '../../src/extension/preview/remote';
import { PreviewTargets, SaveDebouncer } from '../../src/extension/preview/targets';
import { parseConfig } from '../../src/settings';

describe('preview: which windows a save reloads', () => {
  it('reloads the window showing the saved page, and in workspace mode the windows that loaded the file', () => {
    const t = new PreviewTargets();
    t.showing(1, 'file:/w/index.html');
    t.resourceLoaded(1, 'file:/w/style.css');
    t.resourceLoaded(1, 'file:/w/app.js');
    t.showing(2, 'file:/w/other.html');
    t.resourceLoaded(2, 'file:/w/style.css');
    t.showing(3, undefined); // a URL, not a workspace file
    assert.deepEqual(t.affectedBy(['file:/w/index.html'], 'workspace'), [1]);
    assert.deepEqual(t.affectedBy(['file:/w/style.css'], 'workspace'), [1, 2]);
    assert.deepEqual(t.affectedBy(['file:/w/style.css'], 'page'), []);
    assert.deepEqual(t.affectedBy(['file:/w/other.html', 'file:/w/app.js'], 'page'), [2]);
    assert.deepEqual(t.affectedBy(['file:/w/index.html'], 'off'), []);
    assert.deepEqual(t.affectedBy(['file:/w/unrelated.css'], 'workspace'), []);
  });

  it('keeps what a page loaded across a reload, finds the window of a page, forgets closed windows', () => {
    const t = new PreviewTargets();
    t.showing(4, 'file:/w/a.html');
    t.resourceLoaded(4, 'file:/w/a.css');
    t.showing(4, 'file:/w/a.html'); // reload
    assert.deepEqual(t.resourcesOf(4), ['file:/w/a.css']);
    assert.equal(t.windowFor('file:/w/a.html'), 4);
    assert.equal(t.windowFor('file:/w/b.html'), undefined);
    t.closed(4);
    assert.equal(t.windowFor('file:/w/a.html'), undefined);
    assert.deepEqual(t.affectedBy(['file:/w/a.css'], 'workspace'), []);
  });

  it('keeps resources reported before the window is known to show its page (they arrive first)', () => {
    const t = new PreviewTargets();
    t.resourceLoaded(7, 'file:/w/early.css');
    t.showing(7, 'file:/w/page.html');
    assert.deepEqual(t.affectedBy(['file:/w/early.css'], 'workspace'), [7]);
    assert.equal(t.windowFor('file:/w/page.html'), 7);
  });

  it('remembers at most 1000 resources per window, dropping the oldest', () => {
    const t = new PreviewTargets();
    t.showing(1, 'p');
    for (let i = 0; i < 1200; i++) t.resourceLoaded(1, `r${i}`);
    const kept = t.resourcesOf(1);
    assert.equal(kept.length, 1000);
    assert.equal(kept[0], 'r200');
    assert.deepEqual(t.affectedBy(['r5'], 'workspace'), []);
    assert.deepEqual(t.affectedBy(['r1199'], 'workspace'), [1]);
  });

  it('debounces saves: three saves in a burst flush once with every file', () => {
    const timers: { fn: () => void; ms: number; live: boolean }[] = [];
    const flushed: string[][] = [];
    const d = new SaveDebouncer(150, (keys) => flushed.push(keys), {
      set: (fn, ms) => { const t = { fn, ms, live: true }; timers.push(t); return t; },
      clear: (h) => { (h as { live: boolean }).live = false; },
    });
    d.saved('a');
    d.saved('b');
    d.saved('a');
    assert.equal(timers.filter((t) => t.live).length, 1);
    assert.equal(timers[timers.length - 1].ms, 150);
    timers.filter((t) => t.live).forEach((t) => t.fn());
    assert.deepEqual(flushed, [['a', 'b']]);
    d.saved('c');
    timers[timers.length - 1].fn();
    assert.deepEqual(flushed, [['a', 'b'], ['c']]);
  });

  it('reads the setting, unknown values as the default', () => {
    const read = (value: unknown): string => parseConfig(<T>(key: string, fallback: T) => (key === 'reloadOnSave' && value !== undefined ? value as T : fallback), '/p').reloadOnSave;
    assert.equal(read('off'), 'off');
    assert.equal(read('page'), 'page');
    assert.equal(read('workspace'), 'workspace');
    assert.equal(read('sometimes'), 'workspace');
    assert.equal(read(undefined), 'workspace');
  });
});

describe('preview: what a user typed into Open URL', () => {
  const folders = [{ name: 'site', key: 'file:///w/site' }, { name: 'docs', key: 'file:///w/docs' }];
  const files = new Set(['file:///w/site/index.html', 'file:///w/docs/guide/intro.html', 'file:///w/site/my page.html']);
  const exists = async (folder: string, rel: string): Promise<boolean> => files.has(`${folder}/${rel}`);

  it('resolves a relative path against the workspace folder that has it', async () => {
    assert.deepEqual(await resolveOpenInput('index.html', folders, exists), { kind: 'workspaceFile', folder: 'file:///w/site', relativePath: 'index.html' });
    assert.deepEqual(await resolveOpenInput('./index.html', folders, exists), { kind: 'workspaceFile', folder: 'file:///w/site', relativePath: 'index.html' });
    assert.deepEqual(await resolveOpenInput('guide\\intro.html', folders, exists), { kind: 'workspaceFile', folder: 'file:///w/docs', relativePath: 'guide/intro.html' });
    assert.deepEqual(await resolveOpenInput('my page.html', folders, exists), { kind: 'workspaceFile', folder: 'file:///w/site', relativePath: 'my page.html' });
  });

  it('says where it looked when a relative path names no file', async () => {
    await assert.rejects(resolveOpenInput('missing.html', folders, exists), /"missing.html" is not a file in the workspace folders site, docs/);
    await assert.rejects(resolveOpenInput('index.html', [], exists), /no workspace folder is open/);
  });

  it('leaves URLs, hosts and absolute paths to URL parsing', async () => {
    assert.deepEqual(await resolveOpenInput('localhost:3000', folders, exists), { kind: 'url', url: 'http://localhost:3000/' });
    assert.deepEqual(await resolveOpenInput('example.com', folders, exists), { kind: 'url', url: 'https://example.com/' });
    assert.deepEqual(await resolveOpenInput('/tmp/x.html', folders, exists), { kind: 'url', url: pathToFileURL('/tmp/x.html').href });
    await assert.rejects(resolveOpenInput('javascript:alert(1)', folders, exists), /not supported/);
  });

  it('tells relative paths from host names', () => {
    for (const p of ['index.html', './a', '../b/c.htm', 'pages/a.svg', 'x.css']) assert.equal(looksLikeRelativePath(p), true, p);
    for (const h of ['example.com', 'localhost:3000', 'http://a/b.html', '/abs/x.html', 'docs.dev']) assert.equal(looksLikeRelativePath(h), false, h);
  });
});

describe('preview: browser controls', () => {
  it('steps zoom through browser levels and stops at the ends', () => {
    assert.equal(nextZoom(1, 1), 1.1);
    assert.equal(nextZoom(1, -1), 0.9);
    assert.equal(nextZoom(1.05, 1), 1.1);
    assert.equal(nextZoom(5, 1), 5);
    assert.equal(nextZoom(0.25, -1), 0.25);
  });
  it('reads sizes and refuses nonsense', () => {
    assert.deepEqual(parseSize('375x667'), { width: 375, height: 667 });
    assert.deepEqual(parseSize(' 1280 × 800 '), { width: 1280, height: 800 });
    assert.throws(() => parseSize('big'), /not a size/);
    assert.throws(() => parseSize('20x20'), /out of range/);
  });
  it('takes a window as a number, a numeric string or an object with a windowId', () => {
    assert.equal(windowIdOf(undefined), undefined);
    assert.equal(windowIdOf(3), 3);
    assert.equal(windowIdOf('#2'), 2);
    assert.equal(windowIdOf('window 7'), 7);
    assert.equal(windowIdOf({ windowId: 5, title: 'x' }), 5);
    assert.throws(() => windowIdOf('first'), /not a window/);
    assert.throws(() => windowIdOf(-1), /not a window/);
  });
});

describe('preview: saving a page as PDF', () => {
  it('offers a file name from the page title, without what file systems refuse', () => {
    assert.equal(pdfName('Report: Q3 / 2026'), 'Report Q3 2026');
    assert.equal(pdfName('  ..hidden?  '), 'hidden');
    assert.equal(pdfName(''), 'page');
    assert.equal(pdfName('a\u0000b\nc'), 'a b c');
    assert.equal(pdfName('x'.repeat(200)).length, 80);
  });

  it('says a size in bytes, KiB or MiB', () => {
    assert.deepEqual([formatBytes(900), formatBytes(2048), formatBytes(3 * 1024 * 1024)], ['900 bytes', '2.0 KiB', '3.0 MiB']);
  });
});

describe('preview: loopback URLs of a remote workspace', () => {

  it('forwards the remote\'s localhost only when the extension runs on the user\'s side of a remote', () => {
    assert.equal(needsForwarding('http://localhost:3000/', 'ssh-remote', true), true);
    assert.equal(needsForwarding('http://127.0.0.1:8080/x', 'wsl', true), true);
    assert.equal(needsForwarding('http://localhost:3000/', 'ssh-remote', false), false);
    assert.equal(needsForwarding('http://localhost:3000/', undefined, true), false);
    assert.equal(needsForwarding('https://example.com/', 'ssh-remote', true), false);
    assert.equal(isLoopbackUrl('http://[::1]:9/'), true);
    assert.equal(isLoopbackUrl('file:///x'), false);
  });

  it('names content types by extension', () => {
    assert.equal(contentTypeOf('/a/b.HTML'), 'text/html; charset=utf-8');
    assert.equal(contentTypeOf('/a/b.css'), 'text/css; charset=utf-8');
    assert.equal(contentTypeOf('/a/noext'), 'application/octet-stream');
  });
});
