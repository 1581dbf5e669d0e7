// The Windows engine's half of the network log: receivers for the DevTools protocol's Network
// events on each webview (Network.enable is already sent by pageFeatures.ts), fed as JSON into the
// recorder (networkDevTools.ts), which reports each finished request. With HelperSettings.networkLog
// false no receiver of ours is added (and those added are removed): the events cost nothing beyond
// what page features subscribe anyway. Response bodies (setNetworkCapture) come from
// Network.getResponseBody, asked for when a text resource finished; its completion, later on the
// UI thread, carries the body, and only then is the entry reported. No wait anywhere here: every
// handler returns at once.
import * as koffi from 'koffi';
import type { FinishedRequest } from '../network/protocol';
import { epochNow } from '../helper/ledger';
import { hex, Sig, type Com } from './ffi/com';
import { IID, Slot } from './ffi/webview2';
import type { HandlerFactory } from './handlers';
import type { Ptr } from './ffi/win32';
import { DevToolsNetworkRecorder, type Body } from './networkDevTools';

export const NETWORK_LOG_EVENTS = [
  'Network.requestWillBeSent', 'Network.requestWillBeSentExtraInfo', 'Network.responseReceived',
  'Network.responseReceivedExtraInfo', 'Network.loadingFinished', 'Network.loadingFailed',
] as const;

export interface NetworkLogSink {
  requestFinished(e: FinishedRequest): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

interface Attached {
  webview: bigint;
  receivers: { receiver: bigint; token: bigint }[];
}

export class WebView2NetworkLog {
  private readonly attached = new Map<number, Attached>();
  private readonly capturing = new Set<number>();
  private readonly recorder: DevToolsNetworkRecorder;
  private bodyFailures = 0;

  constructor(private readonly com: Com, private readonly handlers: HandlerFactory, private readonly sink: NetworkLogSink, private enabled: boolean) {
    this.recorder = new DevToolsNetworkRecorder({
      report: (e) => { if (this.enabled) sink.requestFinished(e); },
      capturing: (id) => this.capturing.has(id),
      fetchBody: (id, requestId, done) => this.fetchBody(id, requestId, done),
      dropped: (id, total) => sink.log('warn', `window ${id}: ${total} requests in flight let go unrecorded (more than the network log follows at once)`),
      now: epochNow,
    });
  }

  /** A new webview in the window (a new window, or a new browser after its process died). */
  attach(windowId: number, webview: bigint): void {
    const a: Attached = { webview, receivers: [] };
    this.attached.set(windowId, a);
    if (this.enabled) this.subscribe(windowId, a);
  }

  /** Its webview goes: receivers removed; what was in flight is not reported. */
  detach(windowId: number): void {
    const a = this.attached.get(windowId);
    if (!a) return;
    this.attached.delete(windowId);
    this.unsubscribe(a);
    this.recorder.forget(windowId);
  }

  /** The window closed for good. */
  forgetWindow(windowId: number): void {
    this.detach(windowId);
    this.capturing.delete(windowId);
  }

  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    for (const [id, a] of this.attached) {
      if (enabled) this.subscribe(id, a);
      else this.unsubscribe(a);
    }
    if (!enabled) this.recorder.forgetAll();
  }

  setCapture(windowId: number, bodies: boolean): void {
    if (bodies) this.capturing.add(windowId);
    else this.capturing.delete(windowId);
  }

  private subscribe(windowId: number, a: Attached): void {
    for (const event of NETWORK_LOG_EVENTS) {
      const out: [Ptr] = [null];
      this.com.call(a.webview, Slot.webview.devToolsEventReceiver, Sig.inStringOutPtr, `GetDevToolsProtocolEventReceiver(${event})`, event, out);
      const receiver = out[0] as bigint;
      const handler = this.handlers.event(IID.devToolsEventReceived, `DevToolsProtocolEventReceived(${event})`, (_sender, args) => {
        if (!args || !this.enabled) return;
        this.recorder.event(windowId, event, this.com.getString(args, Slot.devToolsEventArgs.parameterObjectAsJson, 'get_ParameterObjectAsJson'));
      });
      const token = [0n];
      try {
        this.com.call(receiver, Slot.devToolsReceiver.addEventReceived, Sig.addHandler, 'add_DevToolsProtocolEventReceived', handler, token);
      } catch (err) {
        this.com.release(receiver);
        throw err;
      } finally {
        this.com.release(handler);
      }
      a.receivers.push({ receiver, token: BigInt(token[0]) });
    }
  }

  private unsubscribe(a: Attached): void {
    for (const { receiver, token } of a.receivers) {
      this.com.callRaw(receiver, Slot.devToolsReceiver.removeEventReceived, Sig.removeHandler, token);
      this.com.release(receiver);
    }
    a.receivers = [];
  }

  /** Network.getResponseBody, issued now; `done` runs in its completion handler. */
  private fetchBody(windowId: number, requestId: string, done: (body: Body | null) => void): boolean {
    const a = this.attached.get(windowId);
    if (!a) return false;
    const handler = this.handlers.completion(IID.devToolsMethodCompleted, 'CallDevToolsProtocolMethodCompletedHandler(Network.getResponseBody)', (hr: number, json: Ptr) => {
      const text = json ? (koffi.decode(json, 'char16_t', -1) as string) : '';
      if (hr < 0) {
        if (this.bodyFailures++ === 0) this.sink.log('info', `Network.getResponseBody failed (${hex(hr)} ${text.slice(0, 200)}): entries without a body say nothing of one`);
        done(null);
        return;
      }
      let p: { body?: unknown; base64Encoded?: unknown } = {};
      try { p = JSON.parse(text) as typeof p; } catch { /* no body rather than none reported */ }
      done(typeof p.body === 'string' ? (p.base64Encoded === true ? { text: p.body, encoding: 'base64' } : { text: p.body }) : null);
    });
    try {
      this.com.call(a.webview, Slot.webview.callDevToolsProtocolMethod, Sig.inStringString, 'CallDevToolsProtocolMethod(Network.getResponseBody)',
        'Network.getResponseBody', JSON.stringify({ requestId }), handler);
      return true;
    } catch (err) {
      this.sink.log('warn', `Network.getResponseBody could not be asked for: ${(err as Error).message}`);
      return false;
    } finally {
      this.com.release(handler);
    }
  }
}
