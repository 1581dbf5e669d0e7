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

/**
 * Writes the stubs into memory of their own, then makes it executable and read-only. Null where no
 * stubs exist for this machine (only x64 has them so far): the caller keeps JavaScript slots there.
 */
export function nativeUnknown(w: Win32, arch = process.arch): NativeUnknown | null {
  if (arch !== 'x64') return null;
  const stubs = X64;
  const counter = koffi.alloc('int32', 1) as bigint;
  koffi.encode(counter, 0, 'int32', 0);
  const size = stubs.code.length;
  const memory = w.VirtualAlloc(null, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE) as bigint | null;
  if (!memory) throw new Error('VirtualAlloc failed for the COM objects\' IUnknown code');
  const code = Buffer.from(stubs.code);
  code.writeBigUInt64LE(counter, stubs.counterAt);
  new Uint8Array(koffi.view(memory, size)).set(code);
  const old = [0];
  if (!w.VirtualProtect(memory, size, PAGE_EXECUTE_READ, old)) throw new Error('VirtualProtect failed for the COM objects\' IUnknown code');
  w.FlushInstructionCache(w.GetCurrentProcess(), memory, size);
  return {
    slots: [memory + BigInt(stubs.queryInterface), memory + BigInt(stubs.addRef), memory + BigInt(stubs.release)],
    releasedToZero: () => koffi.decode(counter, 'int32') as number,
  };
}
