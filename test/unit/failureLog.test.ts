import * as assert from 'node:assert/strict';
import { FailureLog } from '../../src/helper/failureLog';
import type { DiagnosticsReport, WindowInfo } from '../../src/protocol';

const report: Omit<DiagnosticsReport, 'verdict'> = {
  platform: { platform: 'win32', arch: 'x64', engine: 'WebView2', engineVersion: '130.0.2849.80', apartment: 'MAINSTA (NONE)', helperPid: 1, runtime: 'node', machine: { process: 'x64', native: 'x64', emulated: false } },
  settings: { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000 },
  environments: [], windows: [], waits: [], stalls: [], activeStalls: [], hazards: [], uptimeMs: 1, heartbeat: 1,
};

describe('failure log (what the verdict knows beyond the watchdog)', () => {
  it('keeps engine errors with their HRESULT and folder, until the same call works again', () => {
    const log = new FailureLog();
    log.requestFailed('createEnvironment', { userDataFolder: 'C:\\p' }, { message: 'x', data: { type: 'EngineError', code: '0x8007139F', site: 'createEnvironment' } });
    log.requestFailed('navigate', {}, { message: 'bad url', data: { type: 'InvalidInput' } });
    const v = log.verdict(report);
    assert.equal(v.cause, 'user-data-folder-in-use');
    assert.match(v.summary, /C:\\p/);
    log.requestSucceeded('createEnvironment');
    assert.equal(log.verdict(report).cause, null);
  });

  it('keeps a process failure until the window loads again or closes', () => {
    const log = new FailureLog();
    log.observe('processFailed', { windowId: 3, kind: 'browser process exited', recoverable: true });
    assert.equal(log.verdict(report).cause, 'process-failed');
    log.observe('navigationCompleted', { windowId: 3, url: 'x', isSuccess: false, httpStatus: null, error: 'e' });
    assert.equal(log.verdict(report).cause, 'process-failed', 'a failed load does not recover it');
    log.observe('navigationCompleted', { windowId: 3, url: 'x', isSuccess: true, httpStatus: 200, error: null });
    assert.equal(log.verdict(report).cause, null);
    log.observe('processFailed', { windowId: 4, kind: 'page crashed', recoverable: true });
    log.observe('windowClosed', { windowId: 4, reason: 'user' });
    assert.equal(log.verdict(report).cause, null);
  });

  it('judges the windows the report lists as failed', () => {
    const log = new FailureLog();
    const window: WindowInfo = { windowId: 1, environmentId: 1, url: 'http://127.0.0.1:18081/', title: '', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 800, height: 600 }, failed: 'Connection refused' };
    assert.equal(log.verdict({ ...report, windows: [{ ...window, failed: null }] }).status, 'healthy');
    const v = log.verdict({ ...report, windows: [window, { ...window, windowId: 2, url: 'http://127.0.0.1:18080/', failed: null }] });
    assert.deepEqual([v.status, v.cause], ['warning', 'load-failed']);
    assert.match(v.summary, /window 1 could not load http:\/\/127\.0\.0\.1:18081\/: Connection refused/);
  });
});
