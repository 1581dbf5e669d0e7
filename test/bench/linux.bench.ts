// Benchmark (not a test), `npm run bench`: the Linux backend side by side with a bare WebKitGTK C
// program (native/bench/webkitgtk-bare.c) doing the same engine work in the same run, plus the
// product's own start-up, activation, RPC and soak figures. Prints figures; asserts nothing.
// BENCH_WINDOWS (20), BENCH_PASSES (3, alternating bare and product), BENCH_SOAK_CYCLES (200),
// BENCH_LONG_SOAK_CYCLES (off; 3000 adds the long soak beside the bare program, 15 min per 1000).
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
import { buildWebKitGtkBare } from './bare';
import { engineShareLine, longSoak, longSoakLine, type LongSoak } from './soak';
import { absoluteLine, lastOverFirst, median, percentile, ratioLine } from './figures';

const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 20);
const PASSES = Number(process.env.BENCH_PASSES ?? 3);
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
  cookieReads: number[];
  /** PSS of the process tree with one window, and with all N. */
  pssFirst: number;
  pssAll: number;
  /** Start of the process to engine ready (GTK initialized, web context made), before any window. */
  ready: number;
}
const pssPerWindow = (p: Pass) => (p.pssAll - p.pssFirst) / (WINDOWS - 1);

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function barePass(exe: string, url: string): Promise<Pass> {
  const began = performance.now();
  const child = spawn(exe, [url, String(WINDOWS), tempDir('webview2-host-bare-')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pass: Pass = { loads: [], cookieReads: [], pssFirst: 0, pssAll: 0, ready: 0 };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for await (const line of readline.createInterface({ input: child.stdout })) {
    if (line === 'ready') pass.ready = performance.now() - began;
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
  if (code !== 0 || pass.loads.length !== WINDOWS) throw new Error(`the bare WebKitGTK program failed (exit ${code}, ${pass.loads.length} windows)`);
  return pass;
}

async function productPass(url: string, rpc?: number[]): Promise<Pass> {
  const h = new Harness();
  try {
    await h.client.start();
    const pid = h.client.pid!;
    const env = await h.environment();
    const pass: Pass = { loads: [], cookieReads: [], pssFirst: 0, pssAll: 0, ready: 0 };
    for (let i = 1; i <= WINDOWS; i++) {
      const began = performance.now();
      const w = await h.openLoaded(env, url);
      pass.loads.push(performance.now() - began);
      const asked = performance.now();
      await h.client.request(Requests.getCookies, { windowId: w.windowId });
      pass.cookieReads.push(performance.now() - asked);
      if (i === 1) pass.pssFirst = pssTree(pid);
      if (i === WINDOWS) pass.pssAll = pssTree(pid);
    }
    for (let i = 0; rpc && i < 200; i++) {
      const began = performance.now();
      await h.client.request(Requests.listWindows);
      rpc.push(performance.now() - began);
    }
    return pass;
  } finally {
    await h.stop();
  }
}

async function main(): Promise<void> {
  const bareExe = buildWebKitGtkBare(tempDir('webview2-host-bench-'));
  const server = await startCookieServer();
  const url = `${server.origin}/set`;

  const spawnTimes: number[] = [];
  let engine = '';
  for (let i = 0; i < 5; i++) {
    const h = new Harness();
    const began = performance.now();
    const info = await h.client.start();
    spawnTimes.push(performance.now() - began);
    engine = `${info.engine} ${info.engineVersion}`;
    await h.stop();
  }

  const bare: Pass[] = [];
  const product: Pass[] = [];
  const rpc: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    bare.push(await barePass(bareExe, url));
    product.push(await productPass(url, i === 0 ? rpc : undefined));
  }

  const h = new Harness();
  const soaked = await h.client.start().then(() => h.environment()).then((env) => soak(h, env, url, SOAK_CYCLES));
  await h.stop();
  await server.close();
  const activation = measureActivation();
  const long: LongSoak | undefined = LONG_SOAK_CYCLES > 0 ? await longSoak(LONG_SOAK_CYCLES) : undefined;

  const loads = (passes: Pass[]) => passes.flatMap((p) => p.loads);
  const cookieReads = (passes: Pass[]) => passes.flatMap((p) => p.cookieReads);
  const perWindow = (passes: Pass[]) => median(passes.map(pssPerWindow));
  console.log(`WebView2 Host benchmark, Linux: the product against a bare WebKitGTK C program, same page, same run`);
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `load ${os.loadavg()[0].toFixed(1)}, ${engine}, Node ${process.versions.node}; ${WINDOWS} windows x ${PASSES} passes each`);
  console.log(ratioLine({ name: 'window loaded p50', unit: 'ms', product: percentile(loads(product), 50), bare: percentile(loads(bare), 50), goal: 1.1 }));
  console.log(ratioLine({ name: 'pss per window', unit: 'MiB', product: perWindow(product), bare: perWindow(bare), goal: 1.15 }));
  console.log(ratioLine({
    name: `${WINDOWS} windows last/first`, unit: '', decimals: 2,
    product: lastOverFirst(product.map((p) => p.loads)), bare: lastOverFirst(bare.map((p) => p.loads)), goal: 1.1,
  }));
  console.log(absoluteLine('spawn to ready p50', percentile(spawnTimes, 50), 'ms', 250));
  console.log(absoluteLine('activation', median(activation.map((a) => a.total)), 'ms', 20));
  console.log(absoluteLine('rpc round trip p50', percentile(rpc, 50), 'ms', undefined, 2));
  console.log(`${SOAK_CYCLES} open/close cycles of one window (goal: rss +10 MiB at most, handles and callbacks flat):`);
  console.log(soakLine(soaked));
  if (long) {
    console.log(longSoakLine(long.product));
    console.log(engineShareLine(long));
  }
  console.log('details:');
  console.log(`  ${soakDetails(soaked)}`);
  console.log(`  window loaded p95: product ${percentile(loads(product), 95).toFixed(1)} ms, bare ${percentile(loads(bare), 95).toFixed(1)} ms`);
  console.log(`  cookie read p50 (client round trip / bare call): product ${percentile(cookieReads(product), 50).toFixed(1)} ms, bare ${percentile(cookieReads(bare), 50).toFixed(1)} ms`);
  console.log(`  pss with 1 and ${WINDOWS} windows: product ${product.map((p) => `${p.pssFirst.toFixed(0)}/${p.pssAll.toFixed(0)}`).join(', ')} MiB; ` +
    `bare ${bare.map((p) => `${p.pssFirst.toFixed(0)}/${p.pssAll.toFixed(0)}`).join(', ')} MiB`);
  console.log(`  spawn to ready: ${spawnTimes.map((t) => t.toFixed(0)).join(', ')} ms; the bare program, start to GTK and ` +
    `web context ready: ${bare.map((p) => p.ready.toFixed(0)).join(', ')} ms`);
  console.log(`  window loaded by index (ms; product | bare, first pass): ${product[0].loads.map((v) => v.toFixed(0)).join(' ')} | ` +
    `${bare[0].loads.map((v) => v.toFixed(0)).join(' ')}`);
  console.log(`  activation (module load + activate): ${activation.map((a) => `${a.load.toFixed(1)}+${a.activate.toFixed(1)}`).join(', ')} ms; ` +
    `the first command then loads the rest: p50 ${median(activation.map((a) => a.firstCommandLoad)).toFixed(1)} ms`);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
