// Each cause of the hang verdict, forced on the Windows backend against the test runtime, and the
// verdict the helper (or doctor) gives for it. The lost wake-up and "posted, not dispatched" are
// forced in waits.test.ts, whose stall reports carry the verdict too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes, Requests, type HelperSettings } from '../../src/protocol';
import { HelperRequestError } from '../../src/client/helperClient';
import { TestRequests } from '../../src/testHooks/protocol';
import { MIN_RUNTIME_VERSION } from '../../src/helper/verdict';
import { CLI, Harness } from '../support/harness';
import { runCli } from '../support/cliRun';
import { TEST_RUNTIME } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

function harness(settings: Partial<HelperSettings>, env: NodeJS.ProcessEnv, browserFolder = TEST_RUNTIME): Harness {
  return new Harness(settings, { WEBVIEW2_TEST_DELIVERY: 'send', ...env }, { browserFolder });
}

function folder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-verdict-'));
}

const verdictOf = async (h: Harness) => (await h.client.request(Requests.diagnostics)).verdict;

{
  describeWithTestRuntime('Windows: the hang verdict, cause by cause', function () {
    const started: Harness[] = [];
    const start = (h: Harness) => { started.push(h); return h; };
    afterEach(async () => { await Promise.all(started.splice(0).map((h) => h.stop())); });

    it('healthy: windows open, nothing stalled', async () => {
      const h = start(harness({}, {}));
      const env = await h.environment();
      await h.openLoaded(env, 'https://app.test/');
      assert.deepEqual(await verdictOf(h), { status: 'healthy', summary: 'healthy: 1 window, 0 stalls', cause: null, fix: null });
    });

    it('a wait inside an engine callback: refused, "reentrancy"', async () => {
      const h = start(harness({}, {}));
      const env = await h.environment();
      const w = await h.openLoaded(env, 'https://app.test/');
      await assert.rejects(h.client.request(TestRequests.debugWait, { mode: 'in-callback', windowId: w.windowId }),
        (err: unknown) => err instanceof HelperRequestError && err.code === ErrorCodes.reentrancy);
      const v = await verdictOf(h);
      assert.deepEqual([v.status, v.cause], ['failed', 'reentrancy']);
      assert.match(v.fix!, /post the work/);
    });

    it('a UI thread that is not an STA (initialised MTA first: RPC_E_CHANGED_MODE): doctor says so and exits 1', async () => {
      const r = await runCli(CLI, ['doctor', '--windows', '1', '--browser-folder', TEST_RUNTIME!], { WEBVIEW2_HOST_TEST_HOOKS: '1', WEBVIEW2_HOST_TEST_APARTMENT: 'mta' });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /0x80010106/);
      const last = r.stdout.trimEnd().split(/\r?\n/).pop()!;
      assert.match(last, /^verdict: failed: the UI thread is not a single-threaded apartment .*; fix: WebView2 needs an STA: .*COINIT_APARTMENTTHREADED/);
    });

    it('a user data folder in use by another process with other options (ERROR_INVALID_STATE): names the folder, suggests another', async () => {
      const shared = folder();
      const first = start(harness({}, { WEBVIEW2_ADDITIONAL_BROWSER_ARGUMENTS: '--lang=fr' }));
      await first.client.request(Requests.createEnvironment, { userDataFolder: shared });
      const second = start(harness({}, {}));
      await assert.rejects(second.client.request(Requests.createEnvironment, { userDataFolder: shared }),
        (err: unknown) => err instanceof HelperRequestError && /0x8007139F/.test(err.message));
      const v = await verdictOf(second);
      assert.deepEqual([v.status, v.cause], ['failed', 'user-data-folder-in-use']);
      assert.ok(v.summary.includes(shared), v.summary);
      assert.ok(v.fix!.includes(`${shared}-2`), v.fix!);
    });

    it('no runtime: install advice', async () => {
      const h = start(harness({}, {}, folder()));
      await assert.rejects(h.environment(), /0x80070002/);
      const v = await verdictOf(h);
      assert.deepEqual([v.status, v.cause], ['failed', 'no-runtime']);
      assert.match(v.fix!, /https:\/\/go\.microsoft\.com\/fwlink\/p\/\?LinkId=2124703/);
    });

    it(`a runtime older than ${MIN_RUNTIME_VERSION}: install advice`, async () => {
      const h = start(harness({}, { WEBVIEW2_TEST_BROWSER_VERSION: '86.0.616.0' }));
      await h.environment();
      const v = await verdictOf(h);
      assert.deepEqual([v.status, v.cause], ['failed', 'runtime-too-old']);
      assert.match(v.summary, /86\.0\.616\.0 is older than/);
      assert.match(v.fix!, /install or update the WebView2 Runtime/);
    });

    it('x64 emulated on ARM64 (IsWow64Process2, its native answer faked by the test seam): points to the arm64 VSIX', async () => {
      const h = start(harness({}, { WEBVIEW2_HOST_TEST_NATIVE_MACHINE: 'arm64' }));
      const info = await h.client.start();
      assert.deepEqual(info.machine, { process: 'x64', native: 'arm64', emulated: true });
      const v = await verdictOf(h);
      assert.deepEqual([v.status, v.cause], ['warning', 'emulated-x64-on-arm64']);
      assert.match(v.fix!, /win32-arm64 VSIX/);
    });

    it('a slow start: the environment completes after the stall threshold, before the deadline', async () => {
      const h = start(harness({ stallThresholdMs: 600, waitDeadlineMs: 30000 }, { WEBVIEW2_TEST_START_DELAY_MS: '2000' }));
      await h.client.start();
      const since = h.mark();
      await h.environment();
      const stall = await h.next('stall', (s) => s.site === 'createEnvironment', 1000, since);
      assert.equal(stall.params.diagnosis, 'no-answer');
      await h.next('recovered', (r) => r.key === stall.params.key, 5000, since);
      const v = await verdictOf(h);
      assert.deepEqual([v.status, v.cause], ['warning', 'slow-start']);
      assert.match(v.summary, /slow runtime start: createEnvironment took \d+ ms/);
      assert.match(v.fix!, /antivirus/);
    });
  });
}
