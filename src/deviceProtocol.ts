// The device part of the protocol, re-exported by protocol.ts: what setDevice asks a window to
// emulate and what the engine answers it emulated (devices.ts has the presets and the words).
import type { WindowParams } from './protocol';

/** A phone or tablet a window stands in for: what its page sees (devices.ts has the presets). */
export interface DeviceEmulation {
  /** Its name, for messages ("Phone"). */
  name: string;
  /** The page's viewport in CSS pixels (the window is sized to it). */
  width: number;
  height: number;
  /** The User-Agent header and navigator.userAgent. */
  userAgent: string;
  /** window.devicePixelRatio. */
  pixelRatio: number;
  /** Touch events, and pointer: coarse. */
  touch: boolean;
  /** A mobile viewport (the viewport meta tag applies, scrollbars overlay). */
  mobile: boolean;
}
export interface SetDeviceParams extends WindowParams {
  /** The device to be, or null for none: every override removed (the engine's own user agent again). */
  device: DeviceEmulation | null;
}
export type DeviceFeature = 'viewport' | 'userAgent' | 'pixelRatio' | 'touch';
/** What the engine emulates of the device, and what it does not (all empty for no device). */
export interface DeviceResult {
  emulated: DeviceFeature[];
  notEmulated: DeviceFeature[];
}
