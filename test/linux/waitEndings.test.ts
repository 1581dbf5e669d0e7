// The glib wait says what woke it: every wait of a cookie read and a screenshot ends woken by its own
// completion (a GAsyncReadyCallback that no longer settled its completion would show as 'slice' or
// 'deadline'), as the Wine matrix asserts for cowait and pump.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Requests } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import { linuxSuite } from '../support/linuxSuite';

describe('Linux: what woke each wait', function () {
  const suite = linuxSuite();

  it('cookie reads and a screenshot are woken by their completions', async () => {
    const env = await suite.h.environment();
    const w = await suite.h.openLoaded(env, `${suite.server.origin}/set`);
    for (let i = 0; i < 5; i++) await suite.h.client.request(Requests.getCookies, { windowId: w.windowId });
    const shot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-endings-')), 'w.png');
    await suite.h.client.request(Requests.screenshot, { windowId: w.windowId, path: shot });
    const endings = (await suite.h.client.request(TestRequests.debugWaitEndings)).filter((e) => e.windowId === w.windowId);
    const sites = endings.map((e) => e.site);
    assert.equal(sites.filter((s) => s === 'getCookies').length, 5, sites.join(', '));
    assert.ok(sites.includes('screenshot'), sites.join(', '));
    assert.deepEqual([...new Set(endings.map((e) => e.wokenBy))], ['completion'], JSON.stringify(endings));
    fs.rmSync(path.dirname(shot), { recursive: true, force: true });
  });
});
