// Windows that survive Reload Window and a VS Code restart: the open windows are written to the
// workspace's state whenever the helper's table changes (debounced), and at the next activation
// they are opened again (setting webview2Host.restoreWindows). A URL comes back through the
// client's one reopen path (its id, place, size, zoom); a served workspace file through the
// preview's one way to open a window, by its path, so that it gets a live server URL and reloads
// on save again. Owned by Ctx.
import * as vscode from 'vscode';
import { deviceNotPutBack, notPutBack } from '../../client/reopen';
import { emulationOf, findPreset } from '../../devices';
import { Notifications, Requests, type WindowInfo } from '../../protocol';
import type { Ctx } from '../ctx';
import { parseSavedWindows, SAVED_WINDOWS_KEY, savedWindowsOf, type SavedWindow } from './savedWindows';

const SAVE_DEBOUNCE_MS = 300;

export class WindowState implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  /** While windows are being restored the state is not rewritten: a half-done restore must not
   *  replace the full list. */
  private restoring = false;
  private readonly off: (() => void)[];

  constructor(private readonly ctx: Ctx) {
    const c = ctx.client;
    this.off = [
      c.onNotification(Notifications.windowChanged, () => this.soon()),
      // Windows the helper closes as it stops (Reload Window, Restart Helper) are still wanted.
      c.onNotification(Notifications.windowClosed, (e) => { if (e.reason !== 'shutdown') this.soon(); }),
    ];
  }

  /** Something kept changed: write the state soon. */
  soon(): void {
    if (this.restoring || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, SAVE_DEBOUNCE_MS);
  }

  /** Writes now. Only a running helper's table is written: after a crash the windows it took are
   *  what the last write holds, and they stay there. */
  async write(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const c = this.ctx.client;
    if (this.restoring || c.state.kind !== 'ready') return;
    const state = savedWindowsOf(c.windows.list(), {
      environmentOf: (id) => c.environmentOf(id),
      fileOf: (url) => this.ctx.preview.files.uriOf(url)?.toString(),
      current: this.ctx.current.of(c.windows.list().map((w) => w.windowId)),
      cookieViews: this.ctx.cookies.views.keys(),
      diagnostics: this.ctx.diagnostics.view.isOpen,
    });
    try {
      await this.ctx.extension.workspaceState.update(SAVED_WINDOWS_KEY, state);
    } catch (err) {
      this.ctx.output.warn(`could not save the open windows for the next start: ${(err as Error).message}`);
    }
  }

  /** Opens the windows the workspace had open when it last closed, with their views; says in the
   *  log what could not come back and why. Returns the ids of the windows restored. */
  async restore(): Promise<number[]> {
    const { saved, problems } = parseSavedWindows(this.ctx.extension.workspaceState.get(SAVED_WINDOWS_KEY));
    for (const p of problems) this.ctx.output.warn(p);
    if (!saved.windows.length) return [];
    this.restoring = true;
    const restored: number[] = [];
    try {
      this.ctx.output.info(`restoring ${saved.windows.length} window(s) open when this workspace last closed (setting webview2Host.restoreWindows)`);
      for (const w of saved.windows) {
        try {
          restored.push(await this.reopen(w));
        } catch (err) {
          this.ctx.output.error(this.ctx.preview.present(`window ${w.windowId} (${w.file ?? w.url}) could not be restored: ${(err as Error).message}`));
        }
      }
      if (saved.current !== undefined && restored.includes(saved.current)) this.ctx.current.touched(saved.current);
      // The views come back with their windows, best effort: a view that fails costs only itself.
      for (const id of saved.views.cookies.filter((x) => restored.includes(x))) {
        await this.ctx.cookies.show(id).catch((err: Error) => this.ctx.output.warn(`the cookie view of window ${id} did not come back: ${err.message}`));
      }
      if (saved.views.diagnostics && restored.length) {
        await this.ctx.diagnostics.report().then((r) => this.ctx.diagnostics.view.show(r, true),
          (err: Error) => this.ctx.output.warn(`the diagnostics view did not come back: ${err.message}`));
      }
      this.ctx.output.info(`${restored.length} of ${saved.windows.length} window(s) restored`);
    } finally {
      this.restoring = false;
      this.ctx.refreshWindowCount();
      // What is open now is what the next start restores (a window that failed is dropped).
      if (this.ctx.client.state.kind === 'ready') await this.write();
    }
    return restored;
  }

  private async reopen(w: SavedWindow): Promise<number> {
    const c = this.ctx.client;
    if (w.file !== undefined) {
      const uri = vscode.Uri.parse(w.file, true);
      const target = await this.ctx.preview.targetOf(uri);
      const { windowId } = await this.ctx.preview.open(target, false, { windowId: w.windowId, ...w.bounds });
      if (w.zoom !== 1) await c.request(Requests.setZoom, { windowId, factor: w.zoom });
      const device = w.device ? findPreset(w.device) : undefined;
      if (device?.device) { // the served file loads at once: the device's page is a reload away
        try {
          await c.request(Requests.setDevice, { windowId, device: emulationOf(device) });
          await c.request(Requests.reload, { windowId });
        } catch (err) {
          this.ctx.output.warn(deviceNotPutBack(windowId, device.label, (err as Error).message));
        }
      }
      return windowId;
    }
    const env = await c.request(Requests.createEnvironment, w.environment);
    const row: WindowInfo = {
      windowId: w.windowId, environmentId: env.environmentId, url: w.url!, title: '', loading: false, nativeHandle: '',
      zoom: w.zoom, bounds: { ...w.bounds }, failed: null, ...(w.device ? { device: w.device } : {}),
    };
    const result = await c.reopen([row]);
    if (result.failed.length) throw new Error(result.failed[0].error);
    for (const line of notPutBack(result)) this.ctx.output.warn(line);
    this.ctx.output.info(`window ${w.windowId} restored: ${w.url}`);
    return result.reopened[0].windowId;
  }

  /** The last change is written before the helper stops: its closing windows are not a change. */
  async dispose(): Promise<void> {
    const pending = this.timer !== undefined;
    this.off.forEach((f) => f());
    if (pending) await this.write();
    clearTimeout(this.timer);
  }
}
