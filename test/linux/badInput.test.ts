// Bad input and a crashing helper: clear errors, and nothing the user opened is lost.
import * as assert from 'node:assert/strict';
import { ErrorCodes, Notifications, Requests } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import { HelperCrashedError, HelperRequestError, type HelperState } from '../../src/client/helperClient';
import type { CookieServer } from '../support/cookieServer';
import { isAlive, type Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';

describe('Linux backend: bad input and crashes', function () {
  const suite = linuxSuite();
  let server: CookieServer;
  let h: Harness;
  let env: number;
  before(() => ({ server, h } = suite));
  beforeEach(async () => { env = await h.environment(); });

  it('refuses an invalid URL with the reason, and keeps serving', async () => {
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, url: 'http://exa mple.com/' }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.invalidInput && /not a URL a window can open/.test(err.message));
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, url: 'javascript:alert(1)' }), /scheme javascript: is not supported/);
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    await assert.rejects(h.client.request(Requests.navigate, { windowId: w.windowId, url: '' }), /it is empty/);
    assert.equal((await h.client.request(Requests.listWindows)).length, 1);
  });

  it('refuses unknown windows and environments by name', async () => {
    await assert.rejects(h.client.request(Requests.getCookies, { windowId: 999 }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.unknownWindow && /no window 999/.test(err.message));
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: 999, url: 'about:blank' }), /no environment 999/);
    await assert.rejects(h.client.request(Requests.getCookies, { windowId: 'one' as never }), /getCookies: windowId must be a whole number/);
  });

  it('answers an unknown method with "method not found"', async () => {
    const connection = (h.client as any).connection;
    await assert.rejects(connection.sendRequest('openEverything', {}), (err: any) => err.code === -32601 && /Unhandled method openEverything/.test(err.message));
  });

  it('survives malformed messages on its channel', async () => {
    const child = (h.client as any).child;
    child.send('not json-rpc at all');
    child.send({ jsonrpc: '2.0', id: 'x', method: 42 });
    child.send({ jsonrpc: '2.0', id: 77, method: 'createWindow', params: 'nonsense' });
    child.send({ foo: 'bar' });
    // Answered after everything sent before it on the same channel: the helper read those and lives.
    const info = await h.client.request(Requests.diagnostics);
    assert.equal(info.platform.helperPid, child.pid);
    assert.ok(isAlive(child.pid));
  });

  it('after SIGKILL: says crashed, fails the request in flight, keeps the lost windows, and restarts on the next request', async () => {
    const w = await h.openLoaded(env, `${server.origin}/set`);
    const open = h.client.windows.list().map((l) => l.windowId);
    const states: HelperState['kind'][] = [];
    h.client.on('state', (s: HelperState) => states.push(s.kind));
    const oldPid = h.client.pid!;
    const inFlight = h.client.request(TestRequests.debugWait, { mode: 'no-answer', deadlineMs: 10000 });
    process.kill(oldPid, 'SIGKILL');
    await assert.rejects(inFlight, (err: unknown) => err instanceof HelperCrashedError && /was killed by SIGKILL|went away/.test((err as Error).message));
    const crashed = h.client.state;
    assert.equal(crashed.kind, 'crashed');
    if (crashed.kind === 'crashed') {
      assert.equal(crashed.reason, 'was killed by SIGKILL', 'completes "The helper ..."');
      assert.deepEqual(crashed.lostWindows.map((l) => l.windowId).sort(), [...open].sort());
      assert.ok(crashed.lostWindows.some((l) => l.windowId === w.windowId && l.url === `${server.origin}/set`), 'the open window is remembered');
    }
    // The next command, whatever it is, starts a new helper; the lost windows are still kept.
    const env2 = await h.environment();
    assert.notEqual(h.client.pid, oldPid);
    assert.deepEqual(states, ['crashed', 'starting', 'ready']);
    assert.deepEqual(h.client.lostWindows.map((l) => l.windowId).sort(), [...open].sort());
    // New windows do not take the lost windows' ids, and a lost window reopens under its own.
    const again = await h.openLoaded(env2, `${server.origin}/set`);
    assert.ok(again.windowId > Math.max(...open), `new window ${again.windowId} after lost ${open.join(', ')}`);
    const reopened = await h.client.request(Requests.createWindow, { environmentId: env2, url: w.url, windowId: w.windowId });
    assert.equal(reopened.windowId, w.windowId);
    h.client.forgetLost(w.windowId);
    assert.ok(!h.client.lostWindows.some((l) => l.windowId === w.windowId));
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env2, url: w.url, windowId: again.windowId }), (err: unknown) =>
      err instanceof HelperRequestError && err.code === ErrorCodes.invalidInput && new RegExp(`window id ${again.windowId} is in use`).test(err.message));
    assert.equal((await h.client.request(Requests.getCookies, { windowId: again.windowId })).length, 5);
  });

  it('stops cleanly: windows closed, process gone', async () => {
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    const pid = h.client.pid!;
    const closed: number[] = [];
    h.client.onNotification(Notifications.windowClosed, (e) => closed.push(e.windowId));
    await h.client.stop();
    assert.equal(h.client.state.kind, 'stopped');
    assert.ok(!isAlive(pid), 'the helper process has exited');
    assert.deepEqual(closed, [w.windowId], 'its window was closed first');
  });
});
