// The shape every engine backend has (one per platform, same interface), and what a backend may
// send back. Backends run on the UI thread; every method is synchronous and may wait, through
// waits.ts, for engine completions.
import type {
  Bounds, ConsoleMessageEvent, FinishedRequest, ResourceLoadedEvent, SetBoundsParams,
  CreateWindowParams, EngineRequestName,
  NavigationCompletedEvent, PlatformInfo, ProcessFailedEvent, RequestMap, TitleChangedEvent,
  WindowClosedEvent, WindowInfo, HazardReport, WaitRecord, WindowOpenedEvent, OpenExternalEvent, ScreenshotRequestedEvent,
} from '../protocol';
import type { RunScriptParams, RunScriptResult } from '../page/protocol';
import type { WaitSpec } from './waits';
import type { WakeTarget } from './wake';

/** What a backend's window table knows of a window; zoom, bounds and failure come from the helper's table. */
export type WindowBasics = Omit<WindowInfo, 'zoom' | 'bounds' | 'failed'>;

/** A wait as asked of a backend: it supplies the strategy, and the deadline when none is given. */
export type BackendWaitSpec = Omit<WaitSpec, 'strategy' | 'deadlineMs'> & { deadlineMs?: number };

/** A script to start, under the id the main thread gave it (it waits for the answer, not the UI thread). */
export type ScriptToRun = RunScriptParams & { scriptId: number; timeoutMs: number };

/** A window to open, under the id the main thread's window table gave it. */
export type NewWindowParams = CreateWindowParams & { windowId: number };

export interface BackendEvents {
  navigationCompleted(e: NavigationCompletedEvent): void;
  titleChanged(e: TitleChangedEvent): void;
  windowClosed(e: WindowClosedEvent): void;
  /** A page opened a popup, which is now a window of the engine's (before any event of its own). */
  windowOpened(e: WindowOpenedEvent): void;
  /** A page's popup goes to the system browser (the popups setting); the engine opened nothing. */
  openExternal(e: OpenExternalEvent): void;
  processFailed(e: ProcessFailedEvent): void;
  consoleMessage(e: ConsoleMessageEvent): void;
  resourceLoaded(e: ResourceLoadedEvent): void;
  /** A request of the window finished or failed (the main thread's network log numbers and keeps it). */
  requestFinished(e: FinishedRequest): void;
  waitCompleted(e: WaitRecord): void;
  hazard(e: HazardReport): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The native window was moved or sized (by the user, the window manager or setBounds). */
  boundsChanged(windowId: number, bounds: Bounds): void;
  /** The page's zoom changed from inside the window (its keys or toolbar), not by a setZoom request. */
  zoomChanged(windowId: number, zoom: number): void;
  /** A device was chosen inside the window (its toolbar's menu): its label, or null for a desktop size. */
  deviceChanged(windowId: number, device: string | null, bounds: Bounds): void;
  /** The window's screenshot button or key: clients save the picture. */
  screenshotRequested(e: ScreenshotRequestedEvent): void;
  /** A page answered the script runScript started under this id (or the engine says why it will not). */
  scriptAnswered(scriptId: number, result: RunScriptResult): void;
  /** Linux: a page's document got the token its script channel connects to the main thread with. */
  scriptChannel(token: string, windowId: number): void;
  /** The engine's description changed (its version is known once an environment answered). */
  platformChanged(info: PlatformInfo): void;
  /** A window started or stopped waiting for a server on a loopback address (failurePages.ts). */
  serverWait(e: ServerWaitEvent): void;
}

/** A window's wait for a loopback server, as the UI thread tells the main thread (serverWait.ts). */
export type ServerWaitEvent =
  | { windowId: number; generation: number; state: 'started'; host: string; port: number; limitMs: number }
  | { windowId: number; generation: number; state: 'ended' };
/** What a probe of the main thread found, as the UI thread hears it. */
export interface ServerWaitStep {
  windowId: number;
  generation: number;
  /** down: not yet, wait on; up: it accepts connections, load the page; gave-up: the limit passed. */
  outcome: 'down' | 'up' | 'gave-up';
  /** The attempt this was (the failed load was the first). */
  attempt: number;
  elapsedMs: number;
}

/** Calls that only the helper's main thread makes of the engine: not in the protocol, so no client reaches them. */
export type InternalCalls = {
  /** A probe's outcome; answers whether the window still waits. */
  serverWait: { params: ServerWaitStep; result: boolean };
};
export const INTERNAL_CALLS: readonly (keyof InternalCalls)[] = ['serverWait'];

/**
 * What an engine serves: every request of the protocol that the main thread does not answer
 * itself, under its protocol name and with its protocol parameters, with four differences the
 * main thread makes: createWindow carries the id it gave the window, closeAll the reason the
 * windows close, setBounds answers the bounds asked for, and runScript only starts its script.
 */
export type EngineCalls = Omit<Pick<RequestMap, EngineRequestName>, 'createWindow' | 'closeAll' | 'setBounds' | 'runScript'> & {
  /** Starts the script and returns: its answer comes as scriptAnswered, under the id the main thread gave it. */
  runScript: { params: ScriptToRun; result: void };
  createWindow: { params: NewWindowParams; result: WindowInfo };
  closeAll: { params: { reason: 'request' | 'shutdown' }; result: number };
  setBounds: { params: SetBoundsParams; result: Bounds };
} & InternalCalls;

/** One method per engine request, named as the request: a request added to the protocol and not
 *  served by an engine does not compile. */
export type EngineRequests = { [M in keyof EngineCalls]: (params: EngineCalls[M]['params']) => EngineCalls[M]['result'] };

export interface Backend extends EngineRequests {
  readonly info: PlatformInfo;
  /** Blocks until the loop has something to do, and does it (one native message or iteration). */
  runOnce(): void;
  /** How another thread wakes runOnce (each backend's wake.ts holds both halves). */
  readonly wake: WakeTarget;
  listWindows(): WindowInfo[];
}

/** The JavaScript runtime the helper runs on: VS Code's Electron, or a plain Node. */
export function describeRuntime(): string {
  const { node, electron } = process.versions;
  return `node ${node}${electron ? `, electron ${electron}` : ''}`;
}

/** The title a new window starts with: the one asked for, else the URL, cut to a few KB. */
export function windowTitle(p: { title?: string; url?: string }): string {
  if (p.title !== undefined) return p.title;
  const title = `WebView2 Host: ${p.url ?? 'page'}`;
  return title.length > 200 ? `${title.slice(0, 199)}\u2026` : title;
}
