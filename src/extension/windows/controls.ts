// The browser controls' fixed values and steps: zoom levels (zoomSteps.ts), sizes as typed (the
// device presets are src/devices.ts), window arguments, the name a saved page is offered under.
// Free of the vscode module.

/** The zoom steps are shared with the window's own keys: one list. */
export { ZOOM_LEVELS, nextZoom } from '../../zoomSteps';

/** "800x600", "800 × 600", "800,600": a size in pixels, or a reason why not. */
export function parseSize(text: string): { width: number; height: number } {
  const m = /^\s*(\d{2,5})\s*[x×*, ]\s*(\d{2,5})\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a size: type width x height, for example 1024x768`);
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width < 100 || height < 100 || width > 10000 || height > 10000) throw new Error(`${width}x${height} is out of range: each side from 100 to 10000 pixels`);
  return { width, height };
}

/**
 * A window argument as commands receive it: a number, a numeric string ("2", "#2", "window 2"),
 * or an object with a windowId (a window from List Windows, a tree item). Undefined: ask.
 */
export function windowIdOf(arg: unknown): number | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg === 'number' && Number.isInteger(arg) && arg > 0) return arg;
  if (typeof arg === 'string') {
    const m = /^\s*(?:window\s*)?#?(\d+)\s*$/i.exec(arg);
    if (m) return Number(m[1]);
  }
  if (typeof arg === 'object' && typeof (arg as { windowId?: unknown }).windowId === 'number') return windowIdOf((arg as { windowId: number }).windowId);
  throw new Error(`${JSON.stringify(arg)} is not a window: pass a window id (a positive whole number)`);
}

/** A file name from a page title: what file systems refuse replaced, at most 80 characters. */
export function pdfName(title: string): string {
  const name = title.replace(/[\u0000-\u001f<>:"/\\|?*\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').slice(0, 80).trim();
  return name || 'page';
}

/** A file's size as people read it. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
