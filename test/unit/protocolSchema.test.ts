// The boundary checks: every request of the protocol has its checker, and a bad field is refused
// with invalidInput naming it, before any handler runs.
import * as assert from 'node:assert/strict';
import { ErrorCodes, Requests, type RequestName } from '../../src/protocol';
import { Limits, requestSchemas } from '../../src/protocolSchema';
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
    refused('setZoom', { windowId: 1, factor: 9 }, 'factor', /from 0.25 to 5/);
    refused('setBounds', { windowId: 1, width: 375, height: 667, x: 4 }, 'y', /must be given with x/);
    refused('setCookie', { windowId: 1, cookie: { name: 'a', value: 1, domain: 'h' } }, 'cookie.value', /must be a string/);
    refused('configure', { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 3000, trustedCertificateHosts: ['ok', 7] }, 'trustedCertificateHosts[1]', /string/);
    refused('initialize', { settings: { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: 'x' } }, 'settings.waitDeadlineMs', /whole number/);
  });
});
