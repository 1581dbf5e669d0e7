// Benchmark of `webview2-host mcp` (part of `npm run bench`, or alone: node out/test/bench/mcp.bench.js
// under xvfb-run). Prints figures; asserts nothing.
//   mcp round trip p50: browser_windows through the SDK's client and stdio, warm (answered from the
//     server's mirror of the window table: the MCP layer's own cost)
//   ratio mcp screenshot p50: a page to a PNG from a cold start, the MCP way (start the server, open,
//     screenshot, close stdin) against the CLI's `screenshot` of the same page, in interleaved pairs
// BENCH_MCP_CALLS (200 after 20 warm-up), BENCH_MCP_PAIRS (7).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI } from '../support/harness';
import { runCli } from '../support/cliRun';
import { absoluteLine, interleave, pairedRatioLine, percentile } from './figures';

const CALLS = Number(process.env.BENCH_MCP_CALLS ?? 200);
const PAIRS = Number(process.env.BENCH_MCP_PAIRS ?? 7);
const PAGE = '<!doctype html><title>bench</title><style>html,body{margin:0;height:100%;background:#2050c0}</style><h1>bench</h1>';

type Answer = { content: { type: string; data?: string; text?: string }[]; isError?: boolean };

async function connect(dir: string, profile: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath, args: [CLI, 'mcp', '--profile', profile, '--root', dir], env: { ...process.env } as Record<string, string>, stderr: 'ignore',
  });
  const client = new Client({ name: 'webview2-host-bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Answer> {
  const answer = (await client.callTool({ name, arguments: args })) as Answer;
  if (answer.isError) throw new Error(`${name} failed: ${answer.content.map((c) => c.text).join(' ')}`);
  return answer;
}

/** Cold: server start to the PNG in hand and the server gone, as the CLI's run is timed to its exit. */
async function mcpScreenshot(dir: string, profile: string): Promise<number> {
  const began = performance.now();
  const client = await connect(dir, profile);
  try {
    await call(client, 'browser_open', { url: 'page.html' });
    const shot = await call(client, 'browser_take_screenshot');
    if (!shot.content.some((c) => c.type === 'image' && c.data)) throw new Error('browser_take_screenshot returned no image');
  } finally {
    await client.close(); // ends stdin and waits for the server's exit
  }
  return performance.now() - began;
}

async function cliScreenshot(dir: string, profile: string): Promise<number> {
  const out = path.join(dir, 'cli.png');
  const began = performance.now();
  const run = await runCli(CLI, ['screenshot', path.join(dir, 'page.html'), out, '--user-data-folder', profile]);
  const took = performance.now() - began;
  if (run.code !== 0 || !fs.existsSync(out)) throw new Error(`the CLI's screenshot failed (exit ${run.code}): ${run.stderr}`);
  fs.rmSync(out);
  return took;
}

/** The MCP figures as printed lines. */
export async function mcpBench(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-bench-mcp-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-bench-mcp-profile-'));
  fs.writeFileSync(path.join(dir, 'page.html'), PAGE);
  try {
    const client = await connect(dir, profile);
    const trips: number[] = [];
    const warmShots: number[] = [];
    try {
      await call(client, 'browser_open', { url: 'page.html' });
      for (let i = 0; i < 20 + CALLS; i++) {
        const began = performance.now();
        await call(client, 'browser_windows');
        if (i >= 20) trips.push(performance.now() - began);
      }
      for (let i = 0; i < 20; i++) {
        const began = performance.now();
        await call(client, 'browser_take_screenshot');
        warmShots.push(performance.now() - began);
      }
    } finally {
      await client.close();
    }
    // One of each first, not counted: the first start reads everything from disk.
    await mcpScreenshot(dir, profile);
    await cliScreenshot(dir, profile);
    const cold = await interleave(PAIRS, () => mcpScreenshot(dir, profile), () => cliScreenshot(dir, profile));
    return [
      absoluteLine('mcp round trip p50', percentile(trips, 50), 'ms', 5, 2),
      pairedRatioLine({ name: 'mcp screenshot p50', unit: 'ms', decimals: 0, pairs: cold, goal: 1.2 }),
      `  mcp: browser_windows p95 ${percentile(trips, 95).toFixed(2)} ms over ${CALLS} calls; warm browser_take_screenshot p50 `
        + `${percentile(warmShots, 50).toFixed(1)} ms (a running server, the window open); cold pairs (ms, mcp/cli): `
        + cold.product.map((v, i) => `${v.toFixed(0)}/${cold.bare[i].toFixed(0)}`).join(', '),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

if (require.main === module) {
  mcpBench().then((lines) => { for (const l of lines) console.log(l); process.exit(0); }, (err) => { console.error(err); process.exit(1); });
}
