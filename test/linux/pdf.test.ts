// Save as PDF in real WebKitGTK windows, for a page from a real HTTP server on 127.0.0.1: the file
// is a whole PDF of the size reported, the page's text is in it (read with poppler's pdftotext,
// since WebKit's text sits in compressed streams with subset fonts), and bad input is refused
// with a clear error and nothing left behind.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelperRequestError } from '../../src/client/helperClient';
import { ErrorCodes, Requests } from '../../src/protocol';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { startStaticServer, type StaticServer } from '../support/staticServer';

const TEXT = 'Quarterly zebra census 7319';

/** The text of a PDF, as poppler reads it. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Asserts that `file` is one whole PDF of `bytes` bytes. */
function assertWholePdf(file: string, bytes: number): void {
  const data = fs.readFileSync(file);
  assert.equal(data.length, bytes, 'the size reported is the size on disk');
  assert.equal(data.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(data.subarray(-32).toString('latin1'), /%%EOF\s*$/);
}

describe('Linux save as PDF', function () {
  const suite = linuxSuite();
  let site: string;
  let out: string;
  let server: StaticServer;
  let h: Harness;
  let env: number;

  before(async () => {
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-site-'));
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-pdf-'));
    fs.writeFileSync(path.join(site, 'index.html'), `<!doctype html><meta charset="utf-8"><title>PDF page</title><h1>${TEXT}</h1><p>second line ünïcode</p>`);
    server = await startStaticServer(site);
    h = suite.h;
    env = await h.environment();
  });
  after(async () => {
    await server?.close();
    fs.rmSync(site, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('saves the page as a whole PDF holding its text, in a folder it makes, and reports the wait', async () => {
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    const file = path.join(out, 'new folder', 'page one.pdf');
    const since = h.mark();
    const began = performance.now();
    const result = await h.client.request(Requests.savePdf, { windowId: w.windowId, path: file });
    const ms = performance.now() - began;
    assert.equal(result.path, file);
    assertWholePdf(file, result.bytes);
    const text = pdfText(file);
    assert.ok(text.includes(TEXT), `the PDF's text: ${JSON.stringify(text.slice(0, 200))}`);
    assert.ok(text.includes('second line ünïcode'));
    const wait = await h.next('waitCompleted', (e) => e.site === 'savePdf' && e.windowId === w.windowId, 5000, since);
    assert.equal(wait.params.outcome, 'ok');
    assert.equal(wait.params.strategy, 'glib');
    console.log(`      savePdf: ${result.bytes} bytes in ${ms.toFixed(0)} ms`);
  });

  it('overwrites a file already there with the new PDF', async () => {
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    const file = path.join(out, 'again.pdf');
    fs.writeFileSync(file, 'old contents');
    const result = await h.client.request(Requests.savePdf, { windowId: w.windowId, path: file });
    assertWholePdf(file, result.bytes);
    assert.ok(pdfText(file).includes(TEXT));
  });

  it('refuses a relative path by name, before anything is written', async () => {
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    await assert.rejects(h.client.request(Requests.savePdf, { windowId: w.windowId, path: 'relative.pdf' }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.invalidInput && err.field === 'path' && /absolute/.test(err.message));
    assert.equal(fs.existsSync(path.resolve('relative.pdf')), false);
  });

  it('refuses an unknown window', async () => {
    const file = path.join(out, 'nobody.pdf');
    await assert.rejects(h.client.request(Requests.savePdf, { windowId: 999, path: file }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.unknownWindow && /no window 999/.test(err.message));
    assert.equal(fs.existsSync(file), false);
  });

  it('says plainly when the folder cannot be made', async () => {
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    await assert.rejects(h.client.request(Requests.savePdf, { windowId: w.windowId, path: '/proc/nope/page.pdf' }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.invalidInput && err.field === 'path' && /cannot create the PDF folder \/proc\/nope/.test(err.message));
  });

  it('fails with the engine\'s reason when the printer cannot write the file, and leaves what was there as it was', async () => {
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    // A folder where the file should be: the folder check passes, the printer's open fails.
    const file = path.join(out, 'taken.pdf');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'keep.txt'), 'mine');
    await assert.rejects(h.client.request(Requests.savePdf, { windowId: w.windowId, path: file }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.engine && /savePdf failed: cannot print .*taken\.pdf: .*[Dd]irectory/.test(err.message));
    assert.deepEqual(fs.readdirSync(file), ['keep.txt']);
    assert.equal(fs.readFileSync(path.join(file, 'keep.txt'), 'utf8'), 'mine');
    // The window still works afterwards.
    const again = await h.client.request(Requests.savePdf, { windowId: w.windowId, path: path.join(out, 'after.pdf') });
    assertWholePdf(path.join(out, 'after.pdf'), again.bytes);
  });
});
