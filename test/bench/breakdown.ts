// What the product adds to one request beyond the engine call, piece by piece. The ledger that
// says when the UI thread picked a request up lives in the helper's memory and no request reports
// it, so the pieces are measured here, in this process, with the product's own UiBridge and UI
// thread (the helper's main thread without its JSON-RPC endpoint):
//   wake-up    the main thread posts the request (and wakes the UI thread) -> the UI thread picks
//              it up (the ledger's pickedAt)
//   delivery   the UI thread's wait starts -> the completion handler ran: the engine's work and its
//              delivery (on Windows the runtime's window procedure, inside the wait)
//   wait       the completion handler ran -> the wait returned (waitCompleted)
//   dispatch   the rest: picked up -> answered, less the wait (dispatch to the handler, starting the
//              call, mapping the result, posting the answer back to the main thread)
// The RPC round trip (client -> helper main thread -> client) is the real helper's ping.
// The UI thread can only end with its process (hardExit.ts), so this runs in a process of its own:
//   node out/test/bench/breakdown.js <options.json> <result.json>
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hardExit } from '../../src/helper/hardExit';
import { epochNow, WAIT_SITES } from '../../src/helper/ledger';
import { UiBridge } from '../../src/helper/uiBridge';
import type { HelperSettings, WaitRecord } from '../../src/protocol';
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import { median, percentile } from './figures';

export interface Pieces {
  /** Each in ms, one per measured request. */
  total: number[];
  wakeup: number[];
  delivery: number[];
  wait: number[];
  dispatch: number[];
}

export interface Breakdown {
  /** Reads of the last window, one after another, after the warm-up, with all windows open. */
  warm: Pieces;
  /** The first read of each window but the first, as soon as it has loaded (or been created). */
  first: Pieces;
}

const pieces = (): Pieces => ({ total: [], wakeup: [], delivery: [], wait: [], dispatch: [] });

export interface BreakdownOptions {
  settings?: Partial<HelperSettings>;
  browserFolder?: string;
  loaderPath?: string;
  /** Files seeded into the profile folder. */
  files?: Record<string, string>;
  url: string;
  /** Wait for the window's first navigation before reading (WebKitGTK reads the view's URI). */
  awaitLoad: boolean;
  /** Windows opened in sequence and left open, as in the benchmark's runs, before the warm reads. */
  windows: number;
  warmup: number;
  reads: number;
}

/** Runs the breakdown in a Node process of its own, with this environment added. */
export async function breakdown(o: BreakdownOptions, env: NodeJS.ProcessEnv = {}): Promise<Breakdown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-breakdown-run-'));
  try {
    const options = path.join(dir, 'options.json');
    const result = path.join(dir, 'result.json');
    fs.writeFileSync(options, JSON.stringify(o));
    // Not spawnSync: the page may be served by this very process.
    const child = spawn(process.execPath, [__filename, options, result], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (!fs.existsSync(result)) throw new Error(`the breakdown failed (exit ${code}): ${stderr}`);
    return JSON.parse(fs.readFileSync(result, 'utf8')) as Breakdown;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** getCookies requests of one window, each split into its pieces. */
async function measureBreakdown(o: BreakdownOptions): Promise<Breakdown> {
  const settings: HelperSettings = { ...DEFAULT_HELPER_SETTINGS, ...o.settings };
  const waits: WaitRecord[] = [];
  let loaded: (() => void) | undefined;
  const bridge = new UiBridge({
    settings: () => settings,
    sites: WAIT_SITES,
    loaderPath: o.loaderPath,
    browserFolder: o.browserFolder,
    onEvent: (e) => {
      if (e.method === 'waitCompleted') waits.push(e.params);
      if (e.method === 'navigationCompleted') loaded?.();
    },
    onLog: () => undefined,
    onPlatform: () => undefined,
    onBounds: () => undefined,
    onZoom: () => undefined,
    onDevice: () => undefined,
    onScript: () => undefined,
    onLost: (reason) => { throw new Error(`the UI thread was lost: ${reason}`); },
  });
  const out: Breakdown = { warm: pieces(), first: pieces() };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-breakdown-'));
  for (const [name, text] of Object.entries(o.files ?? {})) fs.writeFileSync(path.join(folder, name), text);
  let windowId = 0;
  const open = async (environmentId: number): Promise<number> => {
    const navigated = new Promise<void>((resolve) => { loaded = resolve; });
    const w = await bridge.call('createWindow', { environmentId, url: o.url, width: 640, height: 480, windowId: ++windowId });
    if (o.awaitLoad) await navigated;
    return w.windowId;
  };
  const read = async (id: number, into?: Pieces): Promise<void> => {
    const before = waits.length;
    const posted = epochNow();
    const cookies = await bridge.call('getCookies', { windowId: id });
    const answered = epochNow();
    if (cookies.length === 0) throw new Error('the breakdown read no cookies: it did not do the work the bare program does');
    if (!into) return;
    const picked = bridge.reader.snapshot().pickedAt;
    // The wait's record is posted before the answer, on the same port: it is here by now.
    const wait = waits.slice(before).find((r) => r.site === 'getCookies' && r.outcome === 'ok');
    if (picked === null || !wait || wait.completionAfterMs === null) throw new Error('the ledger or the wait record of a read is missing');
    into.total.push(answered - posted);
    into.wakeup.push(picked - posted);
    into.delivery.push(wait.completionAfterMs);
    into.wait.push(wait.elapsedMs - wait.completionAfterMs);
    into.dispatch.push(answered - picked - wait.elapsedMs);
  };
  try {
    await bridge.ready;
    const env = (await bridge.call('createEnvironment', { userDataFolder: folder })).environmentId;
    let last = await open(env);
    await read(last);
    for (let i = 1; i < o.windows; i++) await read(last = await open(env), out.first);
    for (let i = 0; i < o.warmup; i++) await read(last);
    for (let i = 0; i < o.reads; i++) await read(last, out.warm);
    await bridge.call('closeAll', { reason: 'shutdown' });
    return out;
  } finally {
    // Best effort: the engine may still be writing its cache into the profile as it closes.
    try { fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 }); } catch { /* left in the temp folder */ }
  }
}

if (require.main === module) {
  const [options, result] = process.argv.slice(2);
  measureBreakdown(JSON.parse(fs.readFileSync(options, 'utf8')) as BreakdownOptions).then(
    (b) => { fs.writeFileSync(result, JSON.stringify(b)); hardExit(0); },
    (err) => { process.stderr.write(`${(err as Error)?.stack ?? err}\n`); hardExit(1); });
}

/** `<label>: <total> ms = wake-up <a> + delivery <b> + wait <c> + dispatch <d> (p50 of each, n reads)` */
export function piecesLine(label: string, p: Pieces, deliveryName = 'engine call to completion'): string {
  const m = (v: number[]) => median(v).toFixed(3);
  return `${label}: ${m(p.total)} ms; of it wake-up (posted -> picked up) ${m(p.wakeup)}, ${deliveryName} ${m(p.delivery)}, ` +
    `completion -> wait returned ${m(p.wait)}, dispatch and answer ${m(p.dispatch)} (p50 of each over ${p.total.length} reads; ` +
    `p95 of the total ${percentile(p.total, 95).toFixed(3)})`;
}
