// Starts the helper process and talks to it. Shared by the extension and the CLI; imports nothing
// from vscode. The helper runs on the caller's own runtime: in VS Code that is Electron run as Node.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import {
  ConnectionError, createMessageConnection, ErrorCodes as RpcErrorCodes, IPCMessageReader, IPCMessageWriter, ResponseError,
  type MessageConnection, type NotificationType, type RequestType, type RequestType0,
} from 'vscode-jsonrpc/node';
import {
  Notifications, Requests,
  WAIT_ERROR_CODES, type HelperErrorData, type HelperSettings, type WaitErrorData, type InitializeParams, type PlatformInfo, type WindowInfo,
} from '../protocol';
import { within } from '../timers';
import { WindowTable } from '../windowTable';

export type HelperState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'ready'; info: PlatformInfo }
  /** `reason` completes "The helper ...": "was killed by SIGKILL", "exited with code 1". */
  | { kind: 'crashed'; reason: string; lostWindows: WindowInfo[] };

export interface HelperClientOptions {
  helperPath: string;
  settings: () => HelperSettings;
  loaderPath?: () => string | undefined;
  browserFolder?: () => string | undefined;
  /** Extra environment for the helper. */
  env?: NodeJS.ProcessEnv;
  log: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/** A request the helper answered with an error, with its JSON-RPC code (ErrorCodes) and typed data. */
export class HelperRequestError extends Error {
  constructor(readonly method: string, readonly code: number, message: string, readonly data?: HelperErrorData) {
    super(message);
  }

  /** The data of a failed wait (timed out, not picked up, refused), chosen by the code. */
  get waitData(): WaitErrorData | undefined {
    return WAIT_ERROR_CODES.some((c) => c === this.code) && this.data?.type !== 'EngineError' ? this.data : undefined;
  }
}

/** The helper process ended while a request was in flight (or could not start). */
export class HelperCrashedError extends Error {}

export class HelperClient extends EventEmitter {
  private child: ChildProcess | undefined;
  private connection: MessageConnection | undefined;
  private starting: Promise<PlatformInfo> | undefined;
  private stopping = false;
  private current: HelperState = { kind: 'stopped' };
  /** A mirror of the helper's window table, filled only from its notifications. */
  readonly windows = new WindowTable();
  /** Windows a crash took, kept until they are reopened or dismissed, whatever runs in between. */
  private readonly lost = new Map<number, WindowInfo>();
  /** The highest window id any helper of this client has used: a new helper continues after it. */
  private highestWindowId = 0;

  constructor(private readonly options: HelperClientOptions) {
    super();
    this.onNotification(Notifications.windowChanged, (row) => {
      this.windows.set(row);
      this.highestWindowId = Math.max(this.highestWindowId, row.windowId);
    });
    this.onNotification(Notifications.windowClosed, (e) => this.windows.removed(e.windowId));
    this.onNotification(Notifications.platformChanged, (info) => {
      if (this.current.kind === 'ready') this.setState({ kind: 'ready', info });
    });
  }

  /** The windows lost in crashes and not reopened or dismissed yet, by id. */
  get lostWindows(): WindowInfo[] {
    return [...this.lost.values()];
  }
  /** A lost window was reopened (under its id), or the user no longer wants it. */
  forgetLost(windowId: number): void {
    this.lost.delete(windowId);
  }
  dismissLost(): void {
    this.lost.clear();
  }

  get state(): HelperState {
    return this.current;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the helper if it is not running; concurrent callers share one start. */
  start(): Promise<PlatformInfo> {
    if (this.current.kind === 'ready' && this.connection) return Promise.resolve(this.current.info);
    this.starting ??= this.spawn().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  async request<R>(type: RequestType0<R, void>): Promise<R>;
  async request(type: RequestType<unknown, unknown, void> | RequestType0<unknown, void>, params?: unknown): Promise<unknown> {
    await this.start();
    const connection = this.connection!;
    const child = this.child!;
    try {
      const result = params === undefined
        ? await connection.sendRequest(type as RequestType0<unknown, void>)
        : await connection.sendRequest(type as RequestType<unknown, unknown, void>, params);
      return result;
    } catch (err) {
      if (isConnectionLoss(err)) await exitOf(child, 2000); // so that the error can say why
      throw this.translate(type.method, err);
    }
  }

  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): () => void {
    this.on(`notification:${type.method}`, handler);
    return () => this.off(`notification:${type.method}`, handler);
  }

  /** Asks the helper to close its windows and exit; kills it if it does not within 5 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      if (this.connection) await within(this.connection.sendRequest(Requests.shutdown), 3000);
    } catch {
      // the helper may already be gone
    }
    await within(exited, 2000);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  private async spawn(): Promise<PlatformInfo> {
    this.setState({ kind: 'starting' });
    const began = Date.now();
    const child = fork(this.options.helperPath, [], {
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    this.stopping = false;
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    this.connection = connection;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.trim()) this.options.log('debug', `[helper ${child.pid}] ${line}`);
      });
    }
    for (const { method } of Object.values(Notifications)) {
      connection.onNotification(method, (params: unknown) => { this.emit(`notification:${method}`, params); });
    }
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) => {
        const reason = exitReason(code, signal);
        connection.dispose();
        releaseOutputOf(child);
        if (this.child === child) {
          this.child = undefined;
          this.connection = undefined;
          if (this.stopping) {
            this.windows.clear();
            this.setState({ kind: 'stopped' });
            this.options.log('info', `helper ${child.pid} stopped`);
          } else {
            const open = this.windows.clear();
            for (const w of open) this.lost.set(w.windowId, w);
            this.setState({ kind: 'crashed', reason, lostWindows: this.lostWindows });
            this.options.log('error', `helper ${child.pid} ${reason}; ${open.length} window(s) were open`);
          }
        }
        reject(new HelperCrashedError(`the helper ${reason} while starting`));
      });
    });
    exited.catch(() => undefined);
    child.once('error', (err) => this.options.log('error', `helper process error: ${err.message}`));
    connection.listen();
    this.options.log('info', `helper ${child.pid} starting (${this.options.helperPath})`);

    const params: InitializeParams = {
      settings: this.options.settings(),
      loaderPath: this.options.loaderPath?.(),
      browserFolder: this.options.browserFolder?.(),
      firstWindowId: Math.max(this.highestWindowId, ...this.lost.keys()) + 1,
    };
    try {
      const info = await Promise.race([connection.sendRequest(Requests.initialize, params), exited]);
      this.setState({ kind: 'ready', info });
      this.options.log('info', `helper ${child.pid} ready in ${Date.now() - began} ms: ${info.engine} ${info.engineVersion} on ${info.platform}-${info.arch}`);
      return info;
    } catch (err) {
      const error = this.translate('initialize', err);
      if (this.child === child) {
        this.stopping = true;
        child.kill('SIGKILL');
      }
      this.options.log('error', `helper could not start: ${error.message}`);
      throw error;
    }
  }

  private setState(state: HelperState): void {
    this.current = state;
    this.emit('state', state);
  }

  private translate(method: string, err: unknown): Error {
    if (err instanceof HelperCrashedError) return err;
    if (isConnectionLoss(err)) {
      const state = this.current;
      const why = state.kind === 'crashed' ? state.reason : 'went away';
      return new HelperCrashedError(`${method} failed: the helper ${why}`);
    }
    if (err instanceof ResponseError) return new HelperRequestError(method, err.code, err.message, err.data as HelperErrorData | undefined);
    return err as Error;
  }
}

/** How a helper process ended, completing "The helper ...". */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * Stops reading a helper that has exited. Its output pipes can outlive it: a process it started
 * may hold their write ends (Wine's desktop process gets the stderr of the process that first
 * opened a window), and a parent that waits for their end would never exit. What is still in the
 * pipes is read for a moment first.
 */
function releaseOutputOf(child: ChildProcess): void {
  setTimeout(() => {
    child.stdout?.destroy();
    child.stderr?.destroy();
    if (child.connected) child.disconnect();
  }, 100).unref();
}

/** The connection ended under a request (the helper exited or was killed), told by the error's class and code. */
function isConnectionLoss(err: unknown): boolean {
  if (err instanceof ResponseError) return err.code === RpcErrorCodes.PendingResponseRejected || err.code === RpcErrorCodes.ConnectionInactive;
  return err instanceof ConnectionError;
}

async function exitOf(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await within(new Promise<void>((resolve) => child.once('exit', () => resolve())), timeoutMs);
}
