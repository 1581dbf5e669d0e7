// The window's own browser chrome on Windows, as Linux has it (webkitgtk/chrome.ts): Win32 child
// controls above the page (back, forward, reload/stop, the address field, the zoom level, the
// device menu, screenshot, keep on top, DevTools), laid out for the window's DPI, and the window's keys (chromeKeys.ts): from the
// page through the controller's AcceleratorKeyPressed, from the controls through a subclass of
// each. The page's viewport keeps the size asked for: the window is taller by the toolbar, which
// height() reports.
import * as koffi from 'koffi';
import { toAddressFieldUrl } from '../urls';
import { Win32DeviceMenu } from './deviceMenu';
import { nextZoom } from '../zoomSteps';
import { ToolbarFonts } from './toolbarFont';
import { ALT, CONTROL, keyAction, scaleForDpi, SHIFT, skippedWhenHeld, TOOLBAR_HEIGHT_96, VK, type KeyAction } from './chromeKeys';
import {
  BM_GETCHECK, BN_CLICKED, BS_AUTOCHECKBOX, BS_PUSHBUTTON, BS_PUSHLIKE, EM_LIMITTEXT, EM_SETSEL, ES_AUTOHSCROLL,
  GWLP_WNDPROC, HWND_NOTOPMOST, HWND_TOPMOST, SWP_NOACTIVATE, SWP_NOMOVE, SWP_NOSIZE, WM_CHAR, WM_KEYDOWN, WM_SETFONT, WM_SYSCHAR,
  WM_SYSKEYDOWN, WndProc, WS_BORDER, WS_CHILD, WS_TABSTOP, WS_VISIBLE, type Ptr, type Win32,
} from './ffi/win32';

/** What the chrome asks of the rest of the backend. */
export interface ChromeHost {
  /** Loads a URL the address field accepted, as navigate does. */
  load(windowId: number, url: string): void;
  reload(windowId: number, bypassCache: boolean): void;
  goBack(windowId: number): void;
  goForward(windowId: number): void;
  stop(windowId: number): void;
  openDevTools(windowId: number): void;
  /** Closes the window as its user did. */
  close(windowId: number): void;
  zoom(windowId: number): number;
  setZoom(windowId: number, factor: number): void;
  /** The zoom changed from inside the window: the helper's window table must hear of it. */
  zoomChanged(windowId: number, zoom: number): void;
  /** The device preset the window emulates now (its label), if any. */
  device(windowId: number): string | undefined;
  /** A preset chosen in the device menu (devices.ts id): sized, emulated, reloaded. */
  chooseDevice(windowId: number, presetId: string): void;
  /** The screenshot button or key: the client saves it. */
  screenshot(windowId: number): void;
  /** Gives the keys back to the page (the controller's MoveFocus). */
  focusPage(windowId: number): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

interface Bar {
  id: number;
  window: bigint;
  back: bigint; forward: bigint; reloadStop: bigint; address: bigint; zoom: bigint; device: bigint; screenshot: bigint; pin: bigint; devTools: bigint;
  loading: boolean;
  /** Whether its toolbar shows (showChrome). */
  shown: boolean;
  /** The page's URL, put back in the field by Esc. */
  url: string;
  /** The window's title before a refused address replaced it, restored by the next navigation. */
  titleBeforeWarning?: string;
  /** The DPI its controls' font was made for. */
  fontDpi: number;
}

const CONTROL_IDS = { back: 101, forward: 102, reloadStop: 103, address: 104, zoom: 105, pin: 106, devTools: 107, device: 108, screenshot: 109 } as const;
const CONTROLS = ['back', 'forward', 'reloadStop', 'address', 'zoom', 'device', 'screenshot', 'pin', 'devTools'] as const;
/** Widths at 96 DPI; the address field takes what is left. */
const WIDTHS_96 = { back: 28, forward: 28, reloadStop: 56, zoom: 48, device: 52, screenshot: 72, pin: 36, devTools: 60 } as const;
/** The address field's least width at 96 DPI; below it, these controls give way, in this order (each
 *  has its key: F12, Ctrl+Shift+S), so that a phone's 375-pixel viewport holds the toolbar. */
const MIN_ADDRESS_96 = 60;
const GIVE_WAY = ['devTools', 'screenshot'] as const;
const MAX_ADDRESS_CHARS = 8192;
const RDW_INVALIDATE = 0x0001;
const RDW_ERASE = 0x0004;
const RDW_ALLCHILDREN = 0x0080;
const MAX_LOGGED_REASON = 300;

export class Win32Chrome {
  private readonly bars = new Map<number, Bar>();
  /** Each subclassed control: its bar and the procedure it had. */
  private readonly controls = new Map<bigint, { bar: Bar; original: bigint | number }>();
  private readonly subclass: bigint;
  private readonly fonts: ToolbarFonts;
  /** A key press the chrome acted on: its WM_CHAR must not reach the control. */
  private swallowChar = false;
  private readonly deviceMenu: Win32DeviceMenu;

  constructor(private readonly w: Win32, private readonly instance: Ptr, private readonly host: ChromeHost, private show: boolean, private devTools: boolean) {
    this.subclass = koffi.address(koffi.register((hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number) =>
      this.controlProc(hwnd, msg, wp, lp), koffi.pointer(WndProc)));
    this.fonts = new ToolbarFonts(w, (dpi, made) => host.log('info', made.font
      ? `toolbar text at ${dpi} DPI: ${made.source}, ${Math.abs(made.height)} px`
      : `toolbar text at ${dpi} DPI: no font could be made (${made.source}); the controls keep the system's`));
    this.deviceMenu = new Win32DeviceMenu(w, host);
  }

  /** Builds the toolbar of a new window (laid out by layout()). */
  build(id: number, window: bigint): void {
    const w = this.w;
    const fontDpi = this.dpi(window);
    const font = this.fonts.at(fontDpi);
    const make = (cls: string, text: string, style: number, name: keyof typeof CONTROL_IDS): bigint => {
      const hwnd = w.CreateWindowExW(0, cls, text, WS_CHILD | (this.show ? WS_VISIBLE : 0) | style, 0, 0, 0, 0, window,
        BigInt(CONTROL_IDS[name]), this.instance, null) as Ptr;
      if (!hwnd) throw new Error(`CreateWindowExW(${cls}) for the toolbar failed`);
      if (font) w.SendMessageW(hwnd, WM_SETFONT, font, 0);
      return hwnd;
    };
    const bar: Bar = {
      id, window, loading: false, shown: this.show, url: '', fontDpi,
      back: make('BUTTON', '\u2190', BS_PUSHBUTTON, 'back'),
      forward: make('BUTTON', '\u2192', BS_PUSHBUTTON, 'forward'),
      reloadStop: make('BUTTON', 'Reload', BS_PUSHBUTTON, 'reloadStop'),
      address: make('EDIT', '', WS_BORDER | WS_TABSTOP | ES_AUTOHSCROLL, 'address'),
      zoom: make('BUTTON', '100 %', BS_PUSHBUTTON, 'zoom'),
      device: make('BUTTON', 'Device', BS_PUSHBUTTON, 'device'),
      screenshot: make('BUTTON', 'Screenshot', BS_PUSHBUTTON, 'screenshot'),
      pin: make('BUTTON', 'Top', BS_AUTOCHECKBOX | BS_PUSHLIKE, 'pin'),
      devTools: make('BUTTON', 'DevTools', BS_PUSHBUTTON, 'devTools'),
    };
    w.SendMessageW(bar.address, EM_LIMITTEXT, MAX_ADDRESS_CHARS, 0);
    this.bars.set(id, bar);
    for (const name of CONTROLS) {
      const original = w.SetWindowLongPtrW(bar[name], GWLP_WNDPROC, this.subclass) as bigint | number;
      this.controls.set(bar[name], { bar, original });
    }
    w.EnableWindow(bar.devTools, this.devTools ? 1 : 0);
    w.EnableWindow(bar.back, 0);
    w.EnableWindow(bar.forward, 0);
  }

  /** Whether the window's toolbar (and so its address field) shows. */
  shows(id: number): boolean {
    return this.bars.get(id)?.shown === true;
  }

  /** The keys go to the address field, its text selected (Ctrl+L, Edit address on our error page). */
  focusAddress(id: number): void {
    const bar = this.bars.get(id);
    if (!bar?.shown) return;
    this.w.SetFocus(bar.address);
    this.w.SendMessageW(bar.address, EM_SETSEL, 0, -1);
  }

  /** The toolbar's height for this window's DPI while it shows, else 0. */
  height(id: number): number {
    const bar = this.bars.get(id);
    return bar?.shown ? scaleForDpi(TOOLBAR_HEIGHT_96, this.dpi(bar.window)) : 0;
  }

  /** Places the controls across the top of the client area (after WM_SIZE or a DPI change). */
  layout(id: number, clientWidth: number): void {
    const bar = this.bars.get(id);
    if (!bar?.shown) return;
    const dpi = this.dpi(bar.window);
    if (bar.fontDpi !== dpi) { // moved to a monitor of another DPI: text at its size too
      const font = this.fonts.at(dpi);
      if (font) for (const name of CONTROLS) this.w.SendMessageW(bar[name], WM_SETFONT, font, 1);
      bar.fontDpi = dpi;
    }
    const s = (n: number) => scaleForDpi(n, dpi);
    const pad = s(2);
    const h = this.height(id) - 2 * pad;
    const shown = new Set<(typeof CONTROLS)[number]>(CONTROLS);
    let fixed = Object.values(WIDTHS_96).reduce((a, b) => a + s(b) + pad, 0);
    for (const name of GIVE_WAY) {
      if (clientWidth - fixed - 2 * pad >= s(MIN_ADDRESS_96)) break;
      shown.delete(name);
      fixed -= s(WIDTHS_96[name]) + pad;
    }
    const addressWidth = Math.max(s(40), clientWidth - fixed - 2 * pad);
    let x = pad;
    for (const name of CONTROLS) {
      this.w.ShowWindow(bar[name], shown.has(name) ? 5 /* SW_SHOW */ : 0 /* SW_HIDE */);
      if (!shown.has(name)) continue;
      const width = name === 'address' ? addressWidth : s(WIDTHS_96[name]);
      this.w.MoveWindow(bar[name], x, pad, width, h, 1);
      x += width + pad;
    }
    // The whole strip painted again, its controls too: under Wine, controls moved into the place a
    // shrinking address field had left stayed unpainted after a resize.
    const strip = { left: 0, top: 0, right: clientWidth, bottom: this.height(id) };
    this.w.RedrawWindow(bar.window, strip, null, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN);
  }

  detach(id: number): void {
    const bar = this.bars.get(id);
    if (!bar) return;
    for (const name of CONTROLS) this.controls.delete(bar[name]);
    this.bars.delete(id);
  }

  /** Settings changed: toolbars show or hide (`resize` keeps each page's viewport), DevTools follows its setting. */
  configure(show: boolean, devTools: boolean, resize: (id: number, apply: () => void) => void): void {
    this.devTools = devTools;
    const changed = show !== this.show;
    for (const [id, bar] of this.bars) {
      this.w.EnableWindow(bar.devTools, devTools ? 1 : 0);
      if (changed) {
        resize(id, () => {
          bar.shown = show;
          for (const name of CONTROLS) this.w.ShowWindow(bar[name], show ? 5 /* SW_SHOW */ : 0 /* SW_HIDE */);
        });
      }
    }
    this.show = show;
  }

  /** A navigation began or ended: reload/stop switches. */
  setLoading(id: number, loading: boolean): void {
    const bar = this.bars.get(id);
    if (!bar || bar.loading === loading) return;
    bar.loading = loading;
    this.w.SetWindowTextW(bar.reloadStop, loading ? 'Stop' : 'Reload');
  }

  /** A navigation completed: the field follows the URL (unless the user is typing), history buttons their state. */
  navigated(id: number, url: string, canGoBack: boolean, canGoForward: boolean): void {
    const bar = this.bars.get(id);
    if (!bar) return;
    this.setLoading(id, false);
    this.w.EnableWindow(bar.back, canGoBack ? 1 : 0);
    this.w.EnableWindow(bar.forward, canGoForward ? 1 : 0);
    this.clearWarning(bar);
    bar.url = url;
    if (this.w.GetFocus() !== bar.address) this.w.SetWindowTextW(bar.address, url.slice(0, MAX_ADDRESS_CHARS));
  }

  /** The zoom label follows the page's zoom. */
  showZoom(id: number, zoom: number): void {
    const bar = this.bars.get(id);
    if (bar) this.w.SetWindowTextW(bar.zoom, `${Math.round(zoom * 100)} %`);
  }

  /** WM_COMMAND from a control of the window; true when it was the toolbar's. */
  command(id: number, wp: bigint | number): boolean {
    const bar = this.bars.get(id);
    if (!bar || ((Number(wp) >>> 16) & 0xffff) !== BN_CLICKED) return false;
    switch (Number(wp) & 0xffff) {
      case CONTROL_IDS.back: this.act(bar, 'back'); break;
      case CONTROL_IDS.forward: this.act(bar, 'forward'); break;
      case CONTROL_IDS.reloadStop: this.act(bar, bar.loading ? 'stop' : 'reload'); break;
      case CONTROL_IDS.zoom: this.act(bar, 'zoomReset'); break;
      case CONTROL_IDS.devTools: this.act(bar, 'devTools'); break;
      case CONTROL_IDS.device: this.act(bar, 'deviceMenu'); break;
      case CONTROL_IDS.screenshot: this.act(bar, 'screenshot'); break;
      case CONTROL_IDS.pin: {
        const on = Number(this.w.SendMessageW(bar.pin, BM_GETCHECK, 0, 0)) === 1;
        this.w.SetWindowPos(bar.window, on ? HWND_TOPMOST : HWND_NOTOPMOST, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE);
        break;
      }
      default: return false;
    }
    this.host.focusPage(id); // a clicked button gives the keys back to the page
    return true;
  }

  /** A key pressed in the page (AcceleratorKeyPressed, key down): the window's action for it, or null. */
  pageKey(id: number, vk: number, repeat = false): (() => void) | null {
    const bar = this.bars.get(id);
    const action = keyAction(vk, this.modifiers());
    if (!bar || !action) return null;
    // An auto-repeat of a key held down: one screenshot, one menu (the key stays the window's).
    if (skippedWhenHeld(action, repeat)) return () => undefined;
    return () => this.act(bar, action);
  }

  modifiers(): number {
    const down = (key: number) => (this.w.GetKeyState(key) as number) < 0;
    return (down(0x10) ? SHIFT : 0) | (down(0x11) ? CONTROL : 0) | (down(0x12) ? ALT : 0);
  }

  // --- the controls' procedure: keys with the focus in the toolbar ---

  private controlProc(hwnd: bigint, msg: number, wp: bigint | number, lp: bigint | number): bigint | number {
    const entry = this.controls.get(hwnd);
    if (!entry) return this.w.DefWindowProcW(hwnd, msg, wp, lp);
    try {
      if (msg === WM_KEYDOWN || msg === WM_SYSKEYDOWN) {
        if (this.controlKey(entry.bar, hwnd, Number(wp), ((Number(lp) >>> 30) & 1) === 1)) { // lParam bit 30: an auto-repeat
          this.swallowChar = true;
          return 0;
        }
        this.swallowChar = false;
      } else if ((msg === WM_CHAR || msg === WM_SYSCHAR) && this.swallowChar) {
        this.swallowChar = false;
        return 0;
      }
    } catch (err) {
      this.host.log('error', `toolbar (message 0x${msg.toString(16)}): ${(err as Error)?.stack ?? err}`);
      return 0;
    }
    return this.w.CallWindowProcW(entry.original, hwnd, msg, wp, lp);
  }

  private controlKey(bar: Bar, hwnd: bigint, vk: number, repeat: boolean): boolean {
    const mods = this.modifiers();
    const inAddress = hwnd === bar.address;
    if (inAddress && vk === VK.RETURN && mods === 0) {
      this.addressEntered(bar);
      return true;
    }
    const action = keyAction(vk, mods);
    if (!action) return false;
    if (inAddress && action === 'stop') { // Esc in the field puts the page's address back
      this.host.stop(bar.id);
      this.w.SetWindowTextW(bar.address, bar.url.slice(0, MAX_ADDRESS_CHARS));
      this.host.focusPage(bar.id);
      return true;
    }
    if (skippedWhenHeld(action, repeat)) return true;
    this.act(bar, action);
    return true;
  }

  private act(bar: Bar, action: KeyAction): void {
    const id = bar.id;
    switch (action) {
      case 'reload': case 'reloadBypassCache': this.host.reload(id, action === 'reloadBypassCache'); return;
      case 'back': this.host.goBack(id); return;
      case 'forward': this.host.goForward(id); return;
      case 'stop': this.host.stop(id); return;
      case 'focusAddress':
        this.focusAddress(id);
        return;
      case 'zoomIn': case 'zoomOut': case 'zoomReset': {
        const now = this.host.zoom(id);
        const next = action === 'zoomReset' ? 1 : nextZoom(now, action === 'zoomIn' ? 1 : -1);
        if (next === now) return;
        this.host.setZoom(id, next);
        const zoom = this.host.zoom(id);
        this.showZoom(id, zoom);
        this.host.zoomChanged(id, zoom);
        return;
      }
      case 'devTools':
        if (!this.devTools) {
          this.host.log('info', `window ${id}: DevTools are turned off (setting webview2Host.devTools)`);
          return;
        }
        this.host.openDevTools(id);
        return;
      case 'close': this.host.close(id); return;
      case 'screenshot': this.host.screenshot(id); return;
      case 'deviceMenu': this.deviceMenu.ask(id, bar.window); return; // opens at the top of the UI loop
    }
  }

  /** Opens the device menus asked for since the last turn of the UI loop (deviceMenu.ts). */
  runDue(): boolean {
    return this.deviceMenu.runDue((id) => {
      const bar = this.bars.get(id);
      return bar && { window: bar.window, ...(bar.shown ? { button: bar.device } : {}) };
    });
  }

  /** Enter in the address field: navigate to what it accepts, or say why not in the window's title. */
  private addressEntered(bar: Bar): void {
    const typed = this.text(bar.address);
    let url: string;
    try {
      url = toAddressFieldUrl(typed);
    } catch (err) {
      const reason = (err as Error).message;
      const short = reason.length > MAX_LOGGED_REASON ? `${reason.slice(0, MAX_LOGGED_REASON)}…` : reason;
      bar.titleBeforeWarning ??= this.text(bar.window);
      this.w.SetWindowTextW(bar.window, `Not opened: ${short}`);
      this.host.log('info', `window ${bar.id}: the address field did not navigate: ${short}`);
      return;
    }
    this.clearWarning(bar);
    this.w.SetWindowTextW(bar.address, url);
    this.host.focusPage(bar.id); // as browsers do: the page has the keys again
    this.host.load(bar.id, url);
  }

  private clearWarning(bar: Bar): void {
    if (bar.titleBeforeWarning === undefined) return;
    this.w.SetWindowTextW(bar.window, bar.titleBeforeWarning);
    bar.titleBeforeWarning = undefined;
  }

  private text(hwnd: bigint): string {
    const buffer = Buffer.alloc((MAX_ADDRESS_CHARS + 1) * 2);
    const n = this.w.GetWindowTextW(hwnd, buffer, MAX_ADDRESS_CHARS + 1) as number;
    return buffer.toString('utf16le', 0, Math.max(0, n) * 2);
  }

  /** The window's DPI; 96 where GetDpiForWindow is missing (older Windows, or a Wine without it). */
  private dpi(hwnd: bigint): number {
    const dpi = this.w.GetDpiForWindow ? this.w.GetDpiForWindow(hwnd) as number : 0;
    return dpi > 0 ? dpi : 96;
  }
}
