// Requests forwarded by default: every request of the protocol is either the main thread's own or
// its engine's, every engine request has a wait site, and a request reaches the engine's method of
// its name with its parameters as they are.
import * as assert from 'node:assert/strict';
import { ENGINE_REQUESTS, MAIN_THREAD_REQUESTS, Requests } from '../../src/protocol';
import { WAIT_SITES } from '../../src/helper/ledger';
import { EngineRoute } from '../../src/helper/engineRoute';
import { PageScripts } from '../../src/helper/pageScripts';
import { WindowTable } from '../../src/windowTable';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import type { UiBridge } from '../../src/helper/uiBridge';

describe('request route', () => {
  it('splits the protocol between the main thread and the engine, each request once', () => {
    const all = Object.keys(Requests).sort();
    assert.deepEqual([...MAIN_THREAD_REQUESTS, ...ENGINE_REQUESTS].sort(), all);
    assert.equal(new Set([...MAIN_THREAD_REQUESTS, ...ENGINE_REQUESTS]).size, all.length);
    assert.ok(ENGINE_REQUESTS.includes('savePdf') && !(ENGINE_REQUESTS as string[]).includes('listWindows'));
  });

  it('has a ledger wait site for every engine request, after "other" (code 0)', () => {
    assert.equal(WAIT_SITES[0], 'other');
    for (const m of ENGINE_REQUESTS) assert.ok(WAIT_SITES.includes(m), `${m} has no wait site`);
    assert.ok(WAIT_SITES.includes('createController'));
    assert.equal(new Set(WAIT_SITES).size, WAIT_SITES.length);
  });

  function routeWith(calls: { method: string; params: unknown }[]): { route: EngineRoute; windows: WindowTable } {
    const windows = new WindowTable();
    const ui = { call: async (method: string, params: unknown) => { calls.push({ method, params }); return method === 'setBounds' ? { x: 1, y: 2, width: 300, height: 200 } : 'answer'; } } as unknown as UiBridge;
    let settings = { ...DEFAULT_HELPER_SETTINGS };
    const route = new EngineRoute({ ui: () => ui, windows, settings: { get: () => settings, set: (s) => { settings = s; } }, environmentOpened: () => undefined, log: () => undefined, scripts: new PageScripts() });
    return { route, windows };
  }

  it('forwards a request with no route of its own as it is, and returns the engine answer as it is', async () => {
    const calls: { method: string; params: unknown }[] = [];
    const { route } = routeWith(calls);
    assert.equal(await route.forward('deleteCookie', { windowId: 3, name: 'sid', domain: '127.0.0.1', path: '/' }), 'answer');
    assert.equal(await route.forward('goBack', { windowId: 3 }), 'answer');
    assert.deepEqual(calls, [
      { method: 'deleteCookie', params: { windowId: 3, name: 'sid', domain: '127.0.0.1', path: '/' } },
      { method: 'goBack', params: { windowId: 3 } },
    ]);
  });

  it('tells the window table what a navigation, a zoom and a move changed', async () => {
    const calls: { method: string; params: unknown }[] = [];
    const { route, windows } = routeWith(calls);
    windows.added({ windowId: 1, environmentId: 1, url: 'about:blank', title: '', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 0, y: 0, width: 10, height: 10 }, failed: 'page crashed' });
    await route.forward('navigate', { windowId: 1, url: 'http://127.0.0.1/a' });
    await route.forward('setZoom', { windowId: 1, factor: 1.5 });
    await route.forward('setBounds', { windowId: 1, width: 300, height: 200 });
    const row = windows.get(1)!;
    assert.deepEqual([row.url, row.loading, row.failed, row.zoom, row.bounds], ['http://127.0.0.1/a', true, null, 1.5, { x: 1, y: 2, width: 300, height: 200 }]);
    assert.deepEqual(await route.forward('closeAll', undefined), 'answer');
    assert.deepEqual(calls.at(-1), { method: 'closeAll', params: { reason: 'request' } });
  });
});
