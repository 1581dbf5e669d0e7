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

  it('takes a session cookie said to be one, a domain of 253 characters, and an expiry of one second', () => {
    assert.equal(checkCookieInput({ name: 'a', value: 'b', domain: 'a', session: true }).expires, null);
    const label = 'a'.repeat(63);
    const longest = [label, label, label, 'a'.repeat(61)].join('.');
    assert.equal(longest.length, 253);
    assert.equal(checkCookieInput({ name: 'a', value: 'b', domain: longest }).domain, longest);
    assert.equal(checkCookieInput({ name: 'a', value: 'b', domain: 'a', expires: 1 }).expires, 1);
    assert.equal(checkCookieInput({ name: '__Secure-a', value: 'b', domain: 'a', secure: true }).secure, true);
  });

  const bad: [string, unknown, RegExp][] = [
    ['no object', 'sid=1', /must be an object/],
    ['null', null, /must be an object/],
    ['an array', [{ name: 'a', value: 'b', domain: 'a' }], /must be an object/],
    ['a value that is not text', { name: 'a', value: 5, domain: 'a' }, /^cookie "a": value must be a string$/],
    ['a value with a leading space', { name: 'a', value: ' b', domain: 'a' }, /leading\/trailing spaces/],
    ['a domain that is not text', { name: 'a', value: 'b', domain: 5 }, /domain 5 is not a host name/],
    ['a domain of 254 characters', { name: 'a', value: 'b', domain: `${'a'.repeat(63)}.${'a'.repeat(63)}.${'a'.repeat(63)}.${'a'.repeat(62)}` }, /is not a host name/],
    ['an expiry of 0', { name: 'a', value: 'b', domain: 'a', expires: 0 }, /expires must be Unix seconds/],
    ['session as text', { name: 'a', value: 'b', domain: 'a', session: 'yes' }, /^cookie "a": session must be true or false$/],
    ['a persistent cookie without an expiry', { name: 'a', value: 'b', domain: 'a', session: false }, /^cookie "a": a persistent cookie needs expires/],
    ['a __Secure- cookie that is not Secure', { name: '__Secure-a', value: 'b', domain: 'a' }, /^cookie "__Secure-a": a __Secure- cookie must be Secure$/],
    ['two unknown fields', { name: 'a', value: 'b', domain: 'a', maxAge: 5, priority: 'high' }, /unknown field\(s\) maxAge, priority$/],
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
