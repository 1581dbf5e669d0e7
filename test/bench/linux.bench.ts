// Benchmark (not a test): prints figures for the Linux backend. Run with `npm run bench`
// (under xvfb-run when there is no display). Nothing here asserts a time.
import * as fs from 'node:fs';
import { Requests } from '../../src/protocol';
import { startCookieServer } from '../support/cookieServer';
import { Harness } from '../support/harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

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

async function main(): Promise<void> {
  const server = await startCookieServer();
  const spawn: number[] = [];
  for (let i = 0; i < 5; i++) {
    const h = new Harness();
    const began = performance.now();
    await h.client.start();
    spawn.push(performance.now() - began);
    await h.stop();
  }

  const h = new Harness();
  await h.client.start();
  const pid = h.client.pid!;
  const idle = pssTree(pid);
  const env = await h.environment();
  const loads: number[] = [];
  const cookieReads: number[] = [];
  const pss: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const began = performance.now();
    const w = await h.openLoaded(env, `${server.origin}/set`);
    loads.push(performance.now() - began);
    const c0 = performance.now();
    await h.client.request(Requests.getCookies, { windowId: w.windowId });
    cookieReads.push(performance.now() - c0);
    if (i < 4) pss.push(pssTree(pid));
    else await h.client.request(Requests.close, { windowId: w.windowId });
  }
  const mainRpc: number[] = [];
  for (let i = 0; i < 200; i++) {
    const began = performance.now();
    await h.client.request(Requests.listWindows);
    mainRpc.push(performance.now() - began);
  }
  const waits = (await h.client.request(Requests.diagnostics)).waits.filter((w) => w.site === 'getCookies').map((w) => w.elapsedMs);
  await h.stop();
  await server.close();

  console.log(`WebView2 Host benchmark, Linux backend (WebKitGTK), ${ROUNDS} windows`);
  console.log(`helper spawn to ready:             p50 ${ms(percentile(spawn, 50))}, max ${ms(Math.max(...spawn))} (5 starts)`);
  console.log(`window create to navigation done:  p50 ${ms(percentile(loads, 50))}, p95 ${ms(percentile(loads, 95))}`);
  console.log(`JSON-RPC round trip (listWindows): p50 ${ms(percentile(mainRpc, 50))}, p95 ${ms(percentile(mainRpc, 95))} (200 calls)`);
  console.log(`cookie read, client round trip:    p50 ${ms(percentile(cookieReads, 50))}, p95 ${ms(percentile(cookieReads, 95))}`);
  console.log(`cookie read, UI-thread wait:       p50 ${ms(percentile(waits, 50))}, p95 ${ms(percentile(waits, 95))}`);
  console.log(`PSS helper + WebKit processes:     idle ${idle.toFixed(0)} MiB; with 1..4 windows ${pss.map((v) => v.toFixed(0)).join(', ')} MiB`);
  console.log(`PSS per additional window:         ${((pss[pss.length - 1] - pss[0]) / (pss.length - 1)).toFixed(0)} MiB`);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
