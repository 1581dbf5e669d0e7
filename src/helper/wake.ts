// Waking the UI thread from the main thread when a request is queued for it. The UI thread sleeps
// in its native loop and has no JS event loop running, so a MessagePort alone would never be seen.
export function createWaker(platform: NodeJS.Platform, wakeHandle: string): () => void {
  if (platform === 'win32') {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { loadWin32Wake } = require('../webview2/wake') as typeof import('../webview2/wake');
    return loadWin32Wake(wakeHandle);
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { loadGlibWake } = require('../webkitgtk/ffi') as typeof import('../webkitgtk/ffi');
  const { wakeup } = loadGlibWake();
  return wakeup;
}
