import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULTS, MINIMUMS, parseConfig } from '../../src/settings';
import { environmentFrom, settingsFrom, UsageError } from '../../src/cli/session';
import { exportFormatFrom } from '../../src/cli/cookies';

function from(values: Record<string, unknown>) {
  return parseConfig((key, fallback) => (key in values ? values[key] : fallback) as never, '/profiles/default');
}

describe('extension settings', () => {
  it('has one set of defaults and bounds: package.json contributes them, and the CLI starts from them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const properties: Record<string, { default?: unknown; minimum?: number }> = pkg.contributes.configuration.properties;
    const contributed = Object.fromEntries(Object.entries(properties).map(([key, p]) => [key.replace(/^webview2Host\./, ''), p.default]));
    assert.deepEqual(contributed, { ...DEFAULTS });
    for (const [key, minimum] of Object.entries(MINIMUMS)) assert.equal(properties[`webview2Host.${key}`].minimum, minimum, key);
    const cli = settingsFrom({});
    assert.deepEqual([cli.strategy, cli.stallThresholdMs, cli.waitDeadlineMs], [DEFAULTS.waitStrategy, DEFAULTS.stallThresholdMs, DEFAULTS.waitDeadlineMs]);
    assert.throws(() => settingsFrom({ 'stall-ms': String(MINIMUMS.stallThresholdMs - 1) }), /--stall-ms takes a whole number of ms from 100 to 3600000, not "99"/);
    assert.throws(() => settingsFrom({ 'deadline-ms': String(MINIMUMS.waitDeadlineMs - 1) }), /--deadline-ms takes a whole number of ms from 500 to 3600000, not "499"/);
  });

  it('has the documented defaults', () => {
    assert.deepEqual(from({}), {
      helper: { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, devTools: true, trustedCertificateHosts: [], showChrome: true, popups: 'window', waitForServerMs: 60000 },
      reloadOnSave: 'workspace',
      userDataFolder: '/profiles/default',
      browserFolder: undefined,
      loaderPath: undefined,
      revealCookieValues: false,
      restoreWindows: true,
      proxy: undefined,
      problems: [],
    });
  });

  it('reads every setting', () => {
    const c = from({
      waitStrategy: 'pump', stallThresholdMs: 750, waitDeadlineMs: 9000, userDataFolder: ' /data/p ',
      browserFolder: 'C:\\rt', loaderPath: 'C:\\WebView2Loader.dll', revealCookieValues: true, devTools: false, showChrome: false,
      restoreWindows: false, popups: 'externalBrowser',
    });
    assert.deepEqual(c.helper, { strategy: 'pump', stallThresholdMs: 750, waitDeadlineMs: 9000, devTools: false, trustedCertificateHosts: [], showChrome: false, popups: 'externalBrowser', waitForServerMs: 60000 });
    assert.equal(c.userDataFolder, '/data/p');
    assert.equal(c.browserFolder, 'C:\\rt');
    assert.equal(c.loaderPath, 'C:\\WebView2Loader.dll');
    assert.equal(c.revealCookieValues, true);
    assert.equal(c.restoreWindows, false);
  });

  it('clamps numbers out of range and ignores values of the wrong type', () => {
    const c = from({ waitStrategy: 'spin', stallThresholdMs: 3, waitDeadlineMs: 'soon', userDataFolder: 42, revealCookieValues: 'yes', popups: 'tab' });
    assert.deepEqual(c.helper, { strategy: 'cowait', stallThresholdMs: 100, waitDeadlineMs: 500, devTools: true, trustedCertificateHosts: [], showChrome: true, popups: 'window', waitForServerMs: 60000 });
    assert.equal(c.userDataFolder, '/profiles/default');
    assert.equal(c.revealCookieValues, false);
  });

  it('reads trusted certificate hosts and the proxy, and names every value it cannot use', () => {
    const c = from({ trustedCertificateHosts: ['LocalHost', '127.0.0.1', 'https://dev.test/', 'localhost'], proxy: ' 127.0.0.1:8080 ' });
    assert.deepEqual(c.helper.trustedCertificateHosts, ['localhost', '127.0.0.1']);
    assert.equal(c.proxy, 'http://127.0.0.1:8080');
    assert.deepEqual(c.problems, ['webview2Host.trustedCertificateHosts: "https://dev.test/" is a URL; give only its host name (e.g. dev.test); that entry is not used']);
    const bad = from({ proxy: 'ftp://x:21', trustedCertificateHosts: 'localhost' });
    assert.equal(bad.proxy, undefined);
    assert.deepEqual(bad.helper.trustedCertificateHosts, ['localhost']);
    assert.match(bad.problems[0], /^webview2Host\.proxy: .*scheme must be http, https, socks4 or socks5; no proxy is used$/);
  });
});

describe('CLI flags', () => {
  it('turn into helper settings', () => {
    assert.deepEqual(settingsFrom({ strategy: 'pump', 'stall-ms': '500', 'deadline-ms': '4000' }), { strategy: 'pump', stallThresholdMs: 500, waitDeadlineMs: 4000, trustedCertificateHosts: [] });
    assert.deepEqual(settingsFrom({}), { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000, trustedCertificateHosts: [] });
    assert.deepEqual(settingsFrom({ 'trust-host': ['localhost', 'LOCALHOST', '::1'] }).trustedCertificateHosts, ['localhost', '::1']);
  });
  it('are refused with a reason when wrong', () => {
    assert.throws(() => settingsFrom({ strategy: 'spin' }), (e: unknown) => e instanceof UsageError && /--strategy must be cowait or pump/.test(e.message));
    assert.throws(() => settingsFrom({ 'stall-ms': '-1' }), /--stall-ms takes a whole number of ms from 100 to 3600000, not "-1"/);
    assert.throws(() => settingsFrom({ 'deadline-ms': '1.5' }), /--deadline-ms takes a whole number of ms from 500 to 3600000, not "1.5"/);
    assert.throws(() => settingsFrom({ 'trust-host': ['localhost:8443'] }), (e: unknown) => e instanceof UsageError && /--trust-host: "localhost:8443": give the host without a port/.test(e.message));
    assert.throws(() => environmentFrom({ proxy: 'http://u:p@x:1' }), (e: unknown) => e instanceof UsageError && /--proxy: .*credentials/.test(e.message));
    assert.deepEqual(environmentFrom({ 'user-data-folder': '/p', proxy: '127.0.0.1:3128' }), { userDataFolder: '/p', proxy: 'http://127.0.0.1:3128' });
  });
});

describe('CLI cookies --format', () => {
  it('takes json, netscape or playwright; --json is --format json', () => {
    assert.equal(exportFormatFrom({}), undefined);
    assert.equal(exportFormatFrom({ json: true }), 'json');
    assert.equal(exportFormatFrom({ format: 'netscape' }), 'netscape');
    assert.equal(exportFormatFrom({ format: 'playwright' }), 'playwright');
    assert.throws(() => exportFormatFrom({ format: 'har' }), /--format must be json, netscape, playwright, not "har"/);
    assert.throws(() => exportFormatFrom({ json: true, format: 'netscape' }), /--json and --format netscape disagree/);
  });
});
