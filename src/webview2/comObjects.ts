// COM objects of our own that the runtime calls through a vtable (completion and event handlers,
// the environment options). Each object is a small block of native memory: its vtable, its
// reference count, an id into a table here (so that one vtable serves every object of a shape) and
// the IID it answers besides IUnknown. QueryInterface, AddRef and Release are machine code
// (nativeUnknown.ts): a runtime may call them from any thread, and a JavaScript callback called
// from a thread other than the UI thread would hang (its loop never runs JavaScript's event loop).
// The last Release only counts; the UI thread frees objects left with no reference when it next
// creates one or counts them, so the table is touched by the UI thread alone.
import * as koffi from 'koffi';
import { E_NOINTERFACE, E_POINTER, IID_IUnknown, ObjectSig, S_OK } from './ffi/com';
import { loadWin32 } from './ffi/win32';
import { nativeUnknown, OBJECT_BYTES, OFFSET_ID, OFFSET_IID, OFFSET_REFS, type NativeUnknown } from './nativeUnknown';

const { queryInterface: QueryInterface, addRefRelease: AddRefRelease } = ObjectSig;

interface Live<T> {
  memory: bigint;
  state: T;
}

export class ComObjectTable<T> {
  private readonly live = new Map<number, Live<T>>();
  private nextId = 1;
  /** The native IUnknown, or null on a machine without stubs (JavaScript slots, UI thread only). */
  private readonly native: NativeUnknown | null;
  /** The native counter of last Releases when the table was last swept. */
  private sweptAt = 0;
  /** QueryInterface, AddRef and Release of this table's objects: the first three vtable slots. */
  readonly unknownSlots: bigint[];

  constructor(native: NativeUnknown | null = sharedNativeUnknown()) {
    this.native = native;
    this.unknownSlots = native ? [...native.slots] : [
      // No stubs for this machine (see nativeUnknown.ts): the same rules in JavaScript, which
      // serve the UI thread only.
      koffi.register((self: bigint, riid: bigint, out: bigint) => this.queryInterface(self, riid, out), koffi.pointer(QueryInterface)),
      koffi.register((self: bigint) => this.adjust(self, 1), koffi.pointer(AddRefRelease)),
      koffi.register((self: bigint) => this.adjust(self, -1), koffi.pointer(AddRefRelease)),
    ];
  }

  /** A new object with one reference, owned by the caller. */
  create(vtbl: bigint, iid: Buffer, state: T): bigint {
    this.sweep();
    const id = this.nextId++;
    const memory = koffi.alloc('uint8', OBJECT_BYTES) as bigint;
    const block = Buffer.alloc(OBJECT_BYTES);
    block.writeBigUInt64LE(vtbl, 0);
    block.writeInt32LE(1, OFFSET_REFS);
    block.writeBigUInt64LE(BigInt(id), OFFSET_ID);
    iid.copy(block, OFFSET_IID, 0, 16);
    new Uint8Array(koffi.view(memory, OBJECT_BYTES)).set(block);
    this.live.set(id, { memory, state });
    return memory;
  }

  /** The state of a live object; undefined once it has been released for the last time. */
  state(self: bigint): T | undefined {
    const entry = this.live.get(idOf(self));
    return entry && refsOf(entry.memory) > 0 ? entry.state : undefined;
  }

  /** Objects alive now: a leak shows here. */
  get count(): number {
    this.sweep();
    return this.live.size;
  }

  /** Frees the objects whose last reference went since the last sweep (on whichever thread). */
  private sweep(): void {
    if (!this.native) return; // the JavaScript Release frees at once
    const released = this.native.releasedToZero();
    if (released === this.sweptAt) return;
    this.sweptAt = released;
    for (const [id, entry] of this.live) {
      if (refsOf(entry.memory) > 0) continue;
      this.live.delete(id);
      koffi.free(entry.memory);
    }
  }

  private queryInterface(self: bigint, riid: bigint, out: bigint): number {
    if (!out) return E_POINTER;
    const asked = Buffer.from(koffi.view(riid, 16));
    const own = Buffer.from(koffi.view(self + BigInt(OFFSET_IID), 16));
    if (!(asked.equals(IID_IUnknown) || asked.equals(own))) {
      koffi.encode(out, 0, 'void *', null);
      return E_NOINTERFACE;
    }
    this.adjust(self, 1);
    koffi.encode(out, 0, 'void *', self);
    return S_OK;
  }

  private adjust(self: bigint, by: 1 | -1): number {
    const refs = refsOf(self) + by;
    koffi.encode(self, OFFSET_REFS, 'int32', refs);
    if (refs === 0 && this.live.delete(idOf(self))) koffi.free(self);
    return refs;
  }
}

/** A vtable of these function pointers, for as long as the process lives. */
export function vtable(functions: bigint[]): bigint {
  const memory = koffi.alloc('void *', functions.length) as bigint;
  functions.forEach((fn, slot) => koffi.encode(memory, slot * 8, 'void *', fn));
  return memory;
}

let shared: NativeUnknown | null | undefined;
/** One set of stubs per thread that makes objects (the UI thread); none off Windows (unit tests). */
function sharedNativeUnknown(): NativeUnknown | null {
  if (shared === undefined) shared = process.platform === 'win32' ? nativeUnknown(loadWin32()) : null;
  return shared;
}

function idOf(self: bigint): number {
  return Number(koffi.decode(self, OFFSET_ID, 'uint64'));
}

function refsOf(self: bigint): number {
  return koffi.decode(self, OFFSET_REFS, 'int32') as number;
}
