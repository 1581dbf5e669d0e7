// Exit and errors of the Windows backend: the helper closes its windows and controllers and lets go
// of its environments before it exits, so the same profile can be opened at once by a new helper
// with other options (the test runtime's browser process keeps the profile a while after a host
// that just exits, WEBVIEW2_TEST_BROWSER_LINGER_MS, as a real one finishes its own shutdown);
// getCookies on a window whose browser process died is an error, not []; a failed Win32 call names
// GetLastError with the system's text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as koffi from 'koffi';
import { Requests } from '../../src/protocol';
import { lastError, win32Failure } from '../../src/webview2/lastError';
import { Harness } from '../support/harness';
import { until } from '../support/until';
import { browserProcessOf, isRunning } from '../support/winProcesses';
import { cookieFile, TEST_RUNTIME, windowsHarness } from '../support/winRuntime';
import { pendingWithoutTestRuntime } from '../support/wine';

const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-exit-'));

describe('Windows backend: exit and errors', function () {
  let h: Harness | undefined;
  afterEach(async () => { await h?.stop(); h = undefined; });

  pendingWithoutTestRuntime(it, 'getCookies on a window whose browser process died is an error naming the cause; after Reload it answers', async () => {
    h = windowsHarness();
    await h.client.start();
    const profile = folder();
    fs.writeFileSync(path.join(profile, 'test-cookies.tsv'), cookieFile([['kept', 'k', 'app.test', '/', -1, true, false, 1]]));
    const env = (await h.client.request(Requests.createEnvironment, { userDataFolder: profile })).environmentId;
    const w = await h.openLoaded(env, 'https://app.test/');
    const pid = await until('the browser process', () => browserProcessOf(profile));
    const since = h.mark();
    process.kill(pid);
    await h.next('processFailed', (e) => e.windowId === w.windowId, 15000, since);
    await assert.rejects(h.client.request(Requests.getCookies, { windowId: w.windowId }), /browser process exited; reload the window/);
    const reload = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 15000, reload);
    assert.deepEqual((await h.client.request(Requests.getCookies, { windowId: w.windowId })).map((c) => c.name), ['kept']);
  });

  pendingWithoutTestRuntime(it, 'a helper that exits closes its controllers and releases its environments: the same profile opens at once with other options', async () => {
    const profile = folder();
    // A browser process left to itself keeps the profile this long; released by its host, it ends
    // at once. The limits below leave the rest of it as slack for a loaded machine.
    const LINGER_MS = 10000;
    const lingering = { WEBVIEW2_TEST_DELIVERY: 'send', WEBVIEW2_TEST_BROWSER_LINGER_MS: String(LINGER_MS) };
    h = new Harness({}, lingering, { browserFolder: TEST_RUNTIME });
    await h.client.start();
    const env = (await h.client.request(Requests.createEnvironment, { userDataFolder: profile })).environmentId;
    await h.openLoaded(env, 'https://app.test/one');
    await h.openLoaded(env, 'https://app.test/two');
    const pid = await until('the browser process', () => browserProcessOf(profile));
    await h.stop();
    await until('the old browser process ends, released, before its linger would have', () => !isRunning(pid), LINGER_MS / 2);
    h = new Harness({}, lingering, { browserFolder: TEST_RUNTIME });
    await h.client.start();
    const started = Date.now();
    const again = (await h.client.request(Requests.createEnvironment, { userDataFolder: profile, proxy: 'http://127.0.0.1:9' })).environmentId;
    const w = await h.openLoaded(again, 'about:blank');
    assert.ok(w.windowId > 0);
    assert.ok(Date.now() - started < LINGER_MS - 2000, 'not after the old browser process gave up the profile by itself');
  });

  it('a failed Win32 call is named with GetLastError and the system\'s text', () => {
    const user32 = koffi.load('user32.dll');
    const CreateWindowExW = user32.func('void * __stdcall CreateWindowExW(uint ex, const char16_t *cls, const char16_t *title, uint style, int x, int y, int w, int h, void *parent, void *menu, void *instance, void *param)');
    const hwnd = CreateWindowExW(0, 'WebView2HostNoSuchClass', 'x', 0, 0, 0, 10, 10, null, null, null, null);
    const code = lastError();
    assert.equal(hwnd, null);
    const err = win32Failure('CreateWindowExW for a browser window', code);
    // Windows says ERROR_CANNOT_FIND_WND_CLASS (1407), Wine ERROR_CLASS_DOES_NOT_EXIST (1411).
    assert.ok([1407, 1411].includes(code), `GetLastError ${code}`);
    assert.match(err.message, new RegExp(`^CreateWindowExW for a browser window failed: error ${code} \\(.+\\)$`));
  });
});
