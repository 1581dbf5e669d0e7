// The product's COM objects (src/webview2/comObjects.ts) called as a runtime may call them: from a
// thread that is not the one that made them. Each call runs as the start routine of a new thread
// (LPTHREAD_START_ROUTINE has AddRef's and Release's shape: one pointer in, a 32-bit number out),
// so no C code stands between the test and the object. A JavaScript AddRef or Release would be
// queued to this thread's event loop, which cannot run while the test waits for the thread.
import * as assert from 'node:assert/strict';
import * as koffi from 'koffi';
import { ComObjectTable, vtable } from '../../src/webview2/comObjects';
import { E_NOINTERFACE, guid, IID_IUnknown, S_OK } from '../../src/webview2/ffi/com';

const kernel32 = koffi.load('kernel32.dll');
const CreateThread = kernel32.func('void * __stdcall CreateThread(void *attributes, uintptr stack, void *start, void *param, uint flags, _Out_ uint *tid)');
const WaitForSingleObject = kernel32.func('uint __stdcall WaitForSingleObject(void *handle, uint ms)');
const GetExitCodeThread = kernel32.func('int __stdcall GetExitCodeThread(void *thread, _Out_ uint *code)');
const CloseHandle = kernel32.func('int __stdcall CloseHandle(void *handle)');
const QueryInterface = koffi.proto('int __stdcall TestQueryInterface(void *self, void *riid, _Out_ void **out)');

/** How long a thread's one call may take; it is a handful of instructions. */
const CALL_MS = 5000;
const WAIT_TIMEOUT = 0x102;
const IID_HANDLER = guid('5a4f5069-5c15-47c3-8646-f4de1c116670');

function slot(object: bigint, index: number): bigint {
  return koffi.decode(koffi.decode(object, 0, 'void *') as bigint, index * 8, 'void *') as bigint;
}

/** Runs vtable slot `index` of `object` on a new thread and returns what it returned. */
function callOnAnotherThread(object: bigint, index: number): number {
  const tid = [0];
  const thread = CreateThread(null, 0, slot(object, index), object, 0, tid) as bigint;
  assert.ok(thread, 'CreateThread failed');
  try {
    const waited = WaitForSingleObject(thread, CALL_MS) as number;
    assert.notEqual(waited, WAIT_TIMEOUT, `slot ${index} called on thread ${tid[0]} did not return within ${CALL_MS} ms`);
    const code = [0];
    assert.ok(GetExitCodeThread(thread, code));
    return code[0];
  } finally {
    CloseHandle(thread);
  }
}

describe('Windows COM objects of ours, called from another thread', () => {
  it('AddRef, Release and QueryInterface return on any thread; the last Release frees the object on the owner thread', () => {
    const table = new ComObjectTable<{ name: string }>();
    const invoke = koffi.register(() => S_OK, koffi.pointer(koffi.proto('int __stdcall TestInvoke(void *self)')));
    const object = table.create(vtable([...table.unknownSlots, invoke]), IID_HANDLER, { name: 'test' });
    assert.equal(table.count, 1);
    assert.equal(callOnAnotherThread(object, 1), 2, 'AddRef returns the new count');
    assert.equal(callOnAnotherThread(object, 1), 3);
    // QueryInterface here (three parameters: no thread start routine has its shape): IUnknown and
    // the object's own IID add a reference, another IID is refused and clears the out-parameter.
    const out = [0n];
    assert.equal(koffi.call(slot(object, 0), QueryInterface, object, IID_IUnknown, out), S_OK);
    assert.equal(out[0], object);
    assert.equal(koffi.call(slot(object, 0), QueryInterface, object, IID_HANDLER, out), S_OK);
    out[0] = 1n;
    assert.equal(koffi.call(slot(object, 0), QueryInterface, object, guid('00000000-0000-0000-0000-000000000001'), out), E_NOINTERFACE);
    assert.equal(out[0], null);
    // Five references now: its own, two AddRefs and two QueryInterfaces.
    for (let left = 4; left > 0; left--) assert.equal(callOnAnotherThread(object, 2), left, 'Release returns the count left');
    assert.deepEqual(table.state(object), { name: 'test' }, 'one reference left: still alive');
    assert.equal(table.count, 1);
    assert.equal(callOnAnotherThread(object, 2), 0);
    assert.equal(table.state(object), undefined, 'released for the last time: Invoke would find no handler');
    assert.equal(table.count, 0, 'freed by the owner thread when it next counts');
    koffi.unregister(invoke);
  });

  it('many threads adding and dropping references at once leave the count exact', () => {
    const table = new ComObjectTable<null>();
    const object = table.create(vtable(table.unknownSlots), IID_HANDLER, null);
    const threads: bigint[] = [];
    for (let i = 0; i < 64; i++) threads.push(CreateThread(null, 0, slot(object, 1), object, 0, [0]) as bigint);
    for (const t of threads) {
      assert.notEqual(WaitForSingleObject(t, CALL_MS), WAIT_TIMEOUT);
      CloseHandle(t);
    }
    assert.equal(callOnAnotherThread(object, 1), 66, 'one reference of its own and 65 added');
    for (let left = 65; left >= 0; left--) assert.equal(callOnAnotherThread(object, 2), left);
    assert.equal(table.count, 0);
  });
});
