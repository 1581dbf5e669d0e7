// Page features of the Linux backend, for every view: the console (a hook in the page's world, a
// relay in an isolated world, a URI scheme; pageConsole.ts), the content filter that keeps a page's
// own requests for that scheme and overlong URLs in the web process (pageFilter.ts), resource-load
// reports (each resource also followed for the network log, networkLog.ts), DevTools (the Web
// Inspector), history, zoom and window geometry.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as koffi from 'koffi';
import * as path from 'node:path';
import type { Bounds, ConsoleMessageEvent, FinishedRequest, ResourceLoadedEvent } from '../protocol';
import { InvalidInputError } from '../helper/errors';
import { ConsoleLimiter } from '../helper/consoleLimiter';
import { epochNow } from '../helper/ledger';
import type { CallbackScope } from '../helper/waits';
import {
  CONSOLE_HOOK_SCRIPT, CONSOLE_SCHEME, consoleRelayScript, MAX_RELAY_URI_BYTES, parseConsoleRequest, relayAddress, RELAY_WORLD,
} from './pageConsole';
import { compilePageFilter, pageFilterRules } from './pageFilter';
import { WebKitNetworkLog } from './networkLog';
import { commandLoopScript, MAX_HELLO_URI_BYTES, WebKitPageScripts } from './pageScript';
import type { PageChannelAddress } from '../helper/pageChannels';
import { readUrl } from './networkRead';
import { Callbacks, type Ffi, type Ptr, takeError, USER_CONTENT_INJECT_ALL_FRAMES, USER_CONTENT_INJECT_TOP_FRAME, USER_SCRIPT_INJECT_AT_DOCUMENT_START, loadFfi, register } from './ffi';

/** The product's name for the window system: WM_CLASS and the icon name, instead of "node". */
export const PROGRAM_NAME = 'webview2-host';
export const PROGRAM_CLASS = 'WebView2 Host';

export interface PageEventSink {
  consoleMessage(e: ConsoleMessageEvent): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  resourceLoaded(e: ResourceLoadedEvent): void;
  requestFinished(e: FinishedRequest): void;
  boundsChanged(windowId: number, bounds: Bounds): void;
  scriptChannel(token: string, windowId: number): void;
}

/** GdkEventConfigure: type (int), window (pointer), send_event (int8), then x, y, width, height (int). */
const CONFIGURE_X_OFFSET = 20;

/** Names the program: before GTK starts (WM_CLASS's name part) and after (its class part, which gtk_init sets). */
export function nameProgram(when: 'before-init' | 'after-init', page: Ffi = loadFfi()): void {
  if (when === 'before-init') {
    page.g_set_prgname(PROGRAM_NAME);
    return;
  }
  page.gdk_set_program_class(PROGRAM_CLASS);
  page.gtk_window_set_default_icon_name(PROGRAM_NAME);
  // The product's own icon, beside the bundle (dist/ -> media/); no theme has one of that name.
  const icon = path.join(__dirname, '..', 'media', 'icon.png');
  if (fs.existsSync(icon)) page.gtk_window_set_default_icon_from_file(icon, null);
}

export class WebKitPageFeatures {
  readonly ffi: Ffi = loadFfi();
  private readonly limiter = new ConsoleLimiter(epochNow);
  private readonly windowOfView = new Map<bigint, number>();
  private readonly onScheme: bigint;
  private certificate: Ptr | undefined;
  /** Scripts the pages run for runScript, answered through the relay's address. */
  readonly scripts: WebKitPageScripts;
  private readonly onResource: bigint;
  private readonly onConfigure: bigint;
  private readonly lastBounds = new Map<number, string>();
  /** Known only to the console relay (in its isolated world) and to the content filter. */
  private readonly secret = randomBytes(16).toString('hex');
  private readonly relayScript = consoleRelayScript(this.secret);
  private readonly commandLoop = commandLoopScript(this.secret);
  /** Blocks, in the web process, a page's own requests for the console scheme and overlong URLs (pageFilter.ts); null if it could not be made. */
  private readonly filter: bigint | null;
  readonly network: WebKitNetworkLog;
  /** Whether a document starting to load is one of our error pages (errorPage.ts): no request of the page's. */
  ownDocument: (windowId: number, url: string) => boolean = () => false;

  constructor(
    private readonly gtk: Ffi, scope: CallbackScope, private readonly sink: PageEventSink, private devTools: boolean,
    /** How much taller than its page a window is (its toolbar; chrome.ts). */
    private readonly chromeHeight: (windowId: number) => number,
    /** Where pages' script channels connect (the helper's main thread), if anywhere. */
    private readonly channel?: PageChannelAddress,
  ) {
    this.scripts = new WebKitPageScripts(this.ffi, this.secret, channel, (token, windowId) => sink.scriptChannel(token, windowId));
    this.onScheme = register((request: Ptr) => scope.run('console URI scheme', undefined, () => this.serveConsole(request as bigint)), Callbacks.uriScheme);
    this.onConfigure = register((_widget: Ptr, event: Ptr, data: bigint) =>
      scope.run('configure-event', 0, () => this.configured(Number(data), event as bigint)), Callbacks.configureEvent);
    this.onResource = register((view: Ptr, resource: Ptr, request: Ptr) =>
      scope.run('resource-load-started', undefined, () => this.resourceStarted(view as bigint, resource as bigint, request)), Callbacks.resourceLoadStarted);
    this.network = new WebKitNetworkLog(gtk, scope, (e) => sink.requestFinished(e));
    // Compiled here, on the UI thread before the helper says it is ready: no window loads without it.
    const filter = compilePageFilter(this.ffi, gtk, 'webview2-host-page', pageFilterRules(this.secret));
    this.filter = typeof filter === 'string' ? null : filter;
    // Without it the console still works, and the helper still refuses what the relay did not send,
    // but a page could make WebKit copy requests into the helper faster than they are refused.
    if (typeof filter === 'string') sink.log('error', `page filter: ${filter}; a page can flood the helper through the console scheme`);
  }

  /** Every web context serves the console scheme, and trusts the script channel's certificate for 127.0.0.1 (once, when it is made). */
  attachContext(context: bigint): void {
    const f = this.ffi;
    f.webkit_web_context_register_uri_scheme(context, CONSOLE_SCHEME, this.onScheme, null, null);
    const certificate = this.channelCertificate();
    if (certificate) f.webkit_web_context_allow_tls_certificate_for_host(context, certificate, '127.0.0.1');
    // Reachable from https pages (not mixed content) and from any origin.
    const security = f.webkit_web_context_get_security_manager(context);
    f.webkit_security_manager_register_uri_scheme_as_secure(security, CONSOLE_SCHEME);
    f.webkit_security_manager_register_uri_scheme_as_cors_enabled(security, CONSOLE_SCHEME);
  }

  attachView(windowId: number, view: bigint): void {
    const f = this.ffi;
    this.windowOfView.set(view, windowId);
    const settings = f.webkit_web_view_get_settings(view);
    f.webkit_settings_set_enable_developer_extras(settings, this.devTools ? 1 : 0);
    // Off, as in every browser: a file: page is an origin of its own and reads no other file
    // (local previews are served over loopback HTTP instead). Set explicitly so that it stays so.
    f.webkit_settings_set_allow_file_access_from_file_urls(settings, 0);
    // Back and Forward load the page again rather than bring it back from WebKit's page cache: a page
    // left while a request of ours through the URI scheme was in flight (a console message logged
    // as it loaded, the command loop's hello) came back "cancelled" (every time, under load).
    f.webkit_settings_set_enable_page_cache(settings, 0);
    const manager = f.webkit_web_view_get_user_content_manager(view);
    const hook = f.webkit_user_script_new(CONSOLE_HOOK_SCRIPT, USER_CONTENT_INJECT_ALL_FRAMES, USER_SCRIPT_INJECT_AT_DOCUMENT_START, null, null);
    const relay = f.webkit_user_script_new_for_world(this.relayScript, USER_CONTENT_INJECT_ALL_FRAMES, USER_SCRIPT_INJECT_AT_DOCUMENT_START, RELAY_WORLD, null, null);
    const commands = f.webkit_user_script_new_for_world(this.commandLoop, USER_CONTENT_INJECT_TOP_FRAME, USER_SCRIPT_INJECT_AT_DOCUMENT_START, RELAY_WORLD, null, null);
    for (const script of [relay, commands, hook]) {
      f.webkit_user_content_manager_add_script(manager, script);
      f.webkit_user_script_unref(script);
    }
    if (this.filter) f.webkit_user_content_manager_add_filter(manager, this.filter);
    this.gtk.g_signal_connect_data(view, 'resource-load-started', this.onResource, BigInt(windowId), null, 0);
  }

  /** The script channel's certificate, made once (a GTlsCertificate the helper keeps); null without a channel. */
  private channelCertificate(): Ptr {
    if (!this.channel) return null;
    if (this.certificate === undefined) {
      const error: [Ptr] = [null];
      this.certificate = this.ffi.g_tls_certificate_new_from_pem(this.channel.certificate, -1, error) as Ptr;
      const failure = takeError(this.ffi, error[0]);
      if (!this.certificate) this.sink.log('error', `the page script channel's certificate was refused: ${failure?.message ?? 'unknown error'}; page script will not work`);
    }
    return this.certificate;
  }

  /** The window closed: its view's messages are no longer anyone's. */
  /** Follows the window's position and size (a user's drag, the window manager, setBounds). */
  attachWindow(windowId: number, window: bigint): void {
    this.gtk.g_signal_connect_data(window, 'configure-event', this.onConfigure, BigInt(windowId), null, 0);
  }

  detachView(windowId: number): void {
    this.lastBounds.delete(windowId);
    for (const [view, id] of this.windowOfView) if (id === windowId) this.windowOfView.delete(view);
    this.limiter.forget(windowId);
    this.network.forget(windowId);
  }

  /** The devTools setting changed: views get developer extras, or lose them and their inspector. */
  setDevTools(enabled: boolean, views: bigint[]): void {
    this.devTools = enabled;
    for (const view of views) {
      this.ffi.webkit_settings_set_enable_developer_extras(this.ffi.webkit_web_view_get_settings(view), enabled ? 1 : 0);
      if (!enabled) this.ffi.webkit_web_inspector_close(this.ffi.webkit_web_view_get_inspector(view));
    }
  }

  openDevTools(view: bigint): void {
    if (!this.devTools) throw new InvalidInputError('DevTools are turned off (setting webview2Host.devTools)');
    const inspector = this.ffi.webkit_web_view_get_inspector(view);
    this.ffi.webkit_web_inspector_show(inspector);
    // A window of its own, beside the page, rather than docked into the page's window.
    if (this.ffi.webkit_web_inspector_is_attached(inspector)) this.ffi.webkit_web_inspector_detach(inspector);
  }

  goBack(view: bigint): void { this.ffi.webkit_web_view_go_back(view); }
  goForward(view: bigint): void { this.ffi.webkit_web_view_go_forward(view); }
  stop(view: bigint): void { this.ffi.webkit_web_view_stop_loading(view); }
  setZoom(view: bigint, factor: number): void { this.ffi.webkit_web_view_set_zoom_level(view, factor); }
  zoom(view: bigint): number { return Math.round(Number(this.ffi.webkit_web_view_get_zoom_level(view)) * 1000) / 1000; }

  /** The window's position and its page's viewport: the window less its toolbar (protocol.ts, WindowInfo.bounds). */
  bounds(windowId: number, window: bigint): Bounds {
    const x = [0], y = [0], width = [0], height = [0];
    this.ffi.gtk_window_get_position(window, x, y);
    this.ffi.gtk_window_get_size(window, width, height);
    return { x: x[0], y: y[0], width: width[0], height: height[0] - this.chromeHeight(windowId) };
  }

  /** Gives the page that viewport: the window grows by its toolbar. */
  setBounds(windowId: number, window: bigint, b: { width: number; height: number; x?: number; y?: number }): void {
    this.ffi.gtk_window_resize(window, b.width, b.height + this.chromeHeight(windowId));
    if (b.x !== undefined && b.y !== undefined) this.ffi.gtk_window_move(window, b.x, b.y);
  }

  // --- engine callbacks ---

  /**
   * One request of the relay. Every request is answered at once (an empty body), so that none
   * waits in WebKit; its URI is copied into JS only when it is the relay's (the secret address),
   * short enough and within the window's rate. The dropped count is the helper's: what it refused
   * here plus what the relay counted in the page (which no page script can reach).
   */
  private serveConsole(request: bigint): void {
    const f = this.ffi;
    const uri = f.webkit_uri_scheme_request_get_uri(request) as Ptr;
    const view = f.webkit_uri_scheme_request_get_web_view(request) as Ptr;
    const windowId = view ? this.windowOfView.get(view) : undefined;
    const length = uri ? Number(f.strnlen(uri, MAX_RELAY_URI_BYTES + 1)) : 0;
    const address = relayAddress(this.secret);
    const relays = windowId !== undefined && length >= address.length && koffi.decode(uri, 'char', address.length) === address;
    // Page script (pageScript.ts): a command loop's hello is answered with its channel's address.
    if (relays && length <= MAX_HELLO_URI_BYTES && this.scripts.isHello(koffi.decode(uri, 'char', length) as string)) {
      this.scripts.hello(windowId, request);
      return;
    }
    const stream = f.g_memory_input_stream_new();
    f.webkit_uri_scheme_request_finish(request, stream, 0, 'text/plain');
    this.gtk.g_object_unref(stream);
    if (!relays) return; // not the relay's
    if (length > MAX_RELAY_URI_BYTES || !this.limiter.hasRoom(windowId)) {
      this.limiter.refuse(windowId);
      return;
    }
    const parsed = parseConsoleRequest(koffi.decode(uri, 'char', length) as string, this.secret);
    if (!parsed) return;
    for (const message of this.limiter.admit({ windowId, ...parsed.message, totalChars: parsed.totalChars }, parsed.droppedByRelay)) this.sink.consoleMessage(message);
  }

  /** The resource's URL, cut to 8 KB ("…" at the end) without copying more of it. */
  private resourceUrl(resource: bigint): string | null {
    return readUrl(this.ffi, this.ffi.webkit_web_resource_get_uri(resource) as Ptr) || null;
  }

  private configured(windowId: number, event: bigint): number {
    const [x, y, width, windowHeight] = [0, 4, 8, 12].map((o) => koffi.decode(event, CONFIGURE_X_OFFSET + o, 'int') as number);
    const height = windowHeight - this.chromeHeight(windowId); // the page's viewport, as bounds() says
    const key = `${x},${y},${width},${height}`;
    if (this.lastBounds.get(windowId) !== key) {
      this.lastBounds.set(windowId, key);
      this.sink.boundsChanged(windowId, { x, y, width, height });
    }
    return 0; // let GTK handle it too
  }

  private resourceStarted(view: bigint, resource: bigint, request: Ptr): void {
    const windowId = this.windowOfView.get(view);
    if (windowId === undefined) return;
    const url = this.resourceUrl(resource);
    // The console relay's requests carry its secret: never in any log.
    if (!url || url.startsWith(`${CONSOLE_SCHEME}:`) || url.startsWith('data:')) return;
    const main = this.gtk.webkit_web_view_get_main_resource(view) as Ptr;
    const isDocument = main === resource;
    if (isDocument && this.ownDocument(windowId, url)) return;
    this.network.started(windowId, resource, request, url, isDocument);
    if (isDocument || url === this.gtk.webkit_web_view_get_uri(view)) return; // the page itself: navigationCompleted
    this.sink.resourceLoaded({ windowId, url });
  }
}
