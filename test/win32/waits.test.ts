// Each wait strategy against each delivery mode of the test runtime, with the outcome each is
// expected to have; stalls, deadlines and re-entrancy; finding (or not finding) the runtime.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { ErrorCodes, Requests, type HelperSettings } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import { HelperRequestError } from '../../src/client/helperClient';
import { CLI, Harness } from '../support/harness';
import { isWine, TEST_LOADER, TEST_RUNTIME, TEST_RUNTIME_VERSION, windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const COWAIT_DISPATCH_CALLS = 0x8;
const COWAIT_DISPATCH_WINDOW_MESSAGES = 0x10;

/** A helper whose cowait strategy calls the strict CoWait of the test hooks (Windows 8+ rules) instead of ole32's. */
function strictCoWaitHarness(settings: Partial<HelperSettings>, delivery: string): Harness {
  return new Harness(settings, { WEBVIEW2_TEST_DELIVERY: delivery, WEBVIEW2_HOST_TEST_COWAIT: 'strict' }, { browserFolder: TEST_RUNTIME });
}

/** Every wait that ended was woken by its own completion (its event or its message), none by a slice that found it settled. */
async function expectWokenByCompletions(h: Harness, sites: string[]): Promise<void> {
  const endings = await h.client.request(TestRequests.debugWaitEndings);
  assert.deepEqual(endings.map((e) => e.site), sites);
  assert.deepEqual(endings.map((e) => [e.site, e.wokenBy]), sites.map((site) => [site, 'completion']));
}

const THRESHOLD = 500;
const DEADLINE = 2500;
const CLIENT_STATE = 'HKLM\\SOFTWARE\\Microsoft\\EdgeUpdate\\ClientState\\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}';

async function expectCompletes(h: Harness): Promise<void> {
  const env = await h.environment();
  const w = await h.openLoaded(env, 'https://app.test/');
  await h.client.request(Requests.getCookies, { windowId: w.windowId });
  const waits = (await h.client.request(Requests.diagnostics)).waits;
  assert.deepEqual(waits.map((x) => [x.site, x.outcome]), [['createEnvironment', 'ok'], ['createController', 'ok'], ['getCookies', 'ok']]);
  assert.deepEqual((await h.client.request(Requests.diagnostics)).stalls, []);
  await expectWokenByCompletions(h, ['createEnvironment', 'createController', 'getCookies']);
}

async function expectStallThenDeadline(h: Harness, diagnosis: 'lost-wakeup' | 'no-answer' | 'posted-not-dispatched', strategy: string): Promise<void> {
  await h.client.start(); // the clock below is the wait's, not node.exe's start-up
  const since = h.mark();
  const began = Date.now();
  const creating = h.environment();
  // The first report may come before the completion (or the posted message) does, as "no answer";
  // the watchdog reports again when the diagnosis changes. Both come before the deadline.
  const stall = await h.next('stall', (s) => s.site === 'createEnvironment' && s.diagnosis === diagnosis, DEADLINE, since);
  assert.ok(stall.at - began < DEADLINE, `stall reported after ${stall.at - began} ms`);
  assert.equal(stall.params.verdict?.cause, diagnosis, 'the stall report ends with the verdict naming the same cause');
  assert.equal(stall.params.verdict?.status, 'stalled');
  assert.equal(stall.params.strategy, strategy);
  assert.match(stall.params.apartment, /STA/);
  assert.equal(stall.params.arch, process.arch);
  await assert.rejects(creating, (err: unknown) => {
    assert.ok(err instanceof HelperRequestError, String(err));
    assert.equal(err.code, ErrorCodes.waitTimeout);
    assert.equal(err.waitData?.site, 'createEnvironment');
    assert.equal(err.waitData?.strategy, strategy);
    assert.equal(err.waitData?.diagnosis, diagnosis);
    return true;
  });
}

describeWithTestRuntime('Windows waits: each strategy against each delivery mode', function () {
  let h: Harness | undefined;
  afterEach(async () => { await h?.stop(); h = undefined; });
  const settings = (strategy: 'cowait' | 'pump') => ({ strategy, stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE });

  // Completions delivered from the runtime's own thread (send, post), and from the browser
  // process across processes (browser-send, browser-post): the same outcomes either way.
  for (const [send, post, where] of [['send', 'post', 'from a runtime thread'], ['browser-send', 'browser-post', 'from the browser process']] as const) {
    it(`cowait + SendMessage ${where}: completes (the sent message is dispatched inside the wait)`, async () => {
      h = windowsHarness(settings('cowait'), send);
      await expectCompletes(h);
    });

    it(`pump + SendMessage ${where}: the handler runs inside GetMessage, which does not return: a lost wake-up, then the deadline`, async () => {
      h = windowsHarness(settings('pump'), send);
      await expectStallThenDeadline(h, 'lost-wakeup', 'pump');
      const waits = (await h.client.request(Requests.diagnostics)).waits;
      const failed = waits.find((w) => w.site === 'createEnvironment')!;
      assert.equal(failed.outcome, 'deadline');
      assert.ok(failed.completionAfterMs !== null && failed.completionAfterMs < failed.elapsedMs, `the completion came at +${failed.completionAfterMs} ms, before the wait gave up`);
      assert.ok(failed.elapsedMs >= DEADLINE);
      assert.deepEqual((await h.client.request(TestRequests.debugWaitEndings)).map((e) => [e.site, e.wokenBy]), [['createEnvironment', 'deadline']]);
    });

    it(`pump + PostMessage ${where}: completes (GetMessage returns for the posted message)`, async () => {
      h = windowsHarness(settings('pump'), post);
      await expectCompletes(h);
    });

    it(`cowait + PostMessage ${where}, ole32's CoWait: ${isWine() ? "WINE'S BEHAVIOUR: posted, not dispatched (Wine's CoWaitForMultipleHandles dispatches no posted message whatever the flags), diagnosed as such" : 'completes (Windows 8+ dispatches posted messages)'}`, async () => {
      h = windowsHarness(settings('cowait'), post);
      if (isWine()) await expectStallThenDeadline(h, 'posted-not-dispatched', 'cowait');
      else await expectCompletes(h);
    });

    // The strict CoWait dispatches posted messages only with COWAIT_DISPATCH_WINDOW_MESSAGES, as
    // Windows 8+ does: dropping the flag from the wait stalls these cells.
    for (const delivery of [send, post]) {
      it(`cowait + ${delivery.endsWith('post') ? 'PostMessage' : 'SendMessage'} ${where}, a CoWait as strict as Windows 8+: completes, each wait woken by its completion, with both dispatch flags asked for`, async () => {
        h = strictCoWaitHarness(settings('cowait'), delivery);
        await expectCompletes(h);
        // COWAIT_DISPATCH_CALLS changes nothing in this STA (it counts only in an ASTA), so no
        // outcome shows it missing: the flags the wait asked for are checked as such.
        assert.deepEqual(await h.client.request(TestRequests.debugCoWaitFlags), [COWAIT_DISPATCH_CALLS | COWAIT_DISPATCH_WINDOW_MESSAGES]);
      });
    }
  }

  for (const strategy of ['cowait', 'pump'] as const) {
    it(`${strategy}: a completion never delivered is a "no answer" stall naming site and strategy, fails at its deadline, and the helper keeps serving`, async () => {
      h = windowsHarness(settings(strategy), `${strategy === 'pump' ? 'post' : 'send'},getCookies=never`);
      const env = await h.environment();
      const w = await h.openLoaded(env, 'https://app.test/');
      const since = h.mark();
      const reading = h.client.request(Requests.getCookies, { windowId: w.windowId });
      const stall = await h.next('stall', (s) => s.site === 'getCookies', DEADLINE, since); // due at the threshold, before the deadline
      assert.equal(stall.params.diagnosis, 'no-answer');
      assert.equal(stall.params.strategy, strategy);
      assert.equal(stall.params.windowId, w.windowId);
      await assert.rejects(reading, (err: unknown) => err instanceof HelperRequestError && err.waitData?.diagnosis === 'no-answer' && err.waitData?.site === 'getCookies');
      await h.next('recovered', (r) => r.key === stall.params.key, DEADLINE, since); // at the deadline's failure
      const second = await h.openLoaded(env, 'https://app.test/two');
      assert.equal((await h.client.request(Requests.listWindows)).length, 2);
      assert.ok(second.windowId > w.windowId);
    });
  }

  it('refuses a wait inside a WebView2 event handler and reports the re-entrancy hazard', async () => {
    h = windowsHarness(settings('cowait'), 'send');
    const env = await h.environment();
    const w = await h.openLoaded(env, 'https://app.test/');
    const since = h.mark();
    await assert.rejects(h.client.request(TestRequests.debugWait, { mode: 'in-callback', windowId: w.windowId }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.reentrancy && /inside the engine callback NavigationCompleted/.test(err.message));
    const hazard = await h.next('hazard', () => true, DEADLINE, since);
    assert.equal(hazard.params.site, 'getCookies');
    assert.equal(hazard.params.strategy, 'cowait');
    assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: w.windowId })));
  });
});

describeWithTestRuntime('Windows: finding the runtime', function () {
  let h: Harness | undefined;
  afterEach(async () => { await h?.stop(); h = undefined; });

  it('with no runtime anywhere: a plain-language error carrying 0x80070002', async () => {
    h = new Harness({}, { WEBVIEW2_BROWSER_EXECUTABLE_FOLDER: '' });
    const info = await h.client.start();
    assert.match(info.loader ?? '', /none found/);
    await assert.rejects(h.environment(), (err: unknown) => {
      assert.ok(err instanceof HelperRequestError);
      assert.equal(err.code, ErrorCodes.engine);
      assert.equal(err.data?.type === 'EngineError' ? err.data.code : undefined, '0x80070002');
      assert.match(err.message, /No WebView2 Runtime is installed\. Install the WebView2 Runtime/);
      return true;
    });
  });

  it('through WEBVIEW2_BROWSER_EXECUTABLE_FOLDER', async () => {
    h = new Harness({}, { WEBVIEW2_BROWSER_EXECUTABLE_FOLDER: TEST_RUNTIME });
    await h.environment();
    const p = (await h.client.request(Requests.diagnostics)).platform;
    assert.match(p.loader ?? '', /WEBVIEW2_BROWSER_EXECUTABLE_FOLDER/);
    assert.equal(p.engineVersion, TEST_RUNTIME_VERSION);
  });

  it('through a WebView2Loader.dll named in settings', async () => {
    h = new Harness({}, {}, { loaderPath: TEST_LOADER, browserFolder: TEST_RUNTIME });
    await h.environment();
    const p = (await h.client.request(Requests.diagnostics)).platform;
    assert.match(p.loader ?? '', /WebView2Loader\.dll at /);
    assert.equal(p.engineVersion, TEST_RUNTIME_VERSION);
  });

  it('through the registry value the Evergreen runtime writes (32-bit view of HKLM)', async () => {
    const add = spawnSync('reg', ['add', CLIENT_STATE, '/v', 'EBWebView', '/t', 'REG_SZ', '/d', TEST_RUNTIME!, '/reg:32', '/f']);
    assert.equal(add.status, 0, String(add.stderr));
    try {
      h = new Harness({}, { WEBVIEW2_BROWSER_EXECUTABLE_FOLDER: '' });
      const info = await h.client.start();
      assert.match(info.loader ?? '', /Evergreen runtime at .*\(registry, HKLM\)/);
      assert.equal(info.engineVersion, TEST_RUNTIME_VERSION, 'the version comes from the folder name before any environment');
      const env = await h.environment();
      assert.ok(env > 0);
    } finally {
      spawnSync('reg', ['delete', CLIENT_STATE, '/v', 'EBWebView', '/reg:32', '/f']);
    }
  });
});

describe('Windows: webview2-host doctor --json', function () {
  it('prints a complete report and exits 0', async () => {
    const args = [CLI, 'doctor', '--json', ...(TEST_RUNTIME ? ['--browser-folder', TEST_RUNTIME] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out + err);
    const report = JSON.parse(out);
    assert.equal(report.ok, true);
    assert.equal(report.platform.engine, 'WebView2');
    assert.match(report.platform.engineVersion, /^\d+\.\d+\.\d+\.\d+$/);
    assert.match(report.platform.apartment, /STA/);
    assert.equal(report.platform.machine.process, process.arch);
    assert.equal(typeof report.platform.machine.emulated, 'boolean');
    assert.ok(report.platform.loader);
    assert.deepEqual([...new Set(report.waits.map((w: any) => w.site))].sort(), ['createController', 'createEnvironment', 'getCookies']);
    assert.equal(report.waits.length, 7);
    assert.ok(report.waits.every((w: any) => w.outcome === 'ok' && w.strategy === 'cowait'));
  });
});
