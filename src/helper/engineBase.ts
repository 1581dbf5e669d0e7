// What every engine does the same way, written once (as webview/webview's engine_base): the
// registry of environments (one per profile folder, its proxy fixed for its life), the size and
// title a new window takes, closing one window or all, and the engine's wait. An engine supplies
// only what differs: how an environment and a window are made and closed, and each request's
// native call.
import {
  ErrorCodes,
  type Bounds, type CreateEnvironmentParams, type DeviceEmulation, type DeviceResult, type EnvironmentInfo, type PlatformInfo, type SetBoundsParams,
  type SetDeviceParams, type SetNetworkCaptureParams, type WindowClosedEvent, type WindowInfo, type WindowParams,
} from '../protocol';
import { deviceChangeWords, emulationOf, engineEmulates, findPreset } from '../devices';
import { windowTitle, type BackendEvents, type BackendWaitSpec, type NewWindowParams } from './backend';
import { HelperError, InvalidInputError } from './errors';
import type { Completion } from './waits';
import type { WakeTarget } from './wake';
import { WindowIds } from '../windowIds';

/** The size of a window nobody sized. */
export const DEFAULT_WINDOW_SIZE = { width: 1024, height: 768 } as const;

/** What the base keeps of an environment; engines add their native objects. */
export interface EngineEnvironment {
  id: number;
  folder: string;
  /** The proxy every request of the environment goes through, fixed when it was made. */
  proxy?: string;
}

/** A window to open, with the defaults applied: its size and native title are settled. */
export type WindowToOpen = NewWindowParams & { width: number; height: number; nativeTitle: string };

/** An engine is declared `extends EngineBase<…> implements Backend`: the compiler then asks it for
 *  every engine request the base does not serve. */
export abstract class EngineBase<E extends EngineEnvironment> {
  abstract readonly info: PlatformInfo;
  abstract readonly wake: WakeTarget;
  protected readonly environments = new Map<number, E>();
  private nextEnvironmentId = 1;
  /** The device each window emulates, for its toolbar's menu and a browser that starts again. */
  private readonly devices = new Map<number, DeviceEmulation>();

  /** `windowIds`: where popups get their ids, the counter the main thread's table takes from too. */
  constructor(protected readonly windowIds = new WindowIds()) {}

  abstract runOnce(): void;
  abstract listWindows(): WindowInfo[];
  /** Waits for an engine completion with this engine's strategy (every engine feature waits here). */
  abstract wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T;

  /** The folder as this platform names it (absolute, resolved). */
  protected abstract resolveFolder(folder: string): string;
  /** Whether two resolved folders are the same on this platform's file system. */
  protected abstract sameFolder(a: string, b: string): boolean;
  /** A new environment for a folder no open environment uses. */
  protected abstract openEnvironment(id: number, folder: string, proxy: string | undefined): E;
  protected abstract openWindow(p: WindowToOpen, env: E): WindowInfo;
  protected abstract closeWindow(windowId: number, reason: WindowClosedEvent['reason']): void;
  /** Sets (or, for null, removes) the device overrides this engine can (devices.ts, EMULATED_BY). */
  protected abstract applyDevice(windowId: number, device: DeviceEmulation | null): void;
  abstract setBounds(p: SetBoundsParams): Bounds;
  abstract reload(p: WindowParams): void;

  /** The environment of that profile folder: the open one (with the same proxy), or a new one. */
  createEnvironment(p: CreateEnvironmentParams): EnvironmentInfo {
    const folder = this.resolveFolder(p.userDataFolder);
    for (const env of this.environments.values()) {
      if (!this.sameFolder(env.folder, folder)) continue;
      if (env.proxy !== p.proxy) {
        throw new InvalidInputError(`the profile ${env.folder} is already open ${env.proxy ? `with the proxy ${env.proxy}` : 'without a proxy'}; restart the helper to change it`);
      }
      return { environmentId: env.id, userDataFolder: env.folder };
    }
    const env = this.openEnvironment(this.nextEnvironmentId, folder, p.proxy);
    this.nextEnvironmentId++;
    this.environments.set(env.id, env);
    return { environmentId: env.id, userDataFolder: folder };
  }

  createWindow(p: NewWindowParams): WindowInfo {
    const env = this.environments.get(p.environmentId);
    if (!env) throw new InvalidInputError(`no environment ${p.environmentId}`);
    // A popup may have taken an id a moment before the main thread's table heard of it.
    if (this.listWindows().some((w) => w.windowId === p.windowId)) throw new InvalidInputError(`window id ${p.windowId} is in use`);
    this.devices.delete(p.windowId);
    return this.openWindow({
      ...p,
      width: p.width ?? DEFAULT_WINDOW_SIZE.width,
      height: p.height ?? DEFAULT_WINDOW_SIZE.height,
      nativeTitle: windowTitle(p),
    }, env);
  }

  /** A device: the engine applies what it can; the answer says what that was, from the one table (devices.ts). */
  setDevice(p: SetDeviceParams): DeviceResult {
    this.applyDevice(p.windowId, p.device);
    if (p.device) this.devices.set(p.windowId, { ...p.device });
    else this.devices.delete(p.windowId);
    return engineEmulates(p.device, this.info.engine);
  }

  /** The device a window emulates now (a preset's label), if any. */
  deviceOf(windowId: number): string | undefined {
    return this.devices.get(windowId)?.name;
  }

  /** What the window emulates, as it was asked for. */
  protected emulation(windowId: number): DeviceEmulation | undefined {
    return this.devices.get(windowId);
  }

  /**
   * A preset chosen in the window's own device menu, done as Device or Size does it: the viewport
   * first, then the overrides (a desktop size removes them), then a reload so that the page's
   * requests and scripts see the device; the main thread's table and the log hear of it.
   */
  chooseDeviceInWindow(windowId: number, presetId: string, events: Pick<BackendEvents, 'deviceChanged' | 'log'>): void {
    const preset = findPreset(presetId);
    if (!preset) {
      events.log('error', `window ${windowId}: there is no device ${JSON.stringify(presetId)}`);
      return;
    }
    const device = emulationOf(preset);
    const was = this.devices.get(windowId)?.name;
    const wasEmulation = this.devices.get(windowId);
    const row = () => this.listWindows().find((w) => w.windowId === windowId);
    try {
      const bounds = this.setBounds({ windowId, width: preset.width, height: preset.height });
      const result = device || was ? this.setDevice({ windowId, device }) : undefined;
      const url = row()?.url;
      if (result && url) this.reload({ windowId });
      events.deviceChanged(windowId, device?.name ?? null, bounds);
      events.log('info', deviceChangeWords(windowId, device && result ? { device, result, engine: this.info.engine } : { width: preset.width, height: preset.height, was },
        Boolean(url), ' (chosen in the window)'));
    } catch (err) {
      // Half done (sized, some overrides set): the device it was is put back, and the table told what is.
      try {
        this.setDevice({ windowId, device: wasEmulation ?? null });
      } catch { /* the window may be gone: nothing left to put back */ }
      const now = row();
      if (now) events.deviceChanged(windowId, this.devices.get(windowId)?.name ?? null, now.bounds);
      events.log('error', `window ${windowId} could not become ${device ? `a ${preset.label}` : preset.label}: ${(err as Error)?.message ?? err}`);
    }
  }

  close(p: WindowParams): void {
    this.closeWindow(p.windowId, 'request');
  }

  /** Response bodies for a HAR: an engine that records them overrides this; the others say so. */
  setNetworkCapture(p: SetNetworkCaptureParams): void {
    throw new HelperError(`window ${p.windowId}: this engine (${this.info.engine}) does not capture response bodies yet`, ErrorCodes.unsupported);
  }

  closeAll({ reason }: { reason: 'request' | 'shutdown' }): number {
    const ids = this.listWindows().map((w) => w.windowId);
    for (const id of ids) this.closeWindow(id, reason);
    return ids.length;
  }
}
