// WebKit's own processes: a window's web process killed from outside is reported as a crashed page
// (web-process-terminated), and Reload brings the page back in the same window, same id.
import * as assert from 'node:assert/strict';
import { Requests } from '../../src/protocol';
import type { CookieServer } from '../support/cookieServer';
import type { Harness } from '../support/harness';
import { linuxSuite } from '../support/linuxSuite';
import { descendantsNamed } from '../support/processTree';

describe('Linux backend: the engine\'s processes', function () {
  const suite = linuxSuite();
  let server: CookieServer;
  let h: Harness;
  before(() => ({ server, h } = suite));

  it('a killed web process is reported as "page crashed" and Reload brings the page back in the same window', async () => {
    const env = await h.environment();
    const w = await h.openLoaded(env, `${server.origin}/plain`);
    const webProcesses = descendantsNamed(h.client.pid!, 'WebKitWebProces');
    assert.ok(webProcesses.length >= 1, 'the window has a web process of its own');
    const since = h.mark();
    for (const pid of webProcesses) process.kill(pid, 'SIGKILL');
    const failed = await h.next('processFailed', (e) => e.windowId === w.windowId, 20000, since);
    assert.deepEqual(failed.params, { windowId: w.windowId, kind: 'page crashed', recoverable: true });
    const listed = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === w.windowId);
    assert.equal(listed?.failed, 'page crashed');
    assert.equal((await h.client.request(Requests.diagnostics)).verdict.cause, 'process-failed');

    const reload = h.mark();
    await h.client.request(Requests.reload, { windowId: w.windowId });
    const loaded = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, reload);
    assert.equal(loaded.params.isSuccess, true, loaded.params.error);
    const after = (await h.client.request(Requests.listWindows)).find((x) => x.windowId === w.windowId);
    assert.equal(after?.failed, null);
    assert.ok(descendantsNamed(h.client.pid!, 'WebKitWebProces').some((pid) => !webProcesses.includes(pid)), 'a new web process serves it');
    assert.equal((await h.client.request(Requests.diagnostics)).verdict.status, 'healthy');
  });
});
