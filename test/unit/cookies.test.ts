import * as assert from 'node:assert/strict';
import { sameSiteName, toCookie } from '../../src/helper/cookieMapping';

const base = { name: 'a', value: 'b', domain: '127.0.0.1', path: '/', httpOnly: false, secure: false, sameSiteCode: 1 };

describe('cookie mapping', () => {
  it('maps SameSite codes shared by libsoup and WebView2', () => {
    assert.equal(sameSiteName(0), 'none');
    assert.equal(sameSiteName(1), 'lax');
    assert.equal(sameSiteName(2), 'strict');
    assert.throws(() => sameSiteName(7), /unknown SameSite code 7/);
  });

  it('reads no expiry as a session cookie', () => {
    assert.deepEqual(toCookie({ ...base, expires: null }), { ...omitCode(base), sameSite: 'lax', expires: null, session: true });
  });

  it('reads WebView2\'s -1 expiry as a session cookie', () => {
    const c = toCookie({ ...base, expires: -1, session: true });
    assert.equal(c.session, true);
    assert.equal(c.expires, null);
  });

  it('keeps a persistent cookie\'s expiry in whole Unix seconds', () => {
    const c = toCookie({ ...base, expires: 1893456000.75, httpOnly: true, secure: true, sameSiteCode: 2 });
    assert.equal(c.expires, 1893456000);
    assert.equal(c.session, false);
    assert.equal(c.httpOnly, true);
    assert.equal(c.secure, true);
    assert.equal(c.sameSite, 'strict');
  });

  it('reads a negative expiry without the engine\'s word as a session cookie, and one that is not a number as none', () => {
    for (const expires of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
      const c = toCookie({ ...base, expires });
      assert.deepEqual([c.session, c.expires], [true, null], String(expires));
    }
  });

  it('keeps an expiry of 0 (the epoch) as an expiry, not as a session cookie', () => {
    const c = toCookie({ ...base, expires: 0 });
    assert.deepEqual([c.session, c.expires], [false, 0]);
  });

  it('believes the engine when it says session despite an expiry', () => {
    const c = toCookie({ ...base, expires: 1893456000, session: true });
    assert.equal(c.session, true);
    assert.equal(c.expires, null);
  });
});

function omitCode(raw: typeof base) {
  const { sameSiteCode: _code, ...rest } = raw;
  return rest;
}
