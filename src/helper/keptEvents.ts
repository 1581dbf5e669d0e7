// What the helper's main thread keeps of the UI thread's events before passing each on as the
// protocol notification of its name: the window table follows them, the last waits and hazards
// are kept for diagnostics, the failure log hears them, and moves are settled per gesture.
// Finished requests go to the network log instead (networkLog.ts), which notifies on its own terms,
// and a window's wait for a dev server to its probes (serverWait.ts).
import { Notifications, type Bounds, type HazardReport, type NotificationMap, type WaitRecord } from '../protocol';
import type { WindowTable } from '../windowTable';
import type { FailureLog } from './failureLog';
import type { NetworkLogs } from './networkLog';
import type { ServerWaits } from './serverWait';
import type { UiEvent, UiEventName } from './uiMessages';

const KEPT_WAITS = 200;
const KEPT_HAZARDS = 50;
/** How long a window's moves must pause before its row follows (a drag reports many). */
export const BOUNDS_SETTLE_MS = 200;

export class KeptEvents {
  readonly waits: WaitRecord[] = [];
  readonly hazards: HazardReport[] = [];
  private readonly boundsTimers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly windows: WindowTable,
    private readonly failureLog: FailureLog,
    private readonly notify: (method: string, params: unknown) => void,
    private readonly network: NetworkLogs,
    private readonly serverWaits: Pick<ServerWaits, 'onEvent' | 'closed'>,
  ) {}

  private readonly keep: { [N in UiEventName]: (params: NotificationMap[N]) => void } = {
    navigationCompleted: (e) => this.windows.navigated(e),
    titleChanged: (e) => this.windows.titled(e),
    windowClosed: (e) => {
      this.windows.removed(e.windowId);
      this.network.closed(e.windowId);
      this.serverWaits.closed(e.windowId);
    },
    // A popup's row, from the engine that opened it; clients hear it as windowChanged first.
    windowOpened: (e) => this.windows.added(e.window),
    openExternal: () => undefined,
    screenshotRequested: () => undefined,
    processFailed: (e) => this.windows.processFailed(e),
    consoleMessage: () => undefined,
    resourceLoaded: () => undefined,
    waitCompleted: (w) => {
      this.waits.push(w);
      if (this.waits.length > KEPT_WAITS) this.waits.shift();
    },
    hazard: (h) => {
      this.hazards.push(h);
      if (this.hazards.length > KEPT_HAZARDS) this.hazards.shift();
    },
  };

  onUiEvent(event: UiEvent): void {
    if (event.method === 'requestFinished') {
      this.network.add(event.params);
      return;
    }
    if (event.method === 'serverWait') {
      this.serverWaits.onEvent(event.params);
      return;
    }
    this.onNotifiedEvent(event);
  }

  private onNotifiedEvent<N extends UiEventName>(event: { method: N; params: NotificationMap[N] }): void {
    const keep: (params: NotificationMap[N]) => void = this.keep[event.method];
    keep(event.params);
    this.failureLog.observe(event.method, event.params);
    this.notify(Notifications[event.method].method, event.params);
  }

  /** The zoom changed inside the window (its keys or toolbar): the table, the zoom's one owner, follows. */
  zoomChanged(windowId: number, zoom: number): void {
    const row = this.windows.get(windowId);
    if (row && row.zoom !== zoom) this.windows.zoomed(windowId, zoom);
  }

  /** A device was chosen inside the window: the table has its size and its device at once. */
  deviceChanged(windowId: number, device: string | null, bounds: Bounds): void {
    // A move reported before the device's size would settle after it, on the old size.
    clearTimeout(this.boundsTimers.get(windowId));
    this.boundsTimers.delete(windowId);
    this.windows.emulating(windowId, device, bounds);
  }

  /** A window moved or was sized: its row follows once the moves pause, so that clients hear one
   *  windowChanged per gesture rather than one per pixel. */
  boundsSettled(windowId: number, bounds: Bounds): void {
    clearTimeout(this.boundsTimers.get(windowId));
    this.boundsTimers.set(windowId, setTimeout(() => {
      this.boundsTimers.delete(windowId);
      const now = this.windows.get(windowId)?.bounds;
      if (now && (now.x !== bounds.x || now.y !== bounds.y || now.width !== bounds.width || now.height !== bounds.height)) this.windows.moved(windowId, bounds);
    }, BOUNDS_SETTLE_MS));
  }
}
