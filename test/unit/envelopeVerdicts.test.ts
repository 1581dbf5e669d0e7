// The envelope filter's verdicts word for word: what a client reads in "invalid request" answers
// and what the helper logs for a dropped message. A table, one shape a row.
import * as assert from 'node:assert/strict';
import { CANCEL_METHOD, EnvelopeFilter, INVALID_REQUEST } from '../../src/helper/envelopeFilter';

const S41 = 's'.repeat(41);
const S40 = 's'.repeat(40);

/** [message, what is dropped and why, the reply's message (null: no reply)] */
const ROWS: [unknown, string, string | null][] = [
  [null, 'not a JSON-RPC message: null', null],
  [[1], 'not a JSON-RPC message: an array', null],
  ['text', 'not a JSON-RPC message: "text"', null],
  [S41, 'not a JSON-RPC message: a string of 41 characters', null],
  [S40, `not a JSON-RPC message: "${S40}"`, null],
  [7, 'not a JSON-RPC message: 7', null],
  [{ jsonrpc: '1.0', id: 1, method: 'ping' }, 'jsonrpc must be "2.0", not "1.0"', 'invalid request: jsonrpc must be "2.0", not "1.0"'],
  [{ id: 1, method: 'ping' }, 'jsonrpc must be "2.0", not nothing', 'invalid request: jsonrpc must be "2.0", not nothing'],
  [{ jsonrpc: { v: 2 }, id: 'a', method: 'ping' }, 'jsonrpc must be "2.0", not an object', 'invalid request: jsonrpc must be "2.0", not an object'],
  [{ jsonrpc: 2, method: 'ping' }, 'jsonrpc must be "2.0", not 2', null],
  [{ jsonrpc: '2.0', id: 1, result: 3 }, 'a response or a message without a method: the helper sends no requests', null],
  [{ jsonrpc: '2.0', id: 1, method: '' }, 'method must be a name, not ""', 'invalid request: method must be a name, not ""'],
  [{ jsonrpc: '2.0', id: 1, method: 'm'.repeat(257) }, 'method must be a name, not a string of 257 characters', 'invalid request: method must be a name, not a string of 257 characters'],
  [{ jsonrpc: '2.0', id: 1, method: true }, 'method must be a name, not true', 'invalid request: method must be a name, not true'],
  [{ jsonrpc: '2.0', id: 1, method: 'ping', params: null }, 'params must be an object or an array, not null', 'invalid request: params must be an object or an array, not null'],
  [{ jsonrpc: '2.0', id: 1, method: 'ping', params: 'x' }, 'params must be an object or an array, not "x"', 'invalid request: params must be an object or an array, not "x"'],
  [{ jsonrpc: '2.0', id: 1.5, method: 'ping' }, 'ping: id must be a string or a whole number, not 1.5', null],
  [{ jsonrpc: '2.0', id: 'i'.repeat(257), method: 'ping' }, 'ping: id must be a string or a whole number, not a string of 257 characters', null],
  [{ jsonrpc: '2.0', method: 'initialized' }, `notification initialized: the helper handles none but ${CANCEL_METHOD}`, null],
  [{ jsonrpc: '2.0', method: CANCEL_METHOD }, `${CANCEL_METHOD} without the id of a request`, null],
  [{ jsonrpc: '2.0', method: CANCEL_METHOD, params: [7] }, `${CANCEL_METHOD} without the id of a request`, null],
  [{ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 99 } }, `${CANCEL_METHOD} of no request 99 in flight`, null],
];

describe('envelope filter verdicts, word for word', () => {
  for (const [message, drop, reply] of ROWS) {
    it(`${JSON.stringify(message)?.slice(0, 60)}: ${drop.slice(0, 60)}`, () => {
      const verdict = new EnvelopeFilter().check(message);
      assert.ok('drop' in verdict, 'dropped');
      assert.equal(verdict.drop, drop);
      if (reply === null) assert.equal(verdict.reply, undefined);
      else assert.deepEqual(verdict.reply, { jsonrpc: '2.0', id: (message as { id: unknown }).id, error: { code: INVALID_REQUEST, message: reply } });
    });
  }

  it('takes an id of 256 characters, answers JSON-RPC invalid request with -32600, and names a repeated cancel', () => {
    const filter = new EnvelopeFilter();
    const id = 'i'.repeat(256);
    assert.ok('pass' in filter.check({ jsonrpc: '2.0', id, method: 'ping' }));
    assert.equal(INVALID_REQUEST, -32600);
    assert.ok('pass' in filter.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id } }));
    const again = filter.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id } });
    assert.ok('drop' in again && again.drop === `${CANCEL_METHOD} repeated for request ${id}`);
    const twice = filter.check({ jsonrpc: '2.0', id, method: 'ping' });
    assert.ok('drop' in twice && twice.drop === `ping: the id ${JSON.stringify(id)} is already in use by a request in flight; give each request an id of its own`);
  });
});
