// The main thread's handle on the UI thread: starts it, queues requests for it, wakes it, and
// matches its answers. Requests that the UI thread has not picked up by their deadline fail here,
// since a stuck UI thread cannot fail them itself.
import { MessageChannel, Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { ErrorCodes, type Bounds, type HelperSettings, type LogEvent, type PlatformInfo, type RunScriptResult, type WaitErrorData } from '../protocol';
import { HelperError } from './errors';
import { createLedgerBuffer, epochNow, LedgerReader } from './ledger';
import { createClaimsBuffer, MAX_IN_FLIGHT, RequestClaims } from './requestClaims';
import type { EngineCalls } from './backend';
import type { PluginUi } from './plugins';
import type { PageChannelAddress } from './pageChannels';
import type { FromUi, ToUi, UiEvent, UiThreadData } from './uiMessages';
import { holdUp, queueState, type PendingRequest } from './watchdog';
import { createWaker } from './wake';
import { WindowIds } from '../windowIds';

interface Pending extends PendingRequest {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface UiBridgeOptions {
  settings: () => HelperSettings;
  /** The ledger's wait sites, the same list on both threads. */
  sites: readonly string[];
  loaderPath?: string;
  pageChannel?: PageChannelAddress;
  browserFolder?: string;
  /** The window id counter shared with the main thread's table (windowIds.ts); a new one when absent. */
  windowIds?: SharedArrayBuffer;
  onEvent(event: UiEvent): void;
  onLog(event: LogEvent): void;
  onPlatform(info: PlatformInfo): void;
  /** A native window was moved or sized. */
  onBounds(windowId: number, bounds: Bounds): void;
  /** A window's zoom changed from inside the window. */
  onZoom(windowId: number, zoom: number): void;
  /** A device was chosen inside the window (its toolbar): its label or null, and the window's new size. */
  onDevice(windowId: number, device: string | null, bounds: Bounds): void;
  /** A page answered a runScript (page/protocol.ts), or its engine said why it will not. */
  onScript(scriptId: number, result: RunScriptResult): void;
  /** Linux: a page's document got the token its script channel connects with. */
  onScriptChannel?(token: string, windowId: number): void;
  /** The UI thread ended after it was ready: every window is gone with it. */
  onLost(reason: string): void;
}

/** The bridge to the UI thread, which serves the engine's calls (and a plugin's, by name). */
export class UiBridge implements PluginUi {
  readonly ledger = createLedgerBuffer();
  private readonly claimsBuffer = createClaimsBuffer();
  private readonly claims = new RequestClaims(this.claimsBuffer);
  readonly reader: LedgerReader;
  readonly ready: Promise<PlatformInfo>;
  private readonly pending = new Map<number, Pending>();
  private readonly channel = new MessageChannel();
  private readonly worker: Worker;
  private wake: () => void = () => undefined;
  private seq = 0;
  /** A request cancelled because the UI thread never picked it up: its seq and when it was posted. */
  private unpicked: { seq: number; postedAt: number } | undefined;

  constructor(private readonly options: UiBridgeOptions) {
    this.reader = new LedgerReader(this.ledger, options.sites);
    const data: UiThreadData = {
      port: this.channel.port2,
      ledger: this.ledger,
      claims: this.claimsBuffer,
      sites: options.sites,
      settings: options.settings(),
      windowIds: options.windowIds ?? new WindowIds().buffer,
      loaderPath: options.loaderPath,
      pageChannel: options.pageChannel,
      browserFolder: options.browserFolder,
    };
    this.worker = new Worker(path.join(__dirname, 'uiThread.js'), {
      workerData: data,
      transferList: [this.channel.port2],
    });
    this.ready = new Promise<PlatformInfo>((resolve, reject) => {
      this.worker.on('message', (message: FromUi) => {
        if (message.type === 'ready') {
          this.wake = createWaker(message.wake);
          resolve(message.info);
        } else if (message.type === 'fatal') {
          reject(new HelperError(message.message, message.code));
        } else {
          this.onMessage(message);
        }
      });
      this.worker.on('error', (err) => {
        reject(err);
        this.failAll(new HelperError(`the UI thread failed: ${err.message}`, ErrorCodes.internal));
        this.options.onLost(`the UI thread failed: ${err.stack ?? err.message}`);
      });
      this.worker.on('exit', (code) => {
        reject(new HelperError(`the UI thread ended (${code}) before it was ready`, ErrorCodes.internal));
        this.failAll(new HelperError(`the UI thread ended (${code})`, ErrorCodes.internal));
        this.options.onLost(`the UI thread ended (exit code ${code})`);
      });
    });
    this.ready.catch(() => undefined);
  }

  /** Requests handed over and not yet answered, for the watchdog. */
  pendingRequests(): Iterable<PendingRequest> {
    return this.pending.values();
  }

  /**
   * How long the UI thread has been busy outside any wait, in ms: since the oldest request it has
   * not answered was posted (or since a request it never picked up was). Null when it is idle, or
   * waiting (a wait has its own deadline and the watchdog reports it).
   */
  busyMs(now = epochNow()): number | null {
    const ledger = this.reader.snapshot();
    if (this.unpicked && ledger.pickedSeq >= this.unpicked.seq) this.unpicked = undefined;
    if (ledger.waits.length > 0) return null;
    let since = this.unpicked?.postedAt ?? Infinity;
    for (const request of this.pending.values()) since = Math.min(since, request.postedAt);
    return since === Infinity ? null : Math.max(0, Math.round(now - since));
  }

  /** Hands one call to the UI thread; resolves with its result, or fails with its helper error. */
  call<M extends keyof EngineCalls>(method: M, params: EngineCalls[M]['params']): Promise<EngineCalls[M]['result']>;
  call(method: string, params: unknown): Promise<unknown>;
  async call(method: string, params: unknown): Promise<unknown> {
    await this.ready;
    const seq = ++this.seq;
    if (!this.claims.post(seq)) {
      throw new HelperError(`${method} refused: ${MAX_IN_FLIGHT} requests are already waiting for the UI thread`, ErrorCodes.notPickedUp);
    }
    const deadlineMs = this.options.settings().waitDeadlineMs;
    // The structured clone loses the type; the UI thread answers with the result of this method.
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => this.notPickedUp(seq), deadlineMs);
      this.pending.set(seq, { seq, method, postedAt: epochNow(), resolve, reject, timer });
      this.send({ type: 'request', seq, call: { method, params } });
    });
  }

  private send(message: ToUi): void {
    this.channel.port1.postMessage(message);
    this.wake();
  }

  private notPickedUp(seq: number): void {
    const request = this.pending.get(seq);
    if (!request) return;
    if (!this.claims.cancel(seq)) return; // being served; its own waits carry deadlines
    const now = epochNow();
    // Counted with this request still among those queued: a burst says how long its queue is.
    const queue = queueState(this.reader.snapshot(), this.pending.values(), now, this.options.settings().stallThresholdMs);
    this.pending.delete(seq);
    this.unpicked ??= { seq, postedAt: request.postedAt };
    const elapsedMs = Math.round(now - request.postedAt);
    const data: WaitErrorData = { type: 'NotPickedUp', site: request.method, strategy: 'none', diagnosis: 'not-picked-up', elapsedMs };
    request.reject(new HelperError(`${request.method} was not picked up by the UI thread within ${elapsedMs} ms: the thread is ${holdUp(queue)}; the request was cancelled`, ErrorCodes.notPickedUp, data));
  }

  private onMessage(message: FromUi): void {
    switch (message.type) {
      case 'result':
      case 'error': {
        const request = this.pending.get(message.seq);
        if (!request) return;
        this.pending.delete(message.seq);
        this.claims.release(message.seq);
        clearTimeout(request.timer);
        if (message.type === 'result') request.resolve(message.result);
        else request.reject(new HelperError(message.message, message.code, message.data));
        return;
      }
      case 'event':
        this.options.onEvent(message.event);
        return;
      case 'log':
        this.options.onLog(message.event);
        return;
      case 'platform':
        this.options.onPlatform(message.info);
        return;
      case 'bounds':
        this.options.onBounds(message.windowId, message.bounds);
        return;
      case 'script':
        this.options.onScript(message.scriptId, message.result);
        return;
      case 'scriptChannel':
        this.options.onScriptChannel?.(message.token, message.windowId);
        return;
      case 'zoom':
        this.options.onZoom(message.windowId, message.zoom);
        return;
      case 'device':
        this.options.onDevice(message.windowId, message.device, message.bounds);
        return;
    }
  }

  private failAll(error: Error): void {
    for (const request of this.pending.values()) {
      clearTimeout(request.timer);
      this.claims.release(request.seq);
      request.reject(error);
    }
    this.pending.clear();
  }
}
