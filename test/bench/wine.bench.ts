// Benchmark (not a test), run by `npm run bench:wine` in Windows node.exe under Wine against the
// test runtime: the product side by side with the bare C host (native/bench/webview2-bare.c),
// same runtime, same delivery modes, same run. Wake-up is "completion handler ran -> wait
// returned" (the product's from its wait ledger); controller creation is a window with its
// controller, webview, handlers, bounds and first Navigate. Prints figures; asserts nothing.
// BENCH_WAITS (1000 cookie reads), BENCH_WINDOWS (40: a p95 of 20 would be their maximum), BENCH_SOAK_CYCLES (200).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Requests, type HelperSettings } from '../../src/protocol';
import { Harness } from '../support/harness';
import { soak, soakDetails, soakLine } from '../support/soak';
import { cookieFile, TEST_RUNTIME } from '../support/winRuntime';
import { absoluteLine, percentile, ratioLine } from './figures';

const WAITS = Number(process.env.BENCH_WAITS ?? 1000);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 40);
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
  /** Product only: the createController wait inside the UI thread, from the wait ledger. */
  controllerWaits?: number[];
}

async function product(strategy: HelperSettings['strategy'], delivery: string, rpc?: number[]): Promise<Figures> {
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
    for (let i = 0; i < WAITS; i++) await h.client.request(Requests.getCookies, { windowId });
    for (let i = 0; rpc && i < 200; i++) {
      const began = performance.now();
      await h.client.request(Requests.listWindows);
      rpc.push(performance.now() - began);
    }
    const wakeups = h.events
      .filter((e) => e.method === 'waitCompleted' && e.params.site === 'getCookies' && e.params.completionAfterMs !== null)
      .map((e) => e.params.elapsedMs - e.params.completionAfterMs);
    const controllerWaits = h.events
      .filter((e) => e.method === 'waitCompleted' && e.params.site === 'createController')
      .map((e) => e.params.elapsedMs as number);
    return { wakeups, creations, controllerWaits };
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
  return { wakeups: of('wake'), creations: of('create') };
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
  const rpc: number[] = [];
  const bareSend = bare('cowait', 'send');
  const productSend = await product('cowait', 'send', rpc);
  const barePost = bare('pump', 'post');
  const productPost = await product('pump', 'post');

  const h = new Harness({}, DELIVERY_ENV('send'), { browserFolder: TEST_RUNTIME });
  await h.client.start();
  const soaked = await soak(h, await h.environment({ 'test-cookies.tsv': COOKIES }), URL, SOAK_CYCLES);
  await h.stop();

  const p = (v: number[], q: number) => percentile(v, q);
  console.log('WebView2 Host benchmark, Windows backend under Wine: the product against a bare C host, test runtime delivering at once');
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Windows node ${process.versions.node} under Wine; ` +
    `${WINDOWS} controllers, ${WAITS} cookie reads per strategy`);
  console.log(ratioLine({ name: 'wake-up p50', unit: 'ms', decimals: 3, product: p(productSend.wakeups, 50), bare: p(bareSend.wakeups, 50), goal: 1.2 }));
  console.log(ratioLine({ name: 'wake-up p99', unit: 'ms', decimals: 3, product: p(productSend.wakeups, 99), bare: p(bareSend.wakeups, 99), goal: 1.5 }));
  console.log(ratioLine({ name: 'controller creation p95', unit: 'ms', product: p(productSend.creations, 95), bare: p(bareSend.creations, 95), goal: 1.2 }));
  console.log(absoluteLine('spawn to ready p50', p(spawnTimes, 50), 'ms', 250));
  console.log(absoluteLine('rpc round trip p50', p(rpc, 50), 'ms', undefined, 2));
  console.log(`${SOAK_CYCLES} open/close cycles of one window (goal: rss +10 MiB at most, handles and callbacks flat):`);
  console.log(soakLine(soaked));
  console.log('details (cowait + send above; pump + post here):');
  console.log(`  ${soakDetails(soaked)}`);
  console.log(`  pump + post wake-up p50/p99: product ${p(productPost.wakeups, 50).toFixed(3)}/${p(productPost.wakeups, 99).toFixed(3)} ms, ` +
    `bare ${p(barePost.wakeups, 50).toFixed(3)}/${p(barePost.wakeups, 99).toFixed(3)} ms`);
  console.log(`  pump + post controller creation p95: product ${p(productPost.creations, 95).toFixed(1)} ms, bare ${p(barePost.creations, 95).toFixed(1)} ms`);
  console.log(`  cowait + send controller creation p50: product ${p(productSend.creations, 50).toFixed(1)} ms, bare ${p(bareSend.creations, 50).toFixed(1)} ms; ` +
    `of the product's, its createController wait p50/p95 ${p(productSend.controllerWaits!, 50).toFixed(1)}/${p(productSend.controllerWaits!, 95).toFixed(1)} ms`);
  console.log(`  spawn to ready: ${spawnTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log('  not measured: pump + send never wakes (the lost wake-up); cowait + post never completes under Wine (Wine gap)');
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
