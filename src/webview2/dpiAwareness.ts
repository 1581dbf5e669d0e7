// Per-monitor DPI awareness for the helper's windows. node.exe's manifest declares none, so Windows
// would treat the helper as DPI-unaware and stretch its windows' bitmaps (blurry at 150 %) and tell
// it 96 DPI everywhere. Declared at run time, before the UI thread creates its first window:
// per-monitor v2 for the process (Windows 10 1703+), else for the UI thread, which creates every
// window of the helper; per-monitor v1 where v2 is unknown. Once aware, every Win32 length is in
// physical pixels and the controller's bounds too (windows.ts scales the asked viewport).
import {
  DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE as PER_MONITOR_V1, DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2 as PER_MONITOR_V2, type Win32,
} from './ffi/win32';

export type DpiApi = Pick<Win32, 'SetProcessDpiAwarenessContext' | 'SetThreadDpiAwarenessContext' | 'GetThreadDpiAwarenessContext'
  | 'GetAwarenessFromDpiAwarenessContext' | 'AreDpiAwarenessContextsEqual'>;

/** DPI_AWARENESS values, by value. */
const AWARENESS = ['unaware', 'system-aware', 'per-monitor aware'];

export interface DpiAwareness {
  /** True when the UI thread's windows get the DPI of their monitor. */
  perMonitor: boolean;
  /** What was declared and how, for the log and diagnostics. */
  description: string;
}

/** Declares per-monitor DPI awareness for the calling (UI) thread's windows; says what it got. */
export function declarePerMonitorDpiAwareness(w: DpiApi): DpiAwareness {
  const { SetProcessDpiAwarenessContext: setProcess, SetThreadDpiAwarenessContext: setThread, GetThreadDpiAwarenessContext: current,
    GetAwarenessFromDpiAwarenessContext: awarenessOf, AreDpiAwarenessContextsEqual: same } = w;
  if (!setProcess || !setThread || !current || !awarenessOf) {
    return { perMonitor: false, description: 'DPI-unaware: this Windows has no DPI awareness contexts (Windows 10 1607 or later has them)' };
  }
  const isV2 = () => same ? same(current(), PER_MONITOR_V2) !== 0 : false;
  let how: string;
  if (setProcess(PER_MONITOR_V2)) how = 'per-monitor v2, declared for the process';
  else if (isV2()) how = 'per-monitor v2, already declared for the process';
  // Refused when the process already has an awareness (a manifest, an earlier call): the thread's
  // own context still decides for the windows it creates.
  else if (setThread(PER_MONITOR_V2) && isV2()) how = 'per-monitor v2, declared for the UI thread';
  else if (awarenessOf(current()) === 2) how = 'per-monitor (v1), as the process already was';
  else if (setProcess(PER_MONITOR_V1) || setThread(PER_MONITOR_V1)) how = 'per-monitor (v1): this Windows knows no v2';
  else how = 'not declared: Windows refused both per-monitor contexts';
  const awareness = awarenessOf(current()) as number;
  return { perMonitor: awareness === 2, description: `DPI awareness of the helper's windows: ${AWARENESS[awareness] ?? `unknown (${awareness})`} (${how})` };
}
