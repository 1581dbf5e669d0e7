// A device on Windows, through the DevTools protocol's Emulation domain (CallDevToolsProtocolMethod):
// the viewport's metrics with the pixel ratio and the mobile flag (setDeviceMetricsOverride), the
// user agent (setUserAgentOverride) and touch (setTouchEmulationEnabled); for no device, each
// override removed (clearDeviceMetricsOverride, an empty user agent: the browser's own again,
// touch off). Every answer is waited for, so that a refusal reaches the caller with the browser's
// words. The overrides hold for the webview's life, across navigations.
import type { DeviceEmulation } from '../protocol';
import type { BackendWaitSpec } from '../helper/backend';
import { EngineError } from '../helper/errors';
import type { Completion } from '../helper/waits';
import type { Com } from './ffi/com';
import { callDevTools } from './devToolsCalls';
import type { HandlerFactory } from './handlers';

type Wait = <T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void) => T;

/** Touch points a touch device reports (navigator.maxTouchPoints). */
const TOUCH_POINTS = 5;

/** The Emulation domain's calls for a device, or for none, in order: [method, parameters]. */
export function emulationCalls(device: DeviceEmulation | null): [string, object][] {
  if (!device) {
    return [
      ['Emulation.clearDeviceMetricsOverride', {}],
      ['Emulation.setUserAgentOverride', { userAgent: '' }],
      ['Emulation.setTouchEmulationEnabled', { enabled: false }],
    ];
  }
  return [
    ['Emulation.setDeviceMetricsOverride', { width: device.width, height: device.height, deviceScaleFactor: device.pixelRatio, mobile: device.mobile }],
    ['Emulation.setUserAgentOverride', { userAgent: device.userAgent }],
    ['Emulation.setTouchEmulationEnabled', device.touch ? { enabled: true, maxTouchPoints: TOUCH_POINTS } : { enabled: false }],
  ];
}

export function applyDeviceEmulation(com: Com, handlers: HandlerFactory, wait: Wait, windowId: number, webview: bigint, device: DeviceEmulation | null): void {
  for (const [method, params] of emulationCalls(device)) {
    wait<void>({ site: 'setDevice', windowId }, (completion) => callDevTools(com, handlers, webview, method, params, (answer) => {
      if (completion.abandoned) return;
      if (answer.ok) completion.resolve();
      else completion.reject(new EngineError('setDevice', 'devtools', `the browser refused it: ${answer.error}`));
    }));
  }
}
