// The host's duties to its windows and their browsers, in the real helper against the test runtime
// under Wine: per-monitor DPI awareness at 144 DPI (the protocol's bounds are device-independent
// pixels, Win32's and the controller's are physical: ×1.5 here), the toolbar scaled, WM_DPICHANGED
// followed; the controller told when its window moves (NotifyParentWindowPositionChanged, counted by
// the test runtime: native/test-runtime/parentMoves.c); the page given the keys when its window is
// activated (MoveFocus); a window brought to the front on request.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as koffi from 'koffi';
import { Requests, type WindowInfo } from '../../src/protocol';
import { scaleForDpi, TOOLBAR_HEIGHT_96 } from '../../src/webview2/chromeKeys';
import type { Harness } from '../support/harness';
import { until } from '../support/until';
import { isWine, windowsHarness } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';
import { children, clientSize, pageProperty, pageWindow, placeIn, pressInPage, visible, MOD, VK, type Rect } from '../support/win32Chrome';

const user32 = koffi.load('user32.dll');
const kernel32 = koffi.load('kernel32.dll');
koffi.struct('HostDutiesRect', { left: 'int', top: 'int', right: 'int', bottom: 'int' });
koffi.struct('HostDutiesGuiThreadInfo', {
  cbSize: 'uint', flags: 'uint', hwndActive: 'void *', hwndFocus: 'void *', hwndCapture: 'void *', hwndMenuOwner: 'void *',
  hwndMoveSize: 'void *', hwndCaret: 'void *', rcCaret: 'HostDutiesRect',
});
const GetWindowDpiAwarenessContext = user32.func('intptr __stdcall GetWindowDpiAwarenessContext(void *hwnd)');
const GetAwarenessFromDpiAwarenessContext = user32.func('int __stdcall GetAwarenessFromDpiAwarenessContext(intptr context)');
const GetWindowRect = user32.func('int __stdcall GetWindowRect(void *hwnd, _Out_ HostDutiesRect *rect)');
const SetWindowPos = user32.func('int __stdcall SetWindowPos(void *hwnd, void *after, int x, int y, int cx, int cy, uint flags)');
const SendMessageTimeoutW = user32.func('intptr __stdcall SendMessageTimeoutW(void *hwnd, uint msg, uintptr wp, uintptr lp, uint flags, uint timeout, _Out_ uintptr *result)');
const GetWindowThreadProcessId = user32.func('uint __stdcall GetWindowThreadProcessId(void *hwnd, _Out_ uint *pid)');
const GetGUIThreadInfo = user32.func('int __stdcall GetGUIThreadInfo(uint thread, _Inout_ HostDutiesGuiThreadInfo *info)');
const GetForegroundWindow = user32.func('void * __stdcall GetForegroundWindow()');
const SystemParametersInfoForDpi = user32.func('int __stdcall SystemParametersInfoForDpi(uint action, uint param, void *data, uint winIni, uint dpi)');
const OpenProcess = kernel32.func('void * __stdcall OpenProcess(uint access, int inherit, uint pid)');
const VirtualAllocEx = kernel32.func('uintptr __stdcall VirtualAllocEx(void *process, uintptr at, uintptr size, uint type, uint protect)');
const VirtualFreeEx = kernel32.func('int __stdcall VirtualFreeEx(void *process, uintptr at, uintptr size, uint type)');
const WriteProcessMemory = kernel32.func('int __stdcall WriteProcessMemory(void *process, uintptr at, const void *data, uintptr size, _Out_ uintptr *written)');
const CloseHandle = kernel32.func('int __stdcall CloseHandle(void *handle)');

const WM_DPICHANGED = 0x02e0;
const SWP_NOZORDER_NOACTIVATE = 0x0014;
const PER_MONITOR_AWARE = 2; // DPI_AWARENESS_PER_MONITOR_AWARE
const DPI = 144;
const hwndOf = (w: WindowInfo) => BigInt(w.nativeHandle);

/** The height (lfHeight) of the system's message font at a DPI (NONCLIENTMETRICSW: 504 bytes, lfMessageFont at 408). */
function messageFontHeight(dpi: number): number {
  const metrics = Buffer.alloc(504);
  metrics.writeUInt32LE(504, 0);
  assert.ok(SystemParametersInfoForDpi(0x0029 /* SPI_GETNONCLIENTMETRICS */, 504, metrics, 0, dpi), 'SystemParametersInfoForDpi');
  return metrics.readInt32LE(408);
}

function windowRect(w: WindowInfo): Rect {
  const r: Rect = { left: 0, top: 0, right: 0, bottom: 0 };
  GetWindowRect(hwndOf(w), r);
  return r;
}

/**
 * Sends WM_DPICHANGED as Windows does when the window crosses to a monitor of another DPI: its
 * lParam points at the suggested rectangle, which must lie in the helper's memory (Windows and
 * Wine pass this message's lParam across processes as it is), so it is written there first.
 */
function sendDpiChanged(w: WindowInfo, helperPid: number, dpi: number, suggested: Rect): void {
  const process = OpenProcess(0x0008 | 0x0020 /* PROCESS_VM_OPERATION | PROCESS_VM_WRITE */, 0, helperPid);
  assert.ok(process, 'OpenProcess of the helper');
  try {
    const at = VirtualAllocEx(process, 0, 16, 0x3000 /* MEM_COMMIT | MEM_RESERVE */, 0x04 /* PAGE_READWRITE */) as number | bigint;
    assert.ok(at, 'VirtualAllocEx in the helper');
    const rect = Buffer.alloc(16);
    [suggested.left, suggested.top, suggested.right, suggested.bottom].forEach((v, i) => rect.writeInt32LE(v, i * 4));
    assert.ok(WriteProcessMemory(process, at, rect, 16, [0]), 'WriteProcessMemory');
    const result = [0];
    assert.ok(SendMessageTimeoutW(hwndOf(w), WM_DPICHANGED, dpi | (dpi << 16), at, 0x2 /* SMTO_ABORTIFHUNG */, 5000, result), 'WM_DPICHANGED answered');
    VirtualFreeEx(process, at, 0, 0x8000 /* MEM_RELEASE */);
  } finally {
    CloseHandle(process);
  }
}

function pageFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-duties-'));
  fs.writeFileSync(path.join(dir, 'page.html'), '<!doctype html><title>host duties</title><p>page');
  return pathToFileURL(path.join(dir, 'page.html')).href;
}

async function open(h: Harness, env: number, url: string, size: { width: number; height: number; x?: number; y?: number }): Promise<WindowInfo> {
  const since = h.mark();
  const w = await h.client.request(Requests.createWindow, { environmentId: env, url, ...size });
  await h.next('navigationCompleted', (e) => e.windowId === w.windowId, 20000, since);
  return w;
}

/** Wine's DPI is the prefix's: HKCU\Control Panel\Desktop LogPixels, read by each process as it starts. */
const DESKTOP_KEY = 'HKCU\\Control Panel\\Desktop';
function setLogPixels(value: number | null): void {
  if (value === null) execFileSync('reg', ['delete', DESKTOP_KEY, '/v', 'LogPixels', '/f'], { stdio: 'ignore', windowsHide: true });
  else execFileSync('reg', ['add', DESKTOP_KEY, '/v', 'LogPixels', '/t', 'REG_DWORD', '/d', String(value), '/f'], { stdio: 'ignore', windowsHide: true });
}
function logPixels(): number | null {
  try {
    const out = execFileSync('reg', ['query', DESKTOP_KEY, '/v', 'LogPixels'], { encoding: 'utf8', windowsHide: true });
    const m = /LogPixels\s+REG_DWORD\s+0x([0-9a-f]+)/i.exec(out);
    return m ? parseInt(m[1], 16) : null;
  } catch {
    return null;
  }
}

describeWithTestRuntime('Windows host duties at 144 DPI (150 %)', function () {
  let h: Harness;
  let env: number;
  let url: string;
  let saved: number | null = null;
  const px = (dips: number) => scaleForDpi(dips, DPI);
  const toolbar = scaleForDpi(TOOLBAR_HEIGHT_96, DPI);
  before(async function () {
    saved = logPixels();
    setLogPixels(DPI);
    h = windowsHarness(); // a new helper process: it reads the DPI as it starts
    await h.client.start();
    env = await h.environment();
    url = pageFile();
  });
  after(async () => {
    await h?.stop();
    setLogPixels(saved); // the suites after this one see the prefix's DPI again
  });

  it('declares per-monitor DPI awareness and says so', async () => {
    const said = await h.next('log', (e) => /DPI awareness of the helper's windows/.test(e.message), 5000);
    // Wine 8 makes every process per-monitor (v1) aware from the start and refuses both
    // SetProcessDpiAwarenessContext calls; Windows 10 1703+ takes v2 for the process.
    assert.match(said.params.message, /: per-monitor aware \(/);
    const w = await open(h, env, url, { width: 400, height: 300 });
    assert.equal(GetAwarenessFromDpiAwarenessContext(GetWindowDpiAwarenessContext(hwndOf(w))), PER_MONITOR_AWARE);
    // Its DPI shows in the next test's lengths: asked from another process, Wine 8 answers
    // GetDpiForWindow of a per-monitor window with the asking process's own DPI.
  });

  it('gives the page the asked viewport in device-independent pixels: client area, controller and toolbar in physical pixels (×1.5)', async () => {
    const w = await open(h, env, url, { width: 400, height: 300, x: 40, y: 30 });
    assert.equal(toolbar, Math.round(TOOLBAR_HEIGHT_96 * 1.5));
    assert.deepEqual(clientSize(w.nativeHandle), { width: px(400), height: px(300) + toolbar });
    const page = placeIn(w.nativeHandle, pageWindow(w.nativeHandle));
    assert.deepEqual(page, { left: 0, top: toolbar, right: px(400), bottom: toolbar + px(300) }, 'the controller\'s bounds');
    for (const button of children(w.nativeHandle, 'BUTTON').filter(visible)) {
      const r = placeIn(w.nativeHandle, button);
      assert.equal(r.bottom - r.top, toolbar - 2 * scaleForDpi(2, DPI), 'a toolbar button is as tall as the scaled toolbar less its padding');
    }
    // Its text at the window's DPI: the system's message font for 144 DPI, not the stock font made
    // for 96 DPI. A font handle is the helper's own (a WM_GETFONT sent from this process came back
    // empty under Wine), so the helper's log says which font it made, checked against the system.
    const [at96, at144] = [96, DPI].map(messageFontHeight);
    assert.ok(Math.abs(at144) > Math.abs(at96), `the system scales its message font: ${at96} at 96 DPI, ${at144} at ${DPI}`);
    const said = h.events.filter((e) => e.method === 'log' && e.params.message.startsWith('toolbar text')).map((e) => e.params.message);
    assert.ok(said.includes(`toolbar text at ${DPI} DPI: the system's message font, ${Math.abs(at144)} px`), said.join('\n'));
    const outer = windowRect(w);
    assert.deepEqual([outer.left, outer.top], [px(40), px(30)], 'placed in physical pixels');
    assert.deepEqual(w.bounds, { x: 40, y: 30, width: 400, height: 300 }, 'reported as asked');
    await h.client.request(Requests.setBounds, { windowId: w.windowId, width: 500, height: 320, x: 20, y: 10 });
    const listed = (await h.client.request(Requests.listWindows)).find((l) => l.windowId === w.windowId);
    assert.deepEqual(listed?.bounds, { x: 20, y: 10, width: 500, height: 320 });
    assert.deepEqual(clientSize(w.nativeHandle), { width: px(500), height: px(320) + toolbar });
    assert.deepEqual([windowRect(w).left, windowRect(w).top], [px(20), px(10)]);
  });

  it('follows WM_DPICHANGED: takes the suggested rectangle, lays the toolbar out across it and fills the rest with the browser', async () => {
    const w = await open(h, env, url, { width: 400, height: 300, x: 10, y: 10 });
    /** Where the toolbar's shown controls end: the layout runs them across the client area. */
    const toolbarEnd = () => Math.max(...['BUTTON', 'EDIT'].flatMap((cls) => children(w.nativeHandle, cls)).filter(visible).map((c) => placeIn(w.nativeHandle, c).right));
    const pad = scaleForDpi(2, DPI);
    assert.equal(toolbarEnd(), clientSize(w.nativeHandle).width - pad);
    const suggested = { left: 30, top: 20, right: 30 + 900, bottom: 20 + 640 };
    const since = h.mark();
    sendDpiChanged(w, h.client.pid!, DPI, suggested);
    assert.deepEqual(windowRect(w), suggested);
    const client = clientSize(w.nativeHandle);
    assert.ok(client.width > px(400), `the window is wider: ${client.width}`);
    assert.equal(toolbarEnd(), client.width - pad, 'the toolbar laid out across the new width');
    assert.deepEqual(placeIn(w.nativeHandle, pageWindow(w.nativeHandle)), { left: 0, top: toolbar, right: client.width, bottom: client.height });
    const dips = { x: Math.round((30 * 96) / DPI), y: Math.round((20 * 96) / DPI), width: Math.round((client.width * 96) / DPI), height: Math.round(((client.height - toolbar) * 96) / DPI) };
    // The window's row follows, in device-independent pixels.
    await h.next('windowChanged', (e) => e.windowId === w.windowId && JSON.stringify(e.bounds) === JSON.stringify(dips), 5000, since);
  });
}, { 'Wine (its DPI is set in the prefix)': isWine() ? 'yes' : undefined });

describeWithTestRuntime('Windows host duties: the window\'s moves, activation and foreground', function () {
  let h: Harness;
  let env: number;
  let url: string;
  before(async () => {
    h = windowsHarness();
    await h.client.start();
    env = await h.environment();
    url = pageFile();
  });
  after(async () => {
    await h?.stop();
  });
  const moves = (w: WindowInfo) => pageProperty(w.nativeHandle, 'WebView2TestParentMoves');

  it('tells the controller when its window moves (NotifyParentWindowPositionChanged), whoever moves it', async () => {
    const w = await open(h, env, url, { width: 400, height: 300, x: 10, y: 10 });
    const before = moves(w);
    await h.client.request(Requests.setBounds, { windowId: w.windowId, width: 400, height: 300, x: 60, y: 40 });
    const afterSetBounds = moves(w);
    assert.ok(afterSetBounds > before, `setBounds moved the window: ${before} -> ${afterSetBounds} calls`);
    assert.ok(SetWindowPos(hwndOf(w), null, 90, 70, 0, 0, SWP_NOZORDER_NOACTIVATE | 0x0001 /* SWP_NOSIZE */));
    await until('the controller told of a move by another process', () => moves(w) > afterSetBounds, 5000);
  });

  it('gives the page the keys when its window is activated (MoveFocus on WM_SETFOCUS), even after the toolbar had them', async () => {
    const a = await open(h, env, url, { width: 400, height: 300, x: 0, y: 0 });
    const b = await open(h, env, url, { width: 400, height: 300, x: 420, y: 0 });
    const focusOf = (w: WindowInfo) => {
      const pid = [0];
      const thread = GetWindowThreadProcessId(hwndOf(w), pid) as number;
      const info = { cbSize: koffi.sizeof('HostDutiesGuiThreadInfo'), flags: 0, hwndActive: null, hwndFocus: null, hwndCapture: null,
        hwndMenuOwner: null, hwndMoveSize: null, hwndCaret: null, rcCaret: { left: 0, top: 0, right: 0, bottom: 0 } };
      assert.ok(GetGUIThreadInfo(thread, info), 'GetGUIThreadInfo of the helper\'s UI thread');
      return info.hwndFocus as bigint | null;
    };
    await h.client.request(Requests.focus, { windowId: a.windowId });
    pressInPage(a.nativeHandle, VK.L, MOD.CONTROL); // Ctrl+L: the address field takes the keys
    const address = children(a.nativeHandle, 'EDIT')[0];
    await until('the address field has the keys', () => focusOf(a) === address, 5000);
    await h.client.request(Requests.focus, { windowId: b.windowId });
    await until('the other window\'s page has the keys', () => focusOf(b) === pageWindow(b.nativeHandle), 5000);
    await h.client.request(Requests.focus, { windowId: a.windowId });
    await until('the activated window\'s page has the keys', () => focusOf(a) === pageWindow(a.nativeHandle), 5000);
  });

  it('brings a window to the front on request (focus)', async () => {
    const a = await open(h, env, url, { width: 300, height: 200, x: 0, y: 300 });
    const b = await open(h, env, url, { width: 300, height: 200, x: 320, y: 300 });
    for (const w of [a, b, a]) {
      await h.client.request(Requests.focus, { windowId: w.windowId });
      await until(`window ${w.windowId} in the foreground`, () => GetForegroundWindow() === hwndOf(w), 5000);
    }
  });
});
