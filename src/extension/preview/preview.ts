// The live preview: which window shows which workspace file, reload on save (of the page and of
// every workspace file it loaded, as the engine's resource-load events said), failed loads with
// Retry and Edit URL, the page console channel, remembered window bounds, the context key that
// enables the window commands, and the one way the extension opens a window (open). Owned by Ctx.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Notifications, Requests, type WindowInfo } from '../../protocol';
import type { ReloadOnSave } from '../../settings';
import type { Ctx } from '../ctx';
import { RememberedBounds } from './bounds';
import { ConsoleChannel } from './console';
import { DevServerSources } from './devServerSources';
import { PreviewFileServer } from './fileServer';
import { needsForwarding } from './remote';
import { PreviewTargets, SaveDebouncer } from './targets';

export const HAS_WINDOWS = 'webview2Host.hasWindows';
/** Set once a save reloaded a window: completes the walkthrough's "Save, and the window reloads" step. */
export const RELOADED_ON_SAVE = 'webview2Host.reloadedOnSave';
const SAVE_DEBOUNCE_MS = 150;

/** What a window is opened for: its URL and, for workspace files, the key of the file. */
export interface PreviewTarget {
  url: string;
  /** The workspace file's key; undefined for a URL. */
  key?: string;
}

/** Where a restored window opens: under its old id, at its old place and size. */
export interface Place {
  windowId?: number;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
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
  /** A dev server's source URLs shown as the workspace files they serve (devServerSources.ts). */
  private readonly sources = new DevServerSources(() =>
    (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.normalize(f.uri.fsPath)));
  private readonly bounds: RememberedBounds;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly debouncer: SaveDebouncer;
  private hasWindows = false;
  private reloadedOnSave = false;
  /** Windows whose load in progress has its "loading" marker in the console channel. */
  private readonly consoleMarked = new Set<number>();

  constructor(private readonly ctx: Ctx) {
    this.bounds = new RememberedBounds(ctx.extension.workspaceState);
    this.debouncer = new SaveDebouncer(SAVE_DEBOUNCE_MS, (keys) => void this.reloadAfterSave(keys));
    this.files.onServed = (line) => ctx.output.trace(`file server: ${line}`);
    ctx.output.present = (text) => this.files.present(text);
    this.disposables.push(this.console, this.files);
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.sources.clear()));
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
        if (!e.isSuccess) this.offerRetry(e.windowId, e.url, failureText(e));
      }),
      c.onNotification(Notifications.resourceLoaded, (e) => {
        const key = this.keyOfUrl(e.url);
        if (key) this.targets.resourceLoaded(e.windowId, key);
        this.ctx.output.trace(this.present(`window ${e.windowId} loaded ${e.url}${key ? ' (a workspace file: saving it reloads the window)' : ''}`));
      }),
      // A served file's messages name the file, not the preview server's address.
      c.onNotification(Notifications.consoleMessage, (e) => this.console.write({
        ...e,
        message: this.present(e.message),
        source: e.source === null ? null : this.present(this.sources.map(e.source)),
        ...(e.stack ? { stack: e.stack.map((frame) => this.present(this.sources.mapFrame(frame))) } : {}),
      })),
      c.onNotification(Notifications.windowClosed, (e) => {
        this.targets.closed(e.windowId);
        this.consoleMarked.delete(e.windowId);
        this.refreshContext();
      }),
      c.onNotification(Notifications.windowChanged, (w) => {
        // A load asked for (open, navigate, reload): the page's first messages come before it completes.
        if (w.loading && !this.consoleMarked.has(w.windowId)) {
          this.consoleMarked.add(w.windowId);
          this.console.marker(this.present(`--- window ${w.windowId} loading ${w.url} ---`));
        }
        // A window the user moved or resized reopens where it was.
        if (w.url) void this.bounds.seen(this.boundsKey({ url: w.url, key: this.targets.pageOf(w.windowId) ?? this.keyOfUrl(w.url) }), w);
        this.refreshContext();
      }),
    ];
    const onState = (): void => {
      if (c.state.kind !== 'ready') this.targets.clear();
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
  async targetOf(uri: vscode.Uri): Promise<PreviewTarget> {
    return { url: await this.files.urlFor(uri), key: keyOf(uri) };
  }

  /** A URL or text as people see it: served files by their own address, never the server's token. */
  present(text: string): string {
    return this.files.present(text);
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
   * The one way the extension opens a window (reopening after a restart is the client's, in
   * client/reopen.ts). Shows a target: the window already showing this workspace file is focused
   * and reloaded; otherwise a new window opens in the configured profile, with the size and
   * position last used for the target. `another` always opens a new window, placed by the system
   * rather than on top of the one already showing the target. `place` (restoring a window at a
   * new start) gives the window its old id, place and size, and always opens a new one.
   */
  async open(target: PreviewTarget, another = false, place?: Place): Promise<{ windowId: number; reused: boolean }> {
    if (target.key !== undefined && !another && !place) {
      const existing = this.targets.windowFor(target.key);
      if (existing !== undefined && this.ctx.client.state.kind === 'ready' && this.ctx.client.windows.get(existing)) {
        await this.ctx.client.request(Requests.focus, { windowId: existing });
        await this.ctx.client.request(Requests.reload, { windowId: existing });
        this.ctx.current.touched(existing);
        this.ctx.output.info(this.present(`window ${existing} already shows ${target.url}: focused and reloaded`));
        return { windowId: existing, reused: true };
      }
    }
    const env = await this.ctx.ensureEnvironment();
    const bounds = place ?? (another ? undefined : this.bounds.of(this.boundsKey(target)));
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
        if (!this.reloadedOnSave) void vscode.commands.executeCommand('setContext', RELOADED_ON_SAVE, true);
        this.reloadedOnSave = true;
        this.ctx.output.info(`window ${windowId} reloaded: saved ${keys.map(shortKey).join(', ')}`);
      } catch (err) {
        this.ctx.output.warn(`window ${windowId} could not reload after a save: ${(err as Error).message}`);
      }
    }
  }

  /** A load failed: says so, with Retry and Edit URL (the failure itself is in the helper's row). */
  private offerRetry(windowId: number, url: string, error: string): void {
    // Engines put the address into their error text too: say it once.
    const reason = error.endsWith(` (${url})`) ? error.slice(0, -(url.length + 3)) : error;
    void vscode.window.showWarningMessage(this.present(`WebView2 window ${windowId} could not load ${url}: ${reason}`), 'Retry', 'Edit URL').then(async (choice) => {
      try {
        if (choice === 'Retry') {
          await this.ctx.client.request(Requests.navigate, { windowId, url });
          this.ctx.current.touched(windowId);
        }
        if (choice === 'Edit URL') await vscode.commands.executeCommand('webview2Host.navigate', windowId, undefined, this.present(url));
      } catch (err) {
        void vscode.window.showErrorMessage(this.present(`WebView2 Host: ${(err as Error).message}`));
      }
    });
  }

  /** Where a target's bounds are remembered: the workspace file, else the URL without its fragment. */
  private boundsKey(target: PreviewTarget): string {
    return target.key ?? target.url.split('#')[0];
  }

  private refreshContext(): void {
    const has = this.ctx.client.state.kind === 'ready' && this.ctx.client.windows.size > 0;
    if (has !== this.hasWindows) {
      this.hasWindows = has;
      void vscode.commands.executeCommand('setContext', HAS_WINDOWS, has);
    }
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function shortKey(key: string): string {
  return key.startsWith('file:') ? path.basename(key.slice(5)) : key;
}

/** Why a load failed, in the engine's words, or its HTTP status. */
function failureText(e: { error: string | null; httpStatus: number | null }): string {
  return e.error ?? (e.httpStatus ? `HTTP ${e.httpStatus}` : 'the page did not load');
}
