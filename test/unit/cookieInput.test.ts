import * as assert from 'node:assert/strict';
import { checkCookieInput, CookieInputError } from '../../src/cookies/cookieInput';

describe('cookie input check', () => {
  it('fills defaults: path /, session, SameSite=Lax, no flags', () => {
    assert.deepEqual(checkCookieInput({ name: 'a', value: 'b', domain: 'LocalHost' }), {
      name: 'a', value: 'b', domain: 'localhost', path: '/', expires: null, httpOnly: false, secure: false, sameSite: 'lax',
    });
  });

  it('accepts a cookie as getCookies returns it, for editing', () => {
    const c = { name: 'sid', value: 'v', domain: '.example.test', path: '/x', expires: 1925089445.5, httpOnly: true, secure: true, sameSite: 'none', session: false };
    assert.deepEqual(checkCookieInput(c), { name: 'sid', value: 'v', domain: '.example.test', path: '/x', expires: 1925089445, httpOnly: true, secure: true, sameSite: 'none' });
  });

  const bad: [string, unknown, RegExp][] = [
    ['no object', 'sid=1', /must be an object/],
    ['an empty name', { name: '', value: '', domain: 'a' }, /not a valid name/],
    ['a name with =', { name: 'a=b', value: '', domain: 'a' }, /not a valid name/],
    ['a value with ;', { name: 'a', value: 'x;y', domain: 'a' }, /value may not hold/],
    ['a value with a newline', { name: 'a', value: 'x\ny', domain: 'a' }, /value may not hold/],
    ['no domain', { name: 'a', value: 'b' }, /domain undefined is not a host name/],
    ['a URL as domain', { name: 'a', value: 'b', domain: 'http://x/' }, /not a host name/],
    ['a relative path', { name: 'a', value: 'b', domain: 'a', path: 'x' }, /path must start with/],
    ['a negative expiry', { name: 'a', value: 'b', domain: 'a', expires: -1 }, /expires must be Unix seconds/],
    ['an expiry as text', { name: 'a', value: 'b', domain: 'a', expires: '2030' }, /expires must be Unix seconds/],
    ['a flag as text', { name: 'a', value: 'b', domain: 'a', secure: 'yes' }, /secure must be true or false/],
    ['an unknown SameSite', { name: 'a', value: 'b', domain: 'a', sameSite: 'Lax' }, /sameSite must be none, lax or strict/],
    ['SameSite=None without Secure', { name: 'a', value: 'b', domain: 'a', sameSite: 'none' }, /needs Secure/],
    ['a __Host- cookie on a domain', { name: '__Host-a', value: 'b', domain: '.a', secure: true }, /__Host- cookie/],
    ['a session cookie with an expiry', { name: 'a', value: 'b', domain: 'a', session: true, expires: 5 }, /session cookie has no expiry/],
    ['an unknown field', { name: 'a', value: 'b', domain: 'a', maxAge: 5 }, /unknown field\(s\) maxAge/],
  ];
  for (const [what, input, message] of bad) {
    it(`refuses ${what} with a reason`, () => {
      assert.throws(() => checkCookieInput(input), (err: Error) => err instanceof CookieInputError && message.test(err.message));
    });
  }
});
