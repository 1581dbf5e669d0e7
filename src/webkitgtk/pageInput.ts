// Input to a page on Linux, as the windowing system would deliver it: GDK events made here and
// handed to GTK's own dispatch (gtk_main_do_event), the way WebKit's own test runner drives
// WebKitGTK, so that the page sees trusted events (isTrusted, user activation). Text is inserted
// with WebKit's InsertText editing command, which is what an input method's commit does.
import * as koffi from 'koffi';
import type { ClickInput, KeyInput, PageInputParams } from '../protocol';
import { InvalidInputError } from '../helper/errors';
import type { Ffi, Ptr } from './ffi';

/** GdkEventType values (gdkevents.h). */
const GDK_MOTION_NOTIFY = 3;
const GDK_BUTTON_PRESS = 4;
const GDK_2BUTTON_PRESS = 5;
const GDK_BUTTON_RELEASE = 7;
const GDK_KEY_PRESS = 8;
const GDK_KEY_RELEASE = 9;
/** GdkModifierType bits. */
const MODIFIER_MASKS = { Shift: 1 << 0, Control: 1 << 2, Alt: 1 << 3, Meta: 1 << 28 } as const;
const BUTTON1_MASK = 1 << 8;
const BUTTONS = { left: 1, middle: 2, right: 3 } as const;

// The events' C layouts (GTK 3, gdkevents.h); koffi lays them out as the C compiler does.
const GdkEventButton = koffi.struct({
  type: 'int', window: 'void *', send_event: 'int8', time: 'uint32', x: 'double', y: 'double', axes: 'void *',
  state: 'uint', button: 'uint', device: 'void *', x_root: 'double', y_root: 'double',
});
const GdkEventMotion = koffi.struct({
  type: 'int', window: 'void *', send_event: 'int8', time: 'uint32', x: 'double', y: 'double', axes: 'void *',
  state: 'uint', is_hint: 'int16', device: 'void *', x_root: 'double', y_root: 'double',
});
// is_modifier (a bit field after group) is left as gdk_event_new zeroed it.
const GdkEventKey = koffi.struct({
  type: 'int', window: 'void *', send_event: 'int8', time: 'uint32', state: 'uint', keyval: 'uint', length: 'int',
  string: 'void *', hardware_keycode: 'uint16', group: 'uint8',
});
const GdkKeymapKey = koffi.struct({ keycode: 'uint', group: 'int', level: 'int' });

/** DOM key names (KeyboardEvent.key) whose GDK keyval name differs; other names are GDK's own or one character. */
const KEY_NAMES: Record<string, string> = {
  Enter: 'Return', Backspace: 'BackSpace', ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down',
  PageUp: 'Page_Up', PageDown: 'Page_Down', ' ': 'space', Space: 'space', Escape: 'Escape', Tab: 'Tab', Delete: 'Delete',
  Home: 'Home', End: 'End', Insert: 'Insert', Shift: 'Shift_L', Control: 'Control_L', Alt: 'Alt_L', Meta: 'Super_L',
};

export class WebKitPageInput {
  /** Event times must increase, as the server's would; GTK reads double clicks from them. */
  private time = 1;

  constructor(private readonly f: Ffi) {}

  deliver(view: bigint, zoom: number, p: PageInputParams): void {
    const input = p.input;
    if (input.kind === 'click') this.click(view, zoom, input);
    else if (input.kind === 'key') this.key(view, input);
    else {
      this.focus(view);
      this.f.webkit_web_view_execute_editing_command_with_argument(view, 'InsertText', input.text);
    }
  }

  private click(view: bigint, zoom: number, input: ClickInput): void {
    const f = this.f;
    const window = this.windowOf(view);
    const pointer = f.gdk_seat_get_pointer(f.gdk_display_get_default_seat(f.gdk_display_get_default())) as Ptr;
    // The page's CSS pixels, zoomed, are the view's pixels.
    const x = input.x * zoom, y = input.y * zoom;
    const ox = [0], oy = [0];
    f.gdk_window_get_origin(window, ox, oy);
    const at = { x, y, x_root: ox[0] + x, y_root: oy[0] + y };
    const button = BUTTONS[input.button ?? 'left'];
    this.focus(view);
    this.send(GDK_MOTION_NOTIFY, GdkEventMotion, { window, time: this.tick(), ...at, axes: null, state: 0, is_hint: 0, device: null }, pointer);
    const presses = input.clickCount === 2 ? [GDK_BUTTON_PRESS, GDK_BUTTON_RELEASE, GDK_BUTTON_PRESS, GDK_2BUTTON_PRESS, GDK_BUTTON_RELEASE] : [GDK_BUTTON_PRESS, GDK_BUTTON_RELEASE];
    for (const type of presses) {
      const state = type === GDK_BUTTON_RELEASE ? BUTTON1_MASK << (button - 1) : 0;
      this.send(type, GdkEventButton, { window, time: this.tick(), ...at, axes: null, state, button, device: null }, pointer);
    }
  }

  private key(view: bigint, input: KeyInput): void {
    const f = this.f;
    const keyval = this.keyval(input.key);
    const keyboard = f.gdk_seat_get_keyboard(f.gdk_display_get_default_seat(f.gdk_display_get_default())) as Ptr;
    const state = (input.modifiers ?? []).reduce((mask, m) => mask | MODIFIER_MASKS[m], 0);
    const keys: [Ptr] = [null];
    const count = [0];
    let hardware_keycode = 0;
    if (f.gdk_keymap_get_entries_for_keyval(f.gdk_keymap_get_for_display(f.gdk_display_get_default()), keyval, keys, count) && keys[0]) {
      hardware_keycode = (koffi.decode(keys[0], GdkKeymapKey) as { keycode: number }).keycode;
      f.g_free(keys[0]);
    }
    this.focus(view);
    const window = this.windowOf(view);
    // send_event marks the key as made for the page: the window's own keys (chrome.ts) leave it to the
    // page, also when WebKit hands a key the page did not take back to the window, later.
    for (const type of [GDK_KEY_PRESS, GDK_KEY_RELEASE]) {
      this.send(type, GdkEventKey, { window, send_event: 1, time: this.tick(), state, keyval, length: 0, string: null, hardware_keycode, group: 0 }, keyboard);
    }
  }

  /** The keyval of a DOM key name: a named key (Enter, ArrowLeft, F5, ...), or one character. */
  private keyval(key: string): number {
    const chars = [...key];
    if (chars.length === 1 && key !== ' ') return this.f.gdk_unicode_to_keyval(key.codePointAt(0)!) as number;
    const keyval = this.f.gdk_keyval_from_name(KEY_NAMES[key] ?? key) as number;
    // GDK_KEY_VoidSymbol (0xffffff) or 0: GDK knows no such key.
    if (!keyval || keyval === 0xffffff) throw new InvalidInputError(`"${key}" is not a key: use a DOM key name (Enter, Tab, ArrowLeft, Escape, F5, a)`, 'input.key');
    return keyval;
  }

  /** Key events go to the focused widget of the view's window: the page, not the address field. */
  private focus(view: bigint): void {
    this.f.gtk_widget_grab_focus(view);
  }

  private windowOf(view: bigint): Ptr {
    const window = this.f.gtk_widget_get_window(view) as Ptr;
    if (!window) throw new InvalidInputError('the window is not shown yet: its page cannot take input');
    return window;
  }

  private tick(): number {
    return this.time++;
  }

  /** Makes one event of `type`, fills it, and lets GTK dispatch it; GTK frees it with its window reference. */
  private send(type: number, layout: koffi.TypeObject, fields: Record<string, unknown>, device: Ptr): void {
    const f = this.f;
    const event = f.gdk_event_new(type) as Ptr;
    f.g_object_ref(fields.window as Ptr); // gdk_event_free releases it
    koffi.encode(event, layout, { type, send_event: 0, ...fields }); // fields may set send_event
    if (device) f.gdk_event_set_device(event, device);
    try {
      f.gtk_main_do_event(event);
    } finally {
      f.gdk_event_free(event);
    }
  }
}
