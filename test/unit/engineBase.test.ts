// The engine base: the rules every engine shares, run against a minimal engine that records what
// the base asked of it.
import * as assert from 'node:assert/strict';
import type { DeviceEmulation, PlatformInfo, WindowClosedEvent, WindowInfo } from '../../src/protocol';
import { DEFAULT_WINDOW_SIZE, EngineBase, type EngineEnvironment, type WindowToOpen } from '../../src/helper/engineBase';
import { InvalidInputError } from '../../src/helper/errors';

class RecordingEngine extends EngineBase<EngineEnvironment> {
  info = { engine: 'WebKitGTK' } as PlatformInfo;
  readonly devices: [number, DeviceEmulation | null][] = [];
  readonly wake = { kind: 'glib' } as never;
  readonly opened: { id: number; folder: string; proxy?: string }[] = [];
  readonly windows: WindowToOpen[] = [];
  readonly closed: { id: number; reason: WindowClosedEvent['reason'] }[] = [];
  runOnce(): void {}
  wait<T>(): T { throw new Error('not used'); }
  listWindows(): WindowInfo[] {
    return this.windows.filter((w) => !this.closed.some((c) => c.id === w.windowId)).map((w) => ({ windowId: w.windowId } as WindowInfo));
  }
  protected resolveFolder(folder: string): string { return folder.replace(/\/+$/, ''); }
  protected sameFolder(a: string, b: string): boolean { return a.toLowerCase() === b.toLowerCase(); }
  protected openEnvironment(id: number, folder: string, proxy: string | undefined): EngineEnvironment {
    this.opened.push({ id, folder, proxy });
    return { id, folder, ...(proxy ? { proxy } : {}) };
  }
  protected openWindow(p: WindowToOpen): WindowInfo {
    this.windows.push(p);
    return { windowId: p.windowId } as WindowInfo;
  }
  protected closeWindow(windowId: number, reason: WindowClosedEvent['reason']): void {
    this.closed.push({ id: windowId, reason });
  }
  protected applyDevice(windowId: number, device: DeviceEmulation | null): void {
    this.devices.push([windowId, device]);
  }
}

describe('engine base', () => {
  it('applies a device through the engine and answers what that engine emulates of it, from the one table', () => {
    const e = new RecordingEngine();
    const phone: DeviceEmulation = { name: 'Phone', width: 375, height: 667, userAgent: 'UA', pixelRatio: 2, touch: true, mobile: true };
    assert.deepEqual(e.setDevice({ windowId: 3, device: phone }), { emulated: ['viewport', 'userAgent'], notEmulated: ['pixelRatio', 'touch'] });
    e.info = { engine: 'WebView2' } as PlatformInfo;
    assert.deepEqual(e.setDevice({ windowId: 3, device: phone }), { emulated: ['viewport', 'userAgent', 'pixelRatio', 'touch'], notEmulated: [] });
    assert.deepEqual(e.setDevice({ windowId: 3, device: null }), { emulated: [], notEmulated: [] });
    assert.deepEqual(e.devices, [[3, phone], [3, phone], [3, null]]);
  });

  it('opens one environment per profile folder, as the platform compares folders', () => {
    const e = new RecordingEngine();
    const first = e.createEnvironment({ userDataFolder: '/p/One/' });
    const again = e.createEnvironment({ userDataFolder: '/p/one' });
    const other = e.createEnvironment({ userDataFolder: '/p/two' });
    assert.deepEqual(first, { environmentId: 1, userDataFolder: '/p/One' });
    assert.deepEqual(again, first);
    assert.equal(other.environmentId, 2);
    assert.deepEqual(e.opened.map((o) => o.folder), ['/p/One', '/p/two']);
  });

  it('refuses a second proxy for an open profile, naming the one it has', () => {
    const e = new RecordingEngine();
    e.createEnvironment({ userDataFolder: '/p', proxy: 'http://127.0.0.1:8888' });
    assert.throws(() => e.createEnvironment({ userDataFolder: '/p' }), (err: Error) =>
      err instanceof InvalidInputError && /already open with the proxy http:\/\/127\.0\.0\.1:8888; restart the helper/.test(err.message));
    assert.throws(() => e.createEnvironment({ userDataFolder: '/p', proxy: 'http://127.0.0.1:9999' }), /already open with the proxy/);
    assert.equal(e.createEnvironment({ userDataFolder: '/p', proxy: 'http://127.0.0.1:8888' }).environmentId, 1);
    assert.equal(e.opened.length, 1);
  });

  it('gives a window the default size and a title from its URL, and refuses an unknown environment', () => {
    const e = new RecordingEngine();
    const env = e.createEnvironment({ userDataFolder: '/p' });
    e.createWindow({ windowId: 4, environmentId: env.environmentId, url: 'http://127.0.0.1/' });
    e.createWindow({ windowId: 5, environmentId: env.environmentId, width: 300, height: 200, title: 'Mine' });
    assert.deepEqual(e.windows.map((w) => [w.width, w.height, w.nativeTitle]), [
      [DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height, 'WebView2 Host: http://127.0.0.1/'],
      [300, 200, 'Mine'],
    ]);
    assert.throws(() => e.createWindow({ windowId: 6, environmentId: 9 }), /no environment 9/);
  });

  it('closes one window as asked, and all with the reason given', () => {
    const e = new RecordingEngine();
    const env = e.createEnvironment({ userDataFolder: '/p' });
    for (const id of [1, 2, 3]) e.createWindow({ windowId: id, environmentId: env.environmentId });
    e.close({ windowId: 2 });
    assert.equal(e.closeAll({ reason: 'shutdown' }), 2);
    assert.deepEqual(e.closed, [{ id: 2, reason: 'request' }, { id: 1, reason: 'shutdown' }, { id: 3, reason: 'shutdown' }]);
  });
});
