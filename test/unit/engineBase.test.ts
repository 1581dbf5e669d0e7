// The engine base: the rules every engine shares, run against a minimal engine that records what
// the base asked of it.
import * as assert from 'node:assert/strict';
import type { Bounds, DeviceEmulation, PlatformInfo, SetBoundsParams, WindowClosedEvent, WindowInfo } from '../../src/protocol';
import { DEFAULT_WINDOW_SIZE, EngineBase, type EngineEnvironment, type WindowToOpen } from '../../src/helper/engineBase';
import { InvalidInputError } from '../../src/helper/errors';

class RecordingEngine extends EngineBase<EngineEnvironment> {
  info = { engine: 'WebKitGTK' } as PlatformInfo;
  readonly applied: [number, DeviceEmulation | null][] = [];
  readonly calls: string[] = [];
  url = 'http://127.0.0.1/';
  readonly wake = { kind: 'glib' } as never;
  readonly opened: { id: number; folder: string; proxy?: string }[] = [];
  readonly windows: WindowToOpen[] = [];
  readonly closed: { id: number; reason: WindowClosedEvent['reason'] }[] = [];
  runOnce(): void {}
  wait<T>(): T { throw new Error('not used'); }
  listWindows(): WindowInfo[] {
    return this.windows.filter((w) => !this.closed.some((c) => c.id === w.windowId)).map((w) => ({ windowId: w.windowId, url: this.url } as WindowInfo));
  }
  setBounds(p: SetBoundsParams): Bounds {
    this.calls.push(`size ${p.width}x${p.height}`);
    return { x: 10, y: 20, width: p.width, height: p.height };
  }
  reload(): void { this.calls.push('reload'); }
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
  /** The next applyDevice of this device throws, as a refused DevTools call would. */
  refuse?: string;
  protected applyDevice(windowId: number, device: DeviceEmulation | null): void {
    if (device && device.name === this.refuse) throw new Error('Emulation.setDeviceMetricsOverride was refused');
    this.applied.push([windowId, device]);
    this.calls.push(`device ${device?.name ?? 'none'}`);
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
    assert.deepEqual(e.applied, [[3, phone], [3, phone], [3, null]]);
  });

  it('a device chosen in the window: sized, emulated, reloaded, and told with the words Device or Size uses', () => {
    const e = new RecordingEngine();
    const env = e.createEnvironment({ userDataFolder: '/p' });
    e.createWindow({ environmentId: env.environmentId, windowId: 4, url: 'http://127.0.0.1/' });
    const told: [number, string | null, Bounds][] = [];
    const logs: string[] = [];
    const events = { deviceChanged: (id: number, d: string | null, b: Bounds) => told.push([id, d, b]), log: (_l: string, m: string) => logs.push(m) };
    e.chooseDeviceInWindow(4, 'phone', events);
    assert.deepEqual(e.calls, ['size 375x667', 'device Phone', 'reload']);
    assert.deepEqual(told, [[4, 'Phone', { x: 10, y: 20, width: 375, height: 667 }]]);
    assert.equal(e.deviceOf(4), 'Phone');
    assert.equal(logs[0], 'window 4 is a Phone (chosen in the window): viewport 375 \u00d7 667 and user agent emulated; pixel ratio 2 and touch are not emulated on WebKitGTK; reloaded');
    e.calls.length = 0;
    e.chooseDeviceInWindow(4, 'laptop', events);
    assert.deepEqual(e.calls, ['size 1280x800', 'device none', 'reload'], 'a desktop size removes the overrides and reloads');
    assert.equal(e.deviceOf(4), undefined);
    assert.deepEqual(told[1], [4, null, { x: 10, y: 20, width: 1280, height: 800 }]);
    assert.equal(logs[1], "window 4 is 1280 \u00d7 800 (chosen in the window); no longer a Phone (the engine's own user agent, reloaded)");
    e.calls.length = 0;
    e.chooseDeviceInWindow(4, 'laptop', events);
    assert.deepEqual(e.calls, ['size 1280x800'], 'a desktop size on a window with no device only sizes it');
    e.chooseDeviceInWindow(4, 'no such preset', events);
    assert.deepEqual(e.calls, ['size 1280x800'], 'an unknown preset does nothing');
    assert.equal(told.length, 3);
    assert.equal(logs.at(-1), 'window 4: there is no device "no such preset"');
  });

  it('a device the engine refuses in the window: the one it was is put back, the table told what is, the log says why in one line', () => {
    const e = new RecordingEngine();
    const env = e.createEnvironment({ userDataFolder: '/p' });
    e.createWindow({ environmentId: env.environmentId, windowId: 4, url: 'http://127.0.0.1/' });
    const told: [number, string | null][] = [];
    const logs: string[] = [];
    const events = { deviceChanged: (id: number, d: string | null) => told.push([id, d]), log: (l: string, m: string) => logs.push(`${l}: ${m}`) };
    e.chooseDeviceInWindow(4, 'phone', events);
    e.refuse = 'Tablet';
    e.calls.length = 0;
    e.chooseDeviceInWindow(4, 'tablet', events);
    assert.deepEqual(e.calls, ['size 768x1024', 'device Phone'], 'sized, refused, the phone put back; no reload');
    assert.equal(e.deviceOf(4), 'Phone');
    assert.deepEqual(told, [[4, 'Phone'], [4, 'Phone']]);
    assert.equal(logs.at(-1), 'error: window 4 could not become a Tablet: Emulation.setDeviceMetricsOverride was refused');
    e.chooseDeviceInWindow(4, 'pager', events);
    assert.equal(logs.at(-1), 'error: window 4: there is no device "pager"');
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
