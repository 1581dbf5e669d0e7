// What the network log costs a page load: one helper, the same page (networkServer.ts: a document,
// a stylesheet, images, a 404, a redirect and a fetch), loaded in passes with the log on (the
// product as shipped) and off (HelperSettings.networkLog false, through configure), interleaved.
// "bare" in the line is the log off. Run alone: node out/test/bench/networkCost.js under xvfb-run;
// BENCH_NETWORK_PAIRS (5), BENCH_NETWORK_LOADS (20 loads per pass).
import { DEFAULT_HELPER_SETTINGS } from '../../src/settings';
import { Requests } from '../../src/protocol';
import { Harness } from '../support/harness';
import { startNetworkServer } from '../support/networkServer';
import { interleave, pairedRatioLine, pairsOf, percentile } from './figures';

const PAIRS = Number(process.env.BENCH_NETWORK_PAIRS ?? 5);
const LOADS = Number(process.env.BENCH_NETWORK_LOADS ?? 20);

export async function networkOverheadLine(): Promise<string> {
  const server = await startNetworkServer();
  const h = new Harness();
  try {
    await h.client.start();
    const env = await h.environment();
    const pass = async (networkLog: boolean): Promise<number> => {
      await h.client.request(Requests.configure, { ...DEFAULT_HELPER_SETTINGS, networkLog });
      const times: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        const began = performance.now();
        const w = await h.openLoaded(env, `${server.origin}/`);
        times.push(performance.now() - began);
        await h.client.request(Requests.close, { windowId: w.windowId });
      }
      return percentile(times, 50);
    };
    await pass(true); // warm-up, not counted
    const runs = await interleave(PAIRS, () => pass(true), () => pass(false));
    const logged = await h.client.request(Requests.listWindows);
    if (logged.length !== 0) throw new Error('windows left open');
    return pairedRatioLine({ name: 'network log overhead', unit: 'ms', pairs: pairsOf(runs, (t) => t), goal: 1.05 });
  } finally {
    await h.stop();
    await server.close();
  }
}

if (require.main === module) {
  networkOverheadLine().then((line) => { console.log(line); process.exit(0); }, (err) => { console.error(err); process.exit(1); });
}
