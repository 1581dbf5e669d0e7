// COM handler objects built in memory for the runtime to call: completion handlers and event
// handlers. Each handler's Invoke takes exactly the parameters WebView2.h declares for its
// interface (handlerShapes.ts), looked up by the handler's IID: CapturePreview's Invoke(HRESULT)
// is not the (HRESULT, result) of the others. One vtable is shared per machine shape, so a thousand
// handlers cost a few registered callbacks, not a thousand (comObjects.ts keeps their references).
// Every Invoke runs through the callback scope: a JS exception becomes E_FAIL, never a silent S_OK.
import * as koffi from 'koffi';
import type { CallbackScope } from '../helper/waits';
import { E_FAIL, S_OK } from './ffi/com';
import { ComObjectTable, vtable } from './comObjects';
import { HANDLER_SHAPES, paramKind, type HandlerName, type ParamKind } from './handlerShapes';
import type { Ptr } from './ffi/win32';

interface Handler {
  name: string;
  invoke: (...args: any[]) => void;
}

const C_TYPE: Record<ParamKind, string> = { HRESULT: 'int', BOOL: 'int', pointer: 'void *' };

export class HandlerFactory {
  private readonly objects = new ComObjectTable<Handler>();
  /** One vtable per machine shape ("HRESULT", "HRESULT,pointer", "pointer,pointer", ...). */
  private readonly vtables = new Map<string, bigint>();

  constructor(private readonly callbacks: CallbackScope) {}

  /** A completion handler with one reference, owned by the caller; `invoke` gets Invoke's parameters. */
  completion(iid: Buffer, name: string, invoke: (hr: number, result?: any) => void): bigint {
    return this.create(iid, name, invoke);
  }

  /** An event handler with one reference, owned by the caller. */
  event(iid: Buffer, name: string, invoke: (sender: Ptr, args: Ptr) => void): bigint {
    return this.create(iid, name, invoke);
  }

  /** The vtable a handler of this IID gets (tests compare them). */
  vtableFor(iid: Buffer): bigint {
    return this.vtableOf(shapeOf(iid));
  }

  private create(iid: Buffer, name: string, invoke: Handler['invoke']): bigint {
    return this.objects.create(this.vtableFor(iid), iid, { name, invoke });
  }

  private vtableOf(kinds: ParamKind[]): bigint {
    const key = kinds.join(',');
    let vtbl = this.vtables.get(key);
    if (vtbl === undefined) {
      const params = kinds.map((k, i) => `${C_TYPE[k]} p${i}`).join(', ');
      const proto = koffi.proto(`int __stdcall HandlerInvoke_${kinds.join('_')}(void *self, ${params})`);
      const fn = koffi.register((self: bigint, ...args: unknown[]) => this.invoke(self, args), koffi.pointer(proto));
      vtbl = vtable([...this.objects.unknownSlots, fn]);
      this.vtables.set(key, vtbl);
    }
    return vtbl;
  }

  private invoke(self: bigint, args: unknown[]): number {
    const handler = this.objects.state(self);
    if (!handler) return E_FAIL;
    return this.callbacks.run(handler.name, E_FAIL, () => {
      handler.invoke(...args);
      return S_OK;
    });
  }
}

/** The parameter kinds of the handler interface with this IID; an IID not in the table is a bug. */
function shapeOf(iid: Buffer): ParamKind[] {
  for (const name of Object.keys(HANDLER_SHAPES) as HandlerName[]) {
    const s = HANDLER_SHAPES[name];
    if (s.iid.equals(iid)) return s.params.map(paramKind);
  }
  throw new Error(`handler interface ${iid.toString('hex')} is not in handlerShapes.ts: declare its Invoke from WebView2.h`);
}
