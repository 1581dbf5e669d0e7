// The runtime as Microsoft's WebView2Loader.dll meets it. The stand-in loader (native/test-loader)
// does what the official one was seen to do: it frees EmbeddedBrowserWebView.dll as soon as
// CreateWebViewEnvironmentWithOptionsInternal returns, passes a bool with garbage above its low
// byte, and hands the runtime a wrapper handler of its own. A runtime that does not keep itself
// loaded dies there, and this suite must see it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as koffi from 'koffi';
import * as os from 'node:os';
import * as path from 'node:path';
import { Requests } from '../../src/protocol';
import { Harness } from '../support/harness';
import { cookieFile, TEST_LOADER, TEST_RUNTIME, TEST_RUNTIME_VERSION } from '../support/winRuntime';
import { describeWithTestRuntime, webView2Registry } from '../support/wine';
import { CHANNELS } from '../../src/webview2/runtimeSearch';

const UNPINNED = process.env.WEBVIEW2_HOST_TEST_RUNTIME_UNPINNED;
const SEED = cookieFile([['from_env_folder', 'v', 'app.test', '/', -1, true, false, 1]]);

function loaderHarness(browserFolder: string | undefined, env: NodeJS.ProcessEnv = {}): Harness {
  return new Harness({ stallThresholdMs: 2000, waitDeadlineMs: 15000 }, env, { loaderPath: TEST_LOADER, browserFolder });
}

function profile(files: Record<string, string> = {}): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-loader-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
  return folder;
}

{
  const loader = TEST_LOADER ?? '';
  describeWithTestRuntime('Windows: the runtime behind a loader that frees it (the stand-in for WebView2Loader.dll)', function () {
    let h: Harness | undefined;
    afterEach(async () => { await h?.stop(); h = undefined; });

    it('a runtime that pins itself: environment, two controllers and cookies, after the loader freed the DLL', async () => {
      h = loaderHarness(TEST_RUNTIME);
      const info = await h.client.start();
      assert.match(info.loader ?? '', /WebView2Loader\.dll at /);
      const env = await h.environment();
      const a = await h.openLoaded(env, 'https://app.test/');
      const b = await h.openLoaded(env, 'https://app.test/b');
      for (const w of [a, b]) assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: w.windowId })));
      const report = await h.client.request(Requests.diagnostics);
      assert.equal(report.platform.engineVersion, TEST_RUNTIME_VERSION);
      assert.deepEqual(report.waits.map((w) => w.outcome), ['ok', 'ok', 'ok', 'ok', 'ok']);
      assert.equal(h.client.state.kind, 'ready');
    });

    it('a runtime that does not pin itself (built with -DTEST_RUNTIME_NO_PIN) is caught: the helper dies in the freed DLL', async () => {
      h = loaderHarness(UNPINNED);
      await h.client.start();
      let failure: unknown = null;
      try {
        const env = await h.environment();
        await h.openLoaded(env, 'https://app.test/');
      } catch (err) {
        failure = err;
      }
      assert.ok(failure, 'creating an environment and a window on an unloaded runtime must fail');
      const state = h.client.state;
      assert.equal(state.kind, 'crashed', `the helper should have died in the freed DLL; it is ${state.kind}: ${String(failure)}`);
    });

    describe('its exports, called directly', () => {
      const lib = () => koffi.load(loader);
      const version = (folder: string | null): [number, string | null] => {
        const out: [unknown] = [null];
        const fn = lib().func('int __stdcall GetAvailableCoreWebView2BrowserVersionString(const char16_t *folder, _Out_ void **version)');
        const hr = fn(folder, out) as number;
        const text = out[0] ? koffi.decode(out[0], 'char16_t', -1) as string : null;
        if (out[0]) koffi.load('ole32.dll').func('void __stdcall CoTaskMemFree(void *p)')(out[0]);
        return [hr >>> 0, text];
      };
      const saved = process.env.WEBVIEW2_BROWSER_EXECUTABLE_FOLDER;
      afterEach(() => {
        if (saved === undefined) delete process.env.WEBVIEW2_BROWSER_EXECUTABLE_FOLDER;
        else process.env.WEBVIEW2_BROWSER_EXECUTABLE_FOLDER = saved;
      });

      it('GetAvailableCoreWebView2BrowserVersionString reads the runtime DLL\'s VERSIONINFO', () => {
        assert.deepEqual(version(TEST_RUNTIME!), [0, TEST_RUNTIME_VERSION]);
      });

      it('no runtime in the folder: 0x80070002 from both exports', () => {
        const empty = profile();
        assert.deepEqual(version(empty), [0x80070002, null]);
        const create = lib().func('int __stdcall CreateCoreWebView2EnvironmentWithOptions(const char16_t *b, const char16_t *u, void *o, void *h)');
        // A handler is required before anything is looked up; any non-null pointer will do here, it is never called.
        assert.equal((create(empty, null, null, Buffer.alloc(8)) as number) >>> 0, 0x80070002);
      });

      it('WEBVIEW2_BROWSER_EXECUTABLE_FOLDER overrides the folder argument', () => {
        process.env.WEBVIEW2_BROWSER_EXECUTABLE_FOLDER = TEST_RUNTIME;
        assert.deepEqual(version(profile()), [0, TEST_RUNTIME_VERSION]);
      });
    });

    describe('its search, as Microsoft documents it (the registry set through reg.exe)', () => {
      const channels = CHANNELS.map((c) => c.guid);
      beforeEach(() => webView2Registry.clear(channels));
      afterEach(() => webView2Registry.clear(channels));

      it('finds a machine with only the Beta channel, as Microsoft\'s loader was seen to', async () => {
        webView2Registry.register('HKCU', CHANNELS[1].guid, TEST_RUNTIME!);
        h = loaderHarness(undefined);
        await h.client.start();
        await h.openLoaded(await h.environment(), 'https://app.test/');
      });

      it('WEBVIEW2_RELEASE_CHANNELS leaves out the channels it does not list', async () => {
        webView2Registry.register('HKLM', CHANNELS[0].guid, TEST_RUNTIME!);
        h = loaderHarness(undefined, { WEBVIEW2_RELEASE_CHANNELS: '3' });
        await h.client.start();
        await assert.rejects(h.environment(), /0x80070002/);
      });
    });

    it('WEBVIEW2_USER_DATA_FOLDER overrides the user data folder the host asks for', async () => {
      const fromEnv = profile({ 'test-cookies.tsv': SEED });
      h = loaderHarness(TEST_RUNTIME, { WEBVIEW2_USER_DATA_FOLDER: fromEnv });
      await h.client.start();
      const env = await h.environment(); // an empty folder of its own, which the variable replaces
      const w = await h.openLoaded(env, 'https://app.test/');
      const cookies = await h.client.request(Requests.getCookies, { windowId: w.windowId });
      assert.deepEqual(cookies.map((c) => c.name), ['from_env_folder']);
    });
  }, { WEBVIEW2_HOST_TEST_LOADER: TEST_LOADER, WEBVIEW2_HOST_TEST_RUNTIME_UNPINNED: UNPINNED });
}
