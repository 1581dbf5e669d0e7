// CallDevToolsProtocolMethod with its answer handed to a function: the completion handler runs on
// the UI thread later, never waited for here, so it may be chained from another completion.
import * as koffi from 'koffi';
import { Com, hex, Sig } from './ffi/com';
import { IID, Slot } from './ffi/webview2';
import type { HandlerFactory } from './handlers';
import type { Ptr } from './ffi/win32';

/** A method's answer: its result object as JSON, or the HRESULT and the protocol's error text. */
export type DevToolsAnswer = { ok: true; json: string } | { ok: false; error: string };

export function callDevTools(com: Com, handlers: HandlerFactory, webview: bigint, method: string, params: unknown, done: (answer: DevToolsAnswer) => void): void {
  const handler = handlers.completion(IID.devToolsMethodCompleted, `CallDevToolsProtocolMethodCompletedHandler(${method})`, (hr: number, json: Ptr) => {
    const text = json ? (koffi.decode(json, 'char16_t', -1) as string) : '';
    done(hr < 0 ? { ok: false, error: `${method} failed: ${hex(hr)} ${text.slice(0, 500)}` } : { ok: true, json: text });
  });
  try {
    com.call(webview, Slot.webview.callDevToolsProtocolMethod, Sig.inStringString, `CallDevToolsProtocolMethod(${method})`, method, JSON.stringify(params), handler);
  } finally {
    com.release(handler);
  }
}
