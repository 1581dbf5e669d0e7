// Benchmark (not a test), `npm run bench`: the Linux backend side by side with a bare WebKitGTK C
// program (native/bench/webkitgtk-bare.c) doing the same engine work in the same run, plus the
// product's own start-up, activation, RPC and soak figures. Prints figures; asserts nothing.
// Every ratio comes from interleaved pairs (product, bare, product, bare …): the median of the
// pairwise ratios, with their min–max, so that a figure is believed only when its spread allows.
// BENCH_PAIRS (5 passes of each, alternating), BENCH_WINDOWS (20 per pass), BENCH_READS (50 cookie
// reads per pass after BENCH_WARMUP_READS, 10), BENCH_SPAWN_PAIRS (9), BENCH_SOAK_CYCLES (200),
// BENCH_LONG_SOAK_CYCLES (off; 3000 adds the long soak beside the bare program, 15 min per 1000).
// The network log's line compares page loads with the log on and off (networkCost.ts).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Requests } from '../../src/protocol';
import { startCookieServer } from '../support/cookieServer';
import { Harness } from '../support/harness';
import { soak, soakDetails, soakLine } from '../support/soak';
import { measureActivation } from './activation';
import { networkOverheadLine } from './networkCost';
import { buildWebKitGtkBare } from './bare';
import { breakdown, piecesLine } from './breakdown';
import { engineShareLine, longSoak, longSoakLine, type LongSoak } from './soak';
import { mcpBench } from './mcp.bench';
import { absoluteLine, interleave, lastOverFirst, median, pairedRatioLine, pairsOf, percentile } from './figures';

const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 20);
const PAIRS = Number(process.env.BENCH_PAIRS ?? process.env.BENCH_PASSES ?? 5);
const READS = Number(process.env.BENCH_READS ?? 50);
const WARMUP_READS = Number(process.env.BENCH_WARMUP_READS ?? 10);
const SPAWN_PAIRS = Number(process.env.BENCH_SPAWN_PAIRS ?? 9);
const SOAK_CYCLES = Number(process.env.BENCH_SOAK_CYCLES ?? 200);
const LONG_SOAK_CYCLES = Number(process.env.BENCH_LONG_SOAK_CYCLES ?? 0);

/** Proportional set size of a process and all its descendants, in MiB. */
function pssTree(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  let kib = 0;
  for (const pid of tree) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kib += Number(m[1]);
    } catch { /* gone or not readable */ }
  }
  return kib / 1024;
}

/** One pass: N windows opened in sequence and left open, each loaded and its cookies read. */
interface Pass {
  loads: number[];
  /** The first read of each window, right after its load. */
  cookieReads: number[];
  /** READS reads of the last window's cookies, one after another, after WARMUP_READS more. */
  warmReads: number[];
  /** PSS of the process tree with one window, and with all N. */
  pssFirst: number;
  pssAll: number;
  /** Start of the process to engine ready (GTK initialized, web context made), before any window. */
  ready: number;
  /** Product only: the UI thread's wait for the engine in each warm read (wait ledger), and ping round trips. */
  engineWaits?: number[];
  pings?: number[];
}
const pssPerWindow = (p: Pass) => (p.pssAll - p.pssFirst) / (WINDOWS - 1);

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function barePass(exe: string, url: string): Promise<Pass> {
  const began = performance.now();
  const child = spawn(exe, [url, String(WINDOWS), tempDir('webview2-host-bare-'), String(WARMUP_READS + READS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pass: Pass = { loads: [], cookieReads: [], warmReads: [], pssFirst: 0, pssAll: 0, ready: 0 };
  const reads: number[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for await (const line of readline.createInterface({ input: child.stdout })) {
    if (line === 'ready') pass.ready = performance.now() - began;
    const read = /^read ([\d.]+) [1-9]\d*$/.exec(line);
    if (read) reads.push(Number(read[1]));
    const m = /^window (\d+) loaded ([\d.]+) cookies ([\d.]+) (\d+)$/.exec(line);
    if (!m) continue;
    const i = Number(m[1]);
    pass.loads.push(Number(m[2]));
    pass.cookieReads.push(Number(m[3]));
    if (i === 1) pass.pssFirst = pssTree(child.pid!);
    if (i === WINDOWS) pass.pssAll = pssTree(child.pid!);
    child.stdin.write('\n');
  }
  const code = await exited;
  if (code !== 0 || pass.loads.length !== WINDOWS || reads.length !== WARMUP_READS + READS) {
    throw new Error(`the bare WebKitGTK program failed (exit ${code}, ${pass.loads.length} windows, ${reads.length} cookie reads that found cookies)`);
  }
  pass.warmReads = reads.slice(WARMUP_READS);
  return pass;
}

async function productPass(url: string): Promise<Pass> {
  const h = new Harness();
  try {
    await h.client.start();
    const pid = h.client.pid!;
    const env = await h.environment();
    const pass: Pass = { loads: [], cookieReads: [], warmReads: [], pssFirst: 0, pssAll: 0, ready: 0, engineWaits: [], pings: [] };
    let last = 0;
    for (let i = 1; i <= WINDOWS; i++) {
      const began = performance.now();
      const w = await h.openLoaded(env, url);
      pass.loads.push(performance.now() - began);
      const asked = performance.now();
      await h.client.request(Requests.getCookies, { windowId: w.windowId });
      pass.cookieReads.push(performance.now() - asked);
      if (i === 1) pass.pssFirst = pssTree(pid);
      if (i === WINDOWS) pass.pssAll = pssTree(pid);
      last = w.windowId;
    }
    // The same reads as the bare program's, through the client and JSON-RPC as a user's request.
    for (let i = 0; i < WARMUP_READS + READS; i++) {
      const since = h.mark();
      const asked = performance.now();
      const cookies = await h.client.request(Requests.getCookies, { windowId: last });
      const took = performance.now() - asked;
      if (cookies.length === 0) throw new Error('the product read no cookies: it did not do the work the bare program does');
      if (i < WARMUP_READS) continue;
      pass.warmReads.push(took);
      const wait = await h.next('waitCompleted', (e) => e.site === 'getCookies', 5000, since);
      pass.engineWaits!.push(wait.params.elapsedMs);
    }
    // Answered by the helper's main thread: the RPC round trip alone.
    for (let i = 0; i < READS; i++) {
      const began = performance.now();
      await h.client.request(Requests.ping);
      pass.pings!.push(performance.now() - began);
    }
    return pass;
  } finally {
    await h.stop();
  }
}

let engine = '';
/** The helper's own account of each start: from its main module running to the UI thread ready (its log). */
const helperReady: number[] = [];

/** Helper spawn to initialize answered (engine ready), in ms. */
async function productSpawn(): Promise<number> {
  const h = new Harness();
  try {
    const began = performance.now();
    const info = await h.client.start();
    const took = performance.now() - began;
    engine = `${info.engine} ${info.engineVersion}`;
    const said = await h.next('log', (e) => /^UI thread ready after \d+ ms/.test(e.message), 2000).catch(() => undefined);
    if (said) helperReady.push(Number(/after (\d+) ms/.exec(said.params.message)![1]));
    return took;
  } finally {
    await h.stop();
  }
}

/** The bare program's start to "engine" (GTK initialized), in ms. */
async function bareSpawn(exe: string): Promise<number> {
  const began = performance.now();
  const child = spawn(exe, ['--ready', tempDir('webview2-host-bare-')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let engine = NaN;
  for await (const line of readline.createInterface({ input: child.stdout })) if (line === 'engine') engine = performance.now() - began;
  if (Number.isNaN(engine)) throw new Error('the bare WebKitGTK program never said "engine"');
  return engine;
}

async function main(): Promise<void> {
  const bareExe = buildWebKitGtkBare(tempDir('webview2-host-bench-'));
  const server = await startCookieServer();
  const url = `${server.origin}/set`;

  // One start of each first, not counted: the first start reads everything from disk.
  await productSpawn();
  await bareSpawn(bareExe);
  helperReady.length = 0;
  const spawns = await interleave(SPAWN_PAIRS, () => productSpawn(), () => bareSpawn(bareExe));
  const passes = await interleave(PAIRS, () => productPass(url), () => barePass(bareExe, url));
  const { product, bare } = passes;
  const parts = await breakdown({ url, awaitLoad: true, windows: WINDOWS, warmup: WARMUP_READS, reads: READS });

  const h = new Harness();
  const soaked = await h.client.start().then(() => h.environment()).then((env) => soak(h, env, url, SOAK_CYCLES));
  await h.stop();
  await server.close();
  const network = await networkOverheadLine();
  // A probe that fails costs its own line, not the figures of the whole run.
  let activationFailure = '';
  const activation = (() => {
    try { return measureActivation(); } catch (err) { activationFailure = (err as Error).message.split('\n').find((l) => /Error/.test(l)) ?? 'failed'; return []; }
  })();
  const long: LongSoak | undefined = LONG_SOAK_CYCLES > 0 ? await longSoak(LONG_SOAK_CYCLES) : undefined;

  const loads = (ps: Pass[]) => ps.flatMap((p) => p.loads);
  const p50 = (v: number[]) => percentile(v, 50);
  const pings = product.flatMap((p) => p.pings!);
  console.log(`WebView2 Host benchmark, Linux: the product against a bare WebKitGTK C program, same page, same run`);
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `load ${os.loadavg()[0].toFixed(1)}, ${engine}, Node ${process.versions.node}; ${PAIRS} pairs of passes of ${WINDOWS} windows, ` +
    `${READS} cookie reads after ${WARMUP_READS}; ${SPAWN_PAIRS} pairs of starts`);
  console.log(pairedRatioLine({ name: 'cookie read p50', unit: 'ms', decimals: 2, pairs: pairsOf(passes, (p) => p50(p.warmReads)), goal: 1.5 }));
  console.log(pairedRatioLine({ name: 'spawn to ready', unit: 'ms', decimals: 0, pairs: spawns, goal: 1.3 }));
  console.log(pairedRatioLine({ name: 'window loaded p50', unit: 'ms', pairs: pairsOf(passes, (p) => p50(p.loads)), goal: 1.1 }));
  console.log(pairedRatioLine({ name: 'pss per window', unit: 'MiB', pairs: pairsOf(passes, pssPerWindow), goal: 1.15 }));
  console.log(network);
  console.log(pairedRatioLine({ name: `${WINDOWS} windows last/first`, unit: '', decimals: 2, pairs: pairsOf(passes, (p) => lastOverFirst([p.loads])), goal: 1.1 }));
  console.log(absoluteLine('spawn to ready p50', p50(spawns.product), 'ms', 250));
  console.log(activationFailure ? `activation: not measured, the activation probe failed: ${activationFailure}` : absoluteLine('activation', median(activation.map((a) => a.total)), 'ms', 20));
  console.log(absoluteLine('rpc round trip p50', p50(pings), 'ms', undefined, 2));
  for (const line of await mcpBench()) console.log(line);
  console.log(`${SOAK_CYCLES} open/close cycles of one window (goal: rss +10 MiB at most, handles and callbacks flat):`);
  console.log(soakLine(soaked));
  if (long) {
    console.log(longSoakLine(long.product));
    console.log(engineShareLine(long));
  }
  console.log('details:');
  console.log(`  ${soakDetails(soaked)}`);
  const warm = product.flatMap((p) => p.warmReads);
  const waits = product.flatMap((p) => p.engineWaits!);
  console.log(`  cookie read p50 by pair (ms, product/bare): ${product.map((p, i) => `${p50(p.warmReads).toFixed(2)}/${p50(bare[i].warmReads).toFixed(2)}`).join(', ')}`);
  console.log(`  what a product cookie read is made of, p50 over all pairs: request ${p50(warm).toFixed(2)} ms; of it, the RPC round ` +
    `trip (ping, answered by the main thread) ${p50(pings).toFixed(2)} ms and the UI thread's wait for the engine (wait ledger) ` +
    `${p50(waits).toFixed(2)} ms; the rest (wake-up of the UI thread, dispatch, mapping the cookies, the answer's way back ` +
    `through the helper's main thread) ${(p50(warm) - p50(pings) - p50(waits)).toFixed(2)} ms by difference of the medians, split below`);
  console.log(`  first cookie read right after each load, p50: product ${p50(product.flatMap((p) => p.cookieReads)).toFixed(2)} ms, ` +
    `bare ${p50(bare.flatMap((p) => p.cookieReads)).toFixed(2)} ms`);
  console.log('  the UI thread\'s part of a read, in-process (the product\'s UiBridge and UI thread, no JSON-RPC; the ledger\'s pickedAt):');
  console.log(`    ${piecesLine(`warm reads with ${WINDOWS} windows open`, parts.warm)}`);
  console.log(`    ${piecesLine('first read after each load', parts.first)}`);
  console.log(`  window loaded p95: product ${percentile(loads(product), 95).toFixed(1)} ms, bare ${percentile(loads(bare), 95).toFixed(1)} ms`);
  console.log(`  pss with 1 and ${WINDOWS} windows: product ${product.map((p) => `${p.pssFirst.toFixed(0)}/${p.pssAll.toFixed(0)}`).join(', ')} MiB; ` +
    `bare ${bare.map((p) => `${p.pssFirst.toFixed(0)}/${p.pssAll.toFixed(0)}`).join(', ')} MiB`);
  console.log(`  spawn to ready (ms, product/bare by pair; the bare program's start to GTK initialized): ` +
    `${spawns.product.map((t, i) => `${t.toFixed(0)}/${spawns.bare[i].toFixed(0)}`).join(', ')}; ` +
    `the bare program's start to web context ready in its passes: ${bare.map((p) => p.ready.toFixed(0)).join(', ')} ms`);
  console.log(`  of the product's spawn to ready, p50: the helper's own start (main module running) to UI thread ready ` +
    `${p50(helperReady).toFixed(0)} ms (its log; the UI thread's start, GTK, WebKit and the content filter compiled); ` +
    `before it, Node's start and loading the helper bundle, and the initialize round trip, ${(p50(spawns.product) - p50(helperReady)).toFixed(0)} ms by difference`);
  console.log(`  window loaded by index (ms; product | bare, first pair): ${product[0].loads.map((v) => v.toFixed(0)).join(' ')} | ` +
    `${bare[0].loads.map((v) => v.toFixed(0)).join(' ')}`);
  if (activation.length) console.log(`  activation (module load + activate): ${activation.map((a) => `${a.load.toFixed(1)}+${a.activate.toFixed(1)}`).join(', ')} ms; ` +
    `the first command then loads the rest: p50 ${median(activation.map((a) => a.firstCommandLoad)).toFixed(1)} ms`);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
