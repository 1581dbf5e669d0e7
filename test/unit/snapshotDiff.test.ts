import * as assert from 'node:assert/strict';
import { diffCookies, formatDiff } from '../../src/cookies/snapshotDiff';
import type { Cookie } from '../../src/protocol';

const c = (name: string, value: string, extra: Partial<Cookie> = {}): Cookie => ({
  name, value, domain: 'localhost', path: '/', expires: null, httpOnly: false, secure: false, sameSite: 'lax', session: true, ...extra,
});

describe('cookie snapshot diff', () => {
  const before = [c('csrf', 'pre-login'), c('theme', 'dark'), c('tracking', 't1')];
  const after = [c('csrf', 'post-login'), c('theme', 'dark'), c('sid', 'secret', { httpOnly: true, secure: true }), c('tracking', 't1', { sameSite: 'strict' })];

  it('finds added, removed and changed cookies, values masked', () => {
    const diff = diffCookies([...before, c('gone', 'x')], after);
    assert.deepEqual(diff.added.map((x) => [x.name, x.value]), [['sid', '********']]);
    assert.deepEqual(diff.removed.map((x) => [x.name, x.value]), [['gone', '********']]);
    assert.deepEqual(diff.changed.map((x) => [x.name, x.fields]), [['csrf', ['value']], ['tracking', ['sameSite']]]);
    assert.equal(diff.changed[0].before.value, '********');
    assert.equal(diff.changed[0].after.value, '********');
    assert.equal(diff.unchanged, 1);
    assert.ok(!JSON.stringify(diff).includes('secret') && !JSON.stringify(diff).includes('login'), 'no value leaks into the diff');
  });

  it('shows values when asked to reveal them', () => {
    const diff = diffCookies(before, after, true);
    assert.equal(diff.changed[0].before.value, 'pre-login');
    assert.equal(diff.changed[0].after.value, 'post-login');
  });

  it('tells cookies of the same name apart by domain and path', () => {
    const diff = diffCookies([c('a', '1')], [c('a', '1'), c('a', '1', { path: '/admin' }), c('a', '1', { domain: '.localhost' })]);
    assert.equal(diff.added.length, 2);
    assert.equal(diff.unchanged, 1);
  });

  it('reports an expiry change and nothing for identical lists', () => {
    assert.deepEqual(diffCookies(before, before), { added: [], removed: [], changed: [], unchanged: 3 });
    const diff = diffCookies([c('a', '1')], [c('a', '1', { expires: 1925089445, session: false })]);
    assert.deepEqual(diff.changed[0].fields, ['expires', 'session']);
  });

  it('lists each kind of difference in the order of name, domain and path, whatever order the engine answered in', () => {
    const diff = diffCookies([c('zz', '1'), c('za', '1'), c('b', '1'), c('a', '1')], [c('b', '2'), c('a', '2'), c('y', '1'), c('x', '1')]);
    assert.deepEqual(diff.added.map((x) => x.name), ['x', 'y']);
    assert.deepEqual(diff.removed.map((x) => x.name), ['za', 'zz']);
    assert.deepEqual(diff.changed.map((x) => x.name), ['a', 'b']);
    assert.deepEqual(formatDiff(diff), [
      '2 added, 2 removed, 2 changed, 0 unchanged',
      '+ x (localhost/)', '+ y (localhost/)', '- za (localhost/)', '- zz (localhost/)',
      '~ a (localhost/): value changed', '~ b (localhost/): value changed',
    ]);
  });

  it('names every field that changed in one line, each with its old and new value', () => {
    const diff = diffCookies([c('a', '1')], [c('a', '1', { secure: true, httpOnly: true })]);
    assert.deepEqual(formatDiff(diff).slice(1), ['~ a (localhost/): httpOnly false -> true, secure false -> true']);
  });

  it('formats one line per difference without values', () => {
    const lines = formatDiff(diffCookies(before, after));
    assert.deepEqual(lines, [
      '1 added, 0 removed, 2 changed, 1 unchanged',
      '+ sid (localhost/)',
      '~ csrf (localhost/): value changed',
      '~ tracking (localhost/): sameSite lax -> strict',
    ]);
  });
});
