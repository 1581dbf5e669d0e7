// Every handler interface this backend implements, with its Invoke's parameters as WebView2.h
// (SDK 1.0.3415) declares them after `This`. The factory (handlers.ts) builds each handler's Invoke
// from this table, so a handler cannot take another shape's parameters: on x64 and ARM64 a wrong
// count goes unnoticed, under x86 __stdcall the callee pops the wrong number of bytes.
import { guid } from './ffi/com';

/** How a parameter travels: an HRESULT or BOOL is a 32-bit int, everything else a pointer. */
export type ParamKind = 'HRESULT' | 'BOOL' | 'pointer';

export interface HandlerShape {
  iid: Buffer;
  /** Invoke's parameters after `This`, in WebView2.h's words. */
  params: readonly string[];
}

const shape = (iid: string, ...params: string[]): HandlerShape => ({ iid: guid(iid), params });

export const HANDLER_SHAPES = {
  CreateCoreWebView2EnvironmentCompletedHandler: shape('4e8a3389-c9d8-4bd2-b6b5-124fee6cc14d', 'HRESULT errorCode', 'ICoreWebView2Environment *result'),
  CreateCoreWebView2ControllerCompletedHandler: shape('6c4819f3-c9b7-4260-8127-c9f5bde7f68c', 'HRESULT errorCode', 'ICoreWebView2Controller *result'),
  GetCookiesCompletedHandler: shape('5a4f5069-5c15-47c3-8646-f4de1c116670', 'HRESULT errorCode', 'ICoreWebView2CookieList *result'),
  CapturePreviewCompletedHandler: shape('697e05e9-3d8f-45fa-96f4-8ffe1ededaf5', 'HRESULT errorCode'),
  PrintToPdfCompletedHandler: shape('ccf1ef04-fd8e-4d5f-b2de-0983e41b8c36', 'HRESULT errorCode', 'BOOL isSuccessful'),
  CallDevToolsProtocolMethodCompletedHandler: shape('5c4889f0-5ef6-4c5a-952c-d8f1b92d0574', 'HRESULT errorCode', 'LPCWSTR result'),
  NavigationCompletedEventHandler: shape('d33a35bf-1c49-4f98-93ab-006e0533fe1c', 'ICoreWebView2 *sender', 'ICoreWebView2NavigationCompletedEventArgs *args'),
  DocumentTitleChangedEventHandler: shape('f5f2b923-953e-4042-9f95-f3a118e1afd4', 'ICoreWebView2 *sender', 'IUnknown *args'),
  ProcessFailedEventHandler: shape('79e0aea4-990b-42d9-aa1d-0fcc2e5bc7f1', 'ICoreWebView2 *sender', 'ICoreWebView2ProcessFailedEventArgs *args'),
  BrowserProcessExitedEventHandler: shape('fa504257-a216-4911-a860-fe8825712861', 'ICoreWebView2Environment *sender', 'ICoreWebView2BrowserProcessExitedEventArgs *args'),
  DevToolsProtocolEventReceivedEventHandler: shape('e2fda4be-5456-406c-a261-3d452138362c', 'ICoreWebView2 *sender', 'ICoreWebView2DevToolsProtocolEventReceivedEventArgs *args'),
  ServerCertificateErrorDetectedEventHandler: shape('969b3a26-d85e-4795-8199-fef57344da22', 'ICoreWebView2 *sender', 'ICoreWebView2ServerCertificateErrorDetectedEventArgs *args'),
  AcceleratorKeyPressedEventHandler: shape('b29c7e28-fa79-41a8-8e44-65811c76dcb2', 'ICoreWebView2Controller *sender', 'ICoreWebView2AcceleratorKeyPressedEventArgs *args'),
  NewWindowRequestedEventHandler: shape('d4c185fe-c81c-4989-97af-2d3fa7ab5651', 'ICoreWebView2 *sender', 'ICoreWebView2NewWindowRequestedEventArgs *args'),
  WindowCloseRequestedEventHandler: shape('5c19e9e0-092f-486b-affa-ca8231913039', 'ICoreWebView2 *sender', 'IUnknown *args'),
  NavigationStartingEventHandler: shape('9adbe429-f36d-432b-9ddc-f8881fbd76e3', 'ICoreWebView2 *sender', 'ICoreWebView2NavigationStartingEventArgs *args'),
  WebResourceRequestedEventHandler: shape('ab00b74c-15f1-4646-80e8-e76341d25d71', 'ICoreWebView2 *sender', 'ICoreWebView2WebResourceRequestedEventArgs *args'),
} as const satisfies Record<string, HandlerShape>;

export type HandlerName = keyof typeof HANDLER_SHAPES;

export function paramKind(param: string): ParamKind {
  const type = param.trim().split(/\s+/)[0];
  return type === 'HRESULT' ? 'HRESULT' : type === 'BOOL' ? 'BOOL' : 'pointer';
}

/** The machine shape of a handler's Invoke, e.g. "HRESULT" or "HRESULT,pointer". */
export function machineShape(name: HandlerName): string {
  return HANDLER_SHAPES[name].params.map(paramKind).join(',');
}
