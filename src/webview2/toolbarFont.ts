// The toolbar's font at each DPI. The stock DEFAULT_GUI_FONT is made for 96 DPI (8 pt MS Shell Dlg,
// in pixels), so on a 150 % monitor the controls grew and their text did not. Here: the system's
// message font as Windows gives it for that DPI (SystemParametersInfoForDpi, Windows 10 1607 on),
// else Segoe UI 9 pt scaled; made once per DPI and kept for the helper's life (a handful at most).
import { scaleForDpi } from './chromeKeys';
import type { Ptr, Win32 } from './ffi/win32';

const SPI_GETNONCLIENTMETRICS = 0x0029;
/** NONCLIENTMETRICSW as Vista and later define it (with iPaddedBorderWidth): 504 bytes. */
const NONCLIENTMETRICS_BYTES = 504;
/** Where lfMessageFont (a LOGFONTW, whose first field is lfHeight) begins in NONCLIENTMETRICSW. */
const MESSAGE_FONT_AT = 408;
/** 9 pt, Windows' UI text since Vista, in pixels at 96 DPI. */
const UI_FONT_PX_96 = 12;

/** A font made for a DPI: its handle, its LOGFONT height (negative: the character height in pixels), where it came from. */
export interface ToolbarFont { font: Ptr; height: number; source: 'the system\'s message font' | 'Segoe UI 9 pt' }

export class ToolbarFonts {
  private readonly fonts = new Map<number, ToolbarFont>();

  constructor(private readonly w: Win32, private readonly made: (dpi: number, font: ToolbarFont) => void) {}

  /** The font for controls at this DPI; null if none could be made (the controls keep the system's). */
  at(dpi: number): Ptr {
    let made = this.fonts.get(dpi);
    if (!made) {
      made = this.make(dpi);
      this.fonts.set(dpi, made);
      this.made(dpi, made);
    }
    return made.font;
  }

  private make(dpi: number): ToolbarFont {
    const w = this.w;
    if (w.SystemParametersInfoForDpi) {
      const metrics = Buffer.alloc(NONCLIENTMETRICS_BYTES);
      metrics.writeUInt32LE(NONCLIENTMETRICS_BYTES, 0);
      if (w.SystemParametersInfoForDpi(SPI_GETNONCLIENTMETRICS, NONCLIENTMETRICS_BYTES, metrics, 0, dpi)) {
        const logFont = metrics.subarray(MESSAGE_FONT_AT);
        const font = w.CreateFontIndirectW(logFont) as Ptr;
        if (font) return { font, height: logFont.readInt32LE(0), source: 'the system\'s message font' };
      }
    }
    const height = -scaleForDpi(UI_FONT_PX_96, dpi);
    const font = w.CreateFontW(height, 0, 0, 0, 400 /* FW_NORMAL */, 0, 0, 0, 1 /* DEFAULT_CHARSET */,
      0, 0, 5 /* CLEARTYPE_QUALITY */, 0, 'Segoe UI') as Ptr;
    return { font, height, source: 'Segoe UI 9 pt' };
  }
}
