// A small COM layer over koffi: call a method by vtable slot, QueryInterface / AddRef / Release,
// UTF-16 strings in, and runtime-allocated strings out (freed with CoTaskMemFree).
import * as koffi from 'koffi';
import { RECT, type Ptr, type Win32 } from './win32';

/** Method shapes, `this` first. Every COM method returns an HRESULT (int32). */
export const Sig = {
  none: koffi.proto('int __stdcall ComNone(void *self)'),
  ref: koffi.proto('uint __stdcall ComRef(void *self)'),
  queryInterface: koffi.proto('int __stdcall ComQueryInterface(void *self, void *riid, _Out_ void **out)'),
  outPtr: koffi.proto('int __stdcall ComOutPtr(void *self, _Out_ void **out)'),
  outInt: koffi.proto('int __stdcall ComOutInt(void *self, _Out_ int *out)'),
  outUint: koffi.proto('int __stdcall ComOutUint(void *self, _Out_ uint *out)'),
  outDouble: koffi.proto('int __stdcall ComOutDouble(void *self, _Out_ double *out)'),
  outUint64: koffi.proto('int __stdcall ComOutUint64(void *self, _Out_ uint64 *out)'),
  inStringInt: koffi.proto('int __stdcall ComInStringInt(void *self, const char16_t *text, int value)'),
  /** ICoreWebView2Environment::CreateWebResourceResponse(content, statusCode, reasonPhrase, headers, out response). */
  createResponse: koffi.proto('int __stdcall ComCreateResponse(void *self, void *content, int status, const char16_t *reason, const char16_t *headers, _Out_ void **out)'),
  /** ISequentialStream::Write(pv, cb, out written). */
  streamWrite: koffi.proto('int __stdcall ComStreamWrite(void *self, const void *data, uint size, _Out_ uint *written)'),
  /** IStream::Seek(move, origin, out position or NULL). */
  streamSeek: koffi.proto('int __stdcall ComStreamSeek(void *self, int64 move, uint origin, void *position)'),
  inString: koffi.proto('int __stdcall ComInString(void *self, const char16_t *text)'),
  inStringPtr: koffi.proto('int __stdcall ComInStringPtr(void *self, const char16_t *text, void *ptr)'),
  inPtrPtr: koffi.proto('int __stdcall ComInPtrPtr(void *self, void *a, void *b)'),
  inRect: koffi.proto('ComInRect', 'int', ['void *', RECT]),
  inUintOutPtr: koffi.proto('int __stdcall ComInUintOutPtr(void *self, uint index, _Out_ void **out)'),
  addHandler: koffi.proto('int __stdcall ComAddHandler(void *self, void *handler, _Out_ int64 *token)'),
  removeHandler: koffi.proto('int __stdcall ComRemoveHandler(void *self, int64 token)'),
  inInt: koffi.proto('int __stdcall ComInInt(void *self, int value)'),
  inDouble: koffi.proto('int __stdcall ComInDouble(void *self, double value)'),
  inPtr: koffi.proto('int __stdcall ComInPtr(void *self, void *ptr)'),
  inStringPtrPtr: koffi.proto('int __stdcall ComInStringPtrPtr(void *self, const char16_t *text, void *a, void *b)'),
  inStringString: koffi.proto('int __stdcall ComInStringStringPtr(void *self, const char16_t *a, const char16_t *b, void *handler)'),
  inIntPtrPtr: koffi.proto('int __stdcall ComInIntPtrPtr(void *self, int format, void *stream, void *handler)'),
  inStringOutPtr: koffi.proto('int __stdcall ComInStringOutPtr(void *self, const char16_t *text, _Out_ void **out)'),
  /** ICoreWebView2CookieManager::CreateCookie(name, value, domain, path, out cookie). */
  createCookie: koffi.proto('int __stdcall ComCreateCookie(void *self, const char16_t *name, const char16_t *value, const char16_t *domain, const char16_t *path, _Out_ void **cookie)'),
} as const;

/** Method shapes of the COM objects this engine implements (comObjects.ts), `this` first: the
 *  runtime calls them, so their out-parameters are raw pointers written by hand. */
export const ObjectSig = {
  queryInterface: koffi.proto('int __stdcall ComObjectQueryInterface(void *self, void *riid, void *out)'),
  addRefRelease: koffi.proto('uint __stdcall ComObjectRef(void *self)'),
  getString: koffi.proto('int __stdcall ComObjectGetString(void *self, void *out)'),
  putString: koffi.proto('int __stdcall ComObjectPutString(void *self, const char16_t *value)'),
  getBool: koffi.proto('int __stdcall ComObjectGetBool(void *self, void *out)'),
  putBool: koffi.proto('int __stdcall ComObjectPutBool(void *self, int value)'),
} as const;

export const S_OK = 0;
export const E_FAIL = 0x80004005 | 0;
export const E_NOINTERFACE = 0x80004002 | 0;
export const E_NOTIMPL = 0x80004001 | 0;
export const E_POINTER = 0x80004003 | 0;
export const E_OUTOFMEMORY = 0x8007000e | 0;
export const E_INVALIDARG = 0x80070057 | 0;

export function hex(hr: number): string {
  return `0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** A GUID in its 16-byte memory layout. */
export function guid(text: string): Buffer {
  const h = text.replace(/[{}-]/g, '');
  if (!/^[0-9a-f]{32}$/i.test(h)) throw new Error(`not a GUID: ${text}`);
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(h.slice(0, 8), 16), 0);
  b.writeUInt16LE(parseInt(h.slice(8, 12), 16), 4);
  b.writeUInt16LE(parseInt(h.slice(12, 16), 16), 6);
  Buffer.from(h.slice(16), 'hex').copy(b, 8);
  return b;
}

export const IID_IUnknown = guid('00000000-0000-0000-c000-000000000046');

export class ComError extends Error {
  constructor(readonly method: string, readonly hr: number) {
    super(`${method} returned ${hex(hr)}`);
  }
}

export class Com {
  constructor(private readonly win32: Win32) {}

  /** Calls method `slot` of `obj`; throws ComError on a failed HRESULT. */
  call(obj: bigint, slot: number, sig: koffi.TypeObject, name: string, ...args: unknown[]): number {
    const hr = this.callRaw(obj, slot, sig, ...args);
    if (hr < 0) throw new ComError(name, hr);
    return hr;
  }

  callRaw(obj: bigint, slot: number, sig: koffi.TypeObject, ...args: unknown[]): number {
    const vtbl = koffi.decode(obj, 0, 'void *') as bigint;
    const fn = koffi.decode(vtbl, slot * 8, 'void *') as bigint;
    return koffi.call(fn, sig, obj, ...args) as number;
  }

  /** A method whose only argument is an out pointer. */
  getPtr(obj: bigint, slot: number, name: string): bigint {
    const out: [Ptr] = [null];
    this.call(obj, slot, Sig.outPtr, name, out);
    if (!out[0]) throw new ComError(`${name} (null result)`, E_FAIL);
    return out[0];
  }

  /** A method returning an LPWSTR allocated by the callee. */
  getString(obj: bigint, slot: number, name: string): string {
    const out: [Ptr] = [null];
    this.call(obj, slot, Sig.outPtr, name, out);
    return this.takeString(out[0]);
  }

  takeString(p: Ptr): string {
    if (!p) return '';
    const text = koffi.decode.string16(p);
    this.win32.CoTaskMemFree(p);
    return text;
  }

  getBool(obj: bigint, slot: number, name: string): boolean {
    const out = [0];
    this.call(obj, slot, Sig.outInt, name, out);
    return out[0] !== 0;
  }

  getInt(obj: bigint, slot: number, name: string): number {
    const out = [0];
    this.call(obj, slot, Sig.outInt, name, out);
    return out[0];
  }

  queryInterface(obj: bigint, iid: Buffer, name: string): bigint {
    const out: [Ptr] = [null];
    this.call(obj, 0, Sig.queryInterface, `QueryInterface(${name})`, iid, out);
    return out[0] as bigint;
  }

  addRef(obj: bigint): number {
    return this.callRaw(obj, 1, Sig.ref);
  }

  release(obj: Ptr): number {
    return obj ? this.callRaw(obj, 2, Sig.ref) : 0;
  }
}
