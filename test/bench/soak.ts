// The long soak: open and close a window 3,000 times (after a warm-up) in one helper, and the same
// cycles in the bare WebKitGTK C program (native/bench/webkitgtk-bare.c), side by side, so that
// what the engine itself keeps is told apart from what the helper keeps. Prints figures; asserts
// nothing. `npm run bench` prints its line; on its own (long: about 15 min per 1,000 cycles):
//   xvfb-run -a node out/test/bench/soak.js [cycles]
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCookieServer } from '../support/cookieServer';
import { Harness } from '../support/harness';
import { soak, type SoakResult } from '../support/soak';
import { buildWebKitGtkBare } from './bare';

export interface LongSoak {
  product: SoakResult;
  /** The bare program's RSS growth over the same cycles, in KiB. */
  bareKiB: number;
}

const signed = (v: number, decimals = 0) => `${v >= 0 ? '+' : ''}${v.toFixed(decimals)}`;

/** `soak: 3000 cycles, rss +N MiB, fds +N, callbacks +N` */
export function longSoakLine(r: SoakResult): string {
  return `soak: ${r.cycles} cycles, rss ${signed((r.after.rssBytes - r.before.rssBytes) / 1048576, 1)} MiB, ` +
    `fds ${signed(r.after.handles - r.before.handles)}, callbacks ${signed(r.after.koffiCallbacks - r.before.koffiCallbacks)}`;
}

/** The engine's own share: the bare program's growth beside the helper's. */
export function engineShareLine(s: LongSoak): string {
  const product = (s.product.after.rssBytes - s.product.before.rssBytes) / 1048576;
  const bare = s.bareKiB / 1024;
  return `  same ${s.product.cycles} cycles in the bare WebKitGTK C program: rss ${signed(bare, 1)} MiB ` +
    `(helper ${signed(product, 1)} MiB; ${(product * 1024 / s.product.cycles).toFixed(1)} vs ${(s.bareKiB / s.product.cycles).toFixed(1)} KiB per window)`;
}

/** Runs the bare program's own soak (--cycles) against url; resolves with its RSS growth in KiB. */
export async function bareSoakKiB(cycles: number, url: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-soak-'));
  try {
    const exe = buildWebKitGtkBare(dir);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(exe, ['--cycles', String(cycles), url, path.join(dir, 'profile')], { encoding: 'utf8', maxBuffer: 1 << 20 },
        (err, stdout) => (err ? reject(err) : resolve(stdout))));
    const m = /cycles \d+ rss-before (\d+) rss-after (\d+)/.exec(out);
    if (!m) throw new Error(`the bare program printed no soak figures: ${out}`);
    return Number(m[2]) - Number(m[1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Both soaks of `cycles`, side by side in time (what is compared is memory, not speed), the
 * helper's after `warmUp` cycles (the bare program warms up with 5).
 */
export async function longSoak(cycles: number, warmUp = 50): Promise<LongSoak> {
  const server = await startCookieServer();
  const url = `${server.origin}/plain`;
  const h = new Harness();
  try {
    const bare = bareSoakKiB(cycles, url);
    bare.catch(() => undefined);
    await h.client.start();
    const env = await h.environment();
    const product = await soak(h, env, url, cycles, warmUp);
    return { product, bareKiB: await bare };
  } finally {
    await h.stop();
    await server.close();
  }
}

if (require.main === module) {
  const cycles = Number(process.argv[2] ?? 3000);
  longSoak(cycles).then((s) => {
    console.log(longSoakLine(s.product));
    console.log(engineShareLine(s));
    process.exit(0);
  }, (err) => { console.error(err); process.exit(1); });
}
