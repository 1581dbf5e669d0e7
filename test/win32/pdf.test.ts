// Save as PDF on the Windows backend: ICoreWebView2_7::PrintToPdf against the test runtime
// (native/test-runtime/printToPdf.c), for a page the runtime fetched from a real HTTP server on
// 127.0.0.1. The runtime writes an uncompressed PDF, so its structure (cross-reference offsets)
// and its text operators are read here directly; bad input is refused with a clear error and
// nothing is left behind.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelperRequestError } from '../../src/client/helperClient';
import { ErrorCodes, Requests } from '../../src/protocol';
import { Harness } from '../support/harness';
import { startStaticServer, type StaticServer } from '../support/staticServer';
import { TEST_RUNTIME, windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const TEXT = 'Quarterly zebra census 7319';

/** Checks a PDF's frame: header, %%EOF, startxref at an xref table whose every offset starts its object. */
function assertWholePdf(file: string, bytes: number): string {
  const data = fs.readFileSync(file);
  assert.equal(data.length, bytes, 'the size reported is the size on disk');
  const text = data.toString('latin1');
  assert.ok(text.startsWith('%PDF-1.'), 'a PDF header');
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  assert.ok(tail, 'ends with startxref and %%EOF');
  const xref = Number(tail[1]);
  assert.equal(text.slice(xref, xref + 4), 'xref');
  const table = /^xref\s+0 (\d+)\s+((?:\d{10} \d{5} [nf] ?\s+)+)/.exec(text.slice(xref));
  assert.ok(table, 'a cross-reference table');
  const rows = table[2].trim().split(/\s*\n/).map((r) => r.trim().split(' '));
  assert.equal(rows.length, Number(table[1]));
  rows.slice(1).forEach(([offset], i) => assert.equal(text.slice(Number(offset)).split('\n')[0], `${i + 1} 0 obj`, `object ${i + 1} is where the table says`));
  assert.match(text, /\/Type \/Page\b/);
  return text;
}

/** The strings shown by the content streams' Tj operators, in order, one line each. */
function shownText(pdf: string): string {
  const lines: string[] = [];
  for (const [, stream] of pdf.matchAll(/stream\n([\s\S]*?)endstream/g)) {
    for (const [, s] of stream.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) lines.push(s.replace(/\\(.)/g, '$1'));
  }
  return lines.join('\n');
}

describeWithTestRuntime('Windows backend: save as PDF (ICoreWebView2_7::PrintToPdf)', function () {
  let h: Harness;
  let site: string;
  let out: string;
  let server: StaticServer;
  let env: number;
  before(async () => {
    site = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-site-'));
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-pdf-'));
    fs.writeFileSync(path.join(site, 'index.html'),
      `<!doctype html><html><head><title>PDF page</title><style>h1{color:red}</style></head><body><h1>${TEXT}</h1><p>fish &amp; chips (hot)</p><script>var hidden = "script text";</script></body></html>`);
    server = await startStaticServer(site);
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
  });
  after(async () => {
    await h?.stop();
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
    const text = shownText(assertWholePdf(file, result.bytes));
    assert.deepEqual(text.split('\n'), [TEXT, 'fish & chips (hot)'], 'the page\'s visible text, not its title, style or script');
    const wait = await h.next('waitCompleted', (e) => e.site === 'savePdf' && e.windowId === w.windowId, 5000, since);
    assert.equal(wait.params.outcome, 'ok');
    assert.equal(wait.params.strategy, 'cowait');
    assert.notEqual(wait.params.completionAfterMs, null, 'the completion came later, through the wait');
    console.log(`      savePdf: ${result.bytes} bytes in ${ms.toFixed(0)} ms`);
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

  it('fails clearly when the runtime cannot write the file (isSuccessful FALSE), and leaves what was there as it was', async () => {
    const w = await h.openLoaded(env, `${server.origin}/index.html`);
    const file = path.join(out, 'taken.pdf');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'keep.txt'), 'mine');
    await assert.rejects(h.client.request(Requests.savePdf, { windowId: w.windowId, path: file }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.engine && /savePdf failed: the runtime could not print to .*taken\.pdf \(isSuccessful=FALSE\)/.test(err.message));
    assert.deepEqual(fs.readdirSync(file), ['keep.txt']);
    // The window still prints afterwards.
    const again = await h.client.request(Requests.savePdf, { windowId: w.windowId, path: path.join(out, 'after.pdf') });
    assertWholePdf(path.join(out, 'after.pdf'), again.bytes);
  });

  describe('a PrintToPdf whose completion never comes', function () {
    let late: Harness;
    before(async () => {
      late = windowsHarness({ waitDeadlineMs: 1500 }, 'send,printToPdf=never');
      await late.client.start();
    });
    after(async () => late?.stop());

    it('passes its deadline as a savePdf wait with no answer, and leaves no file behind', async () => {
      const lateEnv = await late.environment();
      const w = await late.openLoaded(lateEnv, `${server.origin}/index.html`);
      const file = path.join(out, 'never.pdf');
      await assert.rejects(late.client.request(Requests.savePdf, { windowId: w.windowId, path: file }), (err: unknown) =>
        err instanceof HelperRequestError && err.code === ErrorCodes.waitTimeout && /savePdf \(cowait wait\) passed its deadline .*no answer/.test(err.message));
      assert.equal(fs.existsSync(file), false);
    });
  });

  describe('a runtime older than ICoreWebView2_7', function () {
    let old: Harness;
    before(async () => {
      old = new Harness({}, { WEBVIEW2_TEST_DELIVERY: 'send', WEBVIEW2_TEST_WITHOUT_WEBVIEW_7: '1' }, { browserFolder: TEST_RUNTIME });
      await old.client.start();
    });
    after(async () => old?.stop());

    it('is named as too old, with the interface it lacks, and the window goes on working', async () => {
      const oldEnv = await old.environment();
      const w = await old.openLoaded(oldEnv, `${server.origin}/index.html`);
      const file = path.join(out, 'old.pdf');
      await assert.rejects(old.client.request(Requests.savePdf, { windowId: w.windowId, path: file }), (err: unknown) =>
        err instanceof HelperRequestError && err.code === ErrorCodes.engine && /too old for Save as PDF: it has no ICoreWebView2_7 \(PrintToPdf\).*\(0x80004002\)/.test(err.message));
      assert.equal(fs.existsSync(file), false);
      assert.ok(Array.isArray(await old.client.request(Requests.getCookies, { windowId: w.windowId })));
    });
  });
});
