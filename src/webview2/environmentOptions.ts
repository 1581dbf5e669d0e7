// The ICoreWebView2EnvironmentOptions object this backend implements and passes to the runtime
// instead of NULL, to carry AdditionalBrowserArguments (the environment's proxy). The runtime calls
// its getters; every string it gets is allocated with CoTaskMemAlloc, the runtime frees it. The
// object is reference-counted and freed at its last Release.
import * as koffi from 'koffi';
import { guid, S_OK } from './com';
import { ComObjectTable, vtable } from './comObjects';
import type { Ptr } from './win32';

export const IID_EnvironmentOptions = guid('2fde08a8-1e9a-4766-8c05-95a9ceb9d1c5');
const E_NOTIMPL = 0x80004001 | 0;
const E_POINTER = 0x80004003 | 0;
const E_OUTOFMEMORY = 0x8007000e | 0;
/** The oldest runtime this backend works with (ICoreWebView2_2's cookie manager needs no more). */
const TARGET_COMPATIBLE_BROWSER_VERSION = '86.0.616.0';

const GetString = koffi.proto('int __stdcall OptionsGetString(void *self, void *out)');
const PutString = koffi.proto('int __stdcall OptionsPutString(void *self, const char16_t *value)');
const GetBool = koffi.proto('int __stdcall OptionsGetBool(void *self, void *out)');
const PutBool = koffi.proto('int __stdcall OptionsPutBool(void *self, int value)');

interface Options {
  browserArguments: string;
}

/** Chromium's switches for a proxy that loopback hosts use too (Chromium bypasses them by default). */
export function proxyArguments(proxy: string | undefined): string {
  return proxy ? `--proxy-server=${proxy} --proxy-bypass-list=<-loopback>` : '';
}

export class EnvironmentOptionsFactory {
  private readonly objects = new ComObjectTable<Options>();
  private readonly vtbl: bigint;
  private readonly coTaskMemAlloc: (bytes: number) => Ptr;

  constructor() {
    const ole32 = koffi.load('ole32.dll');
    this.coTaskMemAlloc = ole32.func('void * __stdcall CoTaskMemAlloc(uintptr cb)') as (bytes: number) => Ptr;
    this.vtbl = vtable([
      ...this.objects.unknownSlots,
      koffi.register((self: bigint, out: bigint) => this.getString(out, this.objects.state(self)?.browserArguments ?? ''), koffi.pointer(GetString)),
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutString)),
      koffi.register((_self: bigint, out: bigint) => this.getString(out, ''), koffi.pointer(GetString)), // Language: the system's
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutString)),
      koffi.register((_self: bigint, out: bigint) => this.getString(out, TARGET_COMPATIBLE_BROWSER_VERSION), koffi.pointer(GetString)),
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutString)),
      koffi.register((_self: bigint, out: bigint) => this.getBool(out, false), koffi.pointer(GetBool)), // AllowSingleSignOnUsingOSPrimaryAccount
      koffi.register(() => E_NOTIMPL, koffi.pointer(PutBool)),
    ]);
  }

  /** A new options object with one reference, owned by the caller. */
  create(browserArguments: string): bigint {
    return this.objects.create(this.vtbl, IID_EnvironmentOptions, { browserArguments });
  }

  /** Objects alive now: a leak shows here. */
  get count(): number {
    return this.objects.count;
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
}
