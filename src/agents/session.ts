// What the agent tools share over one HelperClient: the environment they open windows in, the
// current window (the last one opened or acted on), the windows that closed and why, and a bounded
// ring of each window's console messages (the helper keeps the network log itself). Engine-neutral
// and vscode-free: the MCP server and the extension's language model tools each make one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HelperClient, HelperState } from '../client/helperClient';
import { ConfinedFileServer } from '../fileServer/confinedServer';
import { localFileUrl } from '../fileServer/localPreview';
import { printable } from '../printable';
import {
  Notifications, Requests,
  type ConsoleMessageEvent, type CreateEnvironmentParams, type NavigationCompletedEvent, type WindowInfo,
} from '../protocol';
import { toNavigableUrl } from '../urls';
import { ToolRefusal } from './answers';
import { WindowRings } from './ring';

export interface AgentOptions {
  client: HelperClient;
  /** The profile (and proxy) the agent's windows open in. */
  environment: CreateEnvironmentParams;
  /** The workspace folder: relative paths are read from it, and a page reads only its files. */
  root: string;
  revealCookies: boolean;
  /** How the user reveals cookie values, for a masked answer (default: the MCP server's flag). */
  revealCookiesHow?: string;
  allowEvaluate: boolean;
  /** How long a tool waits for a page to load before it answers "still loading". */
  loadWaitMs: number;
}

/** A page's load as the tools report it: what the engine said, or undefined while it still loads. */
export type Load = NavigationCompletedEvent | undefined;

export class AgentSession {
  readonly files = new ConfinedFileServer();
  readonly console = new WindowRings<ConsoleMessageEvent>(500);
  /** The viewport browser_resize last asked of a window, and when: a screenshot waits for it. */
  readonly resizes = new Map<number, { width: number; height: number; at: number }>();
  private current: number | undefined;
  /** Windows that closed, with why: an agent naming one is told it closed, not that it never was. */
  private readonly closed = new Map<number, string>();
  private environmentId: Promise<number> | undefined;
  private readonly offs: (() => void)[] = [];

  constructor(readonly options: AgentOptions) {
    const { client } = options;
    this.offs.push(
      client.onNotification(Notifications.consoleMessage, (e) => this.console.push(e.windowId, e)),
      client.onNotification(Notifications.windowClosed, (e) => this.closedNow(e.windowId, e.reason === 'user' ? 'the user closed it' : 'it was closed')),
    );
    const onState = (state: HelperState) => {
      // A new helper has none of the old one's environments; a crash also took its windows (a helper
      // replaced for not responding gets them back under their ids).
      if (state.kind === 'crashed' || state.kind === 'notResponding') this.environmentId = undefined;
      if (state.kind === 'crashed') for (const w of state.lostWindows) this.closedNow(w.windowId, `the helper ${state.reason}`);
    };
    client.on('state', onState);
    this.offs.push(() => client.off('state', onState));
  }

  get client(): HelperClient {
    return this.options.client;
  }

  private closedNow(windowId: number, why: string, overwrite = false): void {
    if (overwrite || !this.closed.has(windowId)) this.closed.set(windowId, why);
    this.console.forget(windowId);
    this.resizes.delete(windowId);
    if (this.current === windowId) this.current = undefined;
  }

  /** The agent's environment, made on first use (and again after a helper crash). */
  environment(): Promise<number> {
    this.environmentId ??= this.client.request(Requests.createEnvironment, this.options.environment).then(
      (env) => env.environmentId,
      (err: unknown) => { this.environmentId = undefined; throw err; },
    );
    return this.environmentId;
  }

  /** The window a tool acts on: the one named, else the current one; it becomes the current one. */
  windowFor(windowId: number | undefined): WindowInfo {
    const open = this.client.windows.list();
    // With no current window (the extension's user opened them), a lone window is the one meant.
    const id = windowId ?? this.current ?? (open.length === 1 ? open[0].windowId : undefined);
    if (id === undefined) {
      if (open.length === 0) throw new ToolRefusal('No window is open: call browser_open with a URL or a workspace file first.');
      throw new ToolRefusal(`No window is current: give windowId (open: ${open.map((w) => w.windowId).join(', ')}), or call browser_windows to list them.`);
    }
    const window = this.client.windows.get(id);
    if (window) {
      this.current = id;
      return window;
    }
    const why = this.closed.get(id);
    if (why) throw new ToolRefusal(`Window ${id} is closed (${why}): call browser_windows to list the open windows, or browser_open to open a page.`);
    throw new ToolRefusal(`There is no window ${id}: call browser_windows to list the open windows.`);
  }

  /** The window just opened (or acted on) becomes the one tools act on by default. */
  makeCurrent(windowId: number): void {
    this.current = windowId;
  }

  get currentId(): number | undefined {
    return this.current;
  }

  /** The window to act on after `windowId` closed: the newest one still open. */
  afterClose(windowId: number): number | undefined {
    this.closedNow(windowId, 'browser_close closed it', true); // the close event may have come first
    const rest = this.client.windows.list().filter((w) => w.windowId !== windowId);
    this.current = rest.length ? Math.max(...rest.map((w) => w.windowId)) : undefined;
    return this.current;
  }

  /**
   * The URL a window loads for what an agent typed: a URL as it is, or a file of the workspace
   * (relative to it, absolute, or file:) through the confined preview server, never as file:.
   */
  async urlFor(input: string): Promise<string> {
    const text = input.trim();
    const root = this.options.root;
    let file: string | undefined;
    if (text && !/^[a-z][a-z0-9+.-]*:/i.test(text)) {
      const candidate = path.resolve(root, text);
      if (fs.existsSync(candidate)) file = candidate;
      else if (path.isAbsolute(text) || /^\.{0,2}[\\/]/.test(text) || /\.x?html?$/i.test(text)) {
        throw new ToolRefusal(`There is no file ${text} in the workspace ${root}: give a path relative to it, or an http(s) URL.`);
      }
    }
    if (file === undefined) {
      const url = toNavigableUrl(text);
      if (!url.startsWith('file:')) return url;
      file = fileURLToPath(url);
    }
    if (!fs.existsSync(file)) throw new ToolRefusal(`There is no file ${file}: give a path of a file in the workspace ${root}.`);
    if (fs.statSync(file).isDirectory()) {
      const index = path.join(file, 'index.html');
      if (!fs.existsSync(index)) throw new ToolRefusal(`${file} is a folder with no index.html: name a page inside it.`);
      file = index;
    }
    return localFileUrl(this.files, file, root);
  }

  /** Text for the agent: a served file's own path instead of the server's address and token. */
  display(text: string): string {
    return this.files.present(text);
  }

  /** A URL or title a page chose, on one line and with served files shown as paths. */
  shown(text: string): string {
    return printable(this.display(text));
  }

  /**
   * Starts something that loads a page in a window and waits for that load, up to `waitMs`:
   * the event is listened for before `start` runs, so a fast load cannot slip past.
   * `start` returns the window's id (known only once a window it creates exists).
   */
  async load(start: () => Promise<number>, waitMs = this.options.loadWaitMs): Promise<{ windowId: number; load: Load }> {
    const seen: NavigationCompletedEvent[] = [];
    let wake: () => void = () => undefined;
    const off = this.client.onNotification(Notifications.navigationCompleted, (e) => { seen.push(e); wake(); });
    try {
      const windowId = await start();
      const load = await new Promise<Load>((resolve) => {
        const done = (e: Load) => { clearTimeout(timer); closed(); resolve(e); };
        const timer = setTimeout(() => done(undefined), waitMs);
        const closed = this.client.onNotification(Notifications.windowClosed, (e) => { if (e.windowId === windowId) done(undefined); });
        wake = () => {
          const e = seen.find((n) => n.windowId === windowId);
          if (e) done(e);
        };
        wake();
      });
      return { windowId, load };
    } finally {
      off();
    }
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.files.dispose();
  }
}
