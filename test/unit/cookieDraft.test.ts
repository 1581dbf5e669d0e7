import * as assert from 'node:assert/strict';
import { draftCookie, draftProblem } from '../../src/extension/cookies/draft';

describe('cookie draft checks (Add/Edit Cookie prompts)', () => {
  it('refuses SameSite=None once Secure is known to be off, before any later prompt', () => {
    assert.match(draftProblem({ name: 'sid', value: 'v', domain: 'localhost', path: '/', sameSite: 'none', secure: false }, 'localhost') ?? '', /SameSite=None needs Secure/);
  });

  it('does not hold SameSite=None against a Secure flag not asked yet', () => {
    assert.equal(draftProblem({ name: 'sid', value: 'v', sameSite: 'none' }, 'localhost'), undefined);
  });

  it('checks a field as typed with the fields known so far', () => {
    assert.match(draftProblem({ name: 'a;b' }, 'localhost') ?? '', /not a valid name/);
    assert.match(draftProblem({ name: '__Host-x', value: 'v', path: '/app', secure: true, sameSite: 'lax' }, 'localhost') ?? '', /__Host-/);
    assert.equal(draftProblem({ name: 'sid', value: 'v', domain: '.example.test', path: '/', secure: true, sameSite: 'none' }, ''), undefined);
  });

  it('turns a finished draft into the cookie the helper takes, value kept as typed', () => {
    assert.deepEqual(draftCookie({ name: 'sid', value: 'abc', domain: 'localhost', path: '/', httpOnly: true, secure: true, sameSite: 'none' }, null), {
      name: 'sid', value: 'abc', domain: 'localhost', path: '/', expires: null, httpOnly: true, secure: true, sameSite: 'none',
    });
  });
});
