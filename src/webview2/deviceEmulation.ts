// A device on Windows, through the DevTools protocol's Emulation domain (CallDevToolsProtocolMethod):
// the viewport's metrics with the pixel ratio and the mobile flag (setDeviceMetricsOverride), the
// user agent (setUserAgentOverride) and touch (setTouchEmulationEnabled); for no device, each
// override removed (clearDeviceMetricsOverride, an empty user agent: the browser's own again,
// touch off). Every answer is waited for, so that a refusal reaches the caller with the browser's
// words. The overrides hold for the webview's life, across navigations.
import * as koffi from 'koffi';
import type { DeviceEmulation } from '../protocol';
import type { BackendWaitSpec } from '../helper/backend';
import { EngineError } from '../helper/errors';
import type { Completion } from '../helper/waits';
import { hex, Sig, type Com } from './ffi/com';
import { IID, Slot } from './ffi/webview2';
import type { HandlerFactory } from './handlers';
import type { Ptr } from './ffi/win32';

type Wait = <T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void) => T;

/** Touch points a touch device reports (navigator.maxTouchPoints). */
const TOUCH_POINTS = 5;

/** The Emulation domain's calls for a device, or for none, in order: [method, parameters as JSON]. */
export function emulationCalls(device: DeviceEmulation | null): [string, string][] {
  if (!device) {
    return [
      ['Emulation.clearDeviceMetricsOverride', '{}'],
      ['Emulation.setUserAgentOverride', JSON.stringify({ userAgent: '' })],
      ['Emulation.setTouchEmulationEnabled', JSON.stringify({ enabled: false })],
    ];
  }
  return [
    ['Emulation.setDeviceMetricsOverride', JSON.stringify({ width: device.width, height: device.height, deviceScaleFactor: device.pixelRatio, mobile: device.mobile })],
    ['Emulation.setUserAgentOverride', JSON.stringify({ userAgent: device.userAgent })],
    ['Emulation.setTouchEmulationEnabled', JSON.stringify(device.touch ? { enabled: true, maxTouchPoints: TOUCH_POINTS } : { enabled: false })],
  ];
}

export function applyDeviceEmulation(com: Com, handlers: HandlerFactory, wait: Wait, windowId: number, webview: bigint, device: DeviceEmulation | null): void {
  for (const [method, params] of emulationCalls(device)) {
    wait<void>({ site: 'setDevice', windowId }, (completion) => {
      const handler = handlers.completion(IID.devToolsMethodCompleted, 'CallDevToolsProtocolMethodCompletedHandler', (hr: number, json: Ptr) => {
        if (completion.abandoned) return;
        if (hr >= 0) completion.resolve();
        else completion.reject(new EngineError('setDevice', hex(hr), `${method} was refused: ${json ? koffi.decode(json, 'char16_t', -1) as string : hex(hr)}`));
      });
      try {
        com.call(webview, Slot.webview.callDevToolsProtocolMethod, Sig.inStringString, `CallDevToolsProtocolMethod(${method})`, method, params, handler);
      } finally {
        com.release(handler);
      }
    });
  }
}
