// The boundary checks: every request of the protocol has its checker, and a bad field is refused
// with invalidInput naming it, before any handler runs.
import * as assert from 'node:assert/strict';
import { ErrorCodes, Requests, type RequestName } from '../../src/protocol';
import { requestSchemas } from '../../src/protocolSchema';
import { Limits } from '../../src/limits';
import { checkParams } from '../../src/helper/paramChecks';
import { HelperError } from '../../src/helper/errors';

function refused(method: RequestName, params: unknown, field: string, problem: RegExp): void {
  assert.throws(() => checkParams(method, params), (err: unknown) => {
    assert.ok(err instanceof HelperError, `a HelperError, not ${err}`);
    assert.equal(err.code, ErrorCodes.invalidInput);
    assert.deepEqual(err.data, { type: 'InvalidInput', field });
    assert.match(err.message, new RegExp(`^${method}: ${field.replace(/[.[\]]/g, '\\$&')} `));
    assert.match(err.message, problem);
    return true;
  });
}

describe('request parameters at the boundary', () => {
  it('has a checker for every request of the protocol', () => {
    assert.deepEqual(Object.keys(requestSchemas).sort(), Object.keys(Requests).sort());
  });

  it('passes good parameters and normalises URLs', () => {
    const p = checkParams('createWindow', { environmentId: 1, url: 'localhost:8080/x', title: 'T', width: 640, height: 480 });
    assert.deepEqual(p, { environmentId: 1, url: 'http://localhost:8080/x', title: 'T', width: 640, height: 480 });
    assert.deepEqual(checkParams('configure', { strategy: 'pump', stallThresholdMs: 100, waitDeadlineMs: 500 }), { strategy: 'pump', stallThresholdMs: 100, waitDeadlineMs: 500 });
    assert.equal(checkParams('listWindows', ['anything']), undefined);
  });

  it('refuses the values that crashed or hung the helper, naming the field (findings 3, 4, 6, 7)', () => {
    refused('createWindow', { environmentId: 1, title: 12345 }, 'title', /must be a string, not 12345/);
    refused('createWindow', { environmentId: 1, html: 12345 }, 'html', /is not a parameter here \(known: environmentId, windowId, url, title, width, height, x, y\)/);
    refused('setCookie', { windowId: 1, cookie: { name: 'a', value: 'b', domain: 'h', extra: 1 } }, 'cookie.extra', /not a parameter/);
    refused('createWindow', { environmentId: 1, title: { a: 1 } }, 'title', /not an object/);
    refused('createWindow', { environmentId: 1, width: 'wide' }, 'width', /whole number from 1 to 16384, not "wide"/);
    refused('createWindow', { environmentId: 1, title: 'x'.repeat(Limits.titleBytes + 1) }, 'title', /too long: 4097 bytes, at most 4096/);
    refused('createWindow', { environmentId: 1, title: 'é'.repeat(2049) }, 'title', /too long: 4098 bytes/);
    refused('navigate', { windowId: 1, url: `http://h/${'a'.repeat(Limits.urlBytes)}` }, 'url', /too long/);
    refused('screenshot', { windowId: 1, path: 42 }, 'path', /must be a string/);
    refused('screenshot', { windowId: 1, path: 'relative.png' }, 'path', /absolute path/);
    for (const bad of ['soon', -1, null, 1e12, 499.5]) {
      refused('configure', { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: bad }, 'waitDeadlineMs', /whole number from 500 to 3600000/);
    }
    refused('configure', { strategy: 'spin', stallThresholdMs: 2000, waitDeadlineMs: 3000 }, 'strategy', /one of cowait, pump/);
  });

  it('refuses ids, paths, URLs and nested fields of the wrong kind', () => {
    refused('getCookies', { windowId: 'one' }, 'windowId', /whole number/);
    refused('close', { windowId: -1 }, 'windowId', /from 0 to 2147483647/);
    refused('close', null, 'params', /must be an object, not null/);
    refused('close', [1], 'params', /not an array/);
    refused('createEnvironment', { userDataFolder: 'profile' }, 'userDataFolder', /absolute path/);
    refused('createEnvironment', { userDataFolder: '/tmp/a\0b' }, 'userDataFolder', /NUL/);
    refused('navigate', { windowId: 1, url: 'javascript:alert(1)' }, 'url', /scheme javascript: is not supported/);
    refused('navigate', { windowId: 1, url: '' }, 'url', /it is empty/);
    for (const clickCount of [1, 2]) assert.deepEqual(checkParams('pageInput', { windowId: 1, input: { kind: 'click', x: 1, y: 1, clickCount } }), { windowId: 1, input: { kind: 'click', x: 1, y: 1, clickCount } });
    // The field is named; the refused text is not said back (it may be long, or span lines).
    refused('navigate', { windowId: 1, url: 'javascript:alert(1)' }, 'url', /^navigate: url is not a URL a window can open: the scheme javascript: is not supported/);
    refused('navigate', { windowId: 1, url: 'two\nlines here' }, 'url', /^navigate: url is not a URL a window can open: it contains white space and no scheme$/);
    refused('setZoom', { windowId: 1, factor: 9 }, 'factor', /from 0.25 to 5/);
    refused('setBounds', { windowId: 1, width: 375, height: 667, x: 4 }, 'y', /must be given with x/);
    refused('setCookie', { windowId: 1, cookie: { name: 'a', value: 1, domain: 'h' } }, 'cookie.value', /must be a string/);
    refused('configure', { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 3000, trustedCertificateHosts: ['ok', 7] }, 'trustedCertificateHosts[1]', /string/);
    refused('initialize', { settings: { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 'x' } }, 'settings.waitDeadlineMs', /whole number/);
  });
});

/**
 * Each rule of src/protocolSchema.ts, with a request it accepts and one it refuses, both made from
 * a valid request of the method by one change. The numbers are written out here, not taken from
 * Limits: a rule that moves should fail a test, not move the test with it.
 */
interface Rule {
  method: RequestName;
  rule: string;
  good: Record<string, unknown>;
  bad: Record<string, unknown>;
  /** The field the refusal names, and what it says. */
  field: string;
  problem: RegExp;
}

const SETTINGS = { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 30000 };
const COOKIE = { name: 'sid', value: 'abc', domain: 'example.test' };
const DEVICE = { name: 'Phone', width: 375, height: 667, userAgent: 'Mozilla/5.0 (iPhone)', pixelRatio: 2, touch: true, mobile: true };
const ABS = process.platform === 'win32' ? 'C:\\profiles\\a' : '/profiles/a';
const BASE: Partial<Record<RequestName, Record<string, unknown>>> = {
  initialize: { settings: SETTINGS },
  configure: SETTINGS,
  createEnvironment: { userDataFolder: ABS },
  createWindow: { environmentId: 1 },
  navigate: { windowId: 1, url: 'https://example.test/' },
  setZoom: { windowId: 1, factor: 1 },
  setBounds: { windowId: 1, width: 640, height: 480 },
  setDevice: { windowId: 1, device: null },
  getCookies: { windowId: 1 },
  screenshot: { windowId: 1, path: `${ABS}.png` },
  savePdf: { windowId: 1, path: `${ABS}.pdf` },
  runScript: { windowId: 1, expression: 'document.title', world: 'isolated' },
  pageInput: { windowId: 1, input: { kind: 'click', x: 10, y: 20 } },
  setCookie: { windowId: 1, cookie: COOKIE },
  setNetworkCapture: { windowId: 1, bodies: true },
  deleteCookie: { windowId: 1, name: 'sid', domain: 'example.test', path: '/' },
};

const RULES: Rule[] = [
  // settings, in configure and nested in initialize
  { method: 'configure', rule: 'strategy is cowait or pump', good: { strategy: 'pump' }, bad: { strategy: 'glib' }, field: 'strategy', problem: /one of cowait, pump/ },
  { method: 'configure', rule: 'stall threshold from 100 ms', good: { stallThresholdMs: 100 }, bad: { stallThresholdMs: 99 }, field: 'stallThresholdMs', problem: /from 100 to 3600000/ },
  { method: 'configure', rule: 'stall threshold up to an hour', good: { stallThresholdMs: 3600000 }, bad: { stallThresholdMs: 3600001 }, field: 'stallThresholdMs', problem: /from 100 to 3600000/ },
  { method: 'configure', rule: 'deadline from 500 ms', good: { waitDeadlineMs: 500 }, bad: { waitDeadlineMs: 499 }, field: 'waitDeadlineMs', problem: /from 500 to 3600000/ },
  { method: 'configure', rule: 'deadline up to an hour', good: { waitDeadlineMs: 3600000 }, bad: { waitDeadlineMs: 3600001 }, field: 'waitDeadlineMs', problem: /from 500 to 3600000/ },
  { method: 'configure', rule: 'deadline a whole number', good: { waitDeadlineMs: 501 }, bad: { waitDeadlineMs: 500.5 }, field: 'waitDeadlineMs', problem: /whole number/ },
  { method: 'configure', rule: 'networkLog true or false', good: { networkLog: false }, bad: { networkLog: 0 }, field: 'networkLog', problem: /true or false/ },
  { method: 'configure', rule: 'devTools true or false', good: { devTools: false }, bad: { devTools: 'no' }, field: 'devTools', problem: /./ },
  { method: 'configure', rule: 'trusted hosts are host names', good: { trustedCertificateHosts: ['localhost'] }, bad: { trustedCertificateHosts: ['https://localhost/'] }, field: 'trustedCertificateHosts', problem: /is refused: .*is a URL/ },
  { method: 'configure', rule: 'trusted hosts without wildcards', good: { trustedCertificateHosts: ['a.test', 'b.test'] }, bad: { trustedCertificateHosts: ['*.test'] }, field: 'trustedCertificateHosts', problem: /wildcards/ },
  { method: 'configure', rule: 'trusted hosts a list', good: { trustedCertificateHosts: [] }, bad: { trustedCertificateHosts: 'localhost' }, field: 'trustedCertificateHosts', problem: /./ },
  { method: 'configure', rule: 'no field beyond the settings', good: {}, bad: { colour: 'red' }, field: 'colour', problem: /is not a parameter here/ },
  { method: 'initialize', rule: 'settings are checked as settings', good: { settings: { ...SETTINGS, strategy: 'pump' } }, bad: { settings: { ...SETTINGS, strategy: 'spin' } }, field: 'settings.strategy', problem: /one of cowait, pump/ },
  { method: 'initialize', rule: 'settings are required', good: {}, bad: { settings: undefined }, field: 'settings', problem: /must be an object/ },
  { method: 'initialize', rule: 'loader path absolute', good: { loaderPath: `${ABS}.dll` }, bad: { loaderPath: 'WebView2Loader.dll' }, field: 'loaderPath', problem: /absolute path/ },
  { method: 'initialize', rule: 'browser folder absolute', good: { browserFolder: ABS }, bad: { browserFolder: 'runtime' }, field: 'browserFolder', problem: /absolute path/ },
  { method: 'initialize', rule: 'first window id from 1', good: { firstWindowId: 1 }, bad: { firstWindowId: 0 }, field: 'firstWindowId', problem: /from 1 to 2147483647/ },
  // environments
  { method: 'createEnvironment', rule: 'profile folder absolute', good: { userDataFolder: `${ABS}2` }, bad: { userDataFolder: 'profile' }, field: 'userDataFolder', problem: /absolute path/ },
  { method: 'createEnvironment', rule: 'profile folder not empty', good: {}, bad: { userDataFolder: '' }, field: 'userDataFolder', problem: /./ },
  { method: 'createEnvironment', rule: 'proxy a proxy URL', good: { proxy: 'http://127.0.0.1:8080' }, bad: { proxy: 'ftp://127.0.0.1:21' }, field: 'proxy', problem: /is refused: .*scheme/ },
  { method: 'createEnvironment', rule: 'proxy without credentials', good: { proxy: 'socks5://127.0.0.1:1080' }, bad: { proxy: 'http://u:p@127.0.0.1:8080' }, field: 'proxy', problem: /credentials/ },
  // windows
  { method: 'createWindow', rule: 'environment id from 0', good: { environmentId: 0 }, bad: { environmentId: -1 }, field: 'environmentId', problem: /from 0 to 2147483647/ },
  { method: 'createWindow', rule: 'environment id required', good: {}, bad: { environmentId: undefined }, field: 'environmentId', problem: /whole number/ },
  { method: 'createWindow', rule: 'window id from 1', good: { windowId: 1 }, bad: { windowId: 0 }, field: 'windowId', problem: /from 1 to 2147483647/ },
  { method: 'createWindow', rule: 'window id up to 2^31-1', good: { windowId: 2147483647 }, bad: { windowId: 2147483648 }, field: 'windowId', problem: /from 1 to 2147483647/ },
  { method: 'createWindow', rule: 'url navigable', good: { url: 'localhost:8080' }, bad: { url: 'javascript:alert(1)' }, field: 'url', problem: /not supported/ },
  { method: 'createWindow', rule: 'url up to 2 MiB', good: { url: `http://h/${'a'.repeat(1000)}` }, bad: { url: `http://h/${'a'.repeat(2 * 1024 * 1024)}` }, field: 'url', problem: /too long/ },
  { method: 'createWindow', rule: 'title up to 4096 bytes', good: { title: 'T'.repeat(4096) }, bad: { title: 'T'.repeat(4097) }, field: 'title', problem: /too long: 4097 bytes, at most 4096/ },
  { method: 'createWindow', rule: 'title a string', good: { title: '' }, bad: { title: 7 }, field: 'title', problem: /must be a string/ },
  { method: 'createWindow', rule: 'width from 1', good: { width: 1 }, bad: { width: 0 }, field: 'width', problem: /from 1 to 16384/ },
  { method: 'createWindow', rule: 'height up to 16384', good: { height: 16384 }, bad: { height: 16385 }, field: 'height', problem: /from 1 to 16384/ },
  { method: 'createWindow', rule: 'x within ±32767', good: { x: -32767, y: 0 }, bad: { x: -32768, y: 0 }, field: 'x', problem: /from -32767 to 32767/ },
  { method: 'createWindow', rule: 'y within ±32767', good: { x: 0, y: 32767 }, bad: { x: 0, y: 32768 }, field: 'y', problem: /from -32767 to 32767/ },
  { method: 'createWindow', rule: 'x and y together (x alone)', good: { x: 10, y: 20 }, bad: { x: 10 }, field: 'y', problem: /must be given with x, or neither/ },
  { method: 'createWindow', rule: 'x and y together (y alone)', good: {}, bad: { y: 20 }, field: 'x', problem: /must be given with y, or neither/ },
  { method: 'createWindow', rule: 'no html field', good: {}, bad: { html: '<p>' }, field: 'html', problem: /is not a parameter here/ },
  { method: 'navigate', rule: 'url required', good: { url: 'example.test' }, bad: { url: undefined }, field: 'url', problem: /must be a string/ },
  { method: 'navigate', rule: 'window id from 0', good: { windowId: 0 }, bad: { windowId: -1 }, field: 'windowId', problem: /from 0 to 2147483647/ },
  { method: 'setZoom', rule: 'zoom from 0.25', good: { factor: 0.25 }, bad: { factor: 0.24 }, field: 'factor', problem: /from 0.25 to 5/ },
  { method: 'setZoom', rule: 'zoom up to 5', good: { factor: 5 }, bad: { factor: 5.01 }, field: 'factor', problem: /from 0.25 to 5/ },
  { method: 'setBounds', rule: 'bounds width from 100', good: { width: 100 }, bad: { width: 99 }, field: 'width', problem: /from 100 to 16384/ },
  { method: 'setBounds', rule: 'bounds height up to 16384', good: { height: 16384 }, bad: { height: 16385 }, field: 'height', problem: /from 100 to 16384/ },
  { method: 'setBounds', rule: 'bounds x and y together', good: { x: 1, y: 2 }, bad: { y: 2 }, field: 'x', problem: /must be given with y/ },
  { method: 'setBounds', rule: 'bounds size required', good: {}, bad: { width: undefined }, field: 'width', problem: /whole number/ },
  { method: 'setDevice', rule: 'device null or a device', good: { device: DEVICE }, bad: { device: 'phone' }, field: 'device', problem: /must be an object/ },
  { method: 'setDevice', rule: 'device required (null removes it)', good: { device: null }, bad: { device: undefined }, field: 'device', problem: /must be an object/ },
  { method: 'setDevice', rule: 'device user agent printable ASCII', good: { device: { ...DEVICE, userAgent: 'Mozilla/5.0 (X; Y) Z/1.0' } }, bad: { device: { ...DEVICE, userAgent: 'a\r\nb' } }, field: 'device.userAgent', problem: /printable ASCII/ },
  { method: 'setDevice', rule: 'device user agent up to 1024 bytes', good: { device: { ...DEVICE, userAgent: 'u'.repeat(1024) } }, bad: { device: { ...DEVICE, userAgent: 'u'.repeat(1025) } }, field: 'device.userAgent', problem: /too long/ },
  { method: 'setDevice', rule: 'device pixel ratio from 0.5 to 8', good: { device: { ...DEVICE, pixelRatio: 8 } }, bad: { device: { ...DEVICE, pixelRatio: 8.5 } }, field: 'device.pixelRatio', problem: /from 0.5 to 8/ },
  { method: 'setDevice', rule: 'device viewport from 100', good: { device: { ...DEVICE, width: 100 } }, bad: { device: { ...DEVICE, width: 99 } }, field: 'device.width', problem: /from 100 to 16384/ },
  { method: 'setDevice', rule: 'device touch true or false', good: { device: { ...DEVICE, touch: false } }, bad: { device: { ...DEVICE, touch: 'yes' } }, field: 'device.touch', problem: /true or false/ },
  { method: 'setDevice', rule: 'no device field beyond the known', good: {}, bad: { device: { ...DEVICE, orientation: 'landscape' } }, field: 'device.orientation', problem: /is not a parameter here/ },
  { method: 'configure', rule: 'waitForServerMs from 0 to 10 minutes', good: { waitForServerMs: 600000 }, bad: { waitForServerMs: 600001 }, field: 'waitForServerMs', problem: /from 0 to 600000/ },
  { method: 'getCookies', rule: 'cookie URL optional and navigable', good: { url: 'https://example.test/' }, bad: { url: 'javascript:alert(1)' }, field: 'url', problem: /not supported/ },
  { method: 'screenshot', rule: 'screenshot path absolute', good: {}, bad: { path: 'shot.png' }, field: 'path', problem: /absolute path/ },
  { method: 'savePdf', rule: 'PDF path absolute', good: {}, bad: { path: 'page.pdf' }, field: 'path', problem: /absolute path/ },
  { method: 'screenshot', rule: 'fullPage true or false', good: { fullPage: true }, bad: { fullPage: 'yes' }, field: 'fullPage', problem: /true or false/ },
  // page script and input
  { method: 'runScript', rule: 'world isolated or page', good: { world: 'page' }, bad: { world: 'main' }, field: 'world', problem: /one of isolated, page/ },
  { method: 'runScript', rule: 'expression not empty', good: { expression: '1' }, bad: { expression: '  ' }, field: 'expression', problem: /must not be empty/ },
  { method: 'runScript', rule: 'expression bounded', good: { expression: 'x'.repeat(1000) }, bad: { expression: 'x'.repeat(1024 * 1024 + 1) }, field: 'expression', problem: /too long/ },
  { method: 'runScript', rule: 'timeout up to 30 s', good: { timeoutMs: 30000 }, bad: { timeoutMs: 30001 }, field: 'timeoutMs', problem: /from 1 to 30000/ },
  { method: 'pageInput', rule: 'input kind known', good: { input: { kind: 'text', text: 'a' } }, bad: { input: { kind: 'scroll' } }, field: 'input.kind', problem: /one of click, key, text/ },
  { method: 'pageInput', rule: 'click on the page', good: { input: { kind: 'click', x: 0, y: 0 } }, bad: { input: { kind: 'click', x: -1, y: 0 } }, field: 'input.x', problem: /from 0 to 16384/ },
  { method: 'pageInput', rule: 'click count 1 or 2', good: { input: { kind: 'click', x: 1, y: 1, clickCount: 2 } }, bad: { input: { kind: 'click', x: 1, y: 1, clickCount: 3 } }, field: 'input.clickCount', problem: /1 or 2/ },
  { method: 'pageInput', rule: 'key named', good: { input: { kind: 'key', key: 'Enter', modifiers: ['Shift'] } }, bad: { input: { kind: 'key', key: '' } }, field: 'input.key', problem: /must not be empty/ },
  { method: 'pageInput', rule: 'modifiers known', good: { input: { kind: 'key', key: 'a', modifiers: ['Control'] } }, bad: { input: { kind: 'key', key: 'a', modifiers: ['Hyper'] } }, field: 'input.modifiers[0]', problem: /one of Shift, Control, Alt, Meta/ },
  { method: 'pageInput', rule: 'text not empty', good: { input: { kind: 'text', text: 'x' } }, bad: { input: { kind: 'text', text: '' } }, field: 'input.text', problem: /must not be empty/ },
  // network log
  { method: 'getNetworkLog', rule: 'since a whole number from 0', good: { since: 0 }, bad: { since: -1 }, field: 'since', problem: /whole number from 0/ },
  { method: 'getNetworkLog', rule: 'since not a fraction', good: { since: 12 }, bad: { since: 1.5 }, field: 'since', problem: /whole number/ },
  { method: 'getNetworkLog', rule: 'includeValues true or false', good: { includeValues: true }, bad: { includeValues: 'yes' }, field: 'includeValues', problem: /true or false/ },
  { method: 'getNetworkLog', rule: 'bodies true or false', good: { bodies: false }, bad: { bodies: 1 }, field: 'bodies', problem: /true or false/ },
  { method: 'getNetworkLog', rule: 'no field beyond the known', good: {}, bad: { limit: 5 }, field: 'limit', problem: /is not a parameter here/ },
  { method: 'setNetworkCapture', rule: 'bodies required', good: { bodies: true }, bad: { bodies: undefined }, field: 'bodies', problem: /true or false/ },
  { method: 'setNetworkCapture', rule: 'bodies a boolean', good: { bodies: false }, bad: { bodies: 'on' }, field: 'bodies', problem: /true or false/ },
  // cookies
  { method: 'setCookie', rule: 'cookie required', good: {}, bad: { cookie: undefined }, field: 'cookie', problem: /must be an object/ },
  { method: 'setCookie', rule: 'cookie name a token', good: { cookie: { ...COOKIE, name: 'a-b_c' } }, bad: { cookie: { ...COOKIE, name: 'a b' } }, field: 'cookie', problem: /is refused: .*not a valid name/ },
  { method: 'setCookie', rule: 'cookie value without ;', good: { cookie: { ...COOKIE, value: 'x=y' } }, bad: { cookie: { ...COOKIE, value: 'x;y' } }, field: 'cookie', problem: /may not hold/ },
  { method: 'setCookie', rule: 'cookie value a string', good: { cookie: { ...COOKIE, value: '' } }, bad: { cookie: { ...COOKIE, value: 1 } }, field: 'cookie.value', problem: /must be a string/ },
  { method: 'setCookie', rule: 'cookie value up to 4096 bytes', good: { cookie: { ...COOKIE, value: 'v'.repeat(4096) } }, bad: { cookie: { ...COOKIE, value: 'v'.repeat(4097) } }, field: 'cookie.value', problem: /too long/ },
  { method: 'setCookie', rule: 'cookie domain a host', good: { cookie: { ...COOKIE, domain: '.example.test' } }, bad: { cookie: { ...COOKIE, domain: 'http://example.test' } }, field: 'cookie', problem: /not a host name/ },
  { method: 'setCookie', rule: 'cookie domain up to 253 bytes', good: { cookie: { ...COOKIE, domain: `${'a'.repeat(61)}.${'b'.repeat(61)}.${'c'.repeat(61)}.${'d'.repeat(61)}.t` } }, bad: { cookie: { ...COOKIE, domain: 'a'.repeat(254) } }, field: 'cookie.domain', problem: /too long/ },
  { method: 'setCookie', rule: 'cookie path from /', good: { cookie: { ...COOKIE, path: '/app' } }, bad: { cookie: { ...COOKIE, path: 'app' } }, field: 'cookie', problem: /path must start with "\/"/ },
  { method: 'setCookie', rule: 'cookie expiry a number or null', good: { cookie: { ...COOKIE, expires: null } }, bad: { cookie: { ...COOKIE, expires: 'tomorrow' } }, field: 'cookie.expires', problem: /./ },
  { method: 'setCookie', rule: 'cookie expiry positive', good: { cookie: { ...COOKIE, expires: 1893456000 } }, bad: { cookie: { ...COOKIE, expires: -5 } }, field: 'cookie', problem: /expires must be Unix seconds/ },
  { method: 'setCookie', rule: 'httpOnly true or false', good: { cookie: { ...COOKIE, httpOnly: true } }, bad: { cookie: { ...COOKIE, httpOnly: 1 } }, field: 'cookie.httpOnly', problem: /./ },
  { method: 'setCookie', rule: 'sameSite none, lax or strict', good: { cookie: { ...COOKIE, sameSite: 'strict' } }, bad: { cookie: { ...COOKIE, sameSite: 'loose' } }, field: 'cookie.sameSite', problem: /one of none, lax, strict/ },
  { method: 'setCookie', rule: 'SameSite=None only with Secure', good: { cookie: { ...COOKIE, sameSite: 'none', secure: true } }, bad: { cookie: { ...COOKIE, sameSite: 'none' } }, field: 'cookie', problem: /needs Secure/ },
  { method: 'setCookie', rule: '__Host- cookies Secure, host-only, path /', good: { cookie: { ...COOKIE, name: '__Host-id', secure: true, path: '/' } }, bad: { cookie: { ...COOKIE, name: '__Host-id', secure: true, path: '/app' } }, field: 'cookie', problem: /__Host- cookie/ },
  { method: 'setCookie', rule: 'no cookie field beyond the known', good: {}, bad: { cookie: { ...COOKIE, priority: 'high' } }, field: 'cookie.priority', problem: /is not a parameter here/ },
  { method: 'deleteCookie', rule: 'delete: name not empty', good: { name: 'a' }, bad: { name: '' }, field: 'name', problem: /./ },
  { method: 'deleteCookie', rule: 'delete: domain not empty', good: { domain: 'b.test' }, bad: { domain: '' }, field: 'domain', problem: /./ },
  { method: 'deleteCookie', rule: 'delete: path not empty', good: { path: '/x' }, bad: { path: '' }, field: 'path', problem: /./ },
  { method: 'deleteCookie', rule: 'delete: name up to 4096 bytes', good: { name: 'n'.repeat(4096) }, bad: { name: 'n'.repeat(4097) }, field: 'name', problem: /too long/ },
];

describe('each schema rule: a request it accepts and one it refuses', () => {
  for (const r of RULES) {
    it(`${r.method}: ${r.rule}`, () => {
      const base = BASE[r.method] ?? { windowId: 1 };
      assert.doesNotThrow(() => checkParams(r.method, { ...base, ...r.good }), `accepted: ${JSON.stringify(r.good).slice(0, 100)}`);
      refused(r.method, { ...base, ...r.bad }, r.field, r.problem);
    });
  }

  it('covers every method that takes parameters', () => {
    const none = ['closeAll', 'listWindows', 'diagnostics', 'shutdown', 'ping'];
    const windowOnly = ['reload', 'goBack', 'goForward', 'stop', 'openDevTools', 'focus', 'close', 'clearCookies', 'clearNetworkLog'];
    const covered = new Set(RULES.map((r) => r.method));
    assert.deepEqual(Object.keys(Requests).filter((m) => !covered.has(m as RequestName) && !none.includes(m) && !windowOnly.includes(m)), []);
    for (const m of windowOnly as RequestName[]) {
      assert.deepEqual(checkParams(m, { windowId: 3 }), { windowId: 3 });
      refused(m, { windowId: 1.5 }, 'windowId', /whole number/);
      refused(m, { windowId: 3, url: 'x' }, 'url', /is not a parameter here/);
    }
    for (const m of none as RequestName[]) assert.equal(checkParams(m, { anything: 1 }), undefined);
  });
});
