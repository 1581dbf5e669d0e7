// How the main thread hands an engine request to the UI thread. By default a request goes as it
// is, and its answer comes back as it is; only the few below need the main thread first (a folder
// made off the UI thread, a window id from the table, the settings merged) or tell the window
// table what they changed. A request added to the protocol is forwarded without a line here.
import * as path from 'node:path';
import { cookiesForUrl } from '../cookies/cookieScope';
import type { EngineRequestName, EnvironmentInfo, HelperSettings, RequestMap } from '../protocol';
import type { WindowTable } from '../windowTable';
import type { EngineCalls } from './backend';
import { InvalidInputError, UnknownWindowError } from './errors';
import { cascadePosition } from './placement';
import { FolderError, prepareFolder } from './prepareFolder';
import type { UiBridge } from './uiBridge';
import type { PageScripts } from './pageScripts';
import type { PageChannels } from './pageChannels';
import { DEFAULT_SCRIPT_TIMEOUT_MS } from '../page/protocol';

export interface EngineRouteOptions {
  ui: () => UiBridge;
  windows: WindowTable;
  scripts: PageScripts;
  /** Linux: the pages' own script channels, which serve runScript instead of the UI thread. */
  channels?: PageChannels;
  settings: { get(): HelperSettings; set(next: HelperSettings): void };
  environmentOpened(env: EnvironmentInfo): void;
  log(line: string): void;
}

/** The requests whose engine call differs from the protocol's (backend.ts): each needs a route. */
type Translated = { [M in EngineRequestName]: EngineCalls[M] extends RequestMap[M] ? RequestMap[M] extends EngineCalls[M] ? never : M : M }[EngineRequestName];
type Route<M extends EngineRequestName> = (params: RequestMap[M]['params']) => Promise<RequestMap[M]['result']>;
type Routes = { [M in Translated]: Route<M> } & { [M in Exclude<EngineRequestName, Translated>]?: Route<M> };

export class EngineRoute {
  constructor(private readonly o: EngineRouteOptions) {}

  forward<M extends EngineRequestName>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    const route = this.routes[method] as Route<M> | undefined;
    if (route) return route(params);
    // Not translated (Routes makes every translated request have a route): the same call both sides.
    return this.o.ui().call(method as Exclude<EngineRequestName, Translated>, params as never) as Promise<RequestMap[M]['result']>;
  }

  private readonly routes: Routes = {
    configure: async (p) => {
      const merged = { ...this.o.settings.get(), ...p };
      this.o.settings.set(merged);
      await this.o.ui().call('configure', merged);
    },
    createEnvironment: async (p) => {
      await this.folderReady(p.userDataFolder, 'profile folder', 'userDataFolder', 0o700); // a new profile is its owner's only
      const env = await this.o.ui().call('createEnvironment', p);
      this.o.environmentOpened(env);
      return env;
    },
    createWindow: async (p) => {
      const windows = this.o.windows;
      let windowId: number;
      try {
        windowId = windows.reserve(p.windowId);
      } catch (err) {
        throw new InvalidInputError((err as Error).message);
      }
      // A window nobody placed is cascaded, never opened exactly on top of another.
      const place = p.x === undefined || p.y === undefined ? cascadePosition(windows.list().map((w) => w.bounds)) : {};
      try {
        const info = await this.o.ui().call('createWindow', { ...p, ...place, windowId });
        windows.added(info);
        return info;
      } finally {
        windows.unreserve(windowId);
      }
    },
    closeAll: () => this.o.ui().call('closeAll', { reason: 'request' }),
    setBounds: async (p) => {
      this.o.windows.moved(p.windowId, await this.o.ui().call('setBounds', p));
    },
    // A device's viewport is the window's: sized first, as setBounds does.
    setDevice: async (p) => {
      if (p.device) this.o.windows.moved(p.windowId, await this.o.ui().call('setBounds', { windowId: p.windowId, width: p.device.width, height: p.device.height }));
      const result = await this.o.ui().call('setDevice', p);
      this.o.windows.emulating(p.windowId, p.device?.name ?? null);
      return result;
    },
    navigate: async (p) => {
      await this.o.ui().call('navigate', p);
      this.o.windows.navigating(p.windowId, p.url);
    },
    reload: async (p) => {
      await this.o.ui().call('reload', p);
      this.o.windows.navigating(p.windowId);
    },
    setZoom: async (p) => {
      await this.o.ui().call('setZoom', p);
      this.o.windows.zoomed(p.windowId, p.factor);
    },
    // What the engine answered for a URL asked for, cut to what a request to it carries
    // (cookieScope.ts). Without one the engine answers for the page it shows, whose address the
    // table may not have yet (a history push), so its answer stands.
    getCookies: async (p) => {
      const cookies = await this.o.ui().call('getCookies', p);
      return p.url ? cookiesForUrl(cookies, p.url) : cookies;
    },
    screenshot: async (p) => {
      await this.folderReady(path.dirname(p.path), 'screenshot folder', 'path');
      return this.o.ui().call('screenshot', p);
    },
    // The page's channel runs it (Linux), or the UI thread starts it and its answer is waited for
    // here (pageScripts.ts); either way no thread waits in the engine for a page.
    runScript: (p) => {
      if (this.o.channels) {
        if (!this.o.windows.get(p.windowId)) throw new UnknownWindowError(p.windowId);
        return this.o.channels.run(p);
      }
      const timeoutMs = p.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
      return this.o.scripts.run(p.windowId, timeoutMs, (scriptId) => this.o.ui().call('runScript', { ...p, timeoutMs, scriptId }));
    },
    savePdf: async (p) => {
      await this.folderReady(path.dirname(p.path), 'PDF folder', 'path');
      return this.o.ui().call('savePdf', p);
    },
  };

  /** Folders the engine writes into are made here, off the UI thread and with a time limit. */
  private async folderReady(folder: string, what: string, field: string, mode?: number): Promise<void> {
    try {
      await prepareFolder(folder, what, { mode, log: this.o.log });
    } catch (err) {
      if (err instanceof FolderError) throw new InvalidInputError(err.message, field);
      throw err;
    }
  }
}
