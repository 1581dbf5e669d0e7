// Devices a window can be, in one table: each preset's viewport, user agent, pixel ratio and touch,
// what each engine emulates of them (WebView2 all four, through the DevTools Emulation domain;
// WebKitGTK the viewport and the user agent only), and the words that say so, the same in the
// picker, the status bar, the log and the CLI. A desktop preset is only a size: choosing it removes
// every override. Free of the vscode module and of any engine.
import type { DeviceEmulation, DeviceFeature, DeviceResult, PlatformInfo } from './protocol';

type Engine = PlatformInfo['engine'];

export interface DevicePreset {
  /** The name commands and the CLI take (`--device phone`). */
  id: string;
  label: string;
  width: number;
  height: number;
  /** A phone's or tablet's emulation; undefined for a desktop size (no overrides). */
  device?: Omit<DeviceEmulation, 'name' | 'width' | 'height'>;
}

const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPAD_UA = 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

export const DEVICE_PRESETS: readonly DevicePreset[] = [
  { id: 'phone', label: 'Phone', width: 375, height: 667, device: { userAgent: IPHONE_UA, pixelRatio: 2, touch: true, mobile: true } },
  { id: 'android', label: 'Android phone', width: 412, height: 915, device: { userAgent: ANDROID_UA, pixelRatio: 2.625, touch: true, mobile: true } },
  { id: 'tablet', label: 'Tablet', width: 768, height: 1024, device: { userAgent: IPAD_UA, pixelRatio: 2, touch: true, mobile: true } },
  { id: 'laptop', label: 'Laptop', width: 1280, height: 800 },
];

export const DEVICE_FEATURES: readonly DeviceFeature[] = ['viewport', 'userAgent', 'pixelRatio', 'touch'];

/** What each engine emulates of a device. */
export const EMULATED_BY: Record<Engine, readonly DeviceFeature[]> = {
  WebView2: ['viewport', 'userAgent', 'pixelRatio', 'touch'],
  WebKitGTK: ['viewport', 'userAgent'],
};

/** A preset by its id or label ("phone", "Android phone"), or undefined. */
export function findPreset(name: string): DevicePreset | undefined {
  const key = name.trim().toLowerCase();
  return DEVICE_PRESETS.find((p) => p.id === key || p.label.toLowerCase() === key);
}

/** The emulation a preset asks for; null for a desktop size (every override removed). */
export function emulationOf(preset: DevicePreset): DeviceEmulation | null {
  return preset.device ? { name: preset.label, width: preset.width, height: preset.height, ...preset.device } : null;
}

/** What an engine does with a device (or with none: nothing to emulate). */
export function engineEmulates(device: DeviceEmulation | null, engine: Engine): DeviceResult {
  if (!device) return { emulated: [], notEmulated: [] };
  const can = EMULATED_BY[engine];
  return { emulated: DEVICE_FEATURES.filter((f) => can.includes(f)), notEmulated: DEVICE_FEATURES.filter((f) => !can.includes(f)) };
}

function featureWords(f: DeviceFeature, d: Pick<DeviceEmulation, 'width' | 'height' | 'pixelRatio'>): string {
  return f === 'viewport' ? `viewport ${d.width} \u00d7 ${d.height}` : f === 'userAgent' ? 'user agent' : f === 'pixelRatio' ? `pixel ratio ${d.pixelRatio}` : 'touch';
}

function list(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** What a preset is, in a few words: "375 × 667, pixel ratio 2, touch" or "1280 × 800 (desktop)". */
export function presetSummary(p: DevicePreset): string {
  const size = `${p.width} \u00d7 ${p.height}`;
  return p.device ? `${size}, pixel ratio ${p.device.pixelRatio}${p.device.touch ? ', touch' : ''}` : `${size} (desktop)`;
}

/**
 * What the engine emulates of a device and what it does not, in one sentence: "viewport
 * 375 × 667 and user agent emulated; pixel ratio 2 and touch are not emulated on WebKitGTK".
 */
export function emulationNote(device: Pick<DeviceEmulation, 'width' | 'height' | 'pixelRatio'>, result: DeviceResult, engine: Engine): string {
  const done = list(result.emulated.map((f) => featureWords(f, device)));
  if (result.notEmulated.length === 0) return `${done} emulated`;
  const missing = list(result.notEmulated.map((f) => featureWords(f, device)));
  return `${done} emulated; ${missing} ${result.notEmulated.length === 1 ? 'is' : 'are'} not emulated on ${engine}`;
}

/**
 * What a window became, in one sentence for the log and the status bar, whoever chose it (`where`
 * says so when the window did): a device with what this engine emulated of it, or a size that is no
 * longer the device it was.
 */
export function deviceChangeWords(windowId: number, now: { device: DeviceEmulation; result: DeviceResult; engine: Engine } | { width: number; height: number; was?: string },
  reloaded: boolean, where = ''): string {
  if ('device' in now) return `window ${windowId} is a ${now.device.name}${where}: ${emulationNote(now.device, now.result, now.engine)}${reloaded ? '; reloaded' : ''}`;
  return `window ${windowId} is ${now.width} \u00d7 ${now.height}${where}${now.was ? `; no longer a ${now.was} (the engine's own user agent${reloaded ? ', reloaded' : ''})` : ''}`;
}

/** The same before choosing, for a picker: what choosing this preset will emulate on this engine. */
export function presetNote(p: DevicePreset, engine: Engine): string {
  const device = emulationOf(p);
  return device ? emulationNote(device, engineEmulates(device, engine), engine) : 'desktop size: no user agent, pixel ratio or touch override';
}
