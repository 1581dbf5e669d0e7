// QueryInterface, AddRef and Release of our COM objects in machine code, so that they run on any
// thread without JavaScript. A koffi callback called from a thread other than the one that
// registered it is queued to that thread's JS event loop and the caller blocks until it runs; the
// UI thread's loop never returns to its event loop (it sleeps in GetMessageW), so a Release from a
// runtime thread (a real runtime may release handlers from its own threads at teardown) would hang
// that thread for ever. Invoke and the options' getters stay JavaScript: WebView2 calls them on the
// UI thread only (its threading model), and the test runtime checks that it does.
//
// The object layout these stubs read (comObjects.ts writes it):
//   +0 vtable, +8 reference count (int32), +16 the table's id, +24 the IID it answers besides IUnknown.
// Release does not free: the last Release adds one to a counter, and the UI thread frees objects
// whose count is zero when it next looks (comObjects.ts), so freeing stays on the UI thread.
import * as koffi from 'koffi';
import type { Win32 } from './ffi/win32';

export const OFFSET_REFS = 8;
export const OFFSET_ID = 16;
export const OFFSET_IID = 24;
export const OBJECT_BYTES = 40;

/** One machine's stubs: their bytes and where each begins. */
interface Stubs {
  code: number[];
  queryInterface: number;
  addRef: number;
  release: number;
  /** Offset of the 64-bit immediate that receives the counter's address. */
  counterAt: number;
}

// x86-64, Microsoft ABI (this in rcx, riid in rdx, out in r8; result in eax). Assembled with GNU as.
const X64: Stubs = {
  code: [
    // QueryInterface(self, riid, out)
    0x4d, 0x85, 0xc0, //                      test r8, r8
    0x74, 0x3e, //                            je   epointer
    0x48, 0x8b, 0x02, //                      mov  rax, [rdx]
    0x4c, 0x8b, 0x4a, 0x08, //                mov  r9, [rdx+8]
    0x48, 0x85, 0xc0, //                      test rax, rax
    0x75, 0x0f, //                            jne  own
    0x49, 0xba, 0xc0, 0, 0, 0, 0, 0, 0, 0x46, // movabs r10, IID_IUnknown's second half
    0x4d, 0x39, 0xd1, //                      cmp  r9, r10
    0x74, 0x0c, //                            je   match
    0x48, 0x3b, 0x41, 0x18, //          own:  cmp  rax, [rcx+24]
    0x75, 0x10, //                            jne  nomatch
    0x4c, 0x3b, 0x49, 0x20, //                cmp  r9, [rcx+32]
    0x75, 0x0a, //                            jne  nomatch
    0xf0, 0xff, 0x41, 0x08, //        match:  lock inc dword [rcx+8]
    0x49, 0x89, 0x08, //                      mov  [r8], rcx
    0x31, 0xc0, //                            xor  eax, eax            ; S_OK
    0xc3, //                                  ret
    0x49, 0xc7, 0x00, 0, 0, 0, 0, //  nomatch: mov qword [r8], 0
    0xb8, 0x02, 0x40, 0x00, 0x80, //          mov  eax, E_NOINTERFACE
    0xc3, //                                  ret
    0xb8, 0x03, 0x40, 0x00, 0x80, // epointer: mov eax, E_POINTER
    0xc3, //                                  ret
    // AddRef(self) at 0x49
    0xb8, 0x01, 0, 0, 0, //                   mov  eax, 1
    0xf0, 0x0f, 0xc1, 0x41, 0x08, //          lock xadd [rcx+8], eax
    0xff, 0xc0, //                            inc  eax                 ; the new count
    0xc3, //                                  ret
    // Release(self) at 0x56
    0xb8, 0xff, 0xff, 0xff, 0xff, //          mov  eax, -1
    0xf0, 0x0f, 0xc1, 0x41, 0x08, //          lock xadd [rcx+8], eax
    0xff, 0xc8, //                            dec  eax                 ; the new count
    0x75, 0x0d, //                            jne  done
    0x48, 0xba, 0, 0, 0, 0, 0, 0, 0, 0, //    movabs rdx, counter      ; patched at 0x66
    0xf0, 0xff, 0x02, //                      lock inc dword [rdx]
    0xc3, //                           done:  ret
  ],
  queryInterface: 0x00,
  addRef: 0x49,
  release: 0x56,
  counterAt: 0x66,
};

// ARM64, Windows' ABI (as AAPCS64 here: self in x0, riid in x1, out in x2; result in w0). Assembled
// with GNU as; exclusive load/store pairs (every ARMv8 has them) and a full barrier after each, as
// Windows' Interlocked functions on ARM64 do. Constants sit after the code, read PC-relative.
const ARM64_WORDS = [
    0xb40002e2, // 0x00  cbz x2, epointer
    0xa9401023, // 0x04  ldp x3, x4, [x1]
    0xb5000083, // 0x08  cbnz x3, own
    0x580005e5, // 0x0c  ldr x5, iunknown_high
    0xeb05009f, // 0x10  cmp x4, x5
    0x540000c0, // 0x14  b.eq match
    0xa9419805, // 0x18  ldp x5, x6, [x0, #24]
    0xeb05007f, // 0x1c  cmp x3, x5
    0x54000181, // 0x20  b.ne nomatch
    0xeb06009f, // 0x24  cmp x4, x6
    0x54000141, // 0x28  b.ne nomatch
    0x91002007, // 0x2c  add x7, x0, #0x8
    0x885ffce3, // 0x30  ldaxr w3, [x7]
    0x11000463, // 0x34  add w3, w3, #0x1
    0x8804fce3, // 0x38  stlxr w4, w3, [x7]
    0x35ffffa4, // 0x3c  cbnz w4, match+0x4
    0xd5033bbf, // 0x40  dmb ish
    0xf9000040, // 0x44  str x0, [x2]
    0x52800000, // 0x48  mov w0, #0x0
    0xd65f03c0, // 0x4c  ret
    0xf900005f, // 0x50  str xzr, [x2]
    0x18000360, // 0x54  ldr w0, e_nointerface
    0xd65f03c0, // 0x58  ret
    0x18000340, // 0x5c  ldr w0, e_pointer
    0xd65f03c0, // 0x60  ret
    0x91002007, // 0x64  add x7, x0, #0x8
    0x885ffce1, // 0x68  ldaxr w1, [x7]
    0x11000421, // 0x6c  add w1, w1, #0x1
    0x8802fce1, // 0x70  stlxr w2, w1, [x7]
    0x35ffffa2, // 0x74  cbnz w2, addref+0x4
    0xd5033bbf, // 0x78  dmb ish
    0x2a0103e0, // 0x7c  mov w0, w1
    0xd65f03c0, // 0x80  ret
    0x91002007, // 0x84  add x7, x0, #0x8
    0x885ffce1, // 0x88  ldaxr w1, [x7]
    0x51000421, // 0x8c  sub w1, w1, #0x1
    0x8802fce1, // 0x90  stlxr w2, w1, [x7]
    0x35ffffa2, // 0x94  cbnz w2, release+0x4
    0xd5033bbf, // 0x98  dmb ish
    0x350000e1, // 0x9c  cbnz w1, done
    0x58000183, // 0xa0  ldr x3, counter
    0x885ffc64, // 0xa4  ldaxr w4, [x3]
    0x11000484, // 0xa8  add w4, w4, #0x1
    0x8805fc64, // 0xac  stlxr w5, w4, [x3]
    0x35ffffa5, // 0xb0  cbnz w5, release+0x20
    0xd5033bbf, // 0xb4  dmb ish
    0x2a0103e0, // 0xb8  mov w0, w1
    0xd65f03c0, // 0xbc  ret
    0x80004002, // 0xc0  .word 0x80004002
    0x80004003, // 0xc4  .word 0x80004003
    0x000000c0, // 0xc8  .word 0x000000c0
    0x46000000, // 0xcc  .word 0x46000000
    0x00000000, // 0xd0  counter: patched with its address
    0x00000000,
];
const ARM64: Stubs = {
  code: ARM64_WORDS.flatMap((w) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]),
  queryInterface: 0x00,
  addRef: 0x64,
  release: 0x84,
  counterAt: 0xd0,
};

const MEM_COMMIT = 0x1000;
const MEM_RESERVE = 0x2000;
const PAGE_READWRITE = 0x04;
const PAGE_EXECUTE_READ = 0x20;

/** The three IUnknown slots in machine code, and the counter their last Release bumps. */
export interface NativeUnknown {
  slots: [bigint, bigint, bigint];
  /** How many objects reached zero references so far (an int32 in native memory). */
  releasedToZero(): number;
}

const STUBS: Readonly<Record<string, Stubs>> = { x64: X64, arm64: ARM64 };

/** Where each slot begins in the stubs' code, and where the counter's address goes. */
export interface StubLayout { queryInterface: number; addRef: number; release: number; counterAt: number }

/** The stubs of a machine (process.arch) as bytes, and their layout; null where none exist (ia32). */
export function unknownStubs(arch: string): { code: Buffer; layout: StubLayout } | null {
  const stubs = STUBS[arch];
  if (!stubs) return null;
  const { code, ...layout } = stubs;
  return { code: Buffer.from(code), layout };
}

/**
 * Writes the stubs into memory of their own, then makes it executable and read-only (and flushes
 * the instruction cache, which ARM64 needs). Null where no stubs exist for this machine (ia32): the
 * caller keeps JavaScript slots there.
 */
export function nativeUnknown(w: Win32, arch = process.arch): NativeUnknown | null {
  const stubs = unknownStubs(arch);
  if (!stubs) return null;
  const counter = koffi.alloc('int32', 1) as bigint;
  koffi.encode(counter, 0, 'int32', 0);
  const size = stubs.code.length;
  const memory = w.VirtualAlloc(null, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE) as bigint | null;
  if (!memory) throw new Error('VirtualAlloc failed for the COM objects\' IUnknown code');
  const code = stubs.code;
  code.writeBigUInt64LE(counter, stubs.layout.counterAt);
  new Uint8Array(koffi.view(memory, size)).set(code);
  const old = [0];
  if (!w.VirtualProtect(memory, size, PAGE_EXECUTE_READ, old)) throw new Error('VirtualProtect failed for the COM objects\' IUnknown code');
  w.FlushInstructionCache(w.GetCurrentProcess(), memory, size);
  return {
    slots: [memory + BigInt(stubs.layout.queryInterface), memory + BigInt(stubs.layout.addRef), memory + BigInt(stubs.layout.release)],
    releasedToZero: () => koffi.decode(counter, 'int32') as number,
  };
}
