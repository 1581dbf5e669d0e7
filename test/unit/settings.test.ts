import * as assert from 'node:assert/strict';
import { parseConfig } from '../../src/settings';
import { settingsFrom, UsageError } from '../../src/cli/session';

function from(values: Record<string, unknown>) {
  return parseConfig((key, fallback) => (key in values ? values[key] : fallback) as never, '/profiles/default');
}

describe('extension settings', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(from({}), {
      helper: { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, devTools: true },
      userDataFolder: '/profiles/default',
      browserFolder: undefined,
      loaderPath: undefined,
      revealCookieValues: false,
    });
  });

  it('reads every setting', () => {
    const c = from({
      waitStrategy: 'pump', stallThresholdMs: 750, waitDeadlineMs: 9000, userDataFolder: ' /data/p ',
      browserFolder: 'C:\\rt', loaderPath: 'C:\\WebView2Loader.dll', revealCookieValues: true, devTools: false,
    });
    assert.deepEqual(c.helper, { strategy: 'pump', stallThresholdMs: 750, waitDeadlineMs: 9000, devTools: false });
    assert.equal(c.userDataFolder, '/data/p');
    assert.equal(c.browserFolder, 'C:\\rt');
    assert.equal(c.loaderPath, 'C:\\WebView2Loader.dll');
    assert.equal(c.revealCookieValues, true);
  });

  it('clamps numbers out of range and ignores values of the wrong type', () => {
    const c = from({ waitStrategy: 'spin', stallThresholdMs: 3, waitDeadlineMs: 'soon', userDataFolder: 42, revealCookieValues: 'yes' });
    assert.deepEqual(c.helper, { strategy: 'cowait', stallThresholdMs: 100, waitDeadlineMs: 500, devTools: true });
    assert.equal(c.userDataFolder, '/profiles/default');
    assert.equal(c.revealCookieValues, false);
  });
});

describe('CLI flags', () => {
  it('turn into helper settings', () => {
    assert.deepEqual(settingsFrom({ strategy: 'pump', 'stall-ms': '500', 'deadline-ms': '4000' }), { strategy: 'pump', stallThresholdMs: 500, waitDeadlineMs: 4000 });
    assert.deepEqual(settingsFrom({}), { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000 });
  });
  it('are refused with a reason when wrong', () => {
    assert.throws(() => settingsFrom({ strategy: 'spin' }), (e: unknown) => e instanceof UsageError && /--strategy must be cowait or pump/.test(e.message));
    assert.throws(() => settingsFrom({ 'stall-ms': '-1' }), /--stall-ms must be a positive whole number/);
    assert.throws(() => settingsFrom({ 'deadline-ms': '1.5' }), /--deadline-ms must be a positive whole number/);
  });
});
