// The live preview: which window shows which workspace file, reload on save (of the page and of
// every workspace file it loaded, as the engine's resource-load events said), failed loads with
// Retry and Edit URL, the page console channel, remembered window bounds, and the context key
// that enables the window commands. One per extension context, created at activation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Notifications, Requests, type DiagnosticsReport, type WindowInfo } from '../protocol';
import type { Ctx } from './ctx';
import { DiagnosticsView } from './diagnosticsView';
import { ConsoleChannel } from './previewConsole';
import { PreviewFileServer } from './previewFileServer';
import { needsForwarding } from './previewRemote';
import type { ReloadOnSave } from '../settings';
import { PreviewTargets, SaveDebouncer } from './previewTargets';

export const HAS_WINDOWS = 'webview2Host.hasWindows';
/** Set once a save reloaded a window: completes the walkthrough's "Save, and the window reloads" step. */
export const RELOADED_ON_SAVE = 'webview2Host.reloadedOnSave';
const BOUNDS_KEY = 'webview2Host.boundsByTarget';
const SAVE_DEBOUNCE_MS = 150;

export interface Bounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** What a window is opened for: its URL and, for workspace files, the key of the file. */
export interface Target {
  url: string;
  /** The workspace file's key; undefined for a URL. */
  key?: string;
}

const previews = new WeakMap<Ctx, Preview>();

/** The preview of this context, created on first call (at activation). */
export function previewOf(ctx: Ctx): Preview {
  let p = previews.get(ctx);
  if (!p) {
    p = new Preview(ctx);
    previews.set(ctx, p);
    ctx.extension.subscriptions.push(p);
  }
  return p;
}

/** A key for a workspace file that is the same whether it came from a document or a URL. */
export function keyOf(uri: vscode.Uri): string {
  if (uri.scheme === 'file') {
    const p = path.normalize(uri.fsPath);
    return `file:${process.platform === 'win32' ? p.toLowerCase() : p}`;
  }
  return uri.with({ query: '', fragment: '' }).toString();
}

export class Preview implements vscode.Disposable {
  readonly targets = new PreviewTargets();
  readonly console = new ConsoleChannel();
  readonly files = new PreviewFileServer();
  readonly diagnostics: DiagnosticsView;
  /** The last navigation failure of each window, until it loads again. */
  readonly failures = new Map<number, { url: string; error: string }>();
  /** Windows reloaded by a save, newest last: "id key" (for tests and the log). */
  readonly reloads: { windowId: number; saved: string[]; at: number }[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly debouncer: SaveDebouncer;
  private boundsTimer: NodeJS.Timeout | undefined;
  private hasWindows = false;
  /** Windows whose load in progress has its "loading" marker in the console channel. */
  private readonly consoleMarked = new Set<number>();

  constructor(private readonly ctx: Ctx) {
    // Reading a report never starts the helper: with none running there is nothing to report.
    this.diagnostics = new DiagnosticsView(ctx.extension.extensionUri, () => (ctx.client.state.kind === 'ready'
      ? this.report()
      : Promise.reject(new Error('the helper is not running (it starts with the first window)'))));
    this.debouncer = new SaveDebouncer(SAVE_DEBOUNCE_MS, (keys) => void this.reloadAfterSave(keys));
    this.files.onServed = (line) => ctx.output.trace(`file server: ${line}`);
    ctx.output.present = (text) => this.files.present(text);
    this.disposables.push(this.console, this.files, this.diagnostics);
    this.disposables.push(vscode.workspace.onDidSaveTextDocument((doc) => {
      if (this.reloadMode !== 'off') this.debouncer.saved(keyOf(doc.uri));
    }));
    this.wire();
    void vscode.commands.executeCommand('setContext', HAS_WINDOWS, false);
  }

  get reloadMode(): ReloadOnSave {
    return this.ctx.config.reloadOnSave;
  }

  private wire(): void {
    const c = this.ctx.client;
    const off = [
      c.onNotification(Notifications.navigationCompleted, (e) => {
        this.consoleMarked.delete(e.windowId);
        if (e.isSuccess) this.console.marker(this.present(`--- window ${e.windowId} loaded ${e.url} ---`));
        else this.console.marker(this.present(`--- window ${e.windowId} failed to load ${e.url}: ${failureText(e)} ---`), 'warn');
        this.targets.showing(e.windowId, this.keyOfUrl(e.url));
        if (e.isSuccess) this.failures.delete(e.windowId);
        else this.failed(e.windowId, e.url, failureText(e));
        this.refreshContext();
      }),
      c.onNotification(Notifications.resourceLoaded, (e) => {
        const key = this.keyOfUrl(e.url);
        if (key) this.targets.resourceLoaded(e.windowId, key);
        this.ctx.output.trace(this.present(`window ${e.windowId} loaded ${e.url}${key ? ' (a workspace file: saving it reloads the window)' : ''}`));
      }),
      // A served file's messages name the file, not the preview server's address.
      c.onNotification(Notifications.consoleMessage, (e) => this.console.write({ ...e, message: this.present(e.message), source: e.source === null ? null : this.present(e.source) })),
      c.onNotification(Notifications.windowClosed, (e) => {
        this.targets.closed(e.windowId);
        this.failures.delete(e.windowId);
        this.refreshContext();
      }),
      c.onNotification(Notifications.titleChanged, () => this.refreshContext()),
      // The diagnostics view follows the windows and the watchdog without being asked.
      c.onNotification(Notifications.windowChanged, (w) => {
        // A load asked for (open, navigate, reload): the page's first messages come before it completes.
        if (w.loading && !this.consoleMarked.has(w.windowId)) {
          this.consoleMarked.add(w.windowId);
          this.console.marker(this.present(`--- window ${w.windowId} loading ${w.url} ---`));
        }
        this.diagnostics.refreshSoon();
      }),
      c.onNotification(Notifications.windowClosed, (e) => {
        this.consoleMarked.delete(e.windowId);
        this.diagnostics.refreshSoon();
      }),
      c.onNotification(Notifications.stall, () => this.diagnostics.refreshSoon()),
      c.onNotification(Notifications.recovered, () => this.diagnostics.refreshSoon()),
      c.onNotification(Notifications.processFailed, () => this.diagnostics.refreshSoon()),
    ];
    const onState = (): void => {
      if (c.state.kind !== 'ready') {
        this.targets.clear();
        this.failures.clear();
      }
      this.refreshContext();
    };
    c.on('state', onState);
    this.disposables.push({ dispose: () => { off.forEach((f) => f()); c.off('state', onState); } });
  }

  /** The workspace file a URL the window loaded names: a file: URL or one this host serves. */
  keyOfUrl(url: string): string | undefined {
    if (/^file:/i.test(url)) {
      try {
        return keyOf(vscode.Uri.parse(url.split(/[?#]/)[0], true));
      } catch {
        return undefined;
      }
    }
    const served = this.files.uriOf(url);
    return served ? keyOf(served) : undefined;
  }

  /** The target of a file: always served by the confined preview server of its folder, local or
   *  remote, never a file: URL (a page reads only the files of its workspace folder). */
  async targetOf(uri: vscode.Uri): Promise<Target> {
    return { url: await this.files.urlFor(uri), key: keyOf(uri) };
  }

  /** A URL or text as people see it: served files by their own address, never the server's token. */
  present(text: string): string {
    return this.files.present(text);
  }

  /** The helper's diagnostics report, every text in it as people may see it. */
  async report(): Promise<DiagnosticsReport> {
    return presentDeep(await this.ctx.client.request(Requests.diagnostics), (text) => this.present(text));
  }

  /**
   * A URL as a window on this machine can reach it: with the extension on the user's machine and
   * the workspace remote, the remote's localhost is forwarded through asExternalUri.
   */
  async reachable(url: string): Promise<string> {
    if (!needsForwarding(url, vscode.env.remoteName, this.ctx.extension.extension.extensionKind === vscode.ExtensionKind.UI)) return url;
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
    this.ctx.output.info(`${url} is on the remote's localhost; forwarded as ${external.toString(true)}`);
    return external.toString(true);
  }

  /**
   * Shows a target: the window already showing this workspace file is focused and reloaded;
   * otherwise a new window opens, with the size and position last used for the target.
   */
  async open(target: Target): Promise<{ windowId: number; reused: boolean }> {
    if (target.key !== undefined) {
      const existing = this.targets.windowFor(target.key);
      if (existing !== undefined && this.ctx.client.state.kind === 'ready' && this.ctx.client.windows.get(existing)) {
        await this.ctx.client.request(Requests.focus, { windowId: existing });
        await this.ctx.client.request(Requests.reload, { windowId: existing });
        this.ctx.output.info(this.present(`window ${existing} already shows ${target.url}: focused and reloaded`));
        return { windowId: existing, reused: true };
      }
    }
    const env = await this.ctx.ensureEnvironment();
    const bounds = this.rememberedBounds(target);
    const window: WindowInfo = await this.ctx.client.request(Requests.createWindow, { environmentId: env.environmentId, url: target.url, ...bounds });
    this.targets.showing(window.windowId, target.key);
    this.ctx.output.info(this.present(`window ${window.windowId} opened for ${target.url}${bounds ? ` at ${bounds.width}x${bounds.height}` : ''}`));
    this.ctx.refreshWindowCount();
    this.refreshContext();
    return { windowId: window.windowId, reused: false };
  }

  private async reloadAfterSave(keys: string[]): Promise<void> {
    if (this.ctx.client.state.kind !== 'ready') return;
    const ids = this.targets.affectedBy(keys, this.reloadMode);
    for (const windowId of ids) {
      try {
        await this.ctx.client.request(Requests.reload, { windowId });
        if (this.reloads.length === 0) void vscode.commands.executeCommand('setContext', RELOADED_ON_SAVE, true);
        this.reloads.push({ windowId, saved: keys, at: Date.now() });
        if (this.reloads.length > 100) this.reloads.shift();
        this.ctx.output.info(`window ${windowId} reloaded: saved ${keys.map(shortKey).join(', ')}`);
      } catch (err) {
        this.ctx.output.warn(`window ${windowId} could not reload after a save: ${(err as Error).message}`);
      }
    }
  }

  private failed(windowId: number, url: string, error: string): void {
    this.failures.set(windowId, { url, error });
    // Engines put the address into their error text too: say it once.
    const reason = error.endsWith(` (${url})`) ? error.slice(0, -(url.length + 3)) : error;
    void vscode.window.showWarningMessage(this.present(`WebView2 window ${windowId} could not load ${url}: ${reason}`), 'Retry', 'Edit URL').then(async (choice) => {
      try {
        if (choice === 'Retry') await this.ctx.client.request(Requests.navigate, { windowId, url });
        if (choice === 'Edit URL') await vscode.commands.executeCommand('webview2Host.navigate', windowId, undefined, this.present(url));
      } catch (err) {
        void vscode.window.showErrorMessage(this.present(`WebView2 Host: ${(err as Error).message}`));
      }
    });
  }

  /** The failure to show for a window: what the helper says, else what its last navigation said. */
  failureOf(w: WindowInfo): string | undefined {
    return w.failed ?? this.failures.get(w.windowId)?.error;
  }

  // --- remembered bounds: per target (the workspace file, else the URL without its fragment) ---

  private boundsKey(target: { url: string; key?: string }): string {
    return target.key ?? target.url.split('#')[0];
  }

  rememberedBounds(target: Target): Bounds | undefined {
    const all = this.ctx.extension.workspaceState.get<Record<string, Bounds>>(BOUNDS_KEY, {});
    const b = all[this.boundsKey(target)];
    return b && b.width > 0 && b.height > 0 ? b : undefined;
  }

  async rememberBounds(windows: WindowInfo[]): Promise<void> {
    const all = { ...this.ctx.extension.workspaceState.get<Record<string, Bounds>>(BOUNDS_KEY, {}) };
    let changed = false;
    for (const w of windows) {
      if (!w.bounds || !w.url || w.bounds.width <= 0 || w.bounds.height <= 0) continue;
      const key = this.boundsKey({ url: w.url, key: this.targets.pageOf(w.windowId) ?? this.keyOfUrl(w.url) });
      const old = all[key];
      if (old && old.x === w.bounds.x && old.y === w.bounds.y && old.width === w.bounds.width && old.height === w.bounds.height) continue;
      all[key] = { ...w.bounds };
      changed = true;
    }
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - 200))) delete all[k]; // keep the latest 200 targets
    if (changed) await this.ctx.extension.workspaceState.update(BOUNDS_KEY, all);
  }

  private refreshContext(): void {
    const has = this.ctx.client.state.kind === 'ready' && this.ctx.client.windows.size > 0;
    if (has !== this.hasWindows) {
      this.hasWindows = has;
      void vscode.commands.executeCommand('setContext', HAS_WINDOWS, has);
    }
    // While windows are open, their bounds are read now and then (the helper's main thread
    // answers listWindows without the UI thread), so that a window the user moved or resized
    // reopens where it was.
    if (has && !this.boundsTimer) {
      this.boundsTimer = setInterval(() => void this.pollBounds(), 3000);
      this.boundsTimer.unref();
    } else if (!has && this.boundsTimer) {
      clearInterval(this.boundsTimer);
      this.boundsTimer = undefined;
    }
  }

  private async pollBounds(): Promise<void> {
    if (this.ctx.client.state.kind !== 'ready') return;
    try {
      await this.rememberBounds(await this.ctx.client.request(Requests.listWindows));
    } catch {
      // the helper went away; the state change stops the timer
    }
  }

  dispose(): void {
    if (this.boundsTimer) clearInterval(this.boundsTimer);
    this.debouncer.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function shortKey(key: string): string {
  return key.startsWith('file:') ? path.basename(key.slice(5)) : key;
}

/** The value with every string in it rewritten (objects and arrays copied, nothing else touched). */
function presentDeep<T>(value: T, present: (text: string) => string): T {
  if (typeof value === 'string') return present(value) as T;
  if (Array.isArray(value)) return value.map((v) => presentDeep(v, present)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, presentDeep(v, present)])) as T;
  }
  return value;
}

/** Why a load failed, in the engine's words, or its HTTP status. */
function failureText(e: { error: string | null; httpStatus: number | null }): string {
  return e.error ?? (e.httpStatus ? `HTTP ${e.httpStatus}` : 'the page did not load');
}
