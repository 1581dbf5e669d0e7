// What a ProcessFailed means for the window, by COREWEBVIEW2_PROCESS_FAILED_KIND (WebView2.h and
// Microsoft's "Handling process-related events" guidance): only the browser process and the main
// frame's renderer take the page with them; an unresponsive renderer may still come back, so the
// user chooses between waiting and reloading; every other process (GPU, utility, a frame's own
// renderer, ...) is restarted by the runtime, and the page goes on.
import { PROCESS_FAILED_KINDS } from './ffi/webview2';

export const PROCESS_FAILED_KIND = {
  BROWSER_PROCESS_EXITED: 0,
  RENDER_PROCESS_EXITED: 1,
  RENDER_PROCESS_UNRESPONSIVE: 2,
  FRAME_RENDER_PROCESS_EXITED: 3,
} as const;

export type ProcessFailedOutcome =
  /** The window shows nothing until reloaded: reported as failed. */
  | { kind: 'failed'; text: string; browserGone: boolean; message: string }
  /** The page hangs: said, not marked failed. */
  | { kind: 'unresponsive'; text: string; message: string }
  /** The runtime restarts what ended: logged. */
  | { kind: 'logged'; text: string; message: string };

export function processFailedOutcome(windowId: number, kind: number): ProcessFailedOutcome {
  const text = PROCESS_FAILED_KINDS[kind] ?? `process failure ${kind}`;
  switch (kind) {
    case PROCESS_FAILED_KIND.BROWSER_PROCESS_EXITED:
    case PROCESS_FAILED_KIND.RENDER_PROCESS_EXITED:
      return { kind: 'failed', text, browserGone: kind === PROCESS_FAILED_KIND.BROWSER_PROCESS_EXITED, message: `window ${windowId}: ${text}; reload it to recover` };
    case PROCESS_FAILED_KIND.RENDER_PROCESS_UNRESPONSIVE:
      return { kind: 'unresponsive', text, message: `window ${windowId}: the page is not responding; wait for it, or reload it` };
    default:
      return { kind: 'logged', text, message: `window ${windowId}: ${text === 'page crashed' ? 'a frame\'s renderer exited' : text}; the runtime restarts it, the page goes on` };
  }
}
