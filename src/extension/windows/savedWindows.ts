// What is kept of the open windows in the workspace's state, so that they come back at the next
// start like editors do (setting webview2Host.restoreWindows): each window's address, place,
// size, zoom, device and profile, which window was current, and the views open beside them. A served
// workspace file is kept as the file, never as its URL: the preview server's port and token die
// with the extension host. Session cookies are not kept (they stay in memory, never on disk).
// Free of the vscode module; activation imports only hasSavedWindows from here.
import { DEVICE_PRESETS, findPreset } from '../../devices';
import type { Bounds, CreateEnvironmentParams, WindowInfo } from '../../protocol';

export const SAVED_WINDOWS_KEY = 'webview2Host.savedWindows';

export interface SavedWindow {
  windowId: number;
  /** The address of a window that does not show a served workspace file. */
  url?: string;
  /** The URI of the workspace file a window shows through the preview server. */
  file?: string;
  bounds: Bounds;
  zoom: number;
  /** The device preset it emulated (its label), if any. */
  device?: string;
  environment: CreateEnvironmentParams;
}

export interface SavedWindows {
  version: 1;
  /** By window id. */
  windows: SavedWindow[];
  /** The current window's id. */
  current?: number;
  /** Views open beside the windows: the cookie views (by window id), the diagnostics view. */
  views: { cookies: number[]; diagnostics: boolean };
}

export const NO_SAVED_WINDOWS: SavedWindows = { version: 1, windows: [], views: { cookies: [], diagnostics: false } };

/** Whether a stored value names any window: all activation asks before it loads anything more. */
export function hasSavedWindows(value: unknown): boolean {
  const windows = (value as { windows?: unknown } | null | undefined)?.windows;
  return Array.isArray(windows) && windows.length > 0;
}

export interface SaveSources {
  environmentOf(environmentId: number): CreateEnvironmentParams | undefined;
  /** The workspace file's URI behind a URL the preview server served, else undefined. */
  fileOf(url: string): string | undefined;
  current: number | undefined;
  cookieViews: Iterable<number>;
  diagnostics: boolean;
}

/** What is kept of these windows. A window that shows nothing yet, or whose profile is not
 *  known, has nothing to come back to and is left out. */
export function savedWindowsOf(windows: readonly WindowInfo[], s: SaveSources): SavedWindows {
  const kept: SavedWindow[] = [];
  for (const w of [...windows].sort((a, b) => a.windowId - b.windowId)) {
    const environment = s.environmentOf(w.environmentId);
    if (!environment || !w.url || w.url === 'about:blank') continue;
    const file = s.fileOf(w.url);
    kept.push({
      windowId: w.windowId,
      ...(file ? { file } : { url: w.url }),
      bounds: { ...w.bounds },
      zoom: w.zoom,
      ...(w.device ? { device: w.device } : {}),
      environment: { userDataFolder: environment.userDataFolder, ...(environment.proxy ? { proxy: environment.proxy } : {}) },
    });
  }
  const ids = new Set(kept.map((w) => w.windowId));
  return {
    version: 1,
    windows: kept,
    ...(s.current !== undefined && ids.has(s.current) ? { current: s.current } : {}),
    views: { cookies: [...s.cookieViews].filter((id) => ids.has(id)).sort((a, b) => a - b), diagnostics: s.diagnostics && kept.length > 0 },
  };
}

/**
 * The stored value read back: every window that can come back, and for each entry that cannot, a
 * line saying why (the state may come from another version, or have been edited by hand).
 */
export function parseSavedWindows(value: unknown): { saved: SavedWindows; problems: string[] } {
  const problems: string[] = [];
  if (value === undefined || value === null) return { saved: NO_SAVED_WINDOWS, problems };
  const v = value as Partial<Record<keyof SavedWindows, unknown>>;
  if (typeof value !== 'object' || v.version !== 1 || !Array.isArray(v.windows)) {
    return { saved: NO_SAVED_WINDOWS, problems: ['the saved windows are not in a form this version reads; none is restored'] };
  }
  const windows: SavedWindow[] = [];
  for (const [i, entry] of v.windows.entries()) {
    try {
      const w = savedWindow(entry, problems);
      if (windows.some((x) => x.windowId === w.windowId)) throw new Error(`window ${w.windowId} is saved twice`);
      windows.push(w);
    } catch (err) {
      problems.push(`saved window ${i + 1} is not restored: ${(err as Error).message}`);
    }
  }
  windows.sort((a, b) => a.windowId - b.windowId);
  const ids = new Set(windows.map((w) => w.windowId));
  const views = (v.views ?? {}) as { cookies?: unknown; diagnostics?: unknown };
  const cookies = Array.isArray(views.cookies) ? views.cookies.filter((id): id is number => typeof id === 'number' && ids.has(id)) : [];
  return {
    saved: {
      version: 1,
      windows,
      ...(typeof v.current === 'number' && ids.has(v.current) ? { current: v.current } : {}),
      views: { cookies, diagnostics: views.diagnostics === true && windows.length > 0 },
    },
    problems,
  };
}

function savedWindow(entry: unknown, problems: string[]): SavedWindow {
  if (!entry || typeof entry !== 'object') throw new Error(`${JSON.stringify(entry)} is not a window`);
  const e = entry as Record<string, unknown>;
  if (typeof e.windowId !== 'number' || !Number.isInteger(e.windowId) || e.windowId < 1) throw new Error(`window id ${JSON.stringify(e.windowId)} is not a whole number from 1`);
  const hasUrl = typeof e.url === 'string' && e.url !== '';
  const hasFile = typeof e.file === 'string' && e.file !== '';
  if (hasUrl === hasFile) throw new Error(`window ${e.windowId} needs either a url or a file`);
  const b = (e.bounds ?? {}) as Record<string, unknown>;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);
  if (!whole(b.x) || !whole(b.y) || !whole(b.width) || !whole(b.height) || b.width < 1 || b.height < 1) {
    throw new Error(`window ${e.windowId}: ${JSON.stringify(e.bounds)} is not a place and size in whole pixels`);
  }
  const env = (e.environment ?? {}) as Record<string, unknown>;
  if (typeof env.userDataFolder !== 'string' || env.userDataFolder === '') throw new Error(`window ${e.windowId} has no profile folder`);
  if (env.proxy !== undefined && typeof env.proxy !== 'string') throw new Error(`window ${e.windowId}: the proxy ${JSON.stringify(env.proxy)} is not text`);
  // A zoom out of range is the one thing read as its default rather than refused: the page still comes back.
  const zoom = typeof e.zoom === 'number' && e.zoom >= 0.25 && e.zoom <= 5 ? e.zoom : 1;
  const device = typeof e.device === 'string' && findPreset(e.device) ? e.device : undefined;
  if (e.device !== undefined && !device) {
    problems.push(`saved window ${e.windowId} comes back as a desktop window: ${JSON.stringify(e.device)} is not a device this version knows (${DEVICE_PRESETS.map((p) => p.label).join(', ')})`);
  }
  return {
    windowId: e.windowId,
    ...(hasUrl ? { url: e.url as string } : { file: e.file as string }),
    bounds: { x: b.x, y: b.y, width: b.width, height: b.height },
    zoom,
    ...(device ? { device } : {}),
    environment: { userDataFolder: env.userDataFolder, ...(env.proxy ? { proxy: env.proxy as string } : {}) },
  };
}
