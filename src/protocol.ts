// The one typed contract between the extension (or the CLI) and the helper process.
// Both sides import these definitions; the wire is JSON-RPC 2.0 over the fork IPC channel.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc/node';
import type { GetNetworkLogParams, NetworkLog, NetworkRequestEvent, SetNetworkCaptureParams } from './network/protocol';
export * from './network/protocol'; // the network log's types
import type { PageInputParams, RunScriptParams, RunScriptResult } from './page/protocol';
export * from './page/protocol'; // page script and input
export * from './deviceProtocol'; // a device a window emulates
import type { DeviceResult, SetDeviceParams } from './deviceProtocol';
export * from './protocolReports'; // what the helper reports of its waits, stalls and health
import type { DiagnosticsReport, HazardReport, PingResult, RecoveredReport, StallReport, WaitRecord } from './protocolReports';

export type WaitStrategy = 'cowait' | 'pump' | 'glib';
export type Diagnosis = 'no-answer' | 'lost-wakeup' | 'not-picked-up' | 'posted-not-dispatched';
/** SameSite values, in the engines' numbering (libsoup's SoupSameSitePolicy, WebView2's
 *  COREWEBVIEW2_COOKIE_SAME_SITE_KIND): the index is the code. */
export const SAME_SITE_VALUES = ['none', 'lax', 'strict'] as const;
export type SameSite = (typeof SAME_SITE_VALUES)[number];

export interface Cookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds, or null for a session cookie. */
  expires: number | null;
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
  session: boolean;
}

export interface HelperSettings {
  /** Windows only: how the UI thread waits for an engine completion. */
  strategy: 'cowait' | 'pump';
  stallThresholdMs: number;
  waitDeadlineMs: number;
  /** Whether a window may open DevTools (the inspector); true when absent. */
  devTools?: boolean;
  /** Hosts whose untrusted TLS certificates (self-signed dev servers) windows accept; no others. */
  trustedCertificateHosts?: string[];
  /** Whether windows show their toolbar (back, forward, reload, address, zoom); true when absent. */
  showChrome?: boolean;
  /** Whether engines record each window's requests (getNetworkLog); true when absent. */
  networkLog?: boolean;
  /** Where a page's popups (window.open, links with target=_blank) go: a window of the helper in the
   *  opener's environment ('window', when absent), or the system browser ('externalBrowser': the
   *  helper opens nothing and sends openExternal for http(s) addresses, which the client opens). */
  popups?: PopupMode;
  /**
   * How long a window whose page on a loopback address is refused (a dev server still starting)
   * waits for the server, showing so, before it shows the error page; 0 or absent: it does not wait.
   */
  waitForServerMs?: number;
}

export const POPUP_MODES = ['window', 'externalBrowser'] as const;
export type PopupMode = (typeof POPUP_MODES)[number];

export interface InitializeParams {
  settings: HelperSettings;
  /** Windows only: a WebView2Loader.dll to use instead of the built-in lookup. */
  loaderPath?: string;
  /** Windows only: a fixed-version runtime folder. */
  browserFolder?: string;
  /** The id of the first window this helper opens (default 1): a restarted helper continues after
   *  the ids its predecessor used, so that windows kept for reopening keep theirs. */
  firstWindowId?: number;
}

export interface PlatformInfo {
  platform: string;
  arch: string;
  engine: 'WebKitGTK' | 'WebView2';
  engineVersion: string;
  /** How the UI thread is set up: a COM apartment on Windows, the GLib default context on Linux. */
  apartment: string;
  helperPid: number;
  runtime: string;
  /** Windows only: process and native machine, and whether the process is emulated. */
  machine?: { process: string; native: string; emulated: boolean };
  /** Windows only: which loader answered (built-in lookup, a WebView2Loader.dll, ...). */
  loader?: string;
}

export interface CreateEnvironmentParams {
  userDataFolder: string;
  /** The environment's proxy, e.g. http://127.0.0.1:8888 (fixed for the environment's life). */
  proxy?: string;
}
export interface EnvironmentInfo {
  environmentId: number;
  userDataFolder: string;
}

export interface CreateWindowParams {
  environmentId: number;
  url?: string;
  title?: string;
  width?: number;
  height?: number;
  /** Screen position of the window's top-left corner (restoring a remembered position). */
  x?: number;
  y?: number;
  /** Reopen under this id (restoring a window after a restart); refused while the id is in use. */
  windowId?: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowInfo {
  windowId: number;
  environmentId: number;
  url: string;
  title: string;
  loading: boolean;
  /** The native window handle: an X11 window id or an HWND, in hex. */
  nativeHandle: string;
  /** Page zoom factor, 1 for 100 %. */
  zoom: number;
  /** The native window's place on screen (x, y) and its page's viewport, as createWindow and setBounds
   *  ask for it (width, height; the window is larger by its toolbar, and on Windows by its frame).
   *  In device-independent pixels, CSS pixels at zoom 100 %: at a display scale of 150 % a 640×480
   *  viewport is 960×720 physical pixels (GTK's logical pixels; on Windows the window's DPI / 96). */
  bounds: Bounds;
  /** The last navigation error or process failure, null while the window is fine. */
  failed: string | null;
  /** A popup's opener: the window whose page opened this one (window.open, a link with target=_blank). */
  openerId?: number;
  /** The device preset the window emulates (its label, "Phone"); absent for a plain desktop window. */
  device?: string;
}

export interface WindowParams {
  windowId: number;
}
export interface NavigateParams extends WindowParams {
  url: string;
}
export interface SetZoomParams extends WindowParams {
  /** 0.25 to 5; 1 is 100 %. */
  factor: number;
}
export interface SetBoundsParams extends WindowParams {
  width: number;
  height: number;
  x?: number;
  y?: number;
}
export interface GetCookiesParams extends WindowParams {
  /** Cookies that would be sent to this URL; the window's current URL when omitted. */
  url?: string;
}
export interface ScreenshotParams extends WindowParams {
  /** Where to write the PNG. */
  path: string;
  /** The whole document, not only what the viewport shows. */
  fullPage?: boolean;
}
export interface ScreenshotResult {
  path: string;
  width: number;
  height: number;
}
export interface SavePdfParams extends WindowParams {
  /** Where to write the PDF. */
  path: string;
}
export interface PdfResult {
  path: string;
  /** The size of the file written. */
  bytes: number;
}

/** A cookie to add or replace; the same cookie is the one with this name, domain and path. */
export interface CookieInput {
  name: string;
  value: string;
  /** A leading dot makes a domain cookie (subdomains too); without it the cookie is host-only. */
  domain: string;
  /** Default "/". */
  path?: string;
  /** Unix seconds; null or absent for a session cookie. */
  expires?: number | null;
  httpOnly?: boolean;
  secure?: boolean;
  /** Default 'lax'. */
  sameSite?: SameSite;
}
export interface SetCookieParams extends WindowParams {
  cookie: CookieInput;
}
export interface DeleteCookieParams extends WindowParams {
  name: string;
  domain: string;
  path: string;
}

export interface NavigationCompletedEvent {
  windowId: number;
  url: string;
  isSuccess: boolean;
  httpStatus: number | null;
  error: string | null;
}
export interface TitleChangedEvent {
  windowId: number;
  title: string;
}
export interface WindowClosedEvent {
  windowId: number;
  /** 'page': the page closed its window (window.close(), which the engine allows a popup). */
  reason: 'user' | 'request' | 'shutdown' | 'page';
}
/** A page opened a window (window.open, a link with target=_blank): a window of the helper, in its
 *  opener's environment, under an id of its own. */
export interface WindowOpenedEvent {
  windowId: number;
  openerId: number;
  /** The address the page asked for (empty or about:blank when it writes the window itself). */
  url: string;
  /** The new window's row, as listWindows has it from now on. */
  window: WindowInfo;
}
/** A page asked for a popup and the popups setting sends them to the system browser: the client
 *  opens `url` there. Only http(s) addresses are ever sent. */
export interface OpenExternalEvent {
  /** The window whose page asked. */
  windowId: number;
  url: string;
}
/** The window's screenshot button or key was used: the client saves the picture (where its user keeps them). */
export interface ScreenshotRequestedEvent {
  windowId: number;
}
export interface ProcessFailedEvent {
  windowId: number;
  /** 'browser process exited', 'page crashed', ... */
  kind: string;
  /** True when a reload (which recreates what died) brings the window back. */
  recoverable: boolean;
}
export type ConsoleLevel = 'debug' | 'log' | 'info' | 'warn' | 'error';
export interface ConsoleMessageEvent {
  windowId: number;
  level: ConsoleLevel;
  message: string;
  /** The script or page the message came from, when the engine says. */
  source: string | null;
  line: number | null;
  kind: 'console' | 'exception' | 'rejection';
  /** An uncaught error's stack, innermost first, one frame each ("fn (source:line:col)"), when the engine has it. */
  stack?: string[];
}
export interface ResourceLoadedEvent {
  windowId: number;
  /** A subresource or frame the page loaded (the main document arrives as navigationCompleted). */
  url: string;
}
/** A log message that starts so is the helper's last word: the reason it is about to exit. */
export const EXIT_NOTICE = 'the helper exits: ';

export interface LogEvent {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export const Requests = {
  initialize: new RequestType<InitializeParams, PlatformInfo, void>('initialize'),
  configure: new RequestType<HelperSettings, void, void>('configure'),
  createEnvironment: new RequestType<CreateEnvironmentParams, EnvironmentInfo, void>('createEnvironment'),
  createWindow: new RequestType<CreateWindowParams, WindowInfo, void>('createWindow'),
  navigate: new RequestType<NavigateParams, void, void>('navigate'),
  reload: new RequestType<WindowParams, void, void>('reload'),
  goBack: new RequestType<WindowParams, void, void>('goBack'),
  goForward: new RequestType<WindowParams, void, void>('goForward'),
  stop: new RequestType<WindowParams, void, void>('stop'),
  openDevTools: new RequestType<WindowParams, void, void>('openDevTools'),
  setZoom: new RequestType<SetZoomParams, void, void>('setZoom'),
  setBounds: new RequestType<SetBoundsParams, void, void>('setBounds'),
  /** Emulates a device: its viewport (the window is sized to it), and its user agent, pixel ratio
   *  and touch where the engine can; null removes every override. Reload to apply the user agent
   *  to the page itself. */
  setDevice: new RequestType<SetDeviceParams, DeviceResult, void>('setDevice'),
  focus: new RequestType<WindowParams, void, void>('focus'),
  close: new RequestType<WindowParams, void, void>('close'),
  closeAll: new RequestType0<number, void>('closeAll'),
  getCookies: new RequestType<GetCookiesParams, Cookie[], void>('getCookies'),
  listWindows: new RequestType0<WindowInfo[], void>('listWindows'),
  screenshot: new RequestType<ScreenshotParams, ScreenshotResult, void>('screenshot'),
  /** The page as a PDF (its text selectable): WebKit's print operation, WebView2's PrintToPdf. */
  savePdf: new RequestType<SavePdfParams, PdfResult, void>('savePdf'),
  /** An expression evaluated in the window's main frame (an isolated world or the page's own). */
  runScript: new RequestType<RunScriptParams, RunScriptResult, void>('runScript'),
  /** A click, a key or text delivered to the page as input. */
  pageInput: new RequestType<PageInputParams, void, void>('pageInput'),
  setCookie: new RequestType<SetCookieParams, void, void>('setCookie'),
  deleteCookie: new RequestType<DeleteCookieParams, void, void>('deleteCookie'),
  /** Clears every cookie of the window's environment; returns how many there were. */
  clearCookies: new RequestType<WindowParams, number, void>('clearCookies'),
  diagnostics: new RequestType0<DiagnosticsReport, void>('diagnostics'),
  getNetworkLog: new RequestType<GetNetworkLogParams, NetworkLog, void>('getNetworkLog'),
  clearNetworkLog: new RequestType<WindowParams, number, void>('clearNetworkLog'),
  setNetworkCapture: new RequestType<SetNetworkCaptureParams, void, void>('setNetworkCapture'),
  /** Answered by the helper's main thread: proof of life, and how the UI thread is doing. */
  ping: new RequestType0<PingResult, void>('ping'),
  shutdown: new RequestType0<void, void>('shutdown'),
} as const;

export const Notifications = {
  navigationCompleted: new NotificationType<NavigationCompletedEvent>('navigationCompleted'),
  titleChanged: new NotificationType<TitleChangedEvent>('titleChanged'),
  windowClosed: new NotificationType<WindowClosedEvent>('windowClosed'),
  /** A page opened a popup: a new window, announced before any event of its own. */
  windowOpened: new NotificationType<WindowOpenedEvent>('windowOpened'),
  /** A page's popup for the system browser (the popups setting): the client opens it. */
  openExternal: new NotificationType<OpenExternalEvent>('openExternal'),
  /** The window's own screenshot button or key (Ctrl+Shift+S): the client saves it. */
  screenshotRequested: new NotificationType<ScreenshotRequestedEvent>('screenshotRequested'),
  processFailed: new NotificationType<ProcessFailedEvent>('processFailed'),
  consoleMessage: new NotificationType<ConsoleMessageEvent>('consoleMessage'),
  resourceLoaded: new NotificationType<ResourceLoadedEvent>('resourceLoaded'),
  networkRequest: new NotificationType<NetworkRequestEvent>('networkRequest'),
  waitCompleted: new NotificationType<WaitRecord>('waitCompleted'),
  stall: new NotificationType<StallReport>('stall'),
  recovered: new NotificationType<RecoveredReport>('recovered'),
  hazard: new NotificationType<HazardReport>('hazard'),
  log: new NotificationType<LogEvent>('log'),
  /** A window as the helper's table now has it (opened, navigating, loaded, titled, failed). */
  windowChanged: new NotificationType<WindowInfo>('windowChanged'),
  /** The engine's description changed (its version is known once an environment answered). */
  platformChanged: new NotificationType<PlatformInfo>('platformChanged'),
} as const;

/** Every JSON-RPC error code the helper answers with, each named once: JSON-RPC's own, then the helper's. */
export const ErrorCodes = {
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  waitTimeout: -32001,
  reentrancy: -32002,
  engine: -32003,
  invalidInput: -32004,
  unknownWindow: -32005,
  notPickedUp: -32006,
  noDisplay: -32007,
  notInitialized: -32008,
  unsupported: -32009,
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Data of a wait that failed: timed out, was never picked up, or was refused inside a callback. */
export interface WaitErrorData {
  type: 'WaitTimeout' | 'NotPickedUp' | 'Reentrancy';
  site: string;
  strategy: WaitStrategy | 'none';
  diagnosis: Diagnosis | 'reentrancy';
  elapsedMs: number;
}
export interface EngineErrorData {
  type: 'EngineError';
  /** The HRESULT as 0x%08X on Windows, a GLib error domain and code on Linux. */
  code: string;
  site: string;
}
/** Data of a request refused at the boundary: the parameter at fault, as a path ("cookie.name"). */
export interface InvalidInputData {
  type: 'InvalidInput';
  field: string;
}
/** The `data` of a helper error, told apart by `type`; most codes carry none. */
export type HelperErrorData = WaitErrorData | EngineErrorData | InvalidInputData;

/** Which codes carry which data: a client reads `data` by the code, never by the message. */
export const WAIT_ERROR_CODES: readonly ErrorCode[] = [ErrorCodes.waitTimeout, ErrorCodes.notPickedUp, ErrorCodes.reentrancy];

// The request and notification tables as types: each side's dispatch table is keyed by these
// names, so a handler for a name the protocol does not define, or a missing one, does not compile.
type Signature<T> = T extends RequestType<infer P, infer R, void>
  ? { params: P; result: R }
  : T extends RequestType0<infer R, void> ? { params: void; result: R } : never;
export type RequestMap = { [M in keyof typeof Requests]: Signature<(typeof Requests)[M]> };
export type RequestName = keyof RequestMap;
/** The requests the helper's main thread answers itself; every other one is its engine's, forwarded as it is. */
export const MAIN_THREAD_REQUESTS = ['initialize', 'listWindows', 'diagnostics', 'getNetworkLog', 'clearNetworkLog', 'ping', 'shutdown'] as const;
export type MainThreadRequestName = (typeof MAIN_THREAD_REQUESTS)[number];
export type EngineRequestName = Exclude<RequestName, MainThreadRequestName>;
/** The engine's requests by name, in the protocol's order (the ledger numbers wait sites by it). */
export const ENGINE_REQUESTS = Object.keys(Requests).filter((m) => !(MAIN_THREAD_REQUESTS as readonly string[]).includes(m)) as EngineRequestName[];
export type NotificationMap = { [N in keyof typeof Notifications]: (typeof Notifications)[N] extends NotificationType<infer P> ? P : never };
