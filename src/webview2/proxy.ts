// The ICoreWebView2EnvironmentOptions object this backend implements and passes to the runtime
// instead of NULL, to carry AdditionalBrowserArguments (the environment's proxy). The runtime calls
// its getters; every string it gets is allocated with CoTaskMemAlloc, the runtime frees it. The
// object is reference-counted and freed at its last Release.
import * as koffi from 'koffi';
import { E_NOTIMPL, E_OUTOFMEMORY, E_POINTER, ObjectSig, S_OK } from './ffi/com';
import { IID } from './ffi/webview2';
import { ComObjectTable, vtable } from './comObjects';
import { loadWin32, type Ptr } from './ffi/win32';

/** The oldest runtime this backend works with (ICoreWebView2_2's cookie manager needs no more). */
const TARGET_COMPATIBLE_BROWSER_VERSION = '86.0.616.0';

const { getString: GetString, putString: PutString, getBool: GetBool, putBool: PutBool } = ObjectSig;

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
    this.coTaskMemAlloc = loadWin32().CoTaskMemAlloc as (bytes: number) => Ptr;
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
    return this.objects.create(this.vtbl, IID.environmentOptions, { browserArguments });
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
