// The name a screenshot of a window is saved under, the same from the extension's Save Screenshot,
// the window's own screenshot button and the CLI: the window and the moment to the millisecond, so
// that two taken within a second do not overwrite each other.
export function screenshotFileName(windowId: number, at = new Date()): string {
  return `window-${windowId}-${at.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 23)}.png`;
}
