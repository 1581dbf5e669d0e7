// Benchmark (not a test), run by `npm run bench:wine` in Windows node.exe under Wine against the
// test runtime: the product side by side with the bare C host (native/bench/webview2-bare.c),
// same runtime, same delivery modes, same run. Wake-up is "completion handler ran -> wait
// returned" (the product's from its wait ledger); controller creation is a window with its
// controller, webview, handlers, bounds and first Navigate. Prints figures; asserts nothing.
// Every ratio comes from interleaved pairs (product, bare, product, bare …): the median of the
// pairwise ratios, with their min–max, so that a figure is believed only when its spread allows.
// BENCH_PAIRS (5, cowait + send), BENCH_POST_PAIRS (1, pump + post, details only), BENCH_WAITS
// (500 cookie reads per run), BENCH_WINDOWS (40 per run: a p95 of 20 would be their maximum),
// BENCH_BREAKDOWN_READS (300), BENCH_SOAK_CYCLES (200).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Requests, type HelperSettings } from '../../src/protocol';
import { Harness } from '../support/harness';
import { soak, soakDetails, soakLine } from '../support/soak';
import { cookieFile, TEST_RUNTIME } from '../support/winRuntime';
import { breakdown, piecesLine } from './breakdown';
import { absoluteLine, interleave, median, pairedRatioLine, pairsOf, percentile } from './figures';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const POST_PAIRS = Number(process.env.BENCH_POST_PAIRS ?? 1);
const WAITS = Number(process.env.BENCH_WAITS ?? 500);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 40);
const BREAKDOWN_READS = Number(process.env.BENCH_BREAKDOWN_READS ?? 300);
const SOAK_CYCLES = Number(process.env.BENCH_SOAK_CYCLES ?? 200);
const BARE = process.env.WEBVIEW2_HOST_BENCH_BARE;
const URL = 'https://app.test/';
const COOKIES = cookieFile([
  ['strict_http', 's1', 'app.test', '/', -1, true, false, 2],
  ['lax_maxage', 'l2', 'app.test', '/', 1924916645, false, false, 1],
  ['none_site', 'n3', 'app.test', '/', -1, false, true, 0],
  ['expires_at', 'e4', 'app.test', '/', 1924916645, false, false, 1],
  ['scoped', 'p5', 'app.test', '/scoped', -1, false, false, 2],
  ['plain_session', 'v6', 'app.test', '/', -1, false, false, 1],
]);
const DELIVERY_ENV = (delivery: string) => ({ WEBVIEW2_TEST_DELIVERY: delivery, WEBVIEW2_TEST_DELAY_MS: '0' });

interface Figures {
  wakeups: number[];
  creations: number[];
  /** Whole cookie reads: the product's through the client and JSON-RPC, the bare host's call to last field read. */
  reads: number[];
  /** Bare only: GetCookies called -> its completion handler ran. */
  deliveries?: number[];
  /** Product only: the createController wait inside the UI thread, from the wait ledger. */
  controllerWaits?: number[];
  /** Product only: ping round trips, answered by the helper's main thread. */
  pings?: number[];
}

async function product(strategy: HelperSettings['strategy'], delivery: string): Promise<Figures> {
  const h = new Harness({ strategy }, DELIVERY_ENV(delivery), { browserFolder: TEST_RUNTIME });
  try {
    await h.client.start();
    const env = await h.environment({ 'test-cookies.tsv': COOKIES });
    const creations: number[] = [];
    let windowId = 0;
    for (let i = 0; i < WINDOWS; i++) {
      const began = performance.now();
      windowId = (await h.client.request(Requests.createWindow, { environmentId: env, url: URL, width: 640, height: 480 })).windowId;
      creations.push(performance.now() - began);
    }
    const reads: number[] = [];
    for (let i = 0; i < WAITS; i++) {
      const began = performance.now();
      await h.client.request(Requests.getCookies, { windowId });
      reads.push(performance.now() - began);
    }
    const pings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const began = performance.now();
      await h.client.request(Requests.ping);
      pings.push(performance.now() - began);
    }
    const wakeups = h.events
      .filter((e) => e.method === 'waitCompleted' && e.params.site === 'getCookies' && e.params.completionAfterMs !== null)
      .map((e) => e.params.elapsedMs - e.params.completionAfterMs);
    const controllerWaits = h.events
      .filter((e) => e.method === 'waitCompleted' && e.params.site === 'createController')
      .map((e) => e.params.elapsedMs as number);
    return { wakeups, creations, reads, controllerWaits, pings };
  } finally {
    await h.stop();
  }
}

function bare(strategy: HelperSettings['strategy'], delivery: string): Figures {
  if (!BARE) throw new Error('WEBVIEW2_HOST_BENCH_BARE is not set: run the benchmark with npm run bench:wine');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-bare-'));
  fs.writeFileSync(path.join(folder, 'test-cookies.tsv'), COOKIES);
  const results = path.join(folder, 'results.txt');
  const run = spawnSync(BARE, [TEST_RUNTIME!, folder, strategy, String(WINDOWS), String(WAITS), URL, results], {
    env: { ...process.env, ...DELIVERY_ENV(delivery) }, encoding: 'utf8', timeout: 300000,
  });
  if (run.status !== 0) throw new Error(`the bare host failed (exit ${run.status}): ${run.stderr ?? run.error}`);
  const lines = fs.readFileSync(results, 'utf8').trim().split(/\r?\n/).map((l) => l.split(' '));
  const cookies = Number(lines.find((l) => l[0] === 'cookies')?.[1]);
  if (WAITS > 0 && !(cookies > 0)) throw new Error('the bare host read no cookies: it did not do the work the product does');
  fs.rmSync(folder, { recursive: true, force: true });
  const of = (kind: string) => lines.filter((l) => l[0] === kind).map((l) => Number(l[1]));
  return { wakeups: of('wake'), creations: of('create'), reads: of('read'), deliveries: of('deliver') };
}

async function main(): Promise<void> {
  const spawnTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const h = new Harness({}, DELIVERY_ENV('send'), { browserFolder: TEST_RUNTIME });
    const began = performance.now();
    await h.client.start();
    spawnTimes.push(performance.now() - began);
    await h.stop();
  }
  const send = await interleave(PAIRS, () => product('cowait', 'send'), () => bare('cowait', 'send'));
  const post = await interleave(POST_PAIRS, () => product('pump', 'post'), () => bare('pump', 'post'));
  // The runtime reads its delivery from the environment; the breakdown's UI thread is in a child.
  const parts = await breakdown({
    settings: { strategy: 'cowait' }, browserFolder: TEST_RUNTIME, files: { 'test-cookies.tsv': COOKIES }, url: URL,
    awaitLoad: false, windows: WINDOWS, warmup: 20, reads: BREAKDOWN_READS,
  }, DELIVERY_ENV('send'));

  const h = new Harness({}, DELIVERY_ENV('send'), { browserFolder: TEST_RUNTIME });
  await h.client.start();
  const soaked = await soak(h, await h.environment({ 'test-cookies.tsv': COOKIES }), URL, SOAK_CYCLES);
  await h.stop();

  const p = (v: number[], q: number) => percentile(v, q);
  const all = (runs: Figures[], f: (r: Figures) => number[]) => runs.flatMap(f);
  console.log('WebView2 Host benchmark, Windows backend under Wine: the product against a bare C host, test runtime delivering at once');
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Windows node ${process.versions.node} under Wine; ` +
    `${PAIRS} pairs of runs (cowait + send), each ${WINDOWS} controllers and ${WAITS} cookie reads; ${POST_PAIRS} pair(s) with pump + post`);
  console.log(pairedRatioLine({ name: 'wake-up p50', unit: 'ms', decimals: 3, pairs: pairsOf(send, (r) => p(r.wakeups, 50)), goal: 1.2 }));
  console.log(pairedRatioLine({ name: 'wake-up p99', unit: 'ms', decimals: 3, pairs: pairsOf(send, (r) => p(r.wakeups, 99)), goal: 1.5 }));
  console.log(pairedRatioLine({ name: 'controller creation p95', unit: 'ms', pairs: pairsOf(send, (r) => p(r.creations, 95)), goal: 1.2 }));
  console.log(absoluteLine('spawn to ready p50', p(spawnTimes, 50), 'ms', 250));
  console.log(absoluteLine('rpc round trip p50', p(all(send.product, (r) => r.pings!), 50), 'ms', undefined, 2));
  console.log('what the product adds per cookie read (cowait + send), p50:');
  const reads = all(send.product, (r) => r.reads);
  const bareReads = all(send.bare, (r) => r.reads);
  console.log(`  request through the client ${p(reads, 50).toFixed(3)} ms against the bare host's whole read ${p(bareReads, 50).toFixed(3)} ms ` +
    `(by pair: ${send.product.map((r, i) => `${p(r.reads, 50).toFixed(2)}/${p(send.bare[i].reads, 50).toFixed(2)}`).join(', ')})`);
  console.log(`  RPC round trip (ping, answered by the helper's main thread): ${p(all(send.product, (r) => r.pings!), 50).toFixed(3)} ms`);
  console.log(`  ${piecesLine(`the UI thread's part, in-process (the product's UiBridge and UI thread, no JSON-RPC; ${WINDOWS} controllers open)`, parts.warm, 'GetCookies to completion (the runtime\'s window procedure, inside CoWait)')}`);
  console.log(`  the bare host: GetCookies to completion ${p(all(send.bare, (r) => r.deliveries!), 50).toFixed(3)} ms, ` +
    `completion -> wait returned ${p(all(send.bare, (r) => r.wakeups), 50).toFixed(3)} ms`);
  console.log('  not measured apart: the helper main thread\'s own share (parameter checks, JSON-RPC framing of the answer, the ' +
    'waitCompleted notification sent before it) beyond a ping; it is in the request less the ping and the in-process total');
  console.log(`${SOAK_CYCLES} open/close cycles of one window (goal: rss +10 MiB at most, handles and callbacks flat):`);
  console.log(soakLine(soaked));
  console.log('details (cowait + send above; pump + post here):');
  console.log(`  ${soakDetails(soaked)}`);
  console.log(`  wake-up p50 by pair (ms, product/bare): ${send.product.map((r, i) => `${p(r.wakeups, 50).toFixed(3)}/${p(send.bare[i].wakeups, 50).toFixed(3)}`).join(', ')}`);
  console.log(`  controller creation p95 by pair (ms, product/bare): ${send.product.map((r, i) => `${p(r.creations, 95).toFixed(1)}/${p(send.bare[i].creations, 95).toFixed(1)}`).join(', ')}`);
  const pp = (f: (r: Figures) => number[], q: number) => median(post.product.map((r) => p(f(r), q))).toFixed(3);
  const pb = (f: (r: Figures) => number[], q: number) => median(post.bare.map((r) => p(f(r), q))).toFixed(3);
  console.log(`  pump + post wake-up p50/p99: product ${pp((r) => r.wakeups, 50)}/${pp((r) => r.wakeups, 99)} ms, ` +
    `bare ${pb((r) => r.wakeups, 50)}/${pb((r) => r.wakeups, 99)} ms (median over ${POST_PAIRS} pair(s))`);
  console.log(`  pump + post controller creation p95: product ${pp((r) => r.creations, 95)} ms, bare ${pb((r) => r.creations, 95)} ms`);
  console.log(`  cowait + send controller creation p50: product ${p(all(send.product, (r) => r.creations), 50).toFixed(1)} ms, ` +
    `bare ${p(all(send.bare, (r) => r.creations), 50).toFixed(1)} ms; of the product's, its createController wait p50/p95 ` +
    `${p(all(send.product, (r) => r.controllerWaits!), 50).toFixed(1)}/${p(all(send.product, (r) => r.controllerWaits!), 95).toFixed(1)} ms`);
  console.log(`  spawn to ready: ${spawnTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log('  not measured: pump + send never wakes (the lost wake-up); cowait + post never completes under Wine (Wine gap); ' +
    'spawn to ready has no bare counterpart here (the bare host is not started apart from its work)');
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
