// The window's keys while the page has the focus: the controller's AcceleratorKeyPressed, raised
// by the runtime for keys that are not text (function keys, Esc, anything with Ctrl or Alt)
// before the page sees them. A key the window acts on is marked Handled, so the page never gets it;
// any other goes on to the page. The handler runs in the callback scope (handlers.ts).
import { Sig, type Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { IID, KEY_EVENT_KIND, Slot } from './ffi/webview2';

/** Subscribes `onKeyDown(virtualKey)`, which returns the window's action for the key (or null),
 *  and returns the registration's token. The key is marked Handled before the action runs (Ctrl+W
 *  closes the controller). */
export function subscribeAcceleratorKeys(com: Com, handlers: HandlerFactory, controller: bigint, onKeyDown: (vk: number, repeat: boolean) => (() => void) | null): bigint {
  const handler = handlers.event(IID.acceleratorKeyPressed, 'AcceleratorKeyPressed', (_sender, args) => {
    if (!args) return;
    const kind = com.getInt(args, Slot.acceleratorKeyArgs.keyEventKind, 'get_KeyEventKind');
    if (kind !== KEY_EVENT_KIND.keyDown && kind !== KEY_EVENT_KIND.systemKeyDown) return;
    const vk = com.getInt(args, Slot.acceleratorKeyArgs.virtualKey, 'get_VirtualKey');
    // WM_KEYDOWN's lParam: bit 30 says the key was already down (an auto-repeat).
    const repeat = ((com.getInt(args, Slot.acceleratorKeyArgs.keyEventLParam, 'get_KeyEventLParam') >>> 30) & 1) === 1;
    const act = onKeyDown(vk, repeat);
    if (!act) return;
    com.call(args, Slot.acceleratorKeyArgs.putHandled, Sig.inInt, 'put_Handled', 1);
    act();
  });
  const token = [0n];
  try {
    com.call(controller, Slot.controller.addAcceleratorKeyPressed, Sig.addHandler, 'add_AcceleratorKeyPressed', handler, token);
  } finally {
    com.release(handler);
  }
  return BigInt(token[0]);
}
