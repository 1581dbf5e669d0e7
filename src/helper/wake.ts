// Waking the UI thread from the main thread when a request is queued for it. The UI thread sleeps
// in its native loop and has no JS event loop running, so a MessagePort alone would never be seen.
// Each backend keeps both halves of its wake-up in its own wake.ts; this picks one by target.

/** What the UI thread tells the main thread to wake it by. */
export type WakeTarget =
  | { kind: 'glib-default-context' }
  | { kind: 'win32-message-window'; hwnd: string };

export function createWaker(target: WakeTarget): () => void {
  switch (target.kind) {
    case 'win32-message-window': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { loadWin32Waker } = require('../webview2/wake') as typeof import('../webview2/wake');
      return loadWin32Waker(target.hwnd);
    }
    case 'glib-default-context': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { loadGlibWaker } = require('../webkitgtk/wake') as typeof import('../webkitgtk/wake');
      return loadGlibWaker();
    }
  }
}
