// COM objects of our own that the runtime calls through a vtable (completion and event handlers,
// the environment options). Each object is two pointers, its vtable and an id into a table here,
// so that one vtable serves every object of a shape. QueryInterface answers IUnknown and the
// object's own interface, references are counted, and the memory is freed at the last Release.
import * as koffi from 'koffi';
import { E_NOINTERFACE, E_POINTER, IID_IUnknown, ObjectSig, S_OK } from './ffi/com';

const { queryInterface: QueryInterface, addRefRelease: AddRefRelease } = ObjectSig;

interface Live<T> {
  memory: bigint;
  refs: number;
  iid: Buffer;
  state: T;
}

export class ComObjectTable<T> {
  private readonly live = new Map<number, Live<T>>();
  private nextId = 1;
  /** QueryInterface, AddRef and Release of this table's objects: the first three vtable slots. */
  readonly unknownSlots: bigint[];

  constructor() {
    this.unknownSlots = [
      koffi.register((self: bigint, riid: bigint, out: bigint) => this.queryInterface(self, riid, out), koffi.pointer(QueryInterface)),
      koffi.register((self: bigint) => this.addRef(self), koffi.pointer(AddRefRelease)),
      koffi.register((self: bigint) => this.release(self), koffi.pointer(AddRefRelease)),
    ];
  }

  /** A new object with one reference, owned by the caller. */
  create(vtbl: bigint, iid: Buffer, state: T): bigint {
    const id = this.nextId++;
    const memory = koffi.alloc('void *', 2) as bigint;
    koffi.encode(memory, 0, 'void *', vtbl);
    koffi.encode(memory, 8, 'uint64', BigInt(id));
    this.live.set(id, { memory, refs: 1, iid, state });
    return memory;
  }

  /** The state of a live object; undefined once it has been released for the last time. */
  state(self: bigint): T | undefined {
    return this.live.get(idOf(self))?.state;
  }

  /** Objects alive now: a leak shows here. */
  get count(): number {
    return this.live.size;
  }

  private queryInterface(self: bigint, riid: bigint, out: bigint): number {
    if (!out) return E_POINTER;
    const entry = this.live.get(idOf(self));
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
    const entry = this.live.get(idOf(self));
    return entry ? ++entry.refs : 0;
  }

  private release(self: bigint): number {
    const id = idOf(self);
    const entry = this.live.get(id);
    if (!entry) return 0;
    const left = --entry.refs;
    if (left === 0) {
      this.live.delete(id);
      koffi.free(entry.memory);
    }
    return left;
  }
}

/** A vtable of these function pointers, for as long as the process lives. */
export function vtable(functions: bigint[]): bigint {
  const memory = koffi.alloc('void *', functions.length) as bigint;
  functions.forEach((fn, slot) => koffi.encode(memory, slot * 8, 'void *', fn));
  return memory;
}

function idOf(self: bigint): number {
  return Number(koffi.decode(self, 8, 'uint64'));
}
