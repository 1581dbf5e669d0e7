// Requests are served while the helper's UI thread runs a modal loop of Windows' own: a window moved
// by its title bar (WM_SYSCOMMAND SC_MOVE), its system menu open, a MessageBox. The test drives the
// loops from its own process, as a user would, and sees them from there: GetGUIThreadInfo names the
// thread's move loop (GUI_INMOVESIZE) and its menu (GUI_INMENUMODE) for as long as they run, and
// the MessageBox is a window of its own.
import * as assert from 'node:assert/strict';
import * as koffi from 'koffi';
import { Requests } from '../../src/protocol';
import { TestRequests } from '../../src/testHooks/protocol';
import type { Harness } from '../support/harness';
import { until } from '../support/until';
import { windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const user32 = koffi.load('user32.dll');
koffi.struct('ModalTestRect', { left: 'int', top: 'int', right: 'int', bottom: 'int' });
koffi.struct('ModalTestGuiThreadInfo', {
  cbSize: 'uint32', flags: 'uint32', hwndActive: 'void *', hwndFocus: 'void *', hwndCapture: 'void *',
  hwndMenuOwner: 'void *', hwndMoveSize: 'void *', hwndCaret: 'void *', rcCaret: 'ModalTestRect',
});
const PostMessageW = user32.func('int __stdcall PostMessageW(void *hwnd, uint msg, uintptr wp, intptr lp)');
const GetWindowThreadProcessId = user32.func('uint32 __stdcall GetWindowThreadProcessId(void *hwnd, void *pid)');
const FindWindowW = user32.func('void * __stdcall FindWindowW(const char16_t *cls, const char16_t *title)');
const IsWindowVisible = user32.func('int __stdcall IsWindowVisible(void *hwnd)');
const GetGUIThreadInfo = user32.func('int __stdcall GetGUIThreadInfo(uint32 tid, _Inout_ ModalTestGuiThreadInfo *info)');

const WM_SYSCOMMAND = 0x0112;
const WM_KEYDOWN = 0x0100;
const WM_COMMAND = 0x0111;
const IDOK = 1;
const SC_MOVE = 0xf010;
const SC_KEYMENU = 0xf100;
const VK_ESCAPE = 0x1b;
const GUI_INMENUMODE = 0x4;
const GUI_INMOVESIZE = 0x2;

/** The stall threshold the helper runs with: a request not picked up by then is reported stalled. */
const THRESHOLD = 1000;
const DEADLINE = 5000;

/** The flags GetGUIThreadInfo reports for the thread that owns this window. */
function guiFlags(hwnd: bigint): number {
  const info = { cbSize: koffi.sizeof('ModalTestGuiThreadInfo'), flags: 0 } as Record<string, unknown>;
  if (!GetGUIThreadInfo(GetWindowThreadProcessId(hwnd, null), info)) throw new Error('GetGUIThreadInfo failed');
  return info.flags as number;
}

/** The request's answer, or a failure naming how long it had been held when the deadline came. */
async function answeredWithin<T>(what: string, request: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms while the modal loop ran (held until it ends)`)), ms);
  });
  try {
    return await Promise.race([request, late]);
  } finally {
    clearTimeout(timer);
  }
}

describeWithTestRuntime('Windows: requests inside modal loops', function () {
  let h: Harness | undefined;
  let hwnd = 0n;
  afterEach(async () => {
    if (hwnd) PostMessageW(hwnd, WM_KEYDOWN, VK_ESCAPE, 1); // ends a loop a failed test left running
    hwnd = 0n;
    await h?.stop();
    h = undefined;
  });

  const move = { name: 'a window moved by its title bar (WM_SYSCOMMAND SC_MOVE)', command: SC_MOVE, lp: 0, flag: GUI_INMOVESIZE, flagName: 'GUI_INMOVESIZE' };
  const cases = [
    { ...move, strategy: 'cowait' as const, delivery: 'send' },
    { name: "a window's system menu (WM_SYSCOMMAND SC_KEYMENU, space)", command: SC_KEYMENU, lp: 0x20, flag: GUI_INMENUMODE, flagName: 'GUI_INMENUMODE', strategy: 'cowait' as const, delivery: 'send' },
    // The legacy wait inside the loop: its GetMessageW/DispatchMessageW nest in the move loop's.
    { ...move, strategy: 'pump' as const, delivery: 'post' },
  ];
  it("getCookies is answered inside a MessageBox's modal loop on the UI thread, before the stall threshold", async () => {
    h = windowsHarness({ strategy: 'cowait', stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE });
    const env = await h.environment();
    const w = await h.openLoaded(env, 'https://app.test/');
    const title = `WebView2 Host modal test ${process.pid}`;
    await h.client.request(TestRequests.debugMessageBox, { title });
    const dialog = await until('the MessageBox on screen', () => {
      const found = FindWindowW('#32770', title) as bigint | null;
      return found && IsWindowVisible(found) ? found : null;
    }, DEADLINE);
    const began = Date.now();
    const cookies = await answeredWithin('getCookies', h.client.request(Requests.getCookies, { windowId: w.windowId }), DEADLINE);
    const elapsed = Date.now() - began;
    console.log(`      getCookies inside a MessageBox's loop answered in ${elapsed} ms (threshold ${THRESHOLD} ms)`);
    assert.ok(Array.isArray(cookies));
    assert.equal(FindWindowW('#32770', title), dialog, 'the MessageBox was still open when the answer came');
    assert.ok(elapsed < THRESHOLD, `answered after ${elapsed} ms, not within the stall threshold of ${THRESHOLD} ms`);
    assert.ok(PostMessageW(dialog, WM_COMMAND, IDOK, 0));
    await until('the MessageBox to close', () => !FindWindowW('#32770', title), DEADLINE);
    assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: w.windowId })));
  });

  it('a window closed by a request while the user moves it: the move loop ends with the window and the helper goes on', async () => {
    h = windowsHarness({ strategy: 'cowait', stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE });
    const env = await h.environment();
    const moved = await h.openLoaded(env, 'https://app.test/moved');
    const other = await h.openLoaded(env, 'https://app.test/other');
    hwnd = BigInt(moved.nativeHandle);
    assert.ok(PostMessageW(hwnd, WM_SYSCOMMAND, SC_MOVE, 0));
    const otherHwnd = BigInt(other.nativeHandle);
    await until('the UI thread in the move loop', () => (guiFlags(otherHwnd) & GUI_INMOVESIZE) !== 0, DEADLINE);
    // An unknown window inside the loop: an error answer, and the loop keeps serving.
    await assert.rejects(h.client.request(Requests.getCookies, { windowId: 9999 }), /9999/);
    const since = h.mark();
    await answeredWithin('close', h.client.request(Requests.close, { windowId: moved.windowId }), DEADLINE);
    hwnd = 0n;
    await h.next('windowClosed', (e) => e.windowId === moved.windowId, DEADLINE, since);
    await until('the move loop to end with its window', () => (guiFlags(otherHwnd) & GUI_INMOVESIZE) === 0, DEADLINE);
    assert.ok(Array.isArray(await h.client.request(Requests.getCookies, { windowId: other.windowId })));
    assert.deepEqual((await h.client.request(Requests.listWindows)).map((w) => w.windowId), [other.windowId]);
  });

  for (const c of cases) {
    it(`getCookies is answered inside the modal loop of ${c.name}, before the stall threshold (${c.strategy} wait, ${c.delivery} delivery)`, async () => {
      h = windowsHarness({ strategy: c.strategy, stallThresholdMs: THRESHOLD, waitDeadlineMs: DEADLINE }, c.delivery);
      const env = await h.environment();
      const w = await h.openLoaded(env, 'https://app.test/');
      hwnd = BigInt(w.nativeHandle);
      assert.equal(guiFlags(hwnd) & c.flag, 0, `no ${c.flagName} before the command`);
      assert.ok(PostMessageW(hwnd, WM_SYSCOMMAND, c.command, c.lp));
      await until(`the UI thread in its modal loop (${c.flagName})`, () => (guiFlags(hwnd) & c.flag) !== 0, DEADLINE);
      const since = h.mark();
      const began = Date.now();
      const cookies = await answeredWithin('getCookies', h.client.request(Requests.getCookies, { windowId: w.windowId }), DEADLINE);
      const elapsed = Date.now() - began;
      console.log(`      getCookies inside ${c.flagName}'s loop (${c.strategy}) answered in ${elapsed} ms (threshold ${THRESHOLD} ms)`);
      assert.ok(Array.isArray(cookies));
      assert.ok((guiFlags(hwnd) & c.flag) !== 0, 'the modal loop was still running when the answer came');
      assert.ok(elapsed < THRESHOLD, `answered after ${elapsed} ms, not within the stall threshold of ${THRESHOLD} ms`);
      // Two more in a row, and a window opened from inside the loop: the loop keeps serving.
      await h.client.request(Requests.getCookies, { windowId: w.windowId });
      const second = await answeredWithin('createWindow', h.openLoaded(env, 'https://app.test/two'), DEADLINE);
      assert.ok(second.windowId > w.windowId);
      assert.ok((guiFlags(hwnd) & c.flag) !== 0, 'still inside the same modal loop');
      assert.deepEqual(h.events.slice(since).filter((e) => e.method === 'stall').map((e) => e.params), [], 'no stall was reported while the loop ran');
      // Escape ends a move; a menu takes one per level (the popup, then the menu bar).
      await until('the modal loop to end after Escape', () => (guiFlags(hwnd) & c.flag) === 0 || !PostMessageW(hwnd, WM_KEYDOWN, VK_ESCAPE, 1), DEADLINE, { intervalMs: 200 });
      assert.equal(guiFlags(hwnd) & c.flag, 0);
      hwnd = 0n;
      assert.equal((await h.client.request(Requests.listWindows)).length, 2);
    });
  }
});
