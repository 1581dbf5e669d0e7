// COM handler objects built in memory for the runtime to call: completion handlers
// Invoke(HRESULT, result) and event handlers Invoke(sender, args). Each object is two pointers
// (its vtable and an id); one vtable is shared per handler shape, so a thousand handlers cost two
// registered callbacks, not a thousand. QueryInterface answers IUnknown and the object's own IID;
// references are counted, and memory is freed at the last Release. Every Invoke runs through the
// callback scope: a JS exception becomes E_FAIL, never a silent S_OK.
import * as koffi from 'koffi';
import type { CallbackScope } from '../helper/waits';
import { E_FAIL, E_NOINTERFACE, IID_IUnknown, S_OK } from './com';
import type { Ptr } from './win32';

const QueryInterface = koffi.proto('int __stdcall HandlerQueryInterface(void *self, void *riid, void *out)');
const AddRefRelease = koffi.proto('uint __stdcall HandlerRef(void *self)');
const CompletedInvoke = koffi.proto('int __stdcall CompletedInvoke(void *self, int hr, void *result)');
const EventInvoke = koffi.proto('int __stdcall EventInvoke(void *self, void *sender, void *args)');

interface Entry {
  memory: bigint;
  refs: number;
  iid: Buffer;
  name: string;
  invoke: (a: any, b: any) => void;
}

export class HandlerFactory {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;
  private readonly completedVtbl: bigint;
  private readonly eventVtbl: bigint;

  constructor(private readonly callbacks: CallbackScope) {
    const qi = koffi.register((self: bigint, riid: bigint, out: bigint) => this.queryInterface(self, riid, out), koffi.pointer(QueryInterface));
    const addRef = koffi.register((self: bigint) => this.addRef(self), koffi.pointer(AddRefRelease));
    const release = koffi.register((self: bigint) => this.release(self), koffi.pointer(AddRefRelease));
    const completed = koffi.register((self: bigint, hr: number, result: Ptr) => this.invoke(self, hr, result), koffi.pointer(CompletedInvoke));
    const event = koffi.register((self: bigint, sender: Ptr, args: Ptr) => this.invoke(self, sender, args), koffi.pointer(EventInvoke));
    this.completedVtbl = vtable([qi, addRef, release, completed]);
    this.eventVtbl = vtable([qi, addRef, release, event]);
  }

  /** A completion handler with one reference, owned by the caller. */
  completion(iid: Buffer, name: string, invoke: (hr: number, result: Ptr) => void): bigint {
    return this.create(this.completedVtbl, iid, name, invoke);
  }

  /** An event handler with one reference, owned by the caller. */
  event(iid: Buffer, name: string, invoke: (sender: Ptr, args: Ptr) => void): bigint {
    return this.create(this.eventVtbl, iid, name, invoke);
  }

  private create(vtbl: bigint, iid: Buffer, name: string, invoke: (a: any, b: any) => void): bigint {
    const id = this.nextId++;
    const memory = koffi.alloc('void *', 2) as bigint;
    koffi.encode(memory, 0, 'void *', vtbl);
    koffi.encode(memory, 8, 'uint64', BigInt(id));
    this.entries.set(id, { memory, refs: 1, iid, name, invoke });
    return memory;
  }

  private entry(self: bigint): [number, Entry | undefined] {
    const id = Number(koffi.decode(self, 8, 'uint64'));
    return [id, this.entries.get(id)];
  }

  private queryInterface(self: bigint, riid: bigint, out: bigint): number {
    const [, entry] = this.entry(self);
    const asked = Buffer.from(koffi.view(riid, 16));
    if (!entry || !(asked.equals(IID_IUnknown) || asked.equals(entry.iid))) {
      koffi.encode(out, 0, 'void *', null);
      return E_NOINTERFACE;
    }
    entry.refs++;
    koffi.encode(out, 0, 'void *', self);
    return S_OK;
  }

  private addRef(self: bigint): number {
    const [, entry] = this.entry(self);
    return entry ? ++entry.refs : 0;
  }

  private release(self: bigint): number {
    const [id, entry] = this.entry(self);
    if (!entry) return 0;
    const left = --entry.refs;
    if (left === 0) {
      this.entries.delete(id);
      koffi.free(entry.memory);
    }
    return left;
  }

  private invoke(self: bigint, a: unknown, b: unknown): number {
    const [, entry] = this.entry(self);
    if (!entry) return E_FAIL;
    return this.callbacks.run(entry.name, E_FAIL, () => {
      entry.invoke(a, b);
      return S_OK;
    });
  }
}

function vtable(functions: bigint[]): bigint {
  const memory = koffi.alloc('void *', functions.length) as bigint; // lives as long as the process
  functions.forEach((fn, slot) => koffi.encode(memory, slot * 8, 'void *', fn));
  return memory;
}
