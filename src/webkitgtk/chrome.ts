// The window's own browser chrome on Linux: a GTK toolbar above the page (back, forward,
// reload/stop, the address field, the zoom level, the device menu, screenshot, keep on top,
// DevTools) and the window's keys
// (chromeKeys.ts). The page's viewport keeps the size asked for: the window is taller by the
// toolbar, which height() reports. Every handler runs in the callback scope, like events.ts.
import { DEVICE_PRESETS, presetNote } from '../devices';
import { toAddressFieldUrl } from '../urls';
import { nextZoom } from '../zoomSteps';
import type { CallbackScope } from '../helper/waits';
import { keyAction, readKeyEvent, type KeyAction } from './chromeKeys';
import { Callbacks, type Ffi, type Ptr, register } from './ffi';

/** What the chrome asks of the rest of the backend. */
export interface ChromeHost {
  /** Loads a URL the address field accepted, as navigate does. */
  load(windowId: number, url: string): void;
  reload(windowId: number, bypassCache: boolean): void;
  /** Stops the load in progress, or a wait for a server (helper/failurePages.ts). */
  stop(windowId: number): void;
  /** Whether the window waits for its server: the button offers Stop then too. */
  waiting(windowId: number): boolean;
  /** Throws when DevTools are turned off. */
  openDevTools(windowId: number): void;
  /** Closes the window as its user did. */
  close(windowId: number): void;
  /** The zoom as the backend reports it, and its setter. */
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
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

interface Bar {
  window: bigint;
  view: bigint;
  toolbar: bigint;
  back: bigint;
  forward: bigint;
  reloadStop: bigint;
  loading: boolean;
  entry: bigint;
  zoom: bigint;
  device: bigint;
  /** The device menu (attached to its button, so it goes with the window) and its items, one per preset. */
  deviceMenu: bigint;
  deviceItems: bigint[];
  devTools: bigint;
  /** The toolbar's natural height, measured once it was built. */
  height: number;
  printLogged?: boolean;
}

/** GtkOrientation, GtkIconSize, GtkReliefStyle, GtkEntryIconPosition, GtkInputPurpose, GdkGravity values. */
const HORIZONTAL = 0;
const VERTICAL = 1;
const ICON_SIZE_BUTTON = 4;
const RELIEF_NONE = 2;
const ICON_SECONDARY = 1;
const PURPOSE_URL = 5;
const GRAVITY_NORTH_WEST = 1;
const GRAVITY_SOUTH_WEST = 7;
/** A device menu item's signal data: the window id times this, plus the preset's index. */
const ITEM_DATA_BASE = 64;
/** Longest text the address field holds: a page's URL past it is shown cut. */
const MAX_ADDRESS_CHARS = 8192;
/** Refusal reasons in the log are cut to this many characters (they quote what was typed). */
const MAX_LOGGED_REASON = 300;

export class GtkChrome {
  private readonly bars = new Map<number, Bar>();
  private readonly cb: Record<'back' | 'forward' | 'reloadStop' | 'activate' | 'zoomReset' | 'devTools' | 'keepAbove' | 'deviceMenu' | 'deviceItem' | 'screenshot'
    | 'uri' | 'loading' | 'zoomLevel' | 'key' | 'keyUp' | 'focusOut' | 'print', bigint>;
  /** Keys down now whose action must not repeat while held (a screenshot per auto-repeat); a window
   *  that loses the focus forgets them (their release goes elsewhere). */
  private readonly held = new Set<number>();

  constructor(private readonly gtk: Ffi, scope: CallbackScope, private readonly host: ChromeHost, private show: boolean, private devTools: boolean) {
    const clicked = (name: string, act: (id: number, widget: bigint) => void): bigint =>
      register((widget: Ptr, data: bigint) => scope.run(name, undefined, () => act(Number(data), widget as bigint)), Callbacks.widgetSignal);
    const notify = (name: string, act: (bar: Bar, id: number) => void): bigint =>
      register((_object: Ptr, _pspec: Ptr, data: bigint) => scope.run(name, undefined, () => {
        const bar = this.bars.get(Number(data));
        if (bar) act(bar, Number(data));
      }), Callbacks.notify);
    this.cb = {
      back: clicked('toolbar back', (id) => this.act(id, 'back')),
      forward: clicked('toolbar forward', (id) => this.act(id, 'forward')),
      reloadStop: clicked('toolbar reload', (id) => this.act(id, this.bars.get(id)?.loading ? 'stop' : 'reload')),
      activate: clicked('address activate', (id) => this.addressEntered(id)),
      zoomReset: clicked('toolbar zoom', (id) => this.act(id, 'zoomReset')),
      devTools: clicked('toolbar devtools', (id) => this.act(id, 'devTools')),
      deviceMenu: clicked('toolbar device', (id) => this.act(id, 'deviceMenu')),
      screenshot: clicked('toolbar screenshot', (id) => this.act(id, 'screenshot')),
      deviceItem: clicked('device menu item', (data) => {
        const id = Math.floor(data / ITEM_DATA_BASE);
        const preset = DEVICE_PRESETS[data % ITEM_DATA_BASE];
        if (preset && this.bars.has(id)) this.host.chooseDevice(id, preset.id);
      }),
      keepAbove: clicked('toolbar keep on top', (id, button) => {
        const bar = this.bars.get(id);
        if (bar) this.gtk.gtk_window_set_keep_above(bar.window, this.gtk.gtk_toggle_button_get_active(button));
      }),
      uri: notify('notify::uri', (bar) => this.showUri(bar)),
      loading: notify('notify::is-loading', (bar, id) => this.showLoading(bar, id)),
      zoomLevel: notify('notify::zoom-level', (bar, id) => this.gtk.gtk_button_set_label(bar.zoom, `${Math.round(this.host.zoom(id) * 100)} %`)),
      key: register((_widget: Ptr, event: Ptr, data: bigint) => scope.run('key-press-event', 0, () => this.keyPressed(Number(data), event as bigint)), Callbacks.keyPress),
      keyUp: register((_widget: Ptr, event: Ptr) => scope.run('key-release-event', 0, () => {
        this.held.delete(this.gtk.gdk_keyval_to_lower(readKeyEvent(event as bigint).keyval) as number);
        return 0;
      }), Callbacks.keyPress),
      focusOut: register(() => scope.run('focus-out-event', 0, () => { this.held.clear(); return 0; }), Callbacks.keyPress),
      print: register((_view: Ptr, _operation: Ptr, data: bigint) => scope.run('print', 1, () => this.printRequested(Number(data))), Callbacks.printRequested),
    };
  }

  /**
   * Builds the toolbar of a new window and returns what goes into the window: a vertical box
   * with the toolbar above the view. The window's keys and the view's print are caught here too.
   */
  build(id: number, window: bigint, view: bigint): bigint {
    const g = this.gtk;
    const data = BigInt(id);
    const button = (icon: string, tooltip: string, handler: bigint): bigint => {
      const b = g.gtk_button_new_from_icon_name(icon, ICON_SIZE_BUTTON) as bigint;
      g.gtk_button_set_relief(b, RELIEF_NONE);
      g.gtk_widget_set_tooltip_text(b, tooltip);
      g.gtk_widget_set_can_focus(b, 0); // keys stay with the page or the address field
      g.g_signal_connect_data(b, 'clicked', handler, data, null, 0);
      return b;
    };
    const toolbar = g.gtk_box_new(HORIZONTAL, 2) as bigint;
    g.gtk_widget_set_name(toolbar, 'webview2-host-toolbar');
    const back = button('go-previous-symbolic', 'Back (Alt+Left)', this.cb.back);
    const forward = button('go-next-symbolic', 'Forward (Alt+Right)', this.cb.forward);
    const reloadStop = button('view-refresh-symbolic', 'Reload (F5, Ctrl+R; Ctrl+Shift+R without the cache)', this.cb.reloadStop);
    const entry = g.gtk_entry_new() as bigint;
    g.gtk_entry_set_max_length(entry, MAX_ADDRESS_CHARS);
    g.gtk_entry_set_width_chars(entry, 1); // its least width: a phone's width (375) still fits the whole toolbar
    g.gtk_entry_set_input_purpose(entry, PURPOSE_URL);
    g.gtk_widget_set_tooltip_text(entry, 'Address (Ctrl+L): a URL, or host[:port][/path]');
    g.g_signal_connect_data(entry, 'activate', this.cb.activate, data, null, 0);
    const zoom = g.gtk_button_new_with_label('100 %') as bigint;
    g.gtk_button_set_relief(zoom, RELIEF_NONE);
    g.gtk_widget_set_tooltip_text(zoom, 'Zoom (Ctrl+= / Ctrl+-); click to reset (Ctrl+0)');
    g.gtk_widget_set_can_focus(zoom, 0);
    g.g_signal_connect_data(zoom, 'clicked', this.cb.zoomReset, data, null, 0);
    const pin = g.gtk_toggle_button_new() as bigint;
    g.gtk_button_set_image(pin, g.gtk_image_new_from_icon_name('view-pin-symbolic', ICON_SIZE_BUTTON));
    g.gtk_button_set_relief(pin, RELIEF_NONE);
    g.gtk_widget_set_tooltip_text(pin, 'Keep on top');
    g.gtk_widget_set_can_focus(pin, 0);
    g.g_signal_connect_data(pin, 'toggled', this.cb.keepAbove, data, null, 0);
    const device = button('phone-symbolic', 'Device or size (Ctrl+Shift+M)', this.cb.deviceMenu);
    const deviceMenu = g.gtk_menu_new() as bigint;
    g.gtk_menu_attach_to_widget(deviceMenu, device, null);
    const deviceItems = DEVICE_PRESETS.map((preset, index) => {
      const item = g.gtk_menu_item_new_with_label(preset.label) as bigint;
      g.gtk_widget_set_tooltip_text(item, presetNote(preset, 'WebKitGTK'));
      g.g_signal_connect_data(item, 'activate', this.cb.deviceItem, BigInt(id * ITEM_DATA_BASE + index), null, 0);
      g.gtk_menu_shell_append(deviceMenu, item);
      return item;
    });
    g.gtk_widget_show_all(deviceMenu);
    const shot = button('camera-photo-symbolic', 'Save a screenshot (Ctrl+Shift+S)', this.cb.screenshot);
    const devTools = button('applications-engineering-symbolic', 'DevTools (F12)', this.cb.devTools);
    for (const [widget, expand] of [[back, 0], [forward, 0], [reloadStop, 0], [entry, 1], [zoom, 0], [device, 0], [shot, 0], [pin, 0], [devTools, 0]] as const) {
      g.gtk_box_pack_start(toolbar, widget, expand, expand, 0);
    }
    const root = g.gtk_box_new(VERTICAL, 0) as bigint;
    g.gtk_box_pack_start(root, toolbar, 0, 0, 0);
    g.gtk_box_pack_start(root, view, 1, 1, 0);
    // Measured shown; then hidden if the setting says so. show_all on the window leaves it alone.
    g.gtk_widget_show_all(toolbar);
    const min = [0], natural = [0];
    g.gtk_widget_get_preferred_height(toolbar, min, natural);
    g.gtk_widget_set_no_show_all(toolbar, 1);
    g.gtk_widget_set_visible(toolbar, this.show ? 1 : 0);
    const bar: Bar = { window, view, toolbar, back, forward, reloadStop, loading: false, entry, zoom, device, deviceMenu, deviceItems, devTools, height: natural[0] };
    this.bars.set(id, bar);
    g.gtk_widget_set_sensitive(devTools, this.devTools ? 1 : 0);
    this.showHistory(bar);
    g.g_signal_connect_data(view, 'notify::uri', this.cb.uri, data, null, 0);
    g.g_signal_connect_data(view, 'notify::is-loading', this.cb.loading, data, null, 0);
    g.g_signal_connect_data(view, 'notify::zoom-level', this.cb.zoomLevel, data, null, 0);
    g.g_signal_connect_data(view, 'print', this.cb.print, data, null, 0);
    g.g_signal_connect_data(window, 'key-press-event', this.cb.key, data, null, 0);
    g.g_signal_connect_data(window, 'key-release-event', this.cb.keyUp, data, null, 0);
    g.g_signal_connect_data(window, 'focus-out-event', this.cb.focusOut, data, null, 0);
    return root;
  }

  /** The page has the keys when a window opens, not the address field (GTK's first focusable widget). */
  focusPage(id: number): void {
    const bar = this.bars.get(id);
    if (bar) this.gtk.gtk_widget_grab_focus(bar.view);
  }

  /** Whether the window's toolbar (and so its address field) shows. */
  shows(id: number): boolean {
    const bar = this.bars.get(id);
    return bar !== undefined && this.gtk.gtk_widget_get_visible(bar.toolbar) !== 0;
  }

  /** The keys go to the address field, its text selected (Ctrl+L, Edit address on our error page). */
  focusAddress(id: number): void {
    const bar = this.bars.get(id);
    if (!bar || !this.shows(id)) return;
    this.gtk.gtk_widget_grab_focus(bar.entry);
    this.gtk.gtk_editable_select_region(bar.entry, 0, -1);
  }

  /** How much taller than its page the window is: the toolbar's height while it shows. */
  height(id: number): number {
    const bar = this.bars.get(id);
    return bar && this.gtk.gtk_widget_get_visible(bar.toolbar) ? bar.height : 0;
  }

  detach(id: number): void {
    this.bars.delete(id);
  }

  /**
   * The settings changed: toolbars show or hide (`resize` keeps each page's viewport as it was),
   * and the DevTools button follows the devTools setting.
   */
  configure(show: boolean, devTools: boolean, resize: (id: number, apply: () => void) => void): void {
    this.devTools = devTools;
    const changed = show !== this.show;
    this.show = show;
    for (const [id, bar] of this.bars) {
      this.gtk.gtk_widget_set_sensitive(bar.devTools, devTools ? 1 : 0);
      if (changed) resize(id, () => this.gtk.gtk_widget_set_visible(bar.toolbar, show ? 1 : 0));
    }
  }

  // --- handlers (inside the callback scope) ---

  private keyPressed(id: number, event: bigint): number {
    const { state, keyval, sent } = readKeyEvent(event);
    // A key made for the page (pageInput marks it sent): the page's, as the DevTools Input domain's
    // keys are on Windows; an agent's F5 or Ctrl+W never reloads or closes the window.
    if (sent) return 0;
    const key = this.gtk.gdk_keyval_to_lower(keyval) as number;
    const action = keyAction(key, state);
    if (!action) return 0; // the page's or the address field's
    // An auto-repeat of a key still held: one screenshot. (The device menu grabs the keys once open,
    // its repeats and its release with them.)
    if (action === 'screenshot') {
      if (this.held.has(key)) return 1;
      this.held.add(key);
    }
    this.act(id, action);
    return 1;
  }

  private act(id: number, action: KeyAction): void {
    const bar = this.bars.get(id);
    if (!bar) return;
    const g = this.gtk;
    switch (action) {
      case 'reload': case 'reloadBypassCache':
        this.host.reload(id, action === 'reloadBypassCache');
        return;
      case 'back': g.webkit_web_view_go_back(bar.view); return;
      case 'forward': g.webkit_web_view_go_forward(bar.view); return;
      case 'stop':
        this.host.stop(id);
        if (g.gtk_widget_has_focus(bar.entry)) { // Esc in the field also puts the page's address back
          this.showUri(bar, true);
          g.gtk_widget_grab_focus(bar.view);
        }
        return;
      case 'focusAddress':
        this.focusAddress(id);
        return;
      case 'zoomIn': case 'zoomOut': case 'zoomReset': {
        const now = this.host.zoom(id);
        const next = action === 'zoomReset' ? 1 : nextZoom(now, action === 'zoomIn' ? 1 : -1);
        if (next === now) return;
        this.host.setZoom(id, next);
        this.host.zoomChanged(id, this.host.zoom(id));
        return;
      }
      case 'devTools':
        if (!this.devTools) { // the button is insensitive then; the key says why in the log
          this.host.log('info', `window ${id}: DevTools are turned off (setting webview2Host.devTools)`);
          return;
        }
        this.host.openDevTools(id);
        return;
      case 'close': this.host.close(id); return;
      case 'screenshot': this.host.screenshot(id); return;
      case 'deviceMenu': this.popDeviceMenu(id, bar); return;
    }
  }

  /** The presets, the one the window is now marked, under the device button (or the page's corner
   *  when the toolbar is hidden). GTK's menu needs no nested loop: a choice arrives as a signal. */
  private popDeviceMenu(id: number, bar: Bar): void {
    const g = this.gtk;
    const now = this.host.device(id);
    DEVICE_PRESETS.forEach((preset, index) => {
      g.gtk_menu_item_set_label(bar.deviceItems[index], `${preset.label === now ? '\u2713 ' : '    '}${preset.label} \u2013 ${preset.width} \u00d7 ${preset.height}`);
    });
    const shown = this.shows(id);
    g.gtk_menu_popup_at_widget(bar.deviceMenu, shown ? bar.device : bar.view, shown ? GRAVITY_SOUTH_WEST : GRAVITY_NORTH_WEST, GRAVITY_NORTH_WEST, null);
  }

  /** Enter in the address field: navigate to what it accepts, or say why not beside it. */
  private addressEntered(id: number): void {
    const bar = this.bars.get(id);
    if (!bar) return;
    const g = this.gtk;
    const typed = g.gtk_entry_get_text(bar.entry) ?? '';
    let url: string;
    try {
      url = toAddressFieldUrl(typed);
    } catch (err) {
      const reason = (err as Error).message;
      g.gtk_entry_set_icon_from_icon_name(bar.entry, ICON_SECONDARY, 'dialog-warning-symbolic');
      g.gtk_entry_set_icon_tooltip_text(bar.entry, ICON_SECONDARY, reason);
      this.host.log('info', `window ${id}: the address field did not navigate: ${reason.length > MAX_LOGGED_REASON ? `${reason.slice(0, MAX_LOGGED_REASON)}…` : reason}`);
      return;
    }
    this.clearWarning(bar);
    g.gtk_widget_grab_focus(bar.view); // as browsers do: the page has the keys again, the field follows the load
    this.host.load(id, url);
    g.gtk_entry_set_text(bar.entry, url);
  }

  /** A page that calls window.print() gets no dialog: a hostile page could raise one after another. */
  private printRequested(id: number): number {
    const bar = this.bars.get(id);
    if (bar && !bar.printLogged) {
      bar.printLogged = true;
      this.host.log('info', `window ${id}: the page asked to print; no print dialog is shown (Save Page as PDF saves it)`);
    }
    return 1; // handled: WebKit shows nothing
  }

  /** The field follows the committed URL, unless the user is typing in it. */
  private showUri(bar: Bar, force = false): void {
    const g = this.gtk;
    this.showHistory(bar);
    if (!force && g.gtk_widget_has_focus(bar.entry)) return;
    // Read whole: WebKit throttles history.pushState/replaceState, the page's only fast way to change it.
    g.gtk_entry_set_text(bar.entry, g.webkit_web_view_get_uri(bar.view) ?? '');
    this.clearWarning(bar);
  }

  private showLoading(bar: Bar, id: number): void {
    const g = this.gtk;
    const loading = g.webkit_web_view_is_loading(bar.view) !== 0 || this.host.waiting(id);
    this.showHistory(bar);
    if (loading === bar.loading) return;
    bar.loading = loading;
    g.gtk_button_set_image(bar.reloadStop, g.gtk_image_new_from_icon_name(loading ? 'process-stop-symbolic' : 'view-refresh-symbolic', ICON_SIZE_BUTTON));
    g.gtk_widget_set_tooltip_text(bar.reloadStop, loading ? 'Stop (Esc)' : 'Reload (F5, Ctrl+R; Ctrl+Shift+R without the cache)');
  }

  private showHistory(bar: Bar): void {
    this.gtk.gtk_widget_set_sensitive(bar.back, this.gtk.webkit_web_view_can_go_back(bar.view));
    this.gtk.gtk_widget_set_sensitive(bar.forward, this.gtk.webkit_web_view_can_go_forward(bar.view));
  }

  private clearWarning(bar: Bar): void {
    this.gtk.gtk_entry_set_icon_from_icon_name(bar.entry, ICON_SECONDARY, null);
  }
}
