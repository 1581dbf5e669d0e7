// Starts the real helper (dist/helper.js) exactly as the extension does, through HelperClient,
// and records everything it reports so that tests can wait for a given event.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelperClient, type HelperClientOptions } from '../../src/client/helperClient';
import { Notifications, Requests, type HelperSettings, type WindowInfo } from '../../src/protocol';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import { testHooksEnv } from '../../src/testHooks/switch';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const HELPER = path.join(ROOT, 'dist', 'helper.js');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

export interface Recorded {
  method: string;
  params: any;
  at: number;
}

export class Harness {
  readonly client: HelperClient;
  readonly events: Recorded[] = [];
  readonly logs: string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    settings: Partial<HelperSettings> = {},
    env: NodeJS.ProcessEnv = {},
    runtime: { browserFolder?: string; loaderPath?: string } = {},
    client: Pick<HelperClientOptions, 'liveness' | 'keepSessionCookies'> = {},
  ) {
    const full: HelperSettings = { ...DEFAULT_HELPER_SETTINGS, ...settings };
    this.client = new HelperClient({
      helperPath: HELPER,
      settings: () => full,
      browserFolder: () => runtime.browserFolder,
      loaderPath: () => runtime.loaderPath,
      env: { ...testHooksEnv(true), ...env },
      log: (level, message) => this.logs.push(`${level}: ${message}`),
      ...client,
    });
    for (const type of Object.values(Notifications)) {
      this.client.onNotification(type, (params: unknown) => {
        this.events.push({ method: type.method, params, at: Date.now() });
        for (const l of this.listeners) l();
      });
    }
  }

  /** A position in the event record: `next` can be told to look only at what comes after it. */
  mark(): number {
    return this.events.length;
  }

  /** Resolves with the first event from position `since` on (past or future) that matches, or fails after timeoutMs. */
  next(method: string, match: (params: any) => boolean = () => true, timeoutMs = 20000, since = 0): Promise<Recorded> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(since).find((e) => e.method === method && match(e.params));
        if (!found) return false;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no ${method} event matched within ${timeoutMs} ms; saw: ${this.events.map((e) => e.method).join(', ')}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** A new environment with a profile folder of its own, optionally seeded with files. */
  async environment(files: Record<string, string> = {}): Promise<number> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-profile-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
    return (await this.client.request(Requests.createEnvironment, { userDataFolder: folder })).environmentId;
  }

  /** Opens a window and waits for its first navigation to finish. */
  async openLoaded(environmentId: number, url: string): Promise<WindowInfo> {
    const since = this.mark();
    const window = await this.client.request(Requests.createWindow, { environmentId, url, width: 640, height: 480 });
    await this.next('navigationCompleted', (e) => e.windowId === window.windowId, 20000, since);
    return window;
  }

  async stop(): Promise<void> {
    await this.client.stop();
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
