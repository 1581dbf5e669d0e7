// Benchmark (not a test), run by `npm run bench:wine` in Windows node.exe under Wine against the
// test runtime: how long each wait strategy takes to return once the completion handler has run,
// and controller creation through the helper. Prints figures; asserts nothing.
import { Requests, type HelperSettings } from '../../src/protocol';
import { Harness } from '../support/harness';
import { TEST_RUNTIME } from '../support/winRuntime';

const WAITS = Number(process.env.BENCH_WAITS ?? 1000);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 20);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(strategy: HelperSettings['strategy'], delivery: string): Promise<string> {
  const h = new Harness({ strategy }, { WEBVIEW2_TEST_DELIVERY: delivery, WEBVIEW2_TEST_DELAY_MS: '0' }, { browserFolder: TEST_RUNTIME });
  await h.client.start();
  const env = await h.environment();
  const creations: number[] = [];
  let windowId = 0;
  for (let i = 0; i < WINDOWS; i++) {
    const began = performance.now();
    windowId = (await h.client.request(Requests.createWindow, { environmentId: env, url: 'https://app.test/' })).windowId;
    creations.push(performance.now() - began);
  }
  for (let i = 0; i < WAITS; i++) await h.client.request(Requests.getCookies, { windowId });
  const waits = h.events
    .filter((e) => e.method === 'waitCompleted' && e.params.site === 'getCookies' && e.params.completionAfterMs !== null)
    .map((e) => e.params as { elapsedMs: number; completionAfterMs: number });
  const wakeups = waits.map((w) => w.elapsedMs - w.completionAfterMs);
  await h.stop();
  const f = (v: number) => v.toFixed(2).padStart(7);
  return `${strategy.padEnd(6)} + ${delivery.padEnd(4)}  wake-up p50 ${f(percentile(wakeups, 50))} ms, p99 ${f(percentile(wakeups, 99))} ms (${wakeups.length} waits)` +
    `   controller creation p50 ${f(percentile(creations, 50))} ms, p95 ${f(percentile(creations, 95))} ms (${WINDOWS})`;
}

async function main(): Promise<void> {
  console.log(`WebView2 Host benchmark, Windows backend under Wine, test runtime delivering without delay`);
  console.log('wake-up: completion handler ran -> wait returned, from the wait ledger');
  console.log(await measure('cowait', 'send'));
  console.log(await measure('pump', 'post'));
  console.log('not measured: pump + send never wakes (the lost wake-up); cowait + post never completes under Wine (Wine gap)');
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
