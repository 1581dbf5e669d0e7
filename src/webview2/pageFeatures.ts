// Page features of the Windows backend, per WebView2: the console and resource loads through the
// DevTools protocol (Runtime.enable + Network.enable, and receivers for consoleAPICalled,
// exceptionThrown and requestWillBeSent), DevTools (OpenDevToolsWindow, AreDevToolsEnabled),
// history, Stop, zoom, a reload without the cache (Page.reload), the window's title, and screenshots (CapturePreview into a stream from
// CreateStreamOnHGlobal).
import * as fs from 'node:fs';
import * as koffi from 'koffi';
import type { ConsoleMessageEvent, ResourceLoadedEvent, ScreenshotResult } from '../protocol';
import type { BackendWaitSpec } from '../helper/backend';
import { ConsoleLimiter } from '../helper/consoleLimiter';
import { EngineError, InvalidInputError } from '../helper/errors';
import { epochNow } from '../helper/ledger';
import type { Completion } from '../helper/waits';
import { Com, ComError, hex, Sig } from './ffi/com';
import { CAPTURE_FORMAT_PNG, IID, Slot } from './ffi/webview2';
import { consoleFromDevTools, DEVTOOLS_EVENTS, exceptionFromDevTools, resourceFromDevTools } from './pageConsole';
import type { HandlerFactory } from './handlers';
import { explainHresult } from './hresult';
import { callDevTools } from './devToolsCalls';
import { loadWin32, type Ptr } from './ffi/win32';

export interface PageEventSink {
  consoleMessage(e: ConsoleMessageEvent): void;
  resourceLoaded(e: ResourceLoadedEvent): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

type Wait = <T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void) => T;

/** What a window keeps of its subscriptions, to let go of them when it closes. */
export interface PageSubscriptions {
  receivers: { receiver: bigint; token: bigint }[];
}

/** Whether the webview can go back, and forward (the toolbar's history buttons). */
export function canTraverse(com: Com, webview: bigint): [boolean, boolean] {
  return [com.getBool(webview, Slot.webview.canGoBack, 'get_CanGoBack'), com.getBool(webview, Slot.webview.canGoForward, 'get_CanGoForward')];
}

export class WebView2PageFeatures {
  private readonly win = loadWin32();
  private readonly limiter = new ConsoleLimiter(epochNow);

  constructor(
    private readonly com: Com,
    private readonly handlers: HandlerFactory,
    private readonly sink: PageEventSink,
    private readonly wait: Wait,
    private devTools: boolean,
  ) {}

  /** Subscribes a new webview to the console and resource events, and applies the DevTools setting. */
  attach(windowId: number, webview: bigint): PageSubscriptions {
    const subs: PageSubscriptions = { receivers: [] };
    const source = () => this.com.getString(webview, Slot.webview.source, 'get_Source');
    const listen = (event: string, onJson: (json: string) => void) => {
      const out: [Ptr] = [null];
      this.com.call(webview, Slot.webview.devToolsEventReceiver, Sig.inStringOutPtr, `GetDevToolsProtocolEventReceiver(${event})`, event, out);
      const receiver = out[0] as bigint;
      const handler = this.handlers.event(IID.devToolsEventReceived, `DevToolsProtocolEventReceived(${event})`, (_sender, args) => {
        if (args) onJson(this.com.getString(args, Slot.devToolsEventArgs.parameterObjectAsJson, 'get_ParameterObjectAsJson'));
      });
      const token = [0n];
      try {
        this.com.call(receiver, Slot.devToolsReceiver.addEventReceived, Sig.addHandler, 'add_DevToolsProtocolEventReceived', handler, token);
      } finally {
        this.com.release(handler);
      }
      subs.receivers.push({ receiver, token: BigInt(token[0]) });
    };
    listen(DEVTOOLS_EVENTS.console, (json) => {
      const m = consoleFromDevTools(json);
      if (m) this.console(windowId, m);
    });
    listen(DEVTOOLS_EVENTS.exception, (json) => this.console(windowId, exceptionFromDevTools(json)));
    listen(DEVTOOLS_EVENTS.request, (json) => {
      const url = resourceFromDevTools(json, source());
      if (url && !url.startsWith('data:')) this.sink.resourceLoaded({ windowId, url });
    });
    // The domains are enabled before the first navigation; their completions are only checked.
    for (const method of ['Runtime.enable', 'Network.enable']) this.callDevTools(webview, method);
    this.applyDevToolsSetting(webview);
    return subs;
  }

  detach(windowId: number, subs: PageSubscriptions | undefined): void {
    this.limiter.forget(windowId);
    for (const { receiver, token } of subs?.receivers ?? []) {
      this.com.callRaw(receiver, Slot.devToolsReceiver.removeEventReceived, Sig.removeHandler, token);
      this.com.release(receiver);
    }
  }

  setDevTools(enabled: boolean, webviews: bigint[]): void {
    this.devTools = enabled;
    for (const webview of webviews) this.applyDevToolsSetting(webview);
  }

  openDevTools(webview: bigint): void {
    if (!this.devTools) throw new InvalidInputError('DevTools are turned off (setting webview2Host.devTools)');
    this.com.call(webview, Slot.webview.openDevToolsWindow, Sig.none, 'OpenDevToolsWindow');
  }

  goBack(webview: bigint): void { this.com.call(webview, Slot.webview.goBack, Sig.none, 'GoBack'); }
  goForward(webview: bigint): void { this.com.call(webview, Slot.webview.goForward, Sig.none, 'GoForward'); }
  stop(webview: bigint): void { this.com.call(webview, Slot.webview.stop, Sig.none, 'Stop'); }

  setZoom(controller: bigint, factor: number): void {
    this.com.call(controller, Slot.controller.putZoomFactor, Sig.inDouble, 'put_ZoomFactor', factor);
  }
  zoom(controller: bigint | undefined): number {
    if (!controller) return 1;
    const out = [0];
    if (this.com.callRaw(controller, Slot.controller.zoomFactor, Sig.outDouble, out) < 0) return 1;
    return Math.round(out[0] * 1000) / 1000;
  }

  /** The native window's title follows the page's. */
  setTitle(hwnd: bigint, title: string): void {
    this.win.SetWindowTextW(hwnd, title);
  }

  /** CapturePreview as PNG into a stream on an HGLOBAL, waited for, then written to `file`. */
  screenshot(windowId: number, webview: bigint, file: string): ScreenshotResult {
    const w = this.win;
    const out: [Ptr] = [null];
    const created = w.CreateStreamOnHGlobal(null, 1, out) as number;
    if (created < 0 || !out[0]) throw new EngineError('screenshot', hex(created), `CreateStreamOnHGlobal: ${explainHresult(created)}`);
    const stream = out[0];
    try {
      this.wait<void>({ site: 'screenshot', windowId }, (completion) => {
        const handler = this.handlers.completion(IID.capturePreviewCompleted, 'CapturePreviewCompletedHandler', (hr: number) => {
          if (completion.abandoned) return;
          if (hr < 0) completion.reject(new EngineError('screenshot', hex(hr), `CapturePreview: ${explainHresult(hr)}`));
          else completion.resolve();
        });
        try {
          this.com.call(webview, Slot.webview.capturePreview, Sig.inIntPtrPtr, 'CapturePreview', CAPTURE_FORMAT_PNG, stream, handler);
        } catch (err) {
          throw err instanceof ComError ? new EngineError('screenshot', hex(err.hr), `${err.method}: ${explainHresult(err.hr)}`) : err;
        } finally {
          this.com.release(handler);
        }
      });
      const png = this.streamBytes(stream);
      if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47) throw new EngineError('screenshot', 'not-png', 'CapturePreview wrote no PNG into the stream');
      fs.writeFileSync(file, png); // its folder was made by the main thread (prepareFolder.ts)
      return { path: file, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    } finally {
      this.com.release(stream);
    }
  }

  private streamBytes(stream: bigint): Buffer {
    const w = this.win;
    const global: [Ptr] = [null];
    const hr = w.GetHGlobalFromStream(stream, global) as number;
    if (hr < 0 || !global[0]) throw new EngineError('screenshot', hex(hr), `GetHGlobalFromStream: ${explainHresult(hr)}`);
    const size = Number(w.GlobalSize(global[0]));
    const memory = w.GlobalLock(global[0]) as Ptr;
    if (!memory) throw new EngineError('screenshot', 'GlobalLock', 'the stream\'s memory could not be read');
    try {
      return Buffer.from(koffi.view(memory, size) as ArrayBuffer);
    } finally {
      w.GlobalUnlock(global[0]);
    }
  }

  private console(windowId: number, message: Omit<ConsoleMessageEvent, 'windowId'>): void {
    for (const m of this.limiter.admit({ windowId, ...message })) this.sink.consoleMessage(m);
  }

  /** WebView2 has no reload without the cache on ICoreWebView2: the DevTools protocol's Page.reload has. */
  reloadBypassingCache(webview: bigint): void {
    this.callDevTools(webview, 'Page.reload', { ignoreCache: true });
  }

  /** A DevTools method whose answer is only checked: a failure is logged. */
  private callDevTools(webview: bigint, method: string, params: unknown = {}): void {
    callDevTools(this.com, this.handlers, webview, method, params, (a) => {
      if (!a.ok) this.sink.log('warn', `DevTools protocol ${a.error}`);
    });
  }


  /** The devTools setting on a webview (a popup's gets it before put_NewWindow, as settings should). */
  applyDevToolsSetting(webview: bigint): void {
    const settings = this.com.getPtr(webview, Slot.webview.settings, 'get_Settings');
    try {
      this.com.call(settings, Slot.settings.putAreDevToolsEnabled, Sig.inInt, 'put_AreDevToolsEnabled', this.devTools ? 1 : 0);
    } finally {
      this.com.release(settings);
    }
  }
}
