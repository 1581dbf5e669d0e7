// The built-in loader against Microsoft's documented contract (runtimeSearch.ts), under Wine with
// the registry set as the installers and policies set it (reg.exe, the 32-bit view where EdgeUpdate
// writes): channels and their order, the variables and policies that override them, per-user and
// per-machine installs, a runtime without this architecture's folder, a lookup for every
// environment, and an error that names every place looked at.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Requests } from '../../src/protocol';
import { CHANNELS } from '../../src/webview2/runtimeSearch';
import { Harness } from '../support/harness';
import { until } from '../support/until';
import { cookieFile, TEST_RUNTIME } from '../support/winRuntime';
import { pendingWithoutTestRuntime, webView2Registry } from '../support/wine';

const guid = (name: string) => CHANNELS.find((c) => c.name === name)!.guid;
const register = (hive: 'HKCU' | 'HKLM', channel: string, folder: string) => webView2Registry.register(hive, guid(channel), folder);
const setPolicy = (hive: 'HKCU' | 'HKLM', name: string, valueName: string, value: string) => webView2Registry.setPolicy(hive, name, valueName, value);
const clearRegistry = () => webView2Registry.clear(CHANNELS.map((c) => c.guid));
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `webview2-host-search-${prefix}-`));

/** The test runtime copied under another version folder, to tell two installs apart. */
function copyOfRuntime(version: string): string {
  const folder = path.join(tmp('copy'), version);
  fs.cpSync(TEST_RUNTIME!, folder, { recursive: true });
  return folder;
}

describe('Windows: the built-in loader follows Microsoft\'s loader contract', function () {
  let h: Harness | undefined;
  const start = async (env: NodeJS.ProcessEnv = {}, browserFolder?: string) => {
    h = new Harness({ waitDeadlineMs: 15000 }, { WEBVIEW2_TEST_DELIVERY: 'send', ...env }, { browserFolder });
    return h.client.start();
  };
  const environment = async (folder = tmp('profile')) => (await h!.client.request(Requests.createEnvironment, { userDataFolder: folder })).environmentId;
  const logged = (text: string) => h!.events.some((e) => e.method === 'log' && String(e.params.message).includes(text));
  beforeEach(() => { if (TEST_RUNTIME) clearRegistry(); });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    if (TEST_RUNTIME) clearRegistry();
  });

  pendingWithoutTestRuntime(it, 'a machine with only the Beta channel (per user) is found, and a window opens on it', async () => {
    register('HKCU', 'Beta', TEST_RUNTIME!);
    const info = await start();
    assert.match(info.loader ?? '', /^Evergreen runtime at .* \(registry, HKCU\), Beta channel, 32-bit view, built-in loader$/);
    await h!.openLoaded(await environment(), 'https://app.test/');
  });

  pendingWithoutTestRuntime(it, 'a per-machine install in HKLM\'s 32-bit view (WOW6432Node) is found', async () => {
    register('HKLM', 'Stable', TEST_RUNTIME!);
    const info = await start();
    assert.match(info.loader ?? '', /^Evergreen runtime at .* \(registry, HKLM\), Stable channel, 32-bit view/);
    await h!.openLoaded(await environment(), 'https://app.test/');
  });

  pendingWithoutTestRuntime(it, 'one channel installed per machine and per user: the per-machine one, as Microsoft\'s loader chose', async () => {
    register('HKLM', 'Stable', TEST_RUNTIME!);
    register('HKCU', 'Stable', copyOfRuntime('131.0.0.3'));
    const info = await start();
    assert.match(info.loader ?? '', /\(registry, HKLM\), Stable channel/);
    assert.doesNotMatch(info.loader ?? '', /131\.0\.0\.3/);
  });

  pendingWithoutTestRuntime(it, 'Stable before Canary; WEBVIEW2_RELEASE_CHANNEL_PREFERENCE=1 or the ReleaseChannelPreference policy reverses the order', async () => {
    register('HKLM', 'Stable', TEST_RUNTIME!);
    const canary = copyOfRuntime('131.0.0.1');
    register('HKCU', 'Canary', canary);
    assert.match((await start()).loader ?? '', /Stable channel/);
    await h!.stop();
    assert.match((await start({ WEBVIEW2_RELEASE_CHANNEL_PREFERENCE: '1' })).loader ?? '', /131\.0\.0\.1.*Canary channel/);
    await h!.openLoaded(await environment(), 'https://app.test/');
    await h!.stop();
    setPolicy('HKCU', 'ReleaseChannelPreference', '*', '1');
    assert.match((await start()).loader ?? '', /Canary channel/);
  });

  pendingWithoutTestRuntime(it, 'WEBVIEW2_RELEASE_CHANNELS limits the search; nothing found is an error that names every place it looked', async () => {
    register('HKLM', 'Stable', TEST_RUNTIME!);
    await start({ WEBVIEW2_RELEASE_CHANNELS: '1' });
    const err = await h!.client.request(Requests.createEnvironment, { userDataFolder: tmp('profile') }).then(() => null, (e: Error) => e);
    assert.ok(err, 'only Beta was allowed, and there is none');
    assert.match(err.message, /No WebView2 Runtime is installed/);
    assert.match(err.message, /WEBVIEW2_RELEASE_CHANNELS = 1: Beta/);
    for (const place of ['Beta: HKCU\\', 'Beta: HKLM\\', '(32-bit view)', 'WEBVIEW2_BROWSER_EXECUTABLE_FOLDER: not set', 'policy BrowserExecutableFolder']) {
      assert.ok(err.message.includes(place), `the error names ${place}: ${err.message}`);
    }
    assert.ok(!err.message.includes('Stable: '), 'Stable was not searched');
  });

  pendingWithoutTestRuntime(it, 'WEBVIEW2_BROWSER_EXECUTABLE_FOLDER wins over the browserFolder setting', async () => {
    const info = await start({ WEBVIEW2_BROWSER_EXECUTABLE_FOLDER: TEST_RUNTIME }, tmp('empty-setting'));
    assert.match(info.loader ?? '', /\(WEBVIEW2_BROWSER_EXECUTABLE_FOLDER\)/);
    await h!.openLoaded(await environment(), 'https://app.test/');
  });

  pendingWithoutTestRuntime(it, 'the BrowserExecutableFolder policy (value named after the executable) wins over the setting', async () => {
    setPolicy('HKCU', 'BrowserExecutableFolder', 'node.exe', TEST_RUNTIME!);
    const info = await start({}, tmp('empty-setting'));
    assert.match(info.loader ?? '', /policy HKCU\\.*BrowserExecutableFolder \[node\.exe\]/);
    await h!.openLoaded(await environment(), 'https://app.test/');
  });

  pendingWithoutTestRuntime(it, 'WEBVIEW2_USER_DATA_FOLDER replaces the profile folder the host asks for (built-in loader)', async () => {
    const fromEnv = tmp('env-profile');
    fs.writeFileSync(path.join(fromEnv, 'test-cookies.tsv'), cookieFile([['from_env_folder', 'v', 'app.test', '/', -1, true, false, 1]]));
    await start({ WEBVIEW2_USER_DATA_FOLDER: fromEnv }, TEST_RUNTIME);
    const w = await h!.openLoaded(await environment(), 'https://app.test/');
    assert.deepEqual((await h!.client.request(Requests.getCookies, { windowId: w.windowId })).map((c) => c.name), ['from_env_folder']);
  });

  pendingWithoutTestRuntime(it, 'a registered runtime without this architecture\'s folder is said as such', async () => {
    const version = path.join(tmp('x86-only'), '130.0.0.0');
    fs.mkdirSync(path.join(version, 'EBWebView', 'x86'), { recursive: true });
    fs.writeFileSync(path.join(version, 'EBWebView', 'x86', 'EmbeddedBrowserWebView.dll'), '');
    register('HKLM', 'Stable', version);
    await start();
    await assert.rejects(h!.client.request(Requests.createEnvironment, { userDataFolder: tmp('profile') }),
      /has no .*EBWebView\\x64\\EmbeddedBrowserWebView\.dll \(it has x86 only: no runtime for this process's architecture, x64\)/);
  });

  pendingWithoutTestRuntime(it, 'looked up anew for each environment: an Evergreen update is used by the next environment', async () => {
    register('HKLM', 'Stable', TEST_RUNTIME!);
    await start();
    await h!.openLoaded(await environment(), 'https://app.test/');
    const updated = copyOfRuntime('131.0.0.2');
    register('HKLM', 'Stable', updated);
    await h!.openLoaded(await environment(), 'https://app.test/');
    await until('the new location in the log', () => logged('runtime: Evergreen runtime at') && logged('131.0.0.2'));
  });
});
