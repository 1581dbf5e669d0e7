// What is kept of a profile's session cookies for reopened windows: each origin's session cookies
// at its page's last load, persistent ones never (the profile keeps those), a logout kept too.
import * as assert from 'node:assert/strict';
import { SessionCookies } from '../../src/client/sessionCookies';
import type { Cookie } from '../../src/protocol';

function cookie(name: string, session: boolean, domain = '127.0.0.1', path = '/'): Cookie {
  return { name, value: `${name}-value`, domain, path, expires: session ? null : 2000000000, httpOnly: true, secure: false, sameSite: 'lax', session };
}

describe('session cookies kept for reopened windows', () => {
  it('keeps only session cookies, per profile, once each across origins', () => {
    const kept = new SessionCookies();
    kept.seen('/p1', 'http://127.0.0.1:3000/login', [cookie('sid', true), cookie('pref', false)]);
    kept.seen('/p1', 'http://127.0.0.1:4000/', [cookie('sid', true), cookie('other', true, '127.0.0.1', '/app')]);
    kept.seen('/p2', 'http://127.0.0.1:3000/', [cookie('p2sid', true)]);
    assert.deepEqual(kept.of('/p1').map((c) => c.name).sort(), ['other', 'sid']);
    assert.deepEqual(kept.of('/p2').map((c) => c.name), ['p2sid']);
    assert.deepEqual(kept.of('/nothing'), []);
  });

  it('takes an origin\'s latest load as the truth (a logout removes the cookie), ignores non-web pages', () => {
    const kept = new SessionCookies();
    kept.seen('/p', 'http://127.0.0.1:3000/', [cookie('sid', true)]);
    kept.seen('/p', 'http://127.0.0.1:3000/logout', []);
    assert.deepEqual(kept.of('/p'), []);
    kept.seen('/p', 'file:///x.html', [cookie('x', true)]);
    kept.seen('/p', 'not a url', [cookie('y', true)]);
    assert.deepEqual(kept.of('/p'), []);
  });

  it('forgets a profile, or everything', () => {
    const kept = new SessionCookies();
    kept.seen('/a', 'https://a.test/', [cookie('a', true)]);
    kept.seen('/b', 'https://b.test/', [cookie('b', true)]);
    kept.forget('/a');
    assert.deepEqual(kept.of('/a'), []);
    assert.equal(kept.of('/b').length, 1);
    kept.forget();
    assert.deepEqual(kept.of('/b'), []);
  });
});
