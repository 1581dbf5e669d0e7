// --wait-for <selector|ms>: what screenshot and pdf wait for after the page loaded. A number waits
// that many milliseconds; anything else is a CSS selector, waited for until an element matches it
// (asked of the page in the product's isolated world, so no page script can answer for it).
import type { HelperClient } from '../client/helperClient';
import { Requests } from '../protocol';
import { UsageError } from './session';

export type WaitFor = { ms: number } | { selector: string };

/** How often the page is asked whether the selector matches yet. */
const POLL_MS = 100;
const MAX_WAIT_MS = 60_000;

export function parseWaitFor(value: string | undefined): WaitFor | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!text) throw new UsageError('--wait-for needs a CSS selector (e.g. "#app .ready") or a number of milliseconds');
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    if (ms > MAX_WAIT_MS) throw new UsageError(`--wait-for ${text}: at most ${MAX_WAIT_MS} ms`);
    return { ms };
  }
  if (text.length > 10_000) throw new UsageError('--wait-for: the selector is longer than 10000 characters');
  return { selector: text };
}

/** Waits; resolves null when done, or the reason it gave up (a selector that never matched, or is not one). */
export async function waitForPage(client: HelperClient, windowId: number, what: WaitFor, deadlineMs: number): Promise<string | null> {
  if ('ms' in what) {
    await new Promise((r) => setTimeout(r, what.ms));
    return null;
  }
  const expression = `document.querySelector(${JSON.stringify(what.selector)}) !== null`;
  const until = Date.now() + deadlineMs;
  for (;;) {
    const r = await client.request(Requests.runScript, { windowId, expression, world: 'isolated', timeoutMs: 2000 });
    if (r.ok && r.json === 'true') return null;
    if (!r.ok && /SyntaxError|is not a valid selector/.test(r.error)) return `"${what.selector}" is not a CSS selector: ${r.error}`;
    if (Date.now() >= until) return `no element matched "${what.selector}" within ${Math.round(deadlineMs / 1000)} s${r.ok ? '' : ` (the page answered: ${r.error})`}`;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
