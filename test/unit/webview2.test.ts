// The platform-independent parts of the Windows backend, checked anywhere.
import * as assert from 'node:assert/strict';
import { guid, hex, IID_IUnknown } from '../../src/webview2/com';
import { explainHresult } from '../../src/webview2/hresult';
import { archFolder } from '../../src/webview2/loader';
import * as koffi from 'koffi';
import { HandlerFactory } from '../../src/webview2/handlers';
import { HANDLER_SHAPES, machineShape, type HandlerName } from '../../src/webview2/handlerShapes';
import { processFailedOutcome } from '../../src/webview2/processFailed';
import type { CallbackScope } from '../../src/helper/waits';

/** Invoke's parameters after `This`, as WebView2.h (SDK 1.0.3415) declares them in its C half. */
const HEADER_INVOKES: Record<HandlerName, string> = {
  CreateCoreWebView2EnvironmentCompletedHandler: 'HRESULT errorCode, ICoreWebView2Environment *result',
  CreateCoreWebView2ControllerCompletedHandler: 'HRESULT errorCode, ICoreWebView2Controller *result',
  GetCookiesCompletedHandler: 'HRESULT errorCode, ICoreWebView2CookieList *result',
  CapturePreviewCompletedHandler: 'HRESULT errorCode',
  CallDevToolsProtocolMethodCompletedHandler: 'HRESULT errorCode, LPCWSTR result',
  NavigationCompletedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2NavigationCompletedEventArgs *args',
  DocumentTitleChangedEventHandler: 'ICoreWebView2 *sender, IUnknown *args',
  ProcessFailedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2ProcessFailedEventArgs *args',
  BrowserProcessExitedEventHandler: 'ICoreWebView2Environment *sender, ICoreWebView2BrowserProcessExitedEventArgs *args',
  DevToolsProtocolEventReceivedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2DevToolsProtocolEventReceivedEventArgs *args',
  ServerCertificateErrorDetectedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2ServerCertificateErrorDetectedEventArgs *args',
};
const scope = { run: <R>(_name: string, _fallback: R, body: () => R) => body() } as unknown as CallbackScope;
const invokeOf = (handler: bigint) => koffi.decode(koffi.decode(handler, 0, 'void *') as bigint, 3 * 8, 'void *') as bigint;

describe('WebView2 COM helpers', () => {
  it('lays a GUID out as Windows does (little-endian Data1..3, Data4 as bytes)', () => {
    assert.equal(guid('{4e8a3389-c9d8-4bd2-b6b5-124fee6cc14d}').toString('hex'), '89338a4ed8c9d24bb6b5124fee6cc14d');
    assert.equal(IID_IUnknown.toString('hex'), '0000000000000000c000000000000046');
    assert.throws(() => guid('not-a-guid'), /not a GUID/);
  });

  it('prints an HRESULT as unsigned hex whatever its sign', () => {
    assert.equal(hex(0x80070002 | 0), '0x80070002');
    assert.equal(hex(0), '0x00000000');
  });

  it('explains the HRESULTs a user may meet, and names the rest', () => {
    assert.match(explainHresult(0x80070002 | 0), /^No WebView2 Runtime is installed\. Install the WebView2 Runtime/);
    assert.match(explainHresult(0x8007139f), /already in use .*\(retrying will not help\)/);
    assert.match(explainHresult(0x80010106 | 0), /multithreaded apartment/);
    assert.equal(explainHresult(0x80001234 | 0), 'The WebView2 Runtime reported 0x80001234.');
  });

  it('picks the runtime folder for the process architecture', () => {
    assert.equal(archFolder('x64'), 'x64');
    assert.equal(archFolder('arm64'), 'arm64');
    assert.equal(archFolder('ia32'), 'x86');
  });
});

describe('WebView2 handler shapes (WebView2.h)', () => {
  it('declares every handler\'s Invoke with the header\'s parameters', () => {
    for (const [name, params] of Object.entries(HEADER_INVOKES)) {
      assert.deepEqual(HANDLER_SHAPES[name as HandlerName].params, params.split(', '), name);
    }
    assert.deepEqual(Object.keys(HANDLER_SHAPES).sort(), Object.keys(HEADER_INVOKES).sort());
    assert.equal(machineShape('CapturePreviewCompletedHandler'), 'HRESULT');
    assert.equal(machineShape('GetCookiesCompletedHandler'), 'HRESULT,pointer');
  });

  it('builds CapturePreview\'s handler with a one-parameter Invoke, not the (HRESULT, result) one', () => {
    const factory = new HandlerFactory(scope);
    const got: unknown[][] = [];
    const capture = factory.completion(HANDLER_SHAPES.CapturePreviewCompletedHandler.iid, 'CapturePreview', (...args: unknown[]) => { got.push(args); });
    const cookies = factory.completion(HANDLER_SHAPES.GetCookiesCompletedHandler.iid, 'GetCookies', () => undefined);
    const devtools = factory.completion(HANDLER_SHAPES.CallDevToolsProtocolMethodCompletedHandler.iid, 'DevTools', () => undefined);
    assert.notEqual(invokeOf(capture), invokeOf(cookies), 'one function cannot be both Invoke(HRESULT) and Invoke(HRESULT, result)');
    assert.equal(invokeOf(cookies), invokeOf(devtools), 'one Invoke per machine shape');
    // Called as the runtime calls it, through the header's type.
    const proto = koffi.proto('int __stdcall HeaderCapturePreviewInvoke(void *self, int errorCode)');
    assert.equal(koffi.call(invokeOf(capture), proto, capture, 0x80004005 | 0), 0);
    assert.deepEqual(got, [[0x80004005 | 0]]);
  });

  it('refuses a handler interface the table does not declare', () => {
    const factory = new HandlerFactory(scope);
    assert.throws(() => factory.completion(guid('00000000-0000-0000-0000-000000000001'), 'Unknown', () => undefined), /not in handlerShapes\.ts/);
  });
});

describe('WebView2 ProcessFailed by kind', () => {
  it('fails the window only for the browser process and the main frame\'s renderer', () => {
    const failed = (k: number) => processFailedOutcome(7, k).kind;
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(failed),
      ['failed', 'failed', 'unresponsive', 'logged', 'logged', 'logged', 'logged', 'logged', 'logged', 'logged']);
    const browser = processFailedOutcome(7, 0);
    assert.ok(browser.kind === 'failed' && browser.browserGone);
    const renderer = processFailedOutcome(7, 1);
    assert.ok(renderer.kind === 'failed' && !renderer.browserGone && renderer.text === 'page crashed');
  });

  it('offers to wait or reload an unresponsive page, and names the other kinds', () => {
    assert.equal(processFailedOutcome(3, 2).message, 'window 3: the page is not responding; wait for it, or reload it');
    assert.match(processFailedOutcome(3, 6).message, /^window 3: GPU process exited; the runtime restarts it/);
    assert.match(processFailedOutcome(3, 3).message, /^window 3: a frame's renderer exited/);
    assert.match(processFailedOutcome(3, 42).message, /process failure 42/);
  });
});
