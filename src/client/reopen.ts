// The one way windows are opened again after their helper went away (a crash, Restart Helper, a
// helper replaced because it stopped responding): under the ids they had, in environments made
// with the same parameters (profile folder, proxy), at the same position, size and zoom, and, where
// the profile's session cookies were kept, with those put back before the page loads again; a
// window that was a device is that device again before its page loads.
import { emulationOf, findPreset } from '../devices';
import type { Cookie, CreateEnvironmentParams, WindowInfo } from '../protocol';
import { Requests } from '../protocol';
import type { HelperClient } from './helperClient';

export interface ReopenResult {
  reopened: WindowInfo[];
  failed: { window: WindowInfo; error: string }[];
  /** Kept session cookies the engine would not take back, by name, with why (never their values). */
  cookiesRefused: { name: string; error: string }[];
  /** Windows that came back without the device they were, with why (they show their page all the same). */
  devicesRefused: { windowId: number; device: string; error: string }[];
}

export async function reopenWindows(
  client: HelperClient,
  windows: WindowInfo[],
  environmentOf: (environmentId: number) => CreateEnvironmentParams | undefined,
  sessionCookiesOf: (profile: string) => Cookie[] = () => [],
): Promise<ReopenResult> {
  const environments = new Map<string, number>();
  const result: ReopenResult = { reopened: [], failed: [], cookiesRefused: [], devicesRefused: [] };
  for (const w of [...windows].sort((a, b) => a.windowId - b.windowId)) {
    const params = environmentOf(w.environmentId);
    if (!params || !w.url) {
      result.failed.push({ window: w, error: params ? 'it showed no page yet' : 'its environment is not known' });
      continue;
    }
    try {
      const key = JSON.stringify([params.userDataFolder, params.proxy ?? '']);
      let environmentId = environments.get(key);
      const fresh = environmentId === undefined;
      if (environmentId === undefined) {
        environmentId = (await client.request(Requests.createEnvironment, params)).environmentId;
        environments.set(key, environmentId);
      }
      const cookies = fresh ? sessionCookiesOf(params.userDataFolder) : [];
      const place = w.bounds && w.bounds.width > 0 && w.bounds.height > 0 ? { ...w.bounds } : {};
      const preset = w.device ? findPreset(w.device) : undefined;
      if (w.device && !preset) result.devicesRefused.push({ windowId: w.windowId, device: w.device, error: 'not a device this version knows' });
      let device = preset ? emulationOf(preset) : null;
      // With cookies to put back or a device to be, the window opens empty and loads its page once they are in.
      const later = cookies.length > 0 || device !== null;
      let opened = await client.request(Requests.createWindow, { environmentId, windowId: w.windowId, ...place, ...(later ? {} : { url: w.url }) });
      if (device) {
        try {
          await client.request(Requests.setDevice, { windowId: opened.windowId, device });
        } catch (err) { // the page still comes back, as the desktop window it then is
          result.devicesRefused.push({ windowId: w.windowId, device: device.name, error: (err as Error).message });
          device = null;
        }
      }
      for (const c of cookies) {
        try {
          await client.request(Requests.setCookie, {
            windowId: opened.windowId,
            cookie: { name: c.name, value: c.value, domain: c.domain, path: c.path, expires: null, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite },
          });
        } catch (err) {
          // One cookie the rules refuse (SameSite=None without Secure) costs only itself.
          result.cookiesRefused.push({ name: c.name, error: (err as Error).message });
        }
      }
      if (later) await client.request(Requests.navigate, { windowId: opened.windowId, url: w.url });
      if (w.zoom && w.zoom !== 1) await client.request(Requests.setZoom, { windowId: opened.windowId, factor: w.zoom });
      opened = { ...opened, url: w.url, zoom: w.zoom, ...(device ? { device: device.name } : {}) };
      result.reopened.push(opened);
    } catch (err) {
      result.failed.push({ window: w, error: (err as Error).message });
    }
  }
  return result;
}

/** What a reopen could not put back, a line each, for the log (cookie names, never their values). */
export function notPutBack(result: Pick<ReopenResult, 'cookiesRefused' | 'devicesRefused'>): string[] {
  return [
    ...result.cookiesRefused.map((c) => `session cookie ${c.name} could not be put back: ${c.error}`),
    ...result.devicesRefused.map((d) => deviceNotPutBack(d.windowId, d.device, d.error)),
  ];
}

export function deviceNotPutBack(windowId: number, device: string, error: string): string {
  return `window ${windowId} came back without being a ${device}: ${error}`;
}
