// The toolbar's device menu on Windows: the presets (devices.ts) in a popup menu under the Device
// button, or the window's corner when the toolbar is hidden, the device the window is now checked.
// Asked for from a key (inside the runtime's AcceleratorKeyPressed handler) or a click (which a
// wait's pump may dispatch), it opens only at the top of the UI loop: TrackPopupMenu runs a modal
// loop of its own, and the choice then waits for the engine, which waits refuse inside a handler.
import { DEVICE_PRESETS, presetSummary } from '../devices';
import { MF_CHECKED, MF_STRING, TPM_NONOTIFY, TPM_RETURNCMD, type Ptr, type Win32 } from './ffi/win32';

const WM_NULL = 0x0000;

/** Where a window's menu goes: its top-level window, and the Device button while the toolbar shows. */
export interface MenuPlace {
  window: bigint;
  button?: bigint;
}

export interface DeviceMenuHost {
  device(windowId: number): string | undefined;
  chooseDevice(windowId: number, presetId: string): void;
  log(level: 'error', message: string): void;
}

/** The menu's command ids: this plus the preset's index (never 0, which means "nothing chosen"). */
const COMMAND_BASE = 1;

export class Win32DeviceMenu {
  private readonly due = new Set<number>();

  constructor(private readonly w: Win32, private readonly host: DeviceMenuHost) {}

  /** The menu of this window opens at the next turn of the UI loop. A message is posted to the
   *  window so that there is a next turn: a key's event may have come as a message another thread
   *  sent, which GetMessageW runs inside itself without returning to the loop. */
  ask(windowId: number, window: bigint): void {
    this.due.add(windowId);
    this.w.PostMessageW(window, WM_NULL, 0, 0);
  }

  /** Opens the menus asked for (of windows still open: `place`); says whether there were any. */
  runDue(place: (windowId: number) => MenuPlace | undefined): boolean {
    const due = [...this.due];
    this.due.clear();
    for (const id of due) {
      const at = place(id);
      if (!at) continue;
      try {
        this.pop(id, at, place);
      } catch (err) {
        this.host.log('error', `window ${id}: the device menu failed: ${(err as Error)?.message ?? err}`);
      }
    }
    return due.length > 0;
  }

  /** TrackPopupMenu with TPM_RETURNCMD: the choice is its answer, never a WM_COMMAND arriving later. */
  private pop(id: number, at: MenuPlace, place: (windowId: number) => MenuPlace | undefined): void {
    const w = this.w;
    const menu = w.CreatePopupMenu() as Ptr;
    if (!menu) throw new Error('CreatePopupMenu failed');
    try {
      const now = this.host.device(id);
      DEVICE_PRESETS.forEach((preset, index) => {
        w.AppendMenuW(menu, MF_STRING | (preset.label === now ? MF_CHECKED : 0), COMMAND_BASE + index, `${preset.label}\t${presetSummary(preset)}`);
      });
      const rect = { left: 0, top: 0, right: 0, bottom: 0 };
      w.GetWindowRect(at.button ?? at.window, rect);
      w.SetForegroundWindow(at.window); // so that a click elsewhere or Esc dismisses the menu (TrackPopupMenu's remarks)
      const chosen = Number(w.TrackPopupMenu(menu, TPM_RETURNCMD | TPM_NONOTIFY, rect.left, at.button ? rect.bottom : rect.top, 0, at.window, null));
      const preset = DEVICE_PRESETS[chosen - COMMAND_BASE];
      if (chosen > 0 && preset && place(id)) this.host.chooseDevice(id, preset.id); // the window may have closed meanwhile
    } finally {
      w.DestroyMenu(menu);
    }
  }
}
