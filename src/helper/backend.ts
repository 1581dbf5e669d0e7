// The shape every engine backend has (one per platform, same interface), and what a backend may
// send back. Backends run on the UI thread; every method is synchronous and may wait, through
// waits.ts, for engine completions.
import type {
  Bounds, ConsoleMessageEvent, ResourceLoadedEvent, SetBoundsParams,
  Cookie, CreateEnvironmentParams, CreateWindowParams, EnvironmentInfo,
  NavigationCompletedEvent, PdfResult, PlatformInfo, ProcessFailedEvent, ScreenshotResult, TitleChangedEvent,
  WindowClosedEvent, WindowInfo, HelperSettings, HazardReport, WaitRecord,
} from '../protocol';
import type { Completion, WaitSpec } from './waits';
import type { CheckedCookie } from '../cookies/cookieInput';
import type { WakeTarget } from './wake';

/** What a backend's window table knows of a window; zoom, bounds and failure come from the helper's table. */
export type WindowBasics = Omit<WindowInfo, 'zoom' | 'bounds' | 'failed'>;

/** A wait as asked of a backend: it supplies the strategy, and the deadline when none is given. */
export type BackendWaitSpec = Omit<WaitSpec, 'strategy' | 'deadlineMs'> & { deadlineMs?: number };

/** A window to open, under the id the main thread's window table gave it. */
export type NewWindowParams = CreateWindowParams & { windowId: number };

export interface BackendEvents {
  navigationCompleted(e: NavigationCompletedEvent): void;
  titleChanged(e: TitleChangedEvent): void;
  windowClosed(e: WindowClosedEvent): void;
  processFailed(e: ProcessFailedEvent): void;
  consoleMessage(e: ConsoleMessageEvent): void;
  resourceLoaded(e: ResourceLoadedEvent): void;
  waitCompleted(e: WaitRecord): void;
  hazard(e: HazardReport): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The native window was moved or sized (by the user, the window manager or setBounds). */
  boundsChanged(windowId: number, bounds: Bounds): void;
  /** The engine's description changed (its version is known once an environment answered). */
  platformChanged(info: PlatformInfo): void;
}

export interface Backend {
  readonly info: PlatformInfo;
  /** Blocks until the loop has something to do, and does it (one native message or iteration). */
  runOnce(): void;
  /** How another thread wakes runOnce (each backend's wake.ts holds both halves). */
  readonly wake: WakeTarget;
  configure(settings: HelperSettings): void;
  createEnvironment(p: CreateEnvironmentParams): EnvironmentInfo;
  createWindow(p: NewWindowParams): WindowInfo;
  navigate(windowId: number, url: string): void;
  reload(windowId: number): void;
  goBack(windowId: number): void;
  goForward(windowId: number): void;
  stop(windowId: number): void;
  openDevTools(windowId: number): void;
  setZoom(windowId: number, factor: number): void;
  /** Returns the bounds asked for (the window system may apply them a moment later). */
  setBounds(p: SetBoundsParams): Bounds;
  focus(windowId: number): void;
  close(windowId: number, reason: WindowClosedEvent['reason']): void;
  getCookies(windowId: number, url?: string): Cookie[];
  /** Adds a cookie, or replaces the one with its name, domain and path, in the window's environment. */
  setCookie(windowId: number, cookie: CheckedCookie): void;
  /** Deletes one cookie of the window's environment; an error names it when it is not there. */
  deleteCookie(windowId: number, name: string, domain: string, path: string): void;
  /** Deletes every cookie of the window's environment; returns how many there were. */
  clearCookies(windowId: number): number;
  screenshot(windowId: number, path: string): ScreenshotResult;
  savePdf(windowId: number, path: string): PdfResult;
  listWindows(): WindowInfo[];
  /** A wait with this backend's strategy around `start`. */
  wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T;
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
