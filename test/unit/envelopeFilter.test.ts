// The JSON-RPC envelope filter: what would throw inside vscode-jsonrpc never reaches it.
import * as assert from 'node:assert/strict';
import { CANCEL_METHOD, EnvelopeFilter, INVALID_REQUEST } from '../../src/helper/envelopeFilter';

describe('JSON-RPC envelope filter', () => {
  it('passes requests with a method and a usable id', () => {
    const f = new EnvelopeFilter();
    const request = { jsonrpc: '2.0', id: 3, method: 'listWindows' };
    assert.deepEqual(f.check(request), { pass: request });
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 'a', method: 'close', params: { windowId: 1 } }));
  });

  it('drops cancels without an id: params missing, null, 7, [] (finding 1)', () => {
    const f = new EnvelopeFilter();
    for (const params of [undefined, null, 7, [], {}, { id: null }, { id: {} }]) {
      const verdict = f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params });
      assert.ok('drop' in verdict, `dropped: ${JSON.stringify(params)}`);
      assert.equal(verdict.reply, undefined);
    }
  });

  it('passes the first cancel of a request and drops the repeats (finding 2)', () => {
    const f = new EnvelopeFilter();
    assert.deepEqual(f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 9, extra: 1 } }), { pass: { jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 9 } } });
    const again = f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 9 } });
    assert.ok('drop' in again && /repeated for request 9/.test(again.drop));
  });

  it('forgets old cancels, so that its memory stays bounded', () => {
    const f = new EnvelopeFilter();
    for (let id = 0; id < 1025; id++) assert.ok('pass' in f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id } }));
    assert.ok('pass' in f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 0 } }), 'the oldest was forgotten');
    assert.ok('drop' in f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 1024 } }), 'a recent one is remembered');
  });

  it('drops non-objects, responses, other notifications and odd ids', () => {
    const f = new EnvelopeFilter();
    for (const m of ['text', 42, null, [], [{ jsonrpc: '2.0', id: 1, method: 'x' }], { jsonrpc: '2.0', id: 1, result: 5 },
      { jsonrpc: '2.0', method: 'initialized' }, { jsonrpc: '2.0', id: {}, method: 'listWindows' },
      { jsonrpc: '2.0', id: [1], method: 'listWindows' }, { jsonrpc: '2.0', id: 1.5, method: 'listWindows' },
      { jsonrpc: '2.0', id: true, method: 'listWindows' }, { jsonrpc: '2.0', id: null, method: 'listWindows' },
      { jsonrpc: '2.0', id: 'x'.repeat(300), method: 'listWindows' }]) {
      const verdict = f.check(m);
      assert.ok('drop' in verdict, `dropped: ${JSON.stringify(m)?.slice(0, 60)}`);
      assert.equal(verdict.reply, undefined);
    }
  });

  it('answers a request it can address but not serve with "invalid request"', () => {
    const f = new EnvelopeFilter();
    for (const m of [{ id: 4, method: 'listWindows' }, { jsonrpc: '1.0', id: 4, method: 'listWindows' }, { jsonrpc: '2.0', id: 4, method: 42 },
      { jsonrpc: '2.0', id: 4, method: '' }, { jsonrpc: '2.0', id: 4, method: 'createWindow', params: 'nonsense' }, { jsonrpc: '2.0', id: 4, method: 'close', params: null }]) {
      const verdict = f.check(m);
      assert.ok('drop' in verdict && verdict.reply, `answered: ${JSON.stringify(m)}`);
      assert.equal(verdict.reply.id, 4);
      assert.equal(verdict.reply.error?.code, INVALID_REQUEST);
      assert.match(verdict.reply.error?.message ?? '', /^invalid request: /);
    }
  });
});
