// Popups, apart from any engine: the rules every engine applies (the popups setting, the bound on
// open popups, where a popup opens), the window id counter the helper's two threads share, the
// main thread keeping a popup's row, and a client's window table (the extension's and the CLI's)
// showing the new window with its opener.
import * as assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { HelperClient } from '../../src/client/helperClient';
import { formatOpened, formatOpenExternal } from '../../src/client/format';
import { CurrentWindow } from '../../src/extension/windows/current';
import { statusView } from '../../src/extension/status/text';
import { FailureLog } from '../../src/helper/failureLog';
import { KeptEvents } from '../../src/helper/keptEvents';
import { NetworkLogs } from '../../src/helper/networkLog';
import { CASCADE_STEP } from '../../src/helper/placement';
import { popupBounds, popupSize, PopupRules } from '../../src/helper/popups';
import { Limits } from '../../src/limits';
import { Notifications, type OpenExternalEvent, type WindowInfo, type WindowOpenedEvent } from '../../src/protocol';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import { WindowIds } from '../../src/windowIds';
import { WindowTable } from '../../src/windowTable';

function row(windowId: number, extra: Partial<WindowInfo> = {}): WindowInfo {
  return { windowId, environmentId: 1, url: 'http://127.0.0.1/', title: '', loading: false, nativeHandle: '0x1', zoom: 1, bounds: { x: 40, y: 40, width: 800, height: 600 }, failed: null, ...extra };
}

function rules(popups?: 'window' | 'externalBrowser') {
  const logs: string[] = [];
  const external: OpenExternalEvent[] = [];
  const r = new PopupRules({ log: (_level, m) => logs.push(m), openExternal: (e) => external.push(e) }, { ...DEFAULT_HELPER_SETTINGS, popups });
  return { r, logs, external };
}

describe('popup rules', () => {
  it('open windows by default, up to the bound per opener; the next are refused and named once until some close', () => {
    const { r, logs } = rules();
    for (let i = 0; i < Limits.maxOpenPopups; i++) {
      assert.equal(r.decide(1, `http://a/${i}`), 'window');
      r.opened(100 + i, 1);
    }
    assert.equal(r.openCount(1), Limits.maxOpenPopups);
    assert.equal(r.decide(1, 'http://a/x'), 'refused');
    assert.equal(r.decide(1, 'http://a/y'), 'refused');
    assert.deepEqual(logs, [`window 1: its page has ${Limits.maxOpenPopups} popups open, the most a window may have; further popups are refused until some close`]);
    assert.equal(r.decide(2, 'http://a/'), 'window', 'the bound is per opener');
    r.closed(100);
    assert.equal(r.decide(1, 'http://a/z'), 'window', 'one closed: room for one');
    r.opened(200, 1);
    assert.equal(r.decide(1, 'http://a/w'), 'refused');
    assert.equal(logs.length, 2, 'a new burst past the bound is named again');
  });

  it('with externalBrowser, sends http(s) addresses to the client and opens nothing; refuses any other address, saying why', () => {
    const { r, logs, external } = rules('externalBrowser');
    assert.equal(r.decide(3, 'https://accounts.example/o/oauth2/auth?x=1'), 'external');
    assert.equal(r.decide(3, 'HTTP://127.0.0.1:8080/'), 'external');
    assert.deepEqual(external, [{ windowId: 3, url: 'https://accounts.example/o/oauth2/auth?x=1' }, { windowId: 3, url: 'HTTP://127.0.0.1:8080/' }]);
    for (const url of ['about:blank', '', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x']) assert.equal(r.decide(3, url), 'refused', url);
    assert.equal(external.length, 2);
    assert.equal(logs[1], 'window 3: a popup for a blank page was refused: only http(s) addresses go to the system browser (setting popups)');
    assert.match(logs[2], /a popup for "file:\/\/\/etc\/passwd" was refused/);
    r.configure({ ...DEFAULT_HELPER_SETTINGS, popups: 'window' });
    assert.equal(r.decide(3, 'about:blank'), 'window', 'configure changes the mode');
  });

  it('opens a popup beside its opener, a step further for each it has open, at the size asked within bounds', () => {
    const opener = { x: 100, y: 50, width: 900, height: 700 };
    assert.deepEqual(popupBounds(opener, { width: 420, height: 360 }, 0), { x: 100 + CASCADE_STEP, y: 50 + CASCADE_STEP, width: 420, height: 360 });
    assert.deepEqual(popupBounds(opener, {}, 2), { x: 100 + 3 * CASCADE_STEP, y: 50 + 3 * CASCADE_STEP, width: 900, height: 700 }, 'not asked: the opener\'s size');
    assert.deepEqual(popupSize({ width: 1, height: 99999 }, opener), { width: Limits.popupSize.min, height: Limits.popupSize.max });
    assert.deepEqual(popupSize({ width: 0, height: 0 }, { width: 640, height: 480 }), { width: 640, height: 480 }, '0 is "not asked" (WebKit\'s geometry)');
  });
});

describe('window ids shared by the helper\'s threads', () => {
  it('never hands out one id twice, whichever thread asks, and a reserved number or a start is never handed out again', () => {
    const main = new WindowIds();
    const ui = new WindowIds(main.buffer);
    const table = new WindowTable(undefined, main);
    table.startAt(5);
    assert.equal(ui.next(), 5, 'a popup after a predecessor\'s ids');
    assert.equal(table.reserve(), 6);
    assert.equal(table.reserve(9), 9);
    assert.equal(ui.next(), 10);
    assert.throws(() => table.reserve(9), /in use/);
  });

  it('takes ids from another thread without a clash', async () => {
    const ids = new WindowIds();
    const worker = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const cell = new Int32Array(workerData);
      const got = [];
      for (let i = 0; i < 2000; i++) got.push(Atomics.add(cell, 0, 1) + 1);
      parentPort.postMessage(got);
    `, { eval: true, workerData: ids.buffer });
    const mine: number[] = [];
    for (let i = 0; i < 2000; i++) mine.push(ids.next());
    const theirs = await new Promise<number[]>((resolve) => worker.once('message', resolve));
    assert.equal(new Set([...mine, ...theirs]).size, 4000);
    await worker.terminate();
  });
});

describe('a popup in the helper\'s and the clients\' tables', () => {
  const opened: WindowOpenedEvent = { windowId: 2, openerId: 1, url: 'http://127.0.0.1:9/signin', window: row(2, { openerId: 1, url: 'http://127.0.0.1:9/signin' }) };

  it('the main thread adds the row the engine reported, then announces the popup: windowChanged before windowOpened', () => {
    const sent: [string, unknown][] = [];
    const windows = new WindowTable((r) => sent.push([Notifications.windowChanged.method, r]));
    windows.added(row(1));
    sent.length = 0;
    const network = new NetworkLogs({ notify: () => undefined, now: () => 0 });
    const kept = new KeptEvents(windows, new FailureLog(), (method, params) => sent.push([method, params]), network, { onEvent: () => undefined, closed: () => undefined });
    kept.onUiEvent({ method: 'windowOpened', params: opened });
    assert.deepEqual(sent.map(([m]) => m), ['windowChanged', 'windowOpened']);
    assert.equal(windows.get(2)?.openerId, 1);
    assert.deepEqual(windows.list().map((w) => w.windowId), [1, 2]);
  });

  it('a client\'s window table shows it with its opener; it becomes the current window and counts in the status bar', () => {
    const client = new HelperClient({ helperPath: '/nowhere', settings: () => DEFAULT_HELPER_SETTINGS, log: () => undefined });
    const current = new CurrentWindow();
    const heard: string[] = [];
    client.onNotification(Notifications.windowChanged, (w) => current.seen(w.windowId));
    client.onNotification(Notifications.windowOpened, (e) => heard.push(formatOpened(e)));
    // As the connection delivers them (helperClient.ts emits each notification by its method).
    client.emit(`notification:${Notifications.windowChanged.method}`, row(1));
    client.emit(`notification:${Notifications.windowChanged.method}`, opened.window);
    client.emit(`notification:${Notifications.windowOpened.method}`, opened);
    assert.deepEqual(client.windows.list().map((w) => [w.windowId, w.openerId]), [[1, undefined], [2, 1]]);
    assert.equal(current.of(), 2, 'the window a click just opened');
    assert.deepEqual(heard, ['window 2 opened by window 1\'s page: http://127.0.0.1:9/signin']);
    const info = { platform: 'linux', arch: 'x64', engine: 'WebKitGTK', engineVersion: '2.50', apartment: '', helperPid: 1, runtime: '' } as const;
    assert.equal(statusView({ state: { kind: 'ready', info }, windowCount: client.windows.size, lostCount: 0 }).text, '$(browser) WebView2: 2 windows');
    client.emit(`notification:${Notifications.windowClosed.method}`, { windowId: 2, reason: 'page' });
    assert.deepEqual(client.windows.list().map((w) => w.windowId), [1]);
  });

  it('words a popup and a popup for the system browser on one line each', () => {
    assert.equal(formatOpened({ ...opened, url: 'about:blank' }), 'window 2 opened by window 1\'s page, for a page it writes itself');
    assert.equal(formatOpened({ ...opened, url: 'http://a/\nwindow 9 closed' }), 'window 2 opened by window 1\'s page: http://a/\\nwindow 9 closed');
    assert.equal(formatOpenExternal({ windowId: 1, url: 'https://accounts.example/' }), 'window 1\'s page opened a popup for https://accounts.example/: it goes to the system browser (setting popups)');
  });
});
