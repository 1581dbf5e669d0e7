// The ICoreWebView2EnvironmentOptions object this backend implements and passes to the runtime
// instead of NULL, to carry AdditionalBrowserArguments (the environment's proxy). The runtime calls
// its getters; every string it gets is allocated with CoTaskMemAlloc, the runtime frees it. The
// object is reference-counted and freed at its last Release.
import * as koffi from 'koffi';
import { E_NOINTERFACE, guid, IID_IUnknown, S_OK } from './com';
import type { Ptr } from './win32';

export const IID_EnvironmentOptions = guid('2fde08a8-1e9a-4766-8c05-95a9ceb9d1c5');
const E_NOTIMPL = 0x80004001 | 0;
const E_POINTER = 0x80004003 | 0;
const E_OUTOFMEMORY = 0x8007000e | 0;
/** The oldest runtime this backend works with (ICoreWebView2_2's cookie manager needs no more). */
const TARGET_COMPATIBLE_BROWSER_VERSION = '86.0.616.0';

const QueryInterface = koffi.proto('int __stdcall OptionsQueryInterface(void *self, void *riid, void *out)');
const AddRefRelease = koffi.proto('uint __stdcall OptionsRef(void *self)');
const GetString = koffi.proto('int __stdcall OptionsGetString(void *self, void *out)');
const PutString = koffi.proto('int __stdcall OptionsPutString(void *self, const char16_t *value)');
const GetBool = koffi.proto('int __stdcall OptionsGetBool(void *self, void *out)');
const PutBool = koffi.proto('int __stdcall OptionsPutBool(void *self, int value)');

interface Options {
  memory: bigint;
  refs: number;
  browserArguments: string;
}

/** Chromium's switches for a proxy that loopback hosts use too (Chromium bypasses them by default). */
export function proxyArguments(proxy: string | undefined): string {
  return proxy ? `--proxy-server=${proxy} --proxy-bypass-list=<-loopback>` : '';
}

export class EnvironmentOptionsFactory {
  private readonly live = new Map<number, Options>();
  private nextId = 1;
  private readonly vtbl: bigint;
  private readonly coTaskMemAlloc: (bytes: number) => Ptr;

  constructor() {
    const ole32 = koffi.load('ole32.dll');
    this.coTaskMemAlloc = ole32.func('void * __stdcall CoTaskMemAlloc(uintptr cb)') as (bytes: number) => Ptr;
    const fns = [
      koffi.register((self: bigint, riid: bigint, out: bigint) => this.queryInterface(self, riid, out), koffi.pointer(QueryInterface)),
      koffi.register((self: bigint) => this.addRef(self), koffi.pointer(AddRefRelease)),
      koffi.register((self: bigint) => this.release(self), koffi.pointer(AddRefRelease)),
      koffi.register((self: bigint, out: bigint) => this.getString(out, this.entry(self)?.browserArguments ?? ''), koffi.pointer(GetString)),
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutString)),
      koffi.register((_self: bigint, out: bigint) => this.getString(out, ''), koffi.pointer(GetString)), // Language: the system's
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutString)),
      koffi.register((_self: bigint, out: bigint) => this.getString(out, TARGET_COMPATIBLE_BROWSER_VERSION), koffi.pointer(GetString)),
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutString)),
      koffi.register((_self: bigint, out: bigint) => this.getBool(out, false), koffi.pointer(GetBool)), // AllowSingleSignOnUsingOSPrimaryAccount
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutBool)),
    ];
    this.vtbl = koffi.alloc('void *', fns.length) as bigint; // lives as long as the process
    fns.forEach((fn, slot) => koffi.encode(this.vtbl, slot * 8, 'void *', fn));
  }

  /** A new options object with one reference, owned by the caller. */
  create(browserArguments: string): bigint {
    const id = this.nextId++;
    const memory = koffi.alloc('void *', 2) as bigint;
    koffi.encode(memory, 0, 'void *', this.vtbl);
    koffi.encode(memory, 8, 'uint64', BigInt(id));
    this.live.set(id, { memory, refs: 1, browserArguments });
    return memory;
  }

  /** Objects alive now: a leak shows here. */
  get count(): number {
    return this.live.size;
  }

  private entry(self: bigint): Options | undefined {
    return this.live.get(Number(koffi.decode(self, 8, 'uint64')));
  }

  private getString(out: bigint, text: string): number {
    if (!out) return E_POINTER;
    const bytes = Buffer.from(`${text}\0`, 'utf16le');
    const p = this.coTaskMemAlloc(bytes.length);
    if (!p) return E_OUTOFMEMORY;
    new Uint8Array(koffi.view(p, bytes.length)).set(bytes);
    koffi.encode(out, 0, 'void *', p);
    return S_OK;
  }

  private getBool(out: bigint, value: boolean): number {
    if (!out) return E_POINTER;
    koffi.encode(out, 0, 'int', value ? 1 : 0);
    return S_OK;
  }

  private queryInterface(self: bigint, riid: bigint, out: bigint): number {
    const asked = Buffer.from(koffi.view(riid, 16));
    const entry = this.entry(self);
    if (!entry || !(asked.equals(IID_IUnknown) || asked.equals(IID_EnvironmentOptions))) {
      koffi.encode(out, 0, 'void *', null);
      return E_NOINTERFACE;
    }
    entry.refs++;
    koffi.encode(out, 0, 'void *', self);
    return S_OK;
  }

  private addRef(self: bigint): number {
    const entry = this.entry(self);
    return entry ? ++entry.refs : 0;
  }

  private release(self: bigint): number {
    const id = Number(koffi.decode(self, 8, 'uint64'));
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
