// What every engine does the same way with a page's popups (window.open, links with
// target=_blank): the popups setting (a window of ours, or the system browser for http(s)
// addresses only), the bound on popups open per opener (a page opening windows in a loop gets no
// more, and is named once in the log), and where a popup opens: beside its opener, a step down and
// right for each popup it has open, at the size the page asked for within bounds. Engines call
// `decide` from their engine callback, `opened` once the window exists, `closed` for every window.
import { Limits } from '../limits';
import type { Bounds, HelperSettings, OpenExternalEvent, PopupMode } from '../protocol';
import type { BackendEvents } from './backend';
import { CASCADE_STEP, CASCADE_STEPS } from './placement';

/** What to do with a popup: open a window, or nothing (the system browser was asked, or it was refused). */
export type PopupDecision = 'window' | 'external' | 'refused';

/** The longest address quoted in a log line. */
const LOGGED_URL_CHARS = 200;

export class PopupRules {
  private mode: PopupMode;
  /** Open popups by id, with their opener. */
  private readonly openerOf = new Map<number, number>();
  /** Openers whose refused popups were logged, until they are under the bound again. */
  private readonly named = new Set<number>();

  constructor(private readonly events: Pick<BackendEvents, 'log' | 'openExternal'>, settings: HelperSettings) {
    this.mode = settings.popups ?? 'window';
  }

  configure(settings: HelperSettings): void {
    this.mode = settings.popups ?? 'window';
  }

  /** A page of window `openerId` asks for a popup of `url` (maybe empty: a window it writes itself). */
  decide(openerId: number, url: string): PopupDecision {
    if (this.mode === 'externalBrowser') {
      if (!/^https?:\/\//i.test(url)) {
        this.events.log('warn', `window ${openerId}: a popup for ${quoted(url)} was refused: only http(s) addresses go to the system browser (setting popups)`);
        return 'refused';
      }
      const e: OpenExternalEvent = { windowId: openerId, url };
      this.events.openExternal(e);
      return 'external';
    }
    const open = this.openCount(openerId);
    if (open >= Limits.maxOpenPopups) {
      if (!this.named.has(openerId)) {
        this.named.add(openerId);
        this.events.log('warn', `window ${openerId}: its page has ${open} popups open, the most a window may have; further popups are refused until some close`);
      }
      return 'refused';
    }
    return 'window';
  }

  /** How many popups of this opener are open. */
  openCount(openerId: number): number {
    let n = 0;
    for (const opener of this.openerOf.values()) if (opener === openerId) n++;
    return n;
  }

  opened(windowId: number, openerId: number): void {
    this.openerOf.set(windowId, openerId);
  }

  /** Any window closed (a popup, an opener, or neither). */
  closed(windowId: number): void {
    const opener = this.openerOf.get(windowId);
    this.openerOf.delete(windowId);
    if (opener !== undefined && this.openCount(opener) < Limits.maxOpenPopups) this.named.delete(opener);
    this.named.delete(windowId);
  }
}

/**
 * Where a popup opens and how large its page is: beside its opener, one cascade step down and right
 * for each popup the opener already has open (never exactly on one), at the size the page asked for
 * (window features width and height) within Limits.popupSize, else the opener's size. A position
 * the page asked for is not taken: a page does not place windows on the user's screen.
 */
export function popupBounds(opener: Bounds, asked: { width?: number; height?: number }, openPopups: number): Bounds {
  const step = CASCADE_STEP * (1 + (openPopups % CASCADE_STEPS));
  return { x: opener.x + step, y: opener.y + step, ...popupSize(asked, opener) };
}

/** The page's size a popup gets: what it asked for (0 or absent: not asked), else `fallback`, within Limits.popupSize. */
export function popupSize(asked: { width?: number; height?: number }, fallback: { width: number; height: number }): { width: number; height: number } {
  const size = (value: number | undefined, other: number) =>
    Math.min(Limits.popupSize.max, Math.max(Limits.popupSize.min, Math.round(value !== undefined && value > 0 ? value : other)));
  return { width: size(asked.width, fallback.width), height: size(asked.height, fallback.height) };
}

function quoted(url: string): string {
  const cut = url.length > LOGGED_URL_CHARS ? `${url.slice(0, LOGGED_URL_CHARS)}\u2026` : url;
  return cut ? `"${cut}"` : 'a blank page';
}
