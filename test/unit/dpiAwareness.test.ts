// Declaring per-monitor DPI awareness (src/webview2/dpiAwareness.ts) against a model of the user32
// functions as each Windows (and Wine) answers them: what is tried in which order, and what the
// helper says it got.
import * as assert from 'node:assert/strict';
import { declarePerMonitorDpiAwareness, type DpiApi } from '../../src/webview2/dpiAwareness';

const UNAWARE = -1, SYSTEM = -2, PER_MONITOR = -3, PER_MONITOR_V2 = -4;

interface Model {
  /** The process's context, once something (a manifest, a call) declared one. */
  process?: number;
  thread?: number;
  /** Windows 10 1703 and later know PER_MONITOR_AWARE_V2; 1607 and Wine 8 do not. */
  knowsV2: boolean;
}

function user32(m: Model, calls: string[]): DpiApi {
  const known = (c: number) => c === UNAWARE || c === SYSTEM || c === PER_MONITOR || (c === PER_MONITOR_V2 && m.knowsV2);
  const current = () => m.thread ?? m.process ?? UNAWARE;
  return {
    SetProcessDpiAwarenessContext: ((c: number) => {
      calls.push(`process ${c}`);
      if (!known(c) || m.process !== undefined) return 0; // ERROR_INVALID_PARAMETER, ERROR_ACCESS_DENIED
      m.process = c;
      return 1;
    }) as DpiApi['SetProcessDpiAwarenessContext'],
    SetThreadDpiAwarenessContext: ((c: number) => {
      calls.push(`thread ${c}`);
      if (!known(c)) return 0;
      const previous = current();
      m.thread = c;
      return previous;
    }) as DpiApi['SetThreadDpiAwarenessContext'],
    GetThreadDpiAwarenessContext: (() => current()) as DpiApi['GetThreadDpiAwarenessContext'],
    GetAwarenessFromDpiAwarenessContext: ((c: number) => ({ [UNAWARE]: 0, [SYSTEM]: 1, [PER_MONITOR]: 2, [PER_MONITOR_V2]: 2 }[c] ?? -1)) as DpiApi['GetAwarenessFromDpiAwarenessContext'],
    AreDpiAwarenessContextsEqual: ((a: number, b: number) => (known(a) && known(b) && a === b ? 1 : 0)) as DpiApi['AreDpiAwarenessContextsEqual'],
  };
}

describe('per-monitor DPI awareness for the helper\'s windows', () => {
  it('declares per-monitor v2 for the process where nothing declared any (node.exe\'s manifest declares none)', () => {
    const calls: string[] = [];
    const got = declarePerMonitorDpiAwareness(user32({ knowsV2: true }, calls));
    assert.deepEqual(calls, [`process ${PER_MONITOR_V2}`]);
    assert.equal(got.perMonitor, true);
    assert.match(got.description, /per-monitor aware \(per-monitor v2, declared for the process\)/);
  });

  it('declares it for the UI thread when the process already has an awareness (a system-aware manifest)', () => {
    const calls: string[] = [];
    const model: Model = { knowsV2: true, process: SYSTEM };
    const got = declarePerMonitorDpiAwareness(user32(model, calls));
    assert.deepEqual(calls, [`process ${PER_MONITOR_V2}`, `thread ${PER_MONITOR_V2}`]);
    assert.equal(model.thread, PER_MONITOR_V2);
    assert.equal(got.perMonitor, true);
    assert.match(got.description, /declared for the UI thread/);
  });

  it('keeps per-monitor v1 where the process already has it and v2 is unknown (Wine 8)', () => {
    const calls: string[] = [];
    const got = declarePerMonitorDpiAwareness(user32({ knowsV2: false, process: PER_MONITOR }, calls));
    assert.deepEqual(calls, [`process ${PER_MONITOR_V2}`, `thread ${PER_MONITOR_V2}`]);
    assert.equal(got.perMonitor, true);
    assert.match(got.description, /per-monitor \(v1\), as the process already was/);
  });

  it('falls back to per-monitor v1 on a Windows that knows no v2 (Windows 10 1607)', () => {
    const calls: string[] = [];
    const model: Model = { knowsV2: false };
    const got = declarePerMonitorDpiAwareness(user32(model, calls));
    assert.deepEqual(calls, [`process ${PER_MONITOR_V2}`, `thread ${PER_MONITOR_V2}`, `process ${PER_MONITOR}`]);
    assert.equal(model.process, PER_MONITOR);
    assert.equal(got.perMonitor, true);
    assert.match(got.description, /knows no v2/);
  });

  it('says so when it gets no per-monitor awareness, and where the functions are missing', () => {
    const refusing = user32({ knowsV2: true, process: SYSTEM }, []);
    refusing.SetThreadDpiAwarenessContext = (() => 0) as DpiApi['SetThreadDpiAwarenessContext'];
    const refused = declarePerMonitorDpiAwareness(refusing);
    assert.equal(refused.perMonitor, false);
    assert.match(refused.description, /system-aware \(not declared: Windows refused both per-monitor contexts\)/);
    const old = declarePerMonitorDpiAwareness({ ...user32({ knowsV2: false }, []), SetThreadDpiAwarenessContext: null, GetThreadDpiAwarenessContext: null });
    assert.equal(old.perMonitor, false);
    assert.match(old.description, /DPI-unaware: this Windows has no DPI awareness contexts/);
  });
});
