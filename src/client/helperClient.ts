// Starts the helper process and talks to it: requests with deadlines, the mirror of its window
// table, restarts of a helper that stopped answering with its windows reopened. Shared by the
// extension and the CLI; imports nothing from vscode. The helper runs on the caller's own runtime:
// in VS Code that is Electron run as Node. Errors: requestErrors.ts; the child process:
// helperProcess.ts; liveness.ts, reopen.ts, sessionCookies.ts.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import {
  createMessageConnection, IPCMessageReader, IPCMessageWriter, ResponseError,
  type MessageConnection, type NotificationType, type RequestType, type RequestType0,
} from 'vscode-jsonrpc/node';
import {
  EXIT_NOTICE, Notifications, Requests,
  type CreateEnvironmentParams, type EnvironmentInfo, type LogEvent, type NavigationCompletedEvent, type HelperErrorData, type HelperSettings, type InitializeParams, type PlatformInfo, type WindowInfo,
} from '../protocol';
import { exitOf, exitReason, isConnectionLoss, releaseOutputOf } from './helperProcess';
import { HelperCrashedError, HelperRequestError, HelperTimeoutError, requestDeadlineMs } from './requestErrors';
import { within } from '../timers';
import { DEFAULT_LIVENESS, Liveness, type LivenessLimits } from './liveness';
import { notPutBack, reopenWindows, type ReopenResult } from './reopen';
import { SessionCookies } from './sessionCookies';
import { WindowTable } from '../windowTable';
import { lendForeground } from './foregroundRights';

// The client's errors and how a helper ended, importable with the client.
export { exitReason } from './helperProcess';
export { HelperCrashedError, HelperRequestError, HelperTimeoutError, requestDeadlineMs } from './requestErrors';

export type HelperState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'ready'; info: PlatformInfo }
  /** `reason` completes "The helper ...": "was killed by SIGKILL", "exited with code 1". */
  | { kind: 'crashed'; reason: string; lostWindows: WindowInfo[] }
  /** Alive but not answering: it is being killed, restarted and its windows reopened. */
  | { kind: 'notResponding'; reason: string };

export interface HelperClientOptions {
  helperPath: string;
  settings: () => HelperSettings;
  loaderPath?: () => string | undefined;
  browserFolder?: () => string | undefined;
  /** Extra environment for the helper. */
  env?: NodeJS.ProcessEnv;
  log: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  /** How the helper's liveness is checked (liveness.ts); false: not at all. */
  liveness?: Partial<LivenessLimits> | false;
  /** Keep each profile's session cookies in memory so that reopened windows get them back (the
   *  extension; the CLI reopens nothing and reads no cookies it was not asked for). */
  keepSessionCookies?: boolean;
}

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
  private liveness: Liveness | undefined;
  /** The helper's last word before it exits (EXIT_NOTICE), for the crash report. */
  private lastWords: string | undefined;
  /** How each environment was made, by id, to make it again when its windows are reopened. */
  private readonly environments = new Map<number, CreateEnvironmentParams>();
  /** Session cookies of each profile after its pages' last loads (with keepSessionCookies). */
  private readonly sessionCookies = new SessionCookies();
  /** How each helper process ended, for the errors of the requests it took with it. */
  private readonly endings = new WeakMap<ChildProcess, string>();

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
    if (options.keepSessionCookies) this.onNotification(Notifications.navigationCompleted, (e) => void this.keepSessionCookies(e));
  }

  /** Reads a loaded page's cookies and keeps its session cookies (values never logged). */
  private async keepSessionCookies(e: NavigationCompletedEvent): Promise<void> {
    const profile = this.environments.get(this.windows.get(e.windowId)?.environmentId ?? -1)?.userDataFolder;
    if (!e.isSuccess || !profile || !/^https?:/i.test(e.url)) return;
    try {
      this.sessionCookies.seen(profile, e.url, await this.request(Requests.getCookies, { windowId: e.windowId }));
    } catch {
      // the window closed or the helper went away: what was kept stays
    }
  }

  /**
   * Opens windows again (lost in a crash, or open before a restart) under their ids, in their
   * profiles, where they were, with their zoom and the profile's kept session cookies.
   */
  async reopen(windows: WindowInfo[]): Promise<ReopenResult> {
    const result = await reopenWindows(this, windows, (id) => this.environments.get(id), (profile) => this.sessionCookies.of(profile));
    for (const w of result.reopened) this.lost.delete(w.windowId);
    return result;
  }

  /** How an environment of this helper was made (its profile folder and proxy), by id. */
  environmentOf(environmentId: number): CreateEnvironmentParams | undefined {
    return this.environments.get(environmentId);
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
    for (const w of this.lost.values()) {
      const profile = this.environments.get(w.environmentId)?.userDataFolder;
      if (profile) this.sessionCookies.forget(profile);
    }
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
    lendForeground(type.method, child.pid, this.options.log); // Windows: the helper may then bring its window to the front
    try {
      const sent = params === undefined
        ? connection.sendRequest(type as RequestType0<unknown, void>)
        : connection.sendRequest(type as RequestType<unknown, unknown, void>, params);
      const result = await this.inTime(type.method, sent);
      if (type.method === Requests.createEnvironment.method) {
        const env = result as EnvironmentInfo;
        this.environments.set(env.environmentId, { ...(params as CreateEnvironmentParams), userDataFolder: env.userDataFolder });
      }
      return result;
    } catch (err) {
      if (isConnectionLoss(err)) await exitOf(child, 2000); // so that the error can say why
      throw this.translate(type.method, err, child);
    }
  }

  /** The answer, or a HelperTimeoutError once the request's deadline has passed. */
  private async inTime<R>(method: string, answer: Promise<R>): Promise<R> {
    const deadlineMs = requestDeadlineMs(this.options.settings());
    const late = Symbol('late');
    const result = await within(answer, deadlineMs, late);
    if (result === late) {
      answer.catch(() => undefined); // a late answer or the connection's end: nobody listens
      throw new HelperTimeoutError(method, deadlineMs);
    }
    return result as R;
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
    this.lastWords = undefined;
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
      connection.onNotification(method, (params: unknown) => {
        if (method === Notifications.log.method && (params as LogEvent).message.startsWith(EXIT_NOTICE)) {
          this.lastWords = (params as LogEvent).message.slice(EXIT_NOTICE.length);
        }
        this.emit(`notification:${method}`, params);
      });
    }
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) => {
        const reason = exitReason(code, signal) + (this.lastWords ? ` (${this.lastWords})` : '');
        const state = this.current;
        this.endings.set(child, state.kind === 'notResponding' && this.child === child ? `was not responding (${state.reason}) and was replaced` : reason);
        connection.dispose();
        releaseOutputOf(child);
        if (this.child === child) {
          this.child = undefined;
          this.connection = undefined;
          this.liveness?.stop();
          if (state.kind === 'notResponding') {
            this.options.log('info', `helper ${child.pid} ${reason}`); // replace() goes on from here
          } else if (this.stopping) {
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
      const info = await Promise.race([this.inTime('initialize', connection.sendRequest(Requests.initialize, params)), exited]);
      this.setState({ kind: 'ready', info });
      this.watch(child, connection);
      this.options.log('info', `helper ${child.pid} ready in ${Date.now() - began} ms: ${info.engine} ${info.engineVersion} on ${info.platform}-${info.arch}`);
      return info;
    } catch (err) {
      const error = this.translate('initialize', err, child);
      if (this.child === child) {
        this.stopping = true;
        child.kill('SIGKILL');
      }
      this.options.log('error', `helper could not start: ${error.message}`);
      throw error;
    }
  }

  /** Pings the helper while it is the current one; one that stops answering is replaced. */
  private watch(child: ChildProcess, connection: MessageConnection): void {
    if (this.options.liveness === false) return;
    this.liveness?.stop();
    this.liveness = new Liveness({
      ping: () => connection.sendRequest(Requests.ping),
      waitDeadlineMs: () => this.options.settings().waitDeadlineMs,
      onNotResponding: (reason) => {
        if (this.child === child) void this.replace(child, reason);
      },
    }, { ...DEFAULT_LIVENESS, ...this.options.liveness });
    this.liveness.start();
  }

  /**
   * A helper that does not respond is killed and a new one started, and the windows that were open
   * are opened again under their ids, at their URLs, in the same profile folders.
   */
  private async replace(child: ChildProcess, reason: string): Promise<void> {
    const open = this.windows.list();
    this.setState({ kind: 'notResponding', reason });
    this.options.log('error', `helper ${child.pid} is not responding: ${reason}; killing it and starting a new one with its ${open.length} window(s)`);
    const exited = exitOf(child, 5000);
    child.kill('SIGKILL');
    await exited;
    this.windows.clear();
    try {
      await this.start();
      const result = await this.reopen(open);
      const { reopened, failed } = result;
      for (const f of failed) this.options.log('warn', `window ${f.window.windowId} (${f.window.url}) could not be reopened: ${f.error}`);
      for (const line of notPutBack(result)) this.options.log('warn', line);
      this.options.log('info', `helper restarted (pid ${this.pid}) after it stopped responding; ${reopened.length} of ${open.length} window(s) reopened`);
      this.emit('replaced', { reason, reopened: reopened.length, lost: open.length });
    } catch (err) {
      this.options.log('error', `could not restart the helper after it stopped responding: ${(err as Error).message}`);
    }
  }

  private setState(state: HelperState): void {
    this.current = state;
    this.emit('state', state);
  }

  private translate(method: string, err: unknown, child: ChildProcess): Error {
    if (err instanceof HelperCrashedError || err instanceof HelperTimeoutError) return err;
    if (isConnectionLoss(err)) {
      const why = this.endings.get(child) ?? 'went away';
      return new HelperCrashedError(`${method} failed: the helper ${why}`);
    }
    if (err instanceof ResponseError) return new HelperRequestError(method, err.code, err.message, err.data as HelperErrorData | undefined);
    return err as Error;
  }
}

