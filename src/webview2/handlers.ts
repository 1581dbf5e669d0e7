// COM handler objects built in memory for the runtime to call: completion handlers
// Invoke(HRESULT, result) and event handlers Invoke(sender, args). One vtable is shared per handler
// shape, so a thousand handlers cost two registered callbacks, not a thousand (comObjects.ts keeps
// their references). Every Invoke runs through the callback scope: a JS exception becomes E_FAIL,
// never a silent S_OK.
import * as koffi from 'koffi';
import type { CallbackScope } from '../helper/waits';
import { E_FAIL, S_OK } from './com';
import { ComObjectTable, vtable } from './comObjects';
import type { Ptr } from './win32';

const CompletedInvoke = koffi.proto('int __stdcall CompletedInvoke(void *self, int hr, void *result)');
const EventInvoke = koffi.proto('int __stdcall EventInvoke(void *self, void *sender, void *args)');

interface Handler {
  name: string;
  invoke: (a: any, b: any) => void;
}

export class HandlerFactory {
  private readonly objects = new ComObjectTable<Handler>();
  private readonly completedVtbl: bigint;
  private readonly eventVtbl: bigint;

  constructor(private readonly callbacks: CallbackScope) {
    const completed = koffi.register((self: bigint, hr: number, result: Ptr) => this.invoke(self, hr, result), koffi.pointer(CompletedInvoke));
    const event = koffi.register((self: bigint, sender: Ptr, args: Ptr) => this.invoke(self, sender, args), koffi.pointer(EventInvoke));
    this.completedVtbl = vtable([...this.objects.unknownSlots, completed]);
    this.eventVtbl = vtable([...this.objects.unknownSlots, event]);
  }

  /** A completion handler with one reference, owned by the caller. */
  completion(iid: Buffer, name: string, invoke: (hr: number, result: Ptr) => void): bigint {
    return this.objects.create(this.completedVtbl, iid, { name, invoke });
  }

  /** An event handler with one reference, owned by the caller. */
  event(iid: Buffer, name: string, invoke: (sender: Ptr, args: Ptr) => void): bigint {
    return this.objects.create(this.eventVtbl, iid, { name, invoke });
  }

  private invoke(self: bigint, a: unknown, b: unknown): number {
    const handler = this.objects.state(self);
    if (!handler) return E_FAIL;
    return this.callbacks.run(handler.name, E_FAIL, () => {
      handler.invoke(a, b);
      return S_OK;
    });
  }
}
