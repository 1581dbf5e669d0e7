// The JSON-RPC envelope filter: what would throw inside vscode-jsonrpc never reaches it.
import * as assert from 'node:assert/strict';
import type { Message, MessageWriter } from 'vscode-jsonrpc/node';
import { EventEmitter } from 'node:events';
import { AnsweringWriter, CANCEL_METHOD, EnvelopeFilter, FilteredIpcReader, INVALID_REQUEST } from '../../src/helper/envelopeFilter';

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
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 9, method: 'getCookies', params: { windowId: 1 } }));
    assert.deepEqual(f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 9, extra: 1 } }), { pass: { jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 9 } } });
    const again = f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 9 } });
    assert.ok('drop' in again && /repeated for request 9/.test(again.drop));
  });

  it('drops a cancel of no request in flight, and forgets a cancel with its request, so that its memory stays bounded', () => {
    const f = new EnvelopeFilter();
    const none = f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 3 } });
    assert.ok('drop' in none && /no request 3 in flight/.test(none.drop));
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 3, method: 'navigate', params: {} }));
    assert.ok('pass' in f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 3 } }));
    f.answered(3);
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 3, method: 'navigate', params: {} }), 'the id is free again');
    assert.ok('pass' in f.check({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id: 3 } }), 'a new request of that id can be cancelled once');
  });

  it('answers a request whose id is in flight with "invalid request" naming the id, and takes the id again once answered (defect 11)', () => {
    const f = new EnvelopeFilter();
    const first = { jsonrpc: '2.0', id: 'dup', method: 'getCookies', params: { windowId: 1 } };
    assert.deepEqual(f.check(first), { pass: first });
    const again = f.check({ jsonrpc: '2.0', id: 'dup', method: 'close', params: { windowId: 1 } });
    assert.ok('drop' in again && again.reply, 'refused and answered');
    assert.equal(again.reply.id, 'dup');
    assert.equal(again.reply.error?.code, INVALID_REQUEST);
    assert.match(again.reply.error?.message ?? '', /^invalid request: close: the id "dup" is already in use by a request in flight/);
    f.answered('dup');
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 'dup', method: 'close', params: { windowId: 1 } }), 'free once the first was answered');
  });

  it('takes 7 and "7" for one id, as the JSON-RPC library queues requests by the id\'s text', () => {
    const f = new EnvelopeFilter();
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 7, method: 'listWindows' }));
    const text = f.check({ jsonrpc: '2.0', id: '7', method: 'listWindows' });
    assert.ok('drop' in text && text.reply?.id === '7' && /already in use/.test(text.reply.error?.message ?? ''));
    f.answered('7');
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 7, method: 'listWindows' }));
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

  it('frees a request\'s id when the connection writes its response, not when it writes anything else', async () => {
    const f = new EnvelopeFilter();
    const written: Message[] = [];
    const inner = { onError: () => ({ dispose() {} }), onClose: () => ({ dispose() {} }), write: async (m: Message) => { written.push(m); }, end() {}, dispose() {} } as unknown as MessageWriter;
    const writer = new AnsweringWriter(inner, f);
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 1, method: 'listWindows' }));
    await writer.write({ jsonrpc: '2.0', method: 'log', params: { level: 'info', message: 'x' } } as Message);
    assert.ok('drop' in f.check({ jsonrpc: '2.0', id: 1, method: 'listWindows' }), 'a notification frees nothing');
    await writer.write({ jsonrpc: '2.0', id: 1, result: [] } as Message);
    assert.equal(written.length, 2, 'everything is passed on');
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 1, method: 'listWindows' }), 'the response freed it');
  });

  it('takes a method name of 256 characters and refuses one of 257; an answer to an unusable id frees nothing', () => {
    const f = new EnvelopeFilter();
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 1, method: 'm'.repeat(256) }));
    const long = f.check({ jsonrpc: '2.0', id: 2, method: 'm'.repeat(257) });
    assert.ok('drop' in long && long.reply?.error?.message.startsWith('invalid request: method must be a name'));
    assert.ok('pass' in f.check({ jsonrpc: '2.0', id: 'null', method: 'listWindows' }));
    f.answered(null);
    assert.ok('drop' in f.check({ jsonrpc: '2.0', id: 'null', method: 'listWindows' }), 'the request of id "null" is still in flight');
  });

  it('passes the writer\'s events, end and dispose through to the writer it wraps', () => {
    const calls: string[] = [];
    const onError = () => ({ dispose() {} });
    const onClose = () => ({ dispose() {} });
    const inner = { onError, onClose, write: async () => undefined, end: () => calls.push('end'), dispose: () => calls.push('dispose') } as unknown as MessageWriter;
    const writer = new AnsweringWriter(inner, new EnvelopeFilter());
    assert.equal(writer.onError, onError);
    assert.equal(writer.onClose, onClose);
    writer.end();
    writer.dispose();
    assert.deepEqual(calls, ['end', 'dispose']);
  });
});

describe('the filtered IPC reader', () => {
  /** A stand-in for the helper's process channel: the reader only listens to its events. */
  const channel = () => new EventEmitter();
  const reading = (ipc: EventEmitter, onDrop: ConstructorParameters<typeof FilteredIpcReader>[1]) => new FilteredIpcReader(ipc as unknown as NodeJS.Process, onDrop);

  it('hands on what passes, tells what it drops with the reply, and stops at dispose', () => {
    const ipc = channel();
    const drops: [string, unknown][] = [];
    const reader = reading(ipc, (why, reply) => drops.push([why, reply?.id]));
    const passed: unknown[] = [];
    const listening = reader.listen((m) => passed.push(m));
    const request = { jsonrpc: '2.0', id: 1, method: 'listWindows' };
    ipc.emit('message', request);
    ipc.emit('message', { jsonrpc: '1.0', id: 2, method: 'x' });
    ipc.emit('message', 42);
    assert.deepEqual(passed, [request]);
    assert.deepEqual(drops, [['jsonrpc must be "2.0", not "1.0"', 2], ['not a JSON-RPC message: 42', undefined]]);
    listening.dispose();
    ipc.emit('message', { jsonrpc: '2.0', id: 3, method: 'listWindows' });
    assert.equal(passed.length, 1, 'nothing after dispose');
  });

  it('reports the channel\'s errors and its end', () => {
    const ipc = channel();
    const reader = reading(ipc, () => undefined);
    const seen: string[] = [];
    reader.onError((e) => seen.push(`error ${(e as Error).message}`));
    reader.onClose(() => seen.push('close'));
    ipc.emit('error', new Error('EPIPE'));
    ipc.emit('disconnect');
    assert.deepEqual(seen, ['error EPIPE', 'close']);
  });
});
