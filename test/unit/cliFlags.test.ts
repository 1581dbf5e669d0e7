// Issue 15, defects 9 and 10: every numeric CLI flag and --proxy are checked in one place, before
// anything starts, and a wrong value is a one-line usage error naming the flag and its range.
import * as assert from 'node:assert/strict';
import { checkFlags, joinNumericValues, NUMERIC_FLAGS, numberFlag, proxyFrom, UsageError } from '../../src/cli/session';

const usage = (pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof UsageError, String(err));
  assert.match(err.message, pattern);
  assert.doesNotMatch(err.message, /\n/);
  return true;
};

describe('CLI numeric flags', () => {
  it('covers every numeric flag of every command', () => {
    assert.deepEqual(Object.keys(NUMERIC_FLAGS).sort(), ['deadline-ms', 'for', 'height', 'stall-ms', 'wait-ms', 'width', 'windows']);
  });

  it('refuses --for values a timer cannot hold, or that are not plain numbers, naming the range', () => {
    for (const text of ['1e400', 'Infinity', '2147484', '99999999', '-1', '0', '', ' 5', '0x10', 'NaN', '1e3']) {
      assert.throws(() => numberFlag('for', text, 0), usage(/^--for takes seconds from 0\.001 to 2147483, not ".*"$/), text);
    }
    assert.equal(numberFlag('for', '2147483', 0), 2147483);
    assert.equal(numberFlag('for', '0.5', 0), 0.5);
    assert.equal(numberFlag('for', undefined, 7), 7);
  });

  it('takes whole numbers only for sizes, counts and milliseconds, within their ranges', () => {
    assert.throws(() => numberFlag('height', '-5', 0), usage(/^--height takes a whole number of pixels from 100 to 8192, not "-5"$/));
    assert.throws(() => numberFlag('width', '100.5', 0), usage(/^--width takes a whole number of pixels from 100 to 8192/));
    assert.throws(() => numberFlag('windows', '51', 0), usage(/^--windows takes a whole number of windows from 1 to 50, not "51"$/));
    assert.throws(() => numberFlag('stall-ms', '-1', 0), usage(/^--stall-ms takes a whole number of ms from 100 to 3600000, not "-1"$/));
    assert.throws(() => numberFlag('deadline-ms', '499', 0), usage(/^--deadline-ms takes a whole number of ms from 500 to 3600000/));
    assert.equal(numberFlag('width', '8192', 0), 8192);
    assert.equal(numberFlag('deadline-ms', '3600000', 0), 3600000);
  });

  it('lets a negative value reach the check instead of the parser\'s "ambiguous option"', () => {
    assert.deepEqual(joinNumericValues(['open', 'a.html', '--for', '-1', '--height', '-5']), ['open', 'a.html', '--for=-1', '--height=-5']);
    assert.deepEqual(joinNumericValues(['open', '--for', '2', '--watch']), ['open', '--for', '2', '--watch']);
    assert.deepEqual(joinNumericValues(['open', '--', '--for', '-1']), ['open', '--', '--for', '-1']);
    assert.deepEqual(joinNumericValues(['--proxy', '-x']), ['--proxy', '-x'], 'not a numeric flag: the parser decides');
    assert.throws(() => joinNumericValues(['open', 'a.html', '--stall-ms']), usage(/^--stall-ms needs a value: a whole number of ms from 100 to 3600000$/));
  });

  it('checks them all at once, before a command runs', () => {
    assert.throws(() => checkFlags({ for: '1e400' }), usage(/^--for /));
    assert.throws(() => checkFlags({ windows: '0' }), usage(/^--windows /));
    assert.throws(() => checkFlags({ 'stall-ms': '-1' }), usage(/^--stall-ms /));
    assert.throws(() => checkFlags({ proxy: 'notaurl' }), usage(/^--proxy /));
    checkFlags({ for: '2', width: '375', height: '667', windows: '3', 'stall-ms': '100', 'deadline-ms': '500', proxy: 'http://127.0.0.1:8080' });
  });
});

describe('CLI --proxy', () => {
  it('refuses a bare word (read as http://word:80 it fails only at load time)', () => {
    assert.throws(() => proxyFrom('notaurl'), usage(/^--proxy takes scheme:\/\/host:port or host:port \(e\.g\. http:\/\/127\.0\.0\.1:8080\), not "notaurl"$/));
    assert.throws(() => proxyFrom('localhost'), usage(/^--proxy takes/));
  });

  it('refuses what checkProxyUrl refuses, as a usage error', () => {
    assert.throws(() => proxyFrom('ftp://x:21'), usage(/^--proxy: .*scheme must be http, https, socks4 or socks5$/));
    assert.throws(() => proxyFrom('http://u:p@x:1'), usage(/credentials/));
  });

  it('takes scheme://host[:port] and host:port', () => {
    assert.equal(proxyFrom('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.equal(proxyFrom('127.0.0.1:3128'), 'http://127.0.0.1:3128');
    assert.equal(proxyFrom('socks5://localhost'), 'socks5://localhost:1080');
    assert.equal(proxyFrom('[::1]:8080'), 'http://[::1]:8080');
  });
});
