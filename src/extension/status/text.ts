// What the status bar item says, as plain data: the helper's state, its windows, a stall in
// progress, failed windows, windows a crash took. Free of the vscode module so that the words can be tested anywhere.
// What comes from the helper (reasons, stall sites, failure kinds) goes through printable(): the
// status bar is one line.
import type { HelperState } from '../../client/helperClient';
import type { StallReport } from '../../protocol';
import { printable } from '../../printable';

export interface StatusView {
  /** Includes the codicon, e.g. "$(browser) WebView2: 2 windows". */
  text: string;
  tooltip: string;
  /** Which theme background the item takes. */
  tone: 'normal' | 'warning' | 'error';
}

export interface StatusInput {
  state: HelperState;
  windowCount: number;
  /** The latest stall still in progress, if any. */
  stall?: StallReport;
  /** Windows lost in a crash and not reopened or dismissed yet. */
  lostCount: number;
  /** Windows whose row in the helper's table says they failed (a page that did not load, 'page
   *  crashed', 'browser process exited'), by id. */
  failures?: [number, string][];
}

export function statusView({ state, windowCount, stall, lostCount, failures = [] }: StatusInput): StatusView {
  const lost = lostCount > 0 ? ` ${lostCount} window(s) lost in a crash: "Restart Helper" reopens them.` : '';
  if (state.kind === 'stopped') {
    return { text: '$(browser) WebView2: stopped', tooltip: `The WebView2 Host helper is not running; it starts with the first command.${lost}`, tone: 'normal' };
  }
  if (state.kind === 'starting') return { text: '$(sync~spin) WebView2: starting', tooltip: 'Starting the helper process…', tone: 'normal' };
  if (state.kind === 'crashed') {
    return {
      text: '$(error) WebView2: crashed',
      tooltip: `The helper ${printable(state.reason)}. ${state.lostWindows.length} window(s) were open. The next command starts a new helper; "Restart Helper" reopens the windows.`,
      tone: 'error',
    };
  }
  if (state.kind === 'notResponding') {
    return {
      text: '$(error) WebView2: not responding',
      tooltip: `The helper is not responding: ${printable(state.reason)}. It is being killed and restarted, and its windows reopened.`,
      tone: 'error',
    };
  }
  if (stall) {
    return {
      text: `$(warning) WebView2: stalled at ${printable(stall.site)}`,
      tooltip: `${stall.diagnosis} after ${stall.elapsedMs} ms: ${printable(stall.explanation)}\nstrategy ${stall.strategy}, apartment ${stall.apartment}, arch ${stall.arch}\nClick for the windows and diagnostics.`,
      tone: 'warning',
    };
  }
  if (failures.length > 0) {
    const [windowId, kind] = failures[failures.length - 1];
    return {
      text: `$(warning) WebView2: window ${windowId} ${printable(kind)}`,
      tooltip: `${failures.map(([id, k]) => `window ${id}: ${printable(k)}`).join('\n')}\nReload the window to try again (a process that died is started again).${lost} Click for the windows and diagnostics.`,
      tone: 'warning',
    };
  }
  return {
    text: `$(browser) WebView2: ${windowCount} window${windowCount === 1 ? '' : 's'}`,
    tooltip: `${state.info.engine} ${state.info.engineVersion}, helper pid ${state.info.helperPid}.${lost} Click for the windows and diagnostics.`,
    tone: lostCount > 0 ? 'warning' : 'normal',
  };
}

/** The current window's item: "Window 2: <title>" (its address while it has no title), cut to
 *  one short line; undefined hides the item. */
export function currentWindowView(w: { windowId: number; title: string; failed: string | null } | undefined, address: string): { text: string; tooltip: string } | undefined {
  if (!w) return undefined;
  const name = printable(w.title.trim() || address || '(no page)');
  const short = name.length > 40 ? `${name.slice(0, 39)}…` : name;
  return {
    text: `$(${w.failed ? 'warning' : 'window'}) Window ${w.windowId}: ${short}`,
    tooltip: `Window ${w.windowId} is the target of window commands and their keys (reload, zoom, screenshot, DevTools): ` +
      `the one last opened or acted on.\n${printable(address)}\nClick to choose another.`,
  };
}
