import * as assert from 'node:assert/strict';
import { compareVersions, computeVerdict, failureFromError, MIN_RUNTIME_VERSION, siblingFolder, type VerdictFacts } from '../../src/helper/verdict';
import { formatVerdict } from '../../src/client/format';
import type { StallReport, WaitRecord } from '../../src/protocol';

const STA = 'MAINSTA (NONE); not an ASTA: COWAIT_DISPATCH_CALLS has no effect';

function facts(over: Partial<VerdictFacts> = {}): VerdictFacts {
  return {
    platform: { engine: 'WebView2', engineVersion: '130.0.2849.80', apartment: STA, machine: { process: 'x64', native: 'x64', emulated: false } },
    stallThresholdMs: 2000,
    windows: 3,
    waits: [],
    stalls: [],
    activeStalls: [],
    hazards: [],
    failures: [],
    processFailures: [],
    failedLoads: [],
    ...over,
  };
}

function stall(diagnosis: StallReport['diagnosis'], over: Partial<StallReport> = {}): StallReport {
  return {
    key: 'wait:1', site: 'createController', strategy: 'pump', windowId: 1, elapsedMs: 2400, diagnosis,
    completionAgoMs: diagnosis === 'lost-wakeup' ? 2380 : null, depth: 0, apartment: STA, arch: 'x64', lastMessage: 'WM_TIMER',
    explanation: 'why', ...over,
  };
}

function wait(site: string, elapsedMs: number, outcome: WaitRecord['outcome'] = 'ok'): WaitRecord {
  return { site, strategy: 'cowait', windowId: null, elapsedMs, completionAfterMs: elapsedMs, outcome, depth: 0 };
}

describe('hang verdict', () => {
  it('is healthy with nothing to report, and says how many windows and stalls', () => {
    const v = computeVerdict(facts({ waits: [wait('createEnvironment', 40), wait('createController', 30)] }));
    assert.deepEqual(v, { status: 'healthy', summary: 'healthy: 3 windows, 0 stalls', cause: null, fix: null });
    assert.equal(computeVerdict(facts({ windows: 1 })).summary, 'healthy: 1 window, 0 stalls');
    assert.equal(formatVerdict(v), 'verdict: healthy: 3 windows, 0 stalls');
  });

  it('re-entrancy: a wait refused inside an engine callback', () => {
    const v = computeVerdict(facts({
      hazards: [{ kind: 'reentrancy', site: 'getCookies', strategy: 'cowait', callback: 'NavigationCompleted', explanation: '' }],
    }));
    assert.equal(v.cause, 'reentrancy');
    assert.equal(v.status, 'failed');
    assert.match(v.summary, /getCookies inside NavigationCompleted/);
    assert.match(v.fix!, /post the work/);
  });

  it('lost wake-up: stalled while it lasts, a warning once it passed', () => {
    const now = computeVerdict(facts({ activeStalls: [stall('lost-wakeup')], stalls: [stall('lost-wakeup')] }));
    assert.deepEqual([now.status, now.cause], ['stalled', 'lost-wakeup']);
    assert.match(now.summary, /arrived 2380 ms ago/);
    assert.match(now.fix!, /waitStrategy to cowait/);
    const after = computeVerdict(facts({ stalls: [stall('lost-wakeup')] }));
    assert.deepEqual([after.status, after.cause], ['warning', 'lost-wakeup']);
  });

  it('a UI thread that is not an STA, from RPC_E_CHANGED_MODE or from the apartment itself', () => {
    const fromError = computeVerdict(facts({ platform: null, failures: [failureFromError('initialize', { message: 'initialize failed: The UI thread is in a multithreaded apartment (0x80010106)' })] }));
    assert.deepEqual([fromError.status, fromError.cause], ['failed', 'not-sta']);
    assert.match(fromError.fix!, /COINIT_APARTMENTTHREADED/);
    const fromApartment = computeVerdict(facts({ platform: { ...facts().platform!, apartment: 'MTA (NONE); an MTA: WebView2 needs an STA' } }));
    assert.equal(fromApartment.cause, 'not-sta');
  });

  it('a user data folder in use with other options names the folder and suggests another', () => {
    const folder = 'C:\\Users\\me\\AppData\\Local\\webview2-host\\cli-profile';
    const v = computeVerdict(facts({
      failures: [failureFromError('createEnvironment', { message: 'createEnvironment failed: ...', data: { type: 'EngineError', code: '0x8007139F', site: 'createEnvironment' } }, folder)],
    }));
    assert.deepEqual([v.status, v.cause], ['failed', 'user-data-folder-in-use']);
    assert.ok(v.summary.includes(folder), v.summary);
    assert.ok(v.fix!.includes(`${folder}-2`), v.fix!);
  });

  it('no runtime: from ERROR_FILE_NOT_FOUND or from a lookup that found none; install advice', () => {
    const fromError = computeVerdict(facts({ failures: [failureFromError('createEnvironment', { message: 'x', data: { code: '0x80070002' } })] }));
    assert.deepEqual([fromError.status, fromError.cause], ['failed', 'no-runtime']);
    assert.match(fromError.fix!, /go\.microsoft\.com\/fwlink\/p\/\?LinkId=2124703/);
    const fromLookup = computeVerdict(facts({ platform: { ...facts().platform!, engineVersion: 'none: no WebView2 Runtime found' } }));
    assert.equal(fromLookup.cause, 'no-runtime');
  });

  it('a runtime older than the product needs, by version or by a missing interface', () => {
    const old = computeVerdict(facts({ platform: { ...facts().platform!, engineVersion: '86.0.616.0' } }));
    assert.deepEqual([old.status, old.cause], ['failed', 'runtime-too-old']);
    assert.ok(old.summary.includes(MIN_RUNTIME_VERSION));
    assert.match(old.fix!, /install or update the WebView2 Runtime/);
    const noInterface = computeVerdict(facts({ failures: [failureFromError('createWindow', { message: 'QueryInterface(ICoreWebView2_2) returned 0x80004002' })] }));
    assert.equal(noInterface.cause, 'runtime-too-old');
    assert.equal(computeVerdict(facts({ platform: { ...facts().platform!, engine: 'WebKitGTK', engineVersion: '2.50.1' } })).cause, null);
  });

  it('x64 emulated on ARM64 points to the arm64 VSIX', () => {
    const v = computeVerdict(facts({ platform: { ...facts().platform!, machine: { process: 'x64', native: 'arm64', emulated: true } } }));
    assert.deepEqual([v.status, v.cause], ['warning', 'emulated-x64-on-arm64']);
    assert.match(v.fix!, /win32-arm64 VSIX/);
    const stuck = computeVerdict(facts({ platform: v && { ...facts().platform!, machine: { process: 'x64', native: 'arm64', emulated: true } }, activeStalls: [stall('no-answer')] }));
    assert.equal(stuck.cause, 'no-answer');
    assert.match(stuck.fix!, /win32-arm64 VSIX/);
  });

  it('a slow start: an environment or controller that completed after the stall threshold', () => {
    const v = computeVerdict(facts({ waits: [wait('createEnvironment', 3100), wait('createController', 20)], stalls: [stall('no-answer', { site: 'createEnvironment' })] }));
    assert.deepEqual([v.status, v.cause], ['warning', 'slow-start']);
    assert.match(v.summary, /slow runtime start: createEnvironment took 3100 ms/);
    assert.match(v.fix!, /antivirus/);
    assert.equal(computeVerdict(facts({ waits: [wait('getCookies', 3100)] })).cause, null, 'only start-up waits count');
    assert.equal(computeVerdict(facts({ waits: [wait('createEnvironment', 3100, 'deadline')] })).cause, null);
  });

  it('completions posted while the wait does not dispatch posted messages', () => {
    const v = computeVerdict(facts({ activeStalls: [stall('posted-not-dispatched', { strategy: 'cowait' })] }));
    assert.deepEqual([v.status, v.cause], ['stalled', 'posted-not-dispatched']);
    assert.match(v.fix!, /SendMessage/);
  });

  it('no answer and not picked up, while they last', () => {
    assert.equal(computeVerdict(facts({ activeStalls: [stall('no-answer')] })).cause, 'no-answer');
    const v = computeVerdict(facts({ activeStalls: [stall('not-picked-up', { site: 'getCookies' })] }));
    assert.deepEqual([v.status, v.cause], ['stalled', 'not-picked-up']);
    assert.match(v.summary, /request getCookies has waited 2400 ms/);
  });

  it('a process failure not yet recovered', () => {
    const v = computeVerdict(facts({ processFailures: [{ windowId: 2, kind: 'browser process exited', recoverable: true }, { windowId: 3, kind: 'browser process exited', recoverable: true }] }));
    assert.deepEqual([v.status, v.cause], ['warning', 'process-failed']);
    assert.equal(v.summary, 'warning: browser process exited (windows 2, 3)');
    assert.match(v.fix!, /reload/i);
  });

  it('a window whose page failed to load is not healthy: it names the window, the address and what to do', () => {
    const refused = { windowId: 1, url: 'http://127.0.0.1:18081/', error: 'Could not connect: Connection refused' };
    const v = computeVerdict(facts({ windows: 2, failedLoads: [refused] }));
    assert.deepEqual([v.status, v.cause], ['warning', 'load-failed']);
    assert.equal(v.summary, 'warning: window 1 could not load http://127.0.0.1:18081/: Could not connect: Connection refused');
    assert.match(v.fix!, /server for http:\/\/127\.0\.0\.1:18081 is running/);
    assert.match(v.fix!, /Reload/);
    const two = computeVerdict(facts({ failedLoads: [refused, { windowId: 3, url: 'http://x.test/', error: 'HTTP 404' }] }));
    assert.match(two.summary, /\(and 1 other window: 3\)$/);
    const repeated = computeVerdict(facts({ failedLoads: [{ ...refused, error: `Connection refused (${refused.url})` }] }));
    assert.equal(repeated.summary, 'warning: window 1 could not load http://127.0.0.1:18081/: Connection refused');
  });

  it('a crashed page is named as such, not also as a failed load', () => {
    const v = computeVerdict(facts({
      processFailures: [{ windowId: 2, kind: 'page crashed', recoverable: true }],
      failedLoads: [{ windowId: 2, url: 'http://127.0.0.1:8080/', error: 'page crashed' }],
    }));
    assert.deepEqual([v.status, v.cause, v.summary], ['warning', 'process-failed', 'warning: page crashed (window 2)']);
  });

  it('ranks what stops everything above a stall, and a stall above a warning', () => {
    const many = facts({
      failures: [failureFromError('createEnvironment', { message: '(0x80070002)' })],
      activeStalls: [stall('lost-wakeup')],
      platform: { ...facts().platform!, machine: { process: 'x64', native: 'arm64', emulated: true } },
    });
    assert.equal(computeVerdict(many).cause, 'no-runtime');
    assert.equal(computeVerdict({ ...many, failures: [] }).cause, 'lost-wakeup');
  });

  it('compares dotted versions numerically', () => {
    assert.equal(compareVersions('130.0.2849.80', '94.0.992.31'), 1);
    assert.equal(compareVersions('94.0.992.31', '94.0.992.31'), 0);
    assert.equal(compareVersions('94.0.992.4', '94.0.992.31'), -1);
    // A missing part counts as 0, whichever side is shorter.
    assert.equal(compareVersions('94.0', '94.0.1'), -1);
    assert.equal(compareVersions('94.0.1', '94.0'), 1);
    assert.equal(compareVersions('94.0.0.0', '94'), 0);
  });
});

// Edges the mutation score showed untested: each rule's boundary and what it must not match.
describe('hang verdict: boundaries', () => {
  it('takes the oldest supported runtime itself as new enough, and only a dotted number as a version', () => {
    assert.equal(computeVerdict(facts({ platform: { ...facts().platform!, engineVersion: MIN_RUNTIME_VERSION } })).cause, null);
    for (const engineVersion of ['-1.0', '1.0 (beta)']) {
      assert.equal(computeVerdict(facts({ platform: { ...facts().platform!, engineVersion } })).cause, null, engineVersion);
    }
  });

  it('counts a start-up wait that took exactly the stall threshold as slow', () => {
    assert.equal(computeVerdict(facts({ waits: [wait('createController', 2000)] })).cause, 'slow-start');
    assert.equal(computeVerdict(facts({ waits: [wait('createController', 1999)] })).cause, null);
  });

  it('warns of emulation only for x64 on an ARM64 machine, not for a 32-bit process on x64', () => {
    const wow64 = facts().platform!;
    const onX64 = { ...wow64, machine: { process: 'x86', native: 'x64', emulated: true } };
    assert.equal(computeVerdict(facts({ platform: onX64 })).cause, null);
    const stuck = computeVerdict(facts({ platform: onX64, activeStalls: [stall('no-answer')] }));
    assert.equal(stuck.cause, 'no-answer');
    assert.doesNotMatch(stuck.fix!, /ARM64/);
  });

  it('remembers only a lost wake-up among the stalls that passed', () => {
    assert.equal(computeVerdict(facts({ stalls: [stall('no-answer'), stall('not-picked-up')] })).cause, null);
  });

  it('names a failed address that is not http(s) as it is, not by a "null" origin', () => {
    const v = computeVerdict(facts({ failedLoads: [{ windowId: 2, url: 'file:///srv/site/index.html', error: 'not found' }] }));
    assert.equal(v.cause, 'load-failed');
    assert.match(v.fix!, /^check that the server for file:\/\/\/srv\/site\/index\.html is running/);
  });

  it('writes an HRESULT found in a message as 0x and upper-case hex, whatever its case', () => {
    assert.equal(failureFromError('createEnvironment', { message: 'failed (0x8007139f)' }).code, '0x8007139F');
    assert.equal(failureFromError('createEnvironment', { message: 'x', data: { code: '0X8007139f' } }).code, '0x8007139F');
  });

  it('suggests a folder beside the one in use, whatever separators end it', () => {
    assert.equal(siblingFolder('/home/me/profile/'), '/home/me/profile-2');
    assert.equal(siblingFolder('C:\\Users\\me\\profile\\'), 'C:\\Users\\me\\profile-2');
    assert.equal(siblingFolder('profile'), 'another folder');
  });
});
