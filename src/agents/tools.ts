// The agent tool set, one table for every host: the MCP server (src/cli/mcp.ts) registers it, and
// the extension can register the same entries with vscode.lm.registerTool. Names and inputs are
// those agents know from Playwright MCP. Each tool is a thin adapter over the helper's requests and
// acts on the current window (the last one opened or acted on) unless given windowId.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatNetworkLine } from '../network/entries';
import { printable } from '../printable';
import { formatConsole, formatCookie, formatHazard, formatPlatform, formatStall, formatVerdict } from '../client/format';
import { Requests, type ConsoleLevel, type WindowInfo } from '../protocol';
import { within } from '../timers';
import { answerFor, refused, said, ToolRefusal, type ToolAnswer } from './answers';
import { checkInput, type InputSchema, type PropertySchema } from './input';
import { evaluateTool, SCRIPT_TOOLS } from './scriptTools';
import type { AgentSession, Load } from './session';

export interface AgentTool {
  name: string;
  title: string;
  /** What it does and when to use it, for the model choosing a tool. */
  description: string;
  input: InputSchema;
  /** True when it changes nothing (MCP's readOnlyHint). */
  readOnly: boolean;
  run(session: AgentSession, input: Record<string, unknown>): Promise<ToolAnswer>;
}

const WINDOW: PropertySchema = { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'The window (from browser_open or browser_windows); the current one when omitted' };
const SIZE = (what: string): PropertySchema => ({ type: 'integer', minimum: 100, maximum: 8192, description: `The viewport's ${what} in pixels` });
const SINCE: PropertySchema = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Only entries after this number (the "next since" of the previous answer)' };
const LEVELS: ConsoleLevel[] = ['debug', 'log', 'info', 'warn', 'error'];
/** How long going back may take before the answer says there was probably no earlier page. */
const BACK_WAIT_MS = 5000;
/** How long a screenshot waits for a window to show the size it was given. */
const RESIZE_SETTLE_MS = 2000;

function schema(properties: Record<string, PropertySchema>, required: string[] = [], windowId = true): InputSchema {
  return { type: 'object', properties: windowId ? { ...properties, windowId: WINDOW } : properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

const windowOf = (s: AgentSession, input: Record<string, unknown>) => s.windowFor(input.windowId as number | undefined);

/** One window as a line: "* window 2: URL "title" 1024x768, loaded" (* marks the current one). */
function windowLine(s: AgentSession, w: WindowInfo): string {
  const state = w.failed ? `failed: ${s.shown(w.failed)}` : w.loading ? 'loading' : 'loaded';
  return `${w.windowId === s.currentId ? '*' : '-'} window ${w.windowId}: ${s.shown(w.url)} "${s.shown(w.title)}" ${w.bounds.width}x${w.bounds.height}, ${state}`;
}

/** What a tool that loads a page answers: where it ended and how, or that it is still loading. */
function loadAnswer(s: AgentSession, windowId: number, load: Load, did: string): ToolAnswer {
  if (!load) {
    if (!s.client.windows.get(windowId)) return refused(`Window ${windowId} closed while its page loaded: call browser_windows to list the open windows.`);
    return refused(`${did}, but the page is still loading after ${s.options.loadWaitMs / 1000} s: call browser_wait_for with time 5, then `
      + 'browser_windows to see whether it loaded, or browser_take_screenshot to see it.');
  }
  const status = load.httpStatus === null ? '' : ` (HTTP ${load.httpStatus})`;
  if (!load.isSuccess) {
    return refused(`${did}, but the page did not load: ${s.shown(load.url)}${status}: ${s.shown(load.error ?? 'failed')}. `
      + 'Check the URL (a local server may not be running), then call browser_navigate with the right one, or browser_close.');
  }
  const title = s.client.windows.get(windowId)?.title ?? '';
  return said(`${did}: ${s.shown(load.url)}${status}${title ? ` "${s.shown(title)}"` : ''}. Window ${windowId} is the current window.`);
}

/** Waits for a window that is still loading, up to the load wait; refuses if it does not finish. */
async function settled(s: AgentSession, w: WindowInfo): Promise<WindowInfo> {
  // The mirror of the window table is polled: a load event could pass between reading and listening.
  for (const until = Date.now() + s.options.loadWaitMs; s.client.windows.get(w.windowId)?.loading && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const now = s.windowFor(w.windowId);
  if (now.loading) throw new ToolRefusal(`Window ${w.windowId} is still loading ${s.shown(now.url)}: call browser_wait_for with time 5, then try again.`);
  return now;
}

const PAGE_TOOLS: AgentTool[] = [
  {
    name: 'browser_open', title: 'Open a window', readOnly: false,
    description: 'Open a new native browser window (WebView2 on Windows, WebKitGTK on Linux) on a URL or a file of the workspace, in the user\'s '
      + 'own browser profile (their logged-in sessions and cookies). Use it first; it answers the window id, the final URL and the HTTP status, '
      + 'and the new window becomes the current one.',
    input: schema({ url: { type: 'string', description: 'An http(s) URL (localhost:3000 works) or a path of a file in the workspace, e.g. index.html', maxLength: 2 * 1024 * 1024 } }, ['url'], false),
    async run(s, input) {
      const url = await s.urlFor(input.url as string);
      const environmentId = await s.environment();
      const { windowId, load } = await s.load(async () => (await s.client.request(Requests.createWindow, { environmentId, url })).windowId);
      s.makeCurrent(windowId);
      return loadAnswer(s, windowId, load, `Window ${windowId} opened`);
    },
  },
  {
    name: 'browser_windows', title: 'List windows', readOnly: true,
    description: 'List the open windows: id, URL, title, viewport size and whether each loaded, loads or failed; * marks the current one. '
      + 'Use it to find a window id, or after an answer said a window is unknown or closed.',
    input: schema({}, [], false),
    async run(s) {
      const windows = s.client.windows.list();
      if (windows.length === 0) return said('No window is open: call browser_open with a URL or a workspace file.');
      return said(...windows.map((w) => windowLine(s, w)));
    },
  },
  {
    name: 'browser_close', title: 'Close a window', readOnly: false,
    description: 'Close a window (the current one unless windowId is given). Use it when done with a page.',
    input: schema({}),
    async run(s, input) {
      const w = windowOf(s, input);
      await s.client.request(Requests.close, { windowId: w.windowId });
      const next = s.afterClose(w.windowId);
      return said(`Window ${w.windowId} closed. ${next === undefined ? 'No window is open.' : `Window ${next} is now the current window.`}`);
    },
  },
  {
    name: 'browser_navigate', title: 'Navigate', readOnly: false,
    description: 'Load a URL or a workspace file in a window (the current one unless windowId is given); answers the final URL and HTTP status. '
      + 'Use it to move to another page in the same window, keeping its cookies and session.',
    input: schema({ url: { type: 'string', description: 'An http(s) URL or a path of a file in the workspace', maxLength: 2 * 1024 * 1024 } }, ['url']),
    async run(s, input) {
      const w = windowOf(s, input);
      const url = await s.urlFor(input.url as string);
      const { load } = await s.load(async () => { await s.client.request(Requests.navigate, { windowId: w.windowId, url }); return w.windowId; });
      return loadAnswer(s, w.windowId, load, `Window ${w.windowId} navigated`);
    },
  },
  {
    name: 'browser_navigate_back', title: 'Go back', readOnly: false,
    description: 'Go back to the previous page of a window\'s history (the current window unless windowId is given).',
    input: schema({}),
    async run(s, input) {
      const w = windowOf(s, input);
      const { load } = await s.load(async () => { await s.client.request(Requests.goBack, { windowId: w.windowId }); return w.windowId; }, BACK_WAIT_MS);
      if (!load && s.client.windows.get(w.windowId)?.loading === false) {
        return refused(`Window ${w.windowId} did not go back within ${BACK_WAIT_MS / 1000} s: it probably has no earlier page (it shows ${s.shown(w.url)}). `
          + 'Call browser_navigate with the URL you want.');
      }
      return loadAnswer(s, w.windowId, load, `Window ${w.windowId} went back`);
    },
  },
  {
    name: 'browser_reload', title: 'Reload', readOnly: false,
    description: 'Reload a window\'s page (the current window unless windowId is given), e.g. after a file it shows changed.',
    input: schema({}),
    async run(s, input) {
      const w = windowOf(s, input);
      const { load } = await s.load(async () => { await s.client.request(Requests.reload, { windowId: w.windowId }); return w.windowId; });
      return loadAnswer(s, w.windowId, load, `Window ${w.windowId} reloaded`);
    },
  },
  {
    name: 'browser_take_screenshot', title: 'Screenshot', readOnly: true,
    description: 'See the page: a PNG of what the window\'s viewport shows (the current window unless windowId is given). '
      + 'Use it to check what a page looks like after opening, navigating or resizing.',
    input: schema({ fullPage: { type: 'boolean', description: 'The whole scrollable page rather than the viewport' } }),
    async run(s, input) {
      const w = await settled(s, windowOf(s, input));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-shot-'));
      try {
        const fullPage = input.fullPage === true;
        const take = () => s.client.request(Requests.screenshot, { windowId: w.windowId, path: path.join(dir, 'shot.png'), ...(fullPage ? { fullPage } : {}) });
        let shot = await take();
        // Just after browser_resize the engine may not have laid the page out at its new size yet.
        const asked = s.resizes.get(w.windowId);
        const sized = () => !asked || (fullPage ? shot.width === asked.width : shot.width === asked.width && shot.height === asked.height);
        for (const until = (asked?.at ?? 0) + RESIZE_SETTLE_MS; !sized() && Date.now() < until;) {
          await new Promise((r) => setTimeout(r, 100));
          shot = await take();
        }
        const data = fs.readFileSync(shot.path).toString('base64');
        const note = sized() ? '' : ` The window has not taken its size of ${asked!.width}x${asked!.height} yet.`;
        s.resizes.delete(w.windowId);
        return {
          content: [
            { type: 'text', text: `Window ${w.windowId}, ${shot.width}x${shot.height} ${fullPage ? 'full page' : 'viewport'} of ${s.shown(w.url)}.${note}` },
            { type: 'image', data, mimeType: 'image/png' },
          ],
        };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'browser_console_messages', title: 'Console messages', readOnly: true,
    description: 'Read what the page logged (console.log to console.error, uncaught exceptions, unhandled rejections) since the window '
      + 'opened, newest last (the last 500 are kept). Use it to find a page\'s errors.',
    input: schema({ level: { type: 'string', enum: LEVELS, description: 'Only this level and the more severe ones (default: all)' }, since: SINCE }),
    async run(s, input) {
      const w = windowOf(s, input);
      const least = LEVELS.indexOf((input.level as ConsoleLevel | undefined) ?? 'debug');
      const read = s.console.read(w.windowId, input.since as number | undefined, (e) => LEVELS.indexOf(e.level) >= least);
      const lines = read.entries.map((e) => `#${e.seq} ${s.display(formatConsole(e.item, { kinds: true }))}`);
      if (read.missed) lines.unshift(`(${read.missed} earlier message(s) were dropped: only the last ${s.console.capacity} are kept)`);
      if (read.entries.length === 0) lines.push(`No console messages${input.level ? ` at level ${input.level as string} or above` : ''} from window ${w.windowId}${input.since ? ` after #${input.since as number}` : ''}.`);
      lines.push(`(next since: ${read.last})`);
      return said(...lines);
    },
  },
  {
    name: 'browser_network_requests', title: 'Network requests', readOnly: true,
    description: 'The requests a window\'s pages made, oldest first: method, status, MIME type, size, time and URL, redirects and failures '
      + 'with their reason (the last 1000 are kept; Cookie and Authorization values masked). Use it to find a failed or slow request.',
    input: schema({ since: SINCE, filter: { type: 'string', description: 'Only requests whose URL contains this text', maxLength: 2000 } }),
    async run(s, input) {
      const w = windowOf(s, input);
      const since = input.since as number | undefined;
      const filter = input.filter as string | undefined;
      const log = await s.client.request(Requests.getNetworkLog, { windowId: w.windowId, ...(since === undefined ? {} : { since }) });
      const shown = log.entries.filter((e) => !filter || s.display(e.url).includes(filter));
      const lines = shown.map((e) => `#${e.seq} ${s.display(formatNetworkLine(e))}`);
      if (log.evicted) lines.unshift(`(${log.evicted} older request(s) were dropped: only the last ones are kept)`);
      if (shown.length === 0) lines.push(`No requests from window ${w.windowId}${filter ? ` with "${printable(filter)}" in the URL` : ''}${since ? ` after #${since}` : ''}.`);
      lines.push(`(next since: ${log.entries.length ? log.entries[log.entries.length - 1].seq : since ?? 0})`);
      return said(...lines);
    },
  },
  {
    name: 'browser_cookies', title: 'Cookies', readOnly: true,
    description: 'The cookies a window\'s page (or a URL) gets, HttpOnly ones included, which page script cannot see, with every attribute: '
      + 'domain, path, expiry, HttpOnly, Secure, SameSite. Values are masked unless the user allowed them (the MCP server\'s '
      + '--reveal-cookies, the extension\'s setting webview2Host.agents.revealCookieValues). '
      + 'Use it to check a login or a session.',
    input: schema({ url: { type: 'string', description: 'Cookies sent to this URL (default: the window\'s page)', maxLength: 2 * 1024 * 1024 } }),
    async run(s, input) {
      const w = windowOf(s, input);
      const url = input.url === undefined ? undefined : await s.urlFor(input.url as string);
      const cookies = await s.client.request(Requests.getCookies, { windowId: w.windowId, ...(url ? { url } : {}) });
      const reveal = s.options.revealCookies;
      const of = s.shown(url ?? w.url);
      if (cookies.length === 0) return said(`No cookies for ${of}.`);
      const note = reveal || !cookies.some((c) => c.value !== '') ? [] : [`(values masked: ${s.options.revealCookiesHow ?? 'start the server with --reveal-cookies'} to see them)`];
      return said(`${cookies.length} cookie(s) for ${of}:`, ...cookies.map((c) => formatCookie(c, reveal)), ...note);
    },
  },
  {
    name: 'browser_resize', title: 'Resize', readOnly: false,
    description: 'Set the size of a window\'s viewport (the current window unless windowId is given), e.g. 375x667 for a phone.',
    input: schema({ width: SIZE('width'), height: SIZE('height') }, ['width', 'height']),
    async run(s, input) {
      const w = windowOf(s, input);
      const size = { width: input.width as number, height: input.height as number };
      await s.client.request(Requests.setBounds, { windowId: w.windowId, ...size });
      s.resizes.set(w.windowId, { ...size, at: Date.now() });
      return said(`Window ${w.windowId}'s viewport is now ${input.width as number}x${input.height as number}.`);
    },
  },
  {
    name: 'browser_diagnostics', title: 'Diagnostics', readOnly: true,
    description: 'Whether the browser engine is healthy, or where and why it stalls or hangs: the verdict with its fix, stalls, re-entrancy '
      + 'hazards and the platform. Use it when a tool timed out or a window does not respond.',
    input: schema({}, [], false),
    async run(s) {
      const d = await s.client.request(Requests.diagnostics);
      const stalls = [...d.activeStalls.map((x) => `stalled now: ${formatStall(x)}`), ...d.stalls.map(formatStall)];
      // A verdict can name a page's URL or error: each line shown as the rest (one line, paths not tokens).
      return said(...[formatVerdict(d.verdict), `${d.windows.length} window(s), ${d.stalls.length} stall(s), ${d.hazards.length} hazard(s)`,
        ...stalls, ...d.hazards.map(formatHazard), formatPlatform(d.platform)].map((line) => s.shown(line)));
    },
  },
];

/** Every tool, with browser_evaluate running only where the host allows it (and saying why not otherwise). */
export function agentTools(allowEvaluate: () => boolean, evaluateWhyNot?: string): AgentTool[] {
  return [...PAGE_TOOLS, ...SCRIPT_TOOLS, evaluateTool(allowEvaluate, evaluateWhyNot)];
}

/**
 * Runs a tool on an agent's raw input: checked against its schema, bounded by the request
 * deadline (an agent is never left waiting past it), and any failure turned into an answer.
 */
export async function runTool(tool: AgentTool, session: AgentSession, raw: unknown, deadlineMs = toolDeadlineMs(session)): Promise<ToolAnswer> {
  const late = Symbol('late');
  try {
    const input = checkInput(tool.name, tool.input, raw);
    // The race keeps a late failure handled: it cannot end the server as an unhandled rejection.
    const answer = await within(tool.run(session, input), deadlineMs, late);
    if (answer === late) return refused(`${tool.name} had no answer within ${Math.round(deadlineMs / 1000)} s; call browser_diagnostics to see where the engine is stuck.`);
    return answer;
  } catch (err) {
    const answer = answerFor(tool.name, err);
    return { ...answer, content: answer.content.map((c) => c.type === 'text' ? { ...c, text: session.display(c.text) } : c) };
  }
}

/** A tool's deadline: time for a request and a page load, inside a client's usual 60 s timeout. */
export function toolDeadlineMs(session: AgentSession): number {
  return Math.min(2 * session.options.loadWaitMs + 10_000, 55_000);
}
