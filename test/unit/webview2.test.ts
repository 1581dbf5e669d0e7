// The platform-independent parts of the Windows backend, checked anywhere.
import * as assert from 'node:assert/strict';
import { guid, hex, IID_IUnknown } from '../../src/webview2/ffi/com';
import { explainHresult } from '../../src/webview2/hresult';
import { archFolder } from '../../src/webview2/loader';
import * as koffi from 'koffi';
import { HandlerFactory } from '../../src/webview2/handlers';
import { HANDLER_SHAPES, machineShape, type HandlerName } from '../../src/webview2/handlerShapes';
import { processFailedOutcome } from '../../src/webview2/processFailed';
import { CHANNELS, searchRuntime, type Hive, type SearchInputs, type View } from '../../src/webview2/runtimeSearch';
import type { CallbackScope } from '../../src/helper/waits';

/** Invoke's parameters after `This`, as WebView2.h (SDK 1.0.3415) declares them in its C half. */
const HEADER_INVOKES: Record<HandlerName, string> = {
  CreateCoreWebView2EnvironmentCompletedHandler: 'HRESULT errorCode, ICoreWebView2Environment *result',
  CreateCoreWebView2ControllerCompletedHandler: 'HRESULT errorCode, ICoreWebView2Controller *result',
  GetCookiesCompletedHandler: 'HRESULT errorCode, ICoreWebView2CookieList *result',
  CapturePreviewCompletedHandler: 'HRESULT errorCode',
  PrintToPdfCompletedHandler: 'HRESULT errorCode, BOOL isSuccessful',
  CallDevToolsProtocolMethodCompletedHandler: 'HRESULT errorCode, LPCWSTR result',
  NavigationCompletedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2NavigationCompletedEventArgs *args',
  DocumentTitleChangedEventHandler: 'ICoreWebView2 *sender, IUnknown *args',
  ProcessFailedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2ProcessFailedEventArgs *args',
  BrowserProcessExitedEventHandler: 'ICoreWebView2Environment *sender, ICoreWebView2BrowserProcessExitedEventArgs *args',
  DevToolsProtocolEventReceivedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2DevToolsProtocolEventReceivedEventArgs *args',
  ServerCertificateErrorDetectedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2ServerCertificateErrorDetectedEventArgs *args',
  AcceleratorKeyPressedEventHandler: 'ICoreWebView2Controller *sender, ICoreWebView2AcceleratorKeyPressedEventArgs *args',
  NewWindowRequestedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2NewWindowRequestedEventArgs *args',
  WindowCloseRequestedEventHandler: 'ICoreWebView2 *sender, IUnknown *args',
  NavigationStartingEventHandler: 'ICoreWebView2 *sender, ICoreWebView2NavigationStartingEventArgs *args',
  WebResourceRequestedEventHandler: 'ICoreWebView2 *sender, ICoreWebView2WebResourceRequestedEventArgs *args',
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
    assert.equal(machineShape('PrintToPdfCompletedHandler'), 'HRESULT,BOOL');
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

describe('WebView2 runtime search (Microsoft\'s loader contract)', () => {
  const guidOf = (name: string) => CHANNELS.find((c) => c.name === name)!.guid;
  /** A machine: registry values by "HIVE|view|key|value", files that exist. */
  const machine = (registry: Record<string, string>, files: string[], env: NodeJS.ProcessEnv = {}): SearchInputs => ({
    readString: (hive: Hive, key: string, value: string, view: View) => registry[`${hive}|${view}|${key}|${value}`] ?? null,
    fileExists: (file) => files.includes(file),
    env, exeName: 'Code.exe', arch: 'x64',
  });
  const channel = (name: string, hive: Hive, view: View, folder: string) => ({
    [`${hive}|${view}|SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\${guidOf(name)}|EBWebView`]: folder,
  });
  const dll = (folder: string, arch = 'x64') => `${folder}\\EBWebView\\${arch}\\EmbeddedBrowserWebView.dll`;
  const policyKey = (hive: Hive, name: string, valueName: string, value: string) => ({
    [`${hive}|default|Software\\Policies\\Microsoft\\Edge\\WebView2\\${name}|${valueName}`]: value,
  });

  // As Microsoft's WebView2Loader.dll answered under Wine: HKLM's entry over HKCU's for one
  // channel, HKLM's 64-bit view never read, a channel before a hive, an entry without its DLL passed over.
  it('finds a Beta-only machine, per machine before per user, in the 32-bit view only', () => {
    const both = { ...channel('Beta', 'HKLM', '32', 'C:\\M\\1.0'), ...channel('Beta', 'HKCU', '32', 'C:\\U\\2.0') };
    assert.equal(searchRuntime(machine(both, [dll('C:\\M\\1.0'), dll('C:\\U\\2.0')])).found?.folder, 'C:\\M\\1.0');
    assert.equal(searchRuntime(machine(channel('Beta', 'HKLM', '64', 'C:\\M\\1.0'), [dll('C:\\M\\1.0')])).found, null);
    const stableUser = { ...channel('Stable', 'HKCU', '32', 'C:\\S'), ...channel('Beta', 'HKLM', '32', 'C:\\M\\1.0') };
    assert.equal(searchRuntime(machine(stableUser, [dll('C:\\S'), dll('C:\\M\\1.0')])).found?.folder, 'C:\\S');
    const s = searchRuntime(machine(both, [dll('C:\\U\\2.0')]));
    assert.equal(s.found?.folder, 'C:\\U\\2.0');
    assert.match(s.found!.description, /^Evergreen runtime at C:\\U\\2\.0 \(registry, HKCU\), Beta channel, 32-bit view$/);
    assert.equal(s.found!.runtimeType, 0);
    assert.equal(s.found!.version, '2.0');
  });

  it('searches Stable, Beta, Dev, Canary; reversed by WEBVIEW2_RELEASE_CHANNEL_PREFERENCE=1 or the policy; limited by WEBVIEW2_RELEASE_CHANNELS', () => {
    const registry = { ...channel('Stable', 'HKLM', '32', 'C:\\S'), ...channel('Dev', 'HKLM', '32', 'C:\\D'), ...channel('Canary', 'HKLM', '32', 'C:\\C') };
    const files = [dll('C:\\S'), dll('C:\\D'), dll('C:\\C')];
    assert.equal(searchRuntime(machine(registry, files)).found?.folder, 'C:\\S');
    assert.equal(searchRuntime(machine(registry, files, { WEBVIEW2_RELEASE_CHANNEL_PREFERENCE: '1' })).found?.folder, 'C:\\C');
    assert.equal(searchRuntime(machine(registry, files, { WEBVIEW2_CHANNEL_SEARCH_KIND: '1' })).found?.folder, 'C:\\C');
    assert.equal(searchRuntime(machine({ ...registry, ...policyKey('HKCU', 'ReleaseChannelPreference', '*', '1') }, files)).found?.folder, 'C:\\C');
    assert.equal(searchRuntime(machine(registry, files, { WEBVIEW2_RELEASE_CHANNELS: '1,2' })).found?.folder, 'C:\\D');
    // Names are not channel numbers: Microsoft's loader ignores such a list.
    assert.equal(searchRuntime(machine(registry, files, { WEBVIEW2_RELEASE_CHANNELS: 'canary' })).found?.folder, 'C:\\S');
    assert.equal(searchRuntime(machine(registry, files, { WEBVIEW2_RELEASE_CHANNEL_PREFERENCE: 'true' })).found?.folder, 'C:\\S');
    assert.equal(searchRuntime(machine({ ...registry, ...policyKey('HKLM', 'ReleaseChannels', 'Code.exe', '2,3') }, files, { WEBVIEW2_RELEASE_CHANNEL_PREFERENCE: '1' })).found?.folder, 'C:\\C');
    const none = searchRuntime(machine(registry, files, { WEBVIEW2_RELEASE_CHANNELS: '1' }));
    assert.equal(none.found, null);
    assert.ok(none.looked.some((l) => l.startsWith('WEBVIEW2_RELEASE_CHANNELS = 1: Beta')));
    assert.ok(none.looked.some((l) => l.startsWith('Beta: HKLM\\SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\{2CD8A007')));
  });

  it('WEBVIEW2_BROWSER_EXECUTABLE_FOLDER wins over the policy, which wins over the browserFolder setting', () => {
    const files = [dll('C:\\Env'), dll('C:\\Policy'), dll('C:\\Setting')];
    const policy = policyKey('HKLM', 'BrowserExecutableFolder', '*', 'C:\\Policy');
    const env = { WEBVIEW2_BROWSER_EXECUTABLE_FOLDER: 'C:\\Env' };
    assert.equal(searchRuntime(machine(policy, files, env), 'C:\\Setting').found?.folder, 'C:\\Env');
    assert.equal(searchRuntime(machine(policy, files), 'C:\\Setting').found?.folder, 'C:\\Policy');
    const setting = searchRuntime(machine({}, files), 'C:\\Setting').found!;
    assert.deepEqual([setting.folder, setting.runtimeType], ['C:\\Setting', 1]);
  });

  it('WEBVIEW2_USER_DATA_FOLDER, else the UserDataFolder policy, replaces the host\'s user data folder', () => {
    const files = [dll('C:\\S')];
    const registry = channel('Stable', 'HKLM', '32', 'C:\\S');
    assert.equal(searchRuntime(machine(registry, files, { WEBVIEW2_USER_DATA_FOLDER: 'D:\\ud' })).userDataFolder, 'D:\\ud');
    assert.equal(searchRuntime(machine({ ...registry, ...policyKey('HKCU', 'UserDataFolder', 'Code.exe', 'E:\\ud') }, files)).userDataFolder, 'E:\\ud');
    assert.equal(searchRuntime(machine(registry, files)).userDataFolder, undefined);
  });

  it('says a runtime without this architecture\'s folder as such, and names every place it looked', () => {
    const s = searchRuntime(machine(channel('Stable', 'HKLM', '32', 'C:\\S\\130.0'), [dll('C:\\S\\130.0', 'x86')]));
    assert.equal(s.found, null);
    assert.ok(s.looked.some((l) => l.includes('C:\\S\\130.0 has no') && l.includes('it has x86 only: no runtime for this process\'s architecture, x64')));
    for (const name of ['Stable', 'Beta', 'Dev', 'Canary']) {
      for (const where of ['HKCU', 'HKLM']) {
        assert.ok(s.looked.some((l) => l.startsWith(`${name}: ${where}\\`) && l.includes('(32-bit view)')), `${name} ${where}`);
      }
    }
    assert.ok(s.looked.includes('WEBVIEW2_BROWSER_EXECUTABLE_FOLDER: not set'));
    assert.ok(s.looked.includes('policy BrowserExecutableFolder (HKLM, HKCU): not set'));
  });
});
