// The engine's own processes under the Windows backend: the test runtime runs a browser process
// per environment (msedgewebview2.exe beside the runtime) and a renderer per webview. Killing the
// browser process fails every webview of its environment (ProcessFailed BROWSER_PROCESS_EXITED,
// BrowserProcessExited on the environment) and nothing else; the next use recreates the
// environment and its browsers, window ids kept. Killing a renderer fails its webview alone, and
// Reload brings it back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emulationOf, findPreset } from '../../src/devices';
import { Requests, type WindowInfo } from '../../src/protocol';
import type { Harness } from '../support/harness';
import { browserProcessOf, isRunning, rendererOf } from '../support/winProcesses';
import { until } from '../support/until';
import { cookieFile, windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';
import { pageProperty } from '../support/win32Chrome';

async function environmentIn(h: Harness, files: Record<string, string> = {}): Promise<{ id: number; folder: string }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-processes-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
  const env = await h.client.request(Requests.createEnvironment, { userDataFolder: folder });
  return { id: env.environmentId, folder: env.userDataFolder };
}

/** What the helper logged (log notifications). */
const logged = (h: Harness, text: string) => h.events.some((e) => e.method === 'log' && String(e.params.message).includes(text));
const listed = async (h: Harness, w: WindowInfo) => (await h.client.request(Requests.listWindows)).find((x) => x.windowId === w.windowId);

{
  for (const delivery of ['send', 'browser-send']) {
    describeWithTestRuntime(`Windows backend: the engine's processes (delivery ${delivery})`, function () {
      let h: Harness;
      before(async () => { h = windowsHarness({}, delivery); await h.client.start(); });
      after(async () => h?.stop());

      it('runs a browser process of its own, whose pid get_BrowserProcessId reports', async () => {
        const env = await environmentIn(h);
        await h.openLoaded(env.id, 'https://app.test/');
        const pid = await until('the browser process', () => browserProcessOf(env.folder));
        assert.notEqual(pid, h.client.pid);
        assert.ok(isRunning(pid));
        assert.ok(logged(h, `environment ${env.id}: browser process ${pid}`), 'the log names the browser process by the pid get_BrowserProcessId gave');
      });

      it('a killed browser process fails every window of its environment, and only those; the next use brings them all back, ids kept', async () => {
        const seed = cookieFile([['kept', 'k1', 'app.test', '/', -1, true, false, 1]]);
        const env = await environmentIn(h, { 'test-cookies.tsv': seed });
        const other = await environmentIn(h);
        const a = await h.openLoaded(env.id, 'https://app.test/a');
        const b = await h.openLoaded(env.id, 'https://app.test/b');
        const c = await h.openLoaded(other.id, 'https://app.test/c');
        const pid = await until('the browser process', () => browserProcessOf(env.folder));
        const since = h.mark();
        process.kill(pid);
        for (const w of [a, b]) {
          const failed = await h.next('processFailed', (e) => e.windowId === w.windowId, 15000, since);
          assert.deepEqual(failed.params, { windowId: w.windowId, kind: 'browser process exited', recoverable: true });
          assert.equal((await listed(h, w))?.failed, 'browser process exited');
        }
        await until('BrowserProcessExited in the log', () => logged(h, `environment ${env.id}: browser process ${pid} exited`));
        assert.ok(!h.events.slice(since).some((e) => e.method === 'processFailed' && e.params.windowId === c.windowId), 'the other environment is untouched');
        assert.equal((await listed(h, c))?.failed, null);
        const verdict = (await h.client.request(Requests.diagnostics)).verdict;
        assert.deepEqual([verdict.status, verdict.cause], ['warning', 'process-failed']);
        assert.match(verdict.summary, /browser process exited \(windows \d+, \d+\)/);

        const reload = h.mark();
        await h.client.request(Requests.reload, { windowId: a.windowId });
        for (const [w, url] of [[a, 'https://app.test/a'], [b, 'https://app.test/b']] as const) {
          const loaded = await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 15000, reload);
          assert.deepEqual([loaded.params.isSuccess, loaded.params.url], [true, url]);
          assert.equal((await listed(h, w))?.failed, null);
        }
        const fresh = await until('a new browser process', () => browserProcessOf(env.folder));
        assert.notEqual(fresh, pid);
        assert.ok(!isRunning(pid));
        const cookies = await h.client.request(Requests.getCookies, { windowId: b.windowId });
        assert.deepEqual(cookies.map((x) => x.name), ['kept'], 'the new environment has the same profile');
        assert.deepEqual((await h.client.request(Requests.listWindows)).map((w) => w.windowId).filter((id) => [a, b, c].some((w) => w.windowId === id)).sort(),
          [a.windowId, b.windowId, c.windowId].sort());
        const after = await h.openLoaded(env.id, 'https://app.test/d');
        assert.ok(after.windowId > c.windowId);
        assert.equal((await h.client.request(Requests.diagnostics)).verdict.status, 'healthy');
      });

      it('a phone whose browser process was killed is a phone again in the new browser', async () => {
        const env = await environmentIn(h);
        const w = await h.openLoaded(env.id, 'https://app.test/phone');
        await h.client.request(Requests.setDevice, { windowId: w.windowId, device: emulationOf(findPreset('phone')!) });
        const emulated = () => ['Width', 'Height', 'Mobile'].map((p) => pageProperty(w.nativeHandle, `WebView2TestDevice${p}`));
        assert.deepEqual(emulated(), [375, 667, 1]);
        const pid = await until('the browser process', () => browserProcessOf(env.folder));
        const since = h.mark();
        process.kill(pid);
        await h.next('processFailed', (e) => e.windowId === w.windowId, 15000, since);
        const reload = h.mark();
        await h.client.request(Requests.reload, { windowId: w.windowId });
        await h.next('navigationCompleted', (e) => e.windowId === w.windowId && e.isSuccess, 15000, reload);
        assert.deepEqual(emulated(), [375, 667, 1], 'the new browser was told the device');
        assert.equal((await listed(h, w))?.device, 'Phone');
      });

      it('a killed renderer fails its own window alone ("page crashed"), and Reload brings it back', async () => {
        const env = await environmentIn(h);
        const a = await h.openLoaded(env.id, 'https://app.test/a');
        const b = await h.openLoaded(env.id, 'https://app.test/b');
        const renderer = await until('the renderer of window a', () => rendererOf(a.nativeHandle));
        assert.notEqual(renderer, rendererOf(b.nativeHandle));
        const since = h.mark();
        process.kill(renderer);
        const failed = await h.next('processFailed', (e) => e.windowId === a.windowId, 15000, since);
        assert.deepEqual(failed.params, { windowId: a.windowId, kind: 'page crashed', recoverable: true });
        assert.equal((await listed(h, a))?.failed, 'page crashed');
        const reload = h.mark();
        await h.client.request(Requests.reload, { windowId: a.windowId });
        const loaded = await h.next('navigationCompleted', (e) => e.windowId === a.windowId, 15000, reload);
        assert.equal(loaded.params.isSuccess, true);
        // Everything the kill caused has been delivered by now (the runtime delivers in order).
        assert.ok(!h.events.slice(since).some((e) => e.method === 'processFailed' && e.params.windowId === b.windowId), 'the other window is untouched');
        assert.ok(await until('a new renderer', () => { const r = rendererOf(a.nativeHandle); return r && r !== renderer ? r : null; }));
        assert.equal((await listed(h, a))?.failed, null);
      });
    });
  }
}
