// The one context object of the extension: owns the helper client, the log channel, the status
// bar items, the features that keep state (preview, cookies, diagnostics, the current window, the
// windows' saved state) and every disposable;
// commands receive it. Window state is the helper's: read from the client's mirror of its table.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HelperClient, type HelperState } from '../client/helperClient';
import { formatHazard, formatNavigation, formatOpened, formatOpenExternal, formatRecovered, formatStall, formatWait } from '../client/format';
import { Notifications, Requests, type EnvironmentInfo, type HelperSettings, type OpenExternalEvent } from '../protocol';
import { printable } from '../printable';
import { readConfig, SECTION, type Config } from './config';
import { CookieWorkbench } from './cookies/workbench';
import { Diagnostics } from './diagnostics/diagnostics';
import { LogBook } from './logBook';
import type { ExtensionPlugin } from './plugins';
import { Preview } from './preview/preview';
import { StatusDisplay } from './status/display';
import { CurrentWindow } from './windows/current';
import { WindowState } from './windows/windowState';

export class Ctx implements vscode.Disposable {
  readonly output: LogBook;
  readonly status: StatusDisplay;
  readonly client: HelperClient;
  readonly preview: Preview;
  readonly cookies: CookieWorkbench;
  readonly diagnostics: Diagnostics;
  /** The target of window commands when none is named (windows/current.ts). */
  readonly current: CurrentWindow;
  readonly windowState: WindowState;
  private readonly disposables: vscode.Disposable[] = [];
  private environment: EnvironmentInfo | undefined;

  constructor(readonly extension: vscode.ExtensionContext, plugin?: ExtensionPlugin) {
    this.output = new LogBook();
    this.status = new StatusDisplay();
    this.current = new CurrentWindow(() => this.refreshCurrent());
    this.disposables.push(this.output, this.status);
    this.client = new HelperClient({
      helperPath: path.join(extension.extensionPath, 'dist', 'helper.js'),
      settings: () => this.config.helper,
      loaderPath: () => this.config.loaderPath,
      browserFolder: () => this.config.browserFolder,
      env: plugin?.helperEnv,
      log: (level, message) => this.output[level](message),
      keepSessionCookies: true,
    });
    this.wireClient();
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) void this.applySettings();
    }));
    // Reload on save, the console channel and the window context key, from now on.
    this.preview = new Preview(this);
    this.cookies = new CookieWorkbench(this);
    this.diagnostics = new Diagnostics(this);
    this.disposables.push(this.preview, this.diagnostics);
    this.windowState = new WindowState(this);
    this.diagnostics.view.onOpenChanged = () => this.windowState.soon();
  }

  get config(): Config {
    return readConfig(this.extension.globalStorageUri);
  }

  /** The environment of the configured profile, created on first use. */
  async ensureEnvironment(): Promise<EnvironmentInfo> {
    await this.client.start();
    const folder = this.config.userDataFolder;
    if (!this.environment || this.environment.userDataFolder !== path.resolve(folder)) {
      const config = this.config;
      for (const problem of config.problems) this.output.warn(problem);
      this.environment = await this.client.request(Requests.createEnvironment, { userDataFolder: folder, proxy: config.proxy });
      if (config.proxy) this.output.info(`environment proxy: ${config.proxy}`);
      this.output.info(`environment ${this.environment.environmentId} uses ${this.environment.userDataFolder}`);
    }
    return this.environment;
  }

  private wireClient(): void {
    const c = this.client;
    const out = this.output;
    c.on('state', (state: HelperState) => {
      this.status.setState(state);
      if (state.kind !== 'ready') this.environment = undefined;
      this.refreshWindowCount();
      if (state.kind === 'crashed') {
        void vscode.window.showErrorMessage(
          `WebView2 Host: the helper ${state.reason}. ${state.lostWindows.length} window(s) were open.`,
          'Restart and Reopen', 'Show Log', 'Forget Them',
        ).then((choice) => {
          if (choice === 'Restart and Reopen') void vscode.commands.executeCommand('webview2Host.restartHelper');
          if (choice === 'Show Log') out.show(true);
          if (choice === 'Forget Them') {
            c.dismissLost();
            this.refreshWindowCount();
          }
        });
      }
    });
    c.on('replaced', (r: { reopened: number; lost: number }) => {
      this.refreshWindowCount();
      out.info(`${r.reopened} of ${r.lost} window(s) reopened in the new helper`);
    });
    // A wait that went well is detail for whoever looks for it (the channel's debug level); one that
    // did not is a warning.
    c.onNotification(Notifications.waitCompleted, (w) => (w.outcome === 'ok' ? out.debug(formatWait(w)) : out.warn(formatWait(w))));
    c.onNotification(Notifications.navigationCompleted, (e) => (e.isSuccess ? out.info(formatNavigation(e)) : out.warn(formatNavigation(e))));
    c.onNotification(Notifications.titleChanged, (e) => out.debug(`window ${e.windowId} title "${e.title}"`));
    c.onNotification(Notifications.windowClosed, (e) => {
      out.info(`window ${e.windowId} closed (${e.reason === 'user' ? 'by the user' : e.reason === 'page' ? 'by its page' : e.reason})`);
      // A helper that stops closes its windows, which come back under their ids: they stay known.
      if (e.reason !== 'shutdown') this.current.closed(e.windowId);
      this.refreshWindowCount();
    });
    c.onNotification(Notifications.windowChanged, (w) => {
      this.current.seen(w.windowId);
      this.refreshWindowCount();
    });
    // A popup is a window like the others (its row came first, as windowChanged): said in the log.
    c.onNotification(Notifications.windowOpened, (e) => out.info(formatOpened(e)));
    c.onNotification(Notifications.openExternal, (e) => void this.openExternal(e));
    // The window's own screenshot button or key: saved as Save Screenshot does (and opened beside).
    c.onNotification(Notifications.screenshotRequested, (e) => {
      Promise.resolve(vscode.commands.executeCommand('webview2Host.saveScreenshot', e.windowId))
        .catch((err: Error) => out.error(`window ${e.windowId}: the screenshot was not saved: ${err.message}`));
    });
    c.onNotification(Notifications.platformChanged, (p) => out.info(`helper: engine ${p.engine} ${p.engineVersion}`));
    c.onNotification(Notifications.processFailed, (e) => {
      out.error(`window ${e.windowId}: ${e.kind}${e.recoverable ? '; Reload brings it back' : ''}`);
      if (!e.recoverable) return;
      void vscode.window.showWarningMessage(`WebView2 Host: window ${e.windowId}: ${e.kind}.`, 'Reload').then((choice) => {
        if (choice !== 'Reload') return;
        this.client.request(Requests.reload, { windowId: e.windowId })
          .catch((err: Error) => out.error(`window ${e.windowId} could not reload: ${err.message}`));
      });
    });
    c.onNotification(Notifications.stall, (s) => {
      out.error(formatStall(s));
      this.status.stalled(s);
    });
    c.onNotification(Notifications.recovered, (r) => {
      out.info(formatRecovered(r));
      this.status.recovered(r.key);
    });
    c.onNotification(Notifications.hazard, (h) => out.warn(formatHazard(h)));
    c.onNotification(Notifications.log, (e) => out[e.level](`helper: ${e.message}`));
  }

  /** A page's popup in the system browser (the popups setting): http(s) only, whoever sent it. */
  private async openExternal(e: OpenExternalEvent): Promise<void> {
    if (!/^https?:\/\//i.test(e.url)) {
      this.output.warn(`window ${e.windowId}: a popup for ${printable(e.url)} was not opened: only http(s) addresses go to the system browser`);
      return;
    }
    this.output.info(formatOpenExternal(e));
    try {
      if (!(await vscode.env.openExternal(vscode.Uri.parse(e.url, true)))) this.output.warn(`the system browser did not open ${printable(e.url)}`);
    } catch (err) {
      this.output.warn(`the system browser could not open ${printable(e.url)}: ${(err as Error).message}`);
    }
  }

  /** The status bar's windows (open, failed, lost), from the client's mirror of the helper's table. */
  refreshWindowCount(): void {
    this.status.setWindows(this.client.state.kind === 'ready' ? this.client.windows.list() : [], this.client.lostWindows.length);
    this.refreshCurrent();
  }

  /** The current window in the status bar: the most recent one open in a running helper. */
  private refreshCurrent(): void {
    const open = this.client.state.kind === 'ready' ? this.client.windows.list() : [];
    const id = this.current.of(open.map((w) => w.windowId));
    const w = open.find((x) => x.windowId === id);
    this.status.setCurrent(w, w ? this.preview?.present(w.url) ?? w.url : '');
  }

  private async applySettings(): Promise<void> {
    const config = this.config;
    for (const problem of config.problems) this.output.warn(problem);
    const settings: HelperSettings = config.helper;
    this.output.info(`settings changed: strategy ${settings.strategy}, stall threshold ${settings.stallThresholdMs} ms, deadline ${settings.waitDeadlineMs} ms, popups ${settings.popups ?? 'window'}`);
    if (this.client.state.kind !== 'ready') return; // read again at the next start
    try {
      await this.client.request(Requests.configure, settings);
    } catch (err) {
      this.output.error(`could not apply the new settings: ${(err as Error).message}`);
    }
  }

  async dispose(): Promise<void> {
    await this.windowState.dispose(); // before the helper stops and takes its windows along
    await this.client.stop();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
