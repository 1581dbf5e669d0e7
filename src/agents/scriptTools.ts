// The tools that act inside a page: its outline with element refs (browser_snapshot), clicks, typing,
// keys and options by ref, waiting for text, and evaluating a function. Each runs the product's own
// scripts in its isolated world (pageOutline.ts: the page's script cannot see or change them) and
// delivers clicks, keys and text as input through the engine (trusted events), except options of a
// <select>, which are set by script with input and change events, as a select's own UI would.
import { randomBytes } from 'node:crypto';
import { Requests, type PageInputParams, type ScriptWorld } from '../protocol';
import { refused, said, ToolRefusal, type ToolAnswer } from './answers';
import type { AgentTool } from './tools';
import type { InputSchema, PropertySchema } from './input';
import type { AgentSession } from './session';
import { focusScript, hasTextScript, markScript, OUTLINE_SCRIPT, selectScript, targetScript } from './pageOutline';

const ELEMENT: PropertySchema = { type: 'string', description: 'Words describing the element, for the user', maxLength: 1000 };
const REF: PropertySchema = { type: 'string', description: 'The element\'s reference from browser_snapshot, e.g. e12', maxLength: 200 };
const WINDOW: PropertySchema = { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'The window (from browser_open or browser_windows); the current one when omitted' };
/** browser_wait_for's longest wait, in seconds: well inside a client's request timeout. */
export const MAX_WAIT_SECONDS = 30;
/** How long after an action a navigation it started is looked for. */
const NAVIGATION_START_MS = 500;
/** Longest evaluate result shown to the agent. */
const MAX_RESULT_SHOWN = 20_000;

function schema(properties: Record<string, PropertySchema>, required: string[] = [], windowId = true): InputSchema {
  return { type: 'object', properties: windowId ? { ...properties, windowId: WINDOW } : properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/** A script's value in the window, or a refusal that says why there is none. */
async function script<T>(s: AgentSession, windowId: number, expression: string, world: ScriptWorld = 'isolated', timeoutMs?: number): Promise<T> {
  const r = await s.client.request(Requests.runScript, { windowId, expression, world, ...(timeoutMs ? { timeoutMs } : {}) });
  if (!r.ok) throw new ToolRefusal(`The page did not answer: ${s.shown(r.error)}. If it is still loading, call browser_wait_for with time 2 and try again.`);
  return JSON.parse(r.json) as T;
}

interface Target { problem?: 'unknown' | 'gone' | 'invisible'; x: number; y: number; disabled: boolean; covered: string | null; editable: boolean; tag: string }

const STALE = (ref: string) => `There is no element ${ref} in the page's last snapshot (the page changed or navigated since): call browser_snapshot for new refs.`;

/** The ref's element, checked to take a click: where to click it. */
async function target(s: AgentSession, windowId: number, ref: string): Promise<Target> {
  const t = await script<Target>(s, windowId, targetScript(ref));
  if (t.problem === 'unknown' || t.problem === 'gone') throw new ToolRefusal(STALE(ref));
  if (t.problem === 'invisible') throw new ToolRefusal(`Element ${ref} has no size on the page (hidden or collapsed): call browser_snapshot to find a visible one.`);
  if (t.disabled) throw new ToolRefusal(`Element ${ref} is disabled: the page does not take input there now.`);
  if (t.covered) throw new ToolRefusal(`Element ${ref} is covered by another element (${s.shown(t.covered)}) at its centre: close what covers it (a dialog, a banner) and try again.`);
  return t;
}

/** Delivers input, then says where the window is: a navigation the input started is waited for. */
async function act(s: AgentSession, windowId: number, did: string, inputs: PageInputParams['input'][]): Promise<ToolAnswer> {
  const before = s.client.windows.get(windowId)?.url;
  const { load } = await s.load(async () => {
    for (const input of inputs) await s.client.request(Requests.pageInput, { windowId, input });
    return windowId;
  }, NAVIGATION_START_MS);
  let w = s.client.windows.get(windowId);
  if (!load && w?.loading) {
    // It started loading within the look: its end is waited for, as browser_navigate waits.
    const { load: end } = await s.load(async () => windowId);
    w = s.client.windows.get(windowId);
    if (!end && w?.loading) return said(`${did}. The window is loading ${s.shown(w.url)}: call browser_wait_for with time 2, then browser_snapshot.`);
  }
  if (!w) return said(`${did}. Window ${windowId} closed (the page closed it).`);
  const title = w.title ? ` "${s.shown(w.title)}"` : ''; // a new page's title may come after its load
  const moved = w.url !== before || load ? ` The window shows ${s.shown(w.url)}${title}${load && !load.isSuccess ? `, which failed: ${s.shown(load.error ?? '')}` : ''}.` : '';
  return said(`${did}.${moved} Call browser_snapshot to see the page now.`);
}

const snapshotTool: AgentTool = {
  name: 'browser_snapshot', title: 'Page snapshot', readOnly: true,
  description: 'An outline of the page an agent can act on: headings, landmarks, links, buttons and form fields with their labels, values '
    + 'and states, and text, each actionable element with a ref (e.g. [ref=e12]) for browser_click, browser_type and browser_select_option. '
    + 'Use it after opening or changing a page, before acting on it; refs change with every snapshot.',
  input: schema({}),
  async run(s, input) {
    const w = s.windowFor(input.windowId as number | undefined);
    const o = await script<{ title: string; url: string; lines: string[]; cut: number }>(s, w.windowId, OUTLINE_SCRIPT);
    const lines = [`Window ${w.windowId}: ${s.shown(o.url)} "${s.shown(o.title)}"`, 'Page snapshot:', ...o.lines.map((l) => s.display(l))];
    if (o.lines.length === 0) lines.push('(the page shows nothing to list)');
    if (o.cut) lines.push(`(cut: ${o.cut} more element(s) not listed; the page is large: act on what is listed, or use browser_take_screenshot)`);
    return said(...lines);
  },
};

const clickTool: AgentTool = {
  name: 'browser_click', title: 'Click', readOnly: false,
  description: 'Click an element of the page by its ref from browser_snapshot, as a user\'s mouse would (a trusted click). '
    + 'Answers where the window is after it (a navigation the click started is waited for).',
  input: schema({ element: ELEMENT, ref: REF, doubleClick: { type: 'boolean', description: 'Double-click' },
    button: { type: 'string', enum: ['left', 'right', 'middle'], description: 'The mouse button (default left)' } }, ['ref']),
  async run(s, input) {
    const w = s.windowFor(input.windowId as number | undefined);
    const ref = input.ref as string;
    const t = await target(s, w.windowId, ref);
    const button = (input.button as 'left' | 'right' | 'middle' | undefined) ?? 'left';
    return act(s, w.windowId, `Clicked ${ref}${input.element ? ` (${s.shown(input.element as string)})` : ''}`,
      [{ kind: 'click', x: t.x, y: t.y, button, clickCount: input.doubleClick ? 2 : 1 }]);
  },
};

const typeTool: AgentTool = {
  name: 'browser_type', title: 'Type text', readOnly: false,
  description: 'Type text into an editable element by its ref (a text field, a text area, an editable region), replacing what it holds; '
    + 'submit presses Enter after. The page gets the input as from a keyboard (input events).',
  input: schema({ element: ELEMENT, ref: REF, text: { type: 'string', description: 'The text to type', maxLength: 100_000 },
    submit: { type: 'boolean', description: 'Press Enter after' } }, ['ref', 'text']),
  async run(s, input) {
    const w = s.windowFor(input.windowId as number | undefined);
    const ref = input.ref as string;
    const t = await target(s, w.windowId, ref);
    if (!t.editable) throw new ToolRefusal(`Element ${ref} is a ${t.tag}, which takes no typing: give the ref of a text field (browser_snapshot lists them as textbox).`);
    if (!await script<boolean>(s, w.windowId, focusScript(ref))) throw new ToolRefusal(`Element ${ref} did not take the focus: the page may have moved it; call browser_snapshot again.`);
    const text = input.text as string;
    const inputs: PageInputParams['input'][] = text ? [{ kind: 'text', text }] : [{ kind: 'key', key: 'Delete' }];
    if (input.submit) inputs.push({ kind: 'key', key: 'Enter' });
    return act(s, w.windowId, `Typed ${text.length} character(s) into ${ref}${input.submit ? ' and pressed Enter' : ''}`, inputs);
  },
};

const pressKeyTool: AgentTool = {
  name: 'browser_press_key', title: 'Press a key', readOnly: false,
  description: 'Press a key in the page, where its focus is: a DOM key name such as Enter, Tab, Escape, ArrowLeft, PageDown, F5, or one character. '
    + 'Hold modifiers by prefixing them: Control+a, Shift+Tab.',
  input: schema({ key: { type: 'string', description: 'The key, e.g. ArrowLeft, Enter, a, Control+a', maxLength: 100 } }, ['key']),
  async run(s, input) {
    const w = s.windowFor(input.windowId as number | undefined);
    const parts = (input.key as string).split('+');
    const key = parts.length > 1 && parts[parts.length - 1] === '' ? '+' : parts.pop()!; // "Control++" is the plus key
    const modifiers = parts.filter(Boolean);
    const known = ['Shift', 'Control', 'Alt', 'Meta'];
    const unknown = modifiers.find((m) => !known.includes(m));
    if (unknown) return refused(`"${s.shown(unknown)}" is not a modifier: use ${known.join(', ')} (e.g. Control+a).`);
    return act(s, w.windowId, `Pressed ${s.shown(input.key as string)}`, [{ kind: 'key', key, modifiers: modifiers as ('Shift' | 'Control' | 'Alt' | 'Meta')[] }]);
  },
};

const selectOptionTool: AgentTool = {
  name: 'browser_select_option', title: 'Select an option', readOnly: false,
  description: 'Select options of a drop-down (<select>) by ref, by their value or their label; the page gets input and change events.',
  input: schema({ element: ELEMENT, ref: REF, values: { type: 'array', items: { type: 'string' }, maxItems: 1000, description: 'The values or labels to select' } }, ['ref', 'values']),
  async run(s, input) {
    const w = s.windowFor(input.windowId as number | undefined);
    const ref = input.ref as string;
    const r = await script<{ problem?: string; missing?: string[]; options?: string[]; selected?: string[] } | null>(s, w.windowId, selectScript(ref, input.values as string[]));
    if (!r) return refused(STALE(ref));
    if (r.problem) return refused(`Element ${ref} is not a drop-down (<select>): click it with browser_click, then click the option.`);
    if (r.missing) return refused(`No option ${r.missing.map((m) => JSON.stringify(s.shown(m))).join(', ')} in ${ref}; its options: ${r.options!.map((o) => JSON.stringify(s.shown(o))).join(', ')}.`);
    return said(`Selected ${r.selected!.map((o) => JSON.stringify(s.shown(o))).join(', ')} in ${ref}.`);
  },
};

const waitForTool: AgentTool = {
  name: 'browser_wait_for', title: 'Wait', readOnly: true,
  description: `Wait for text to appear on the page or to disappear from it (up to time seconds, default 10), or wait time seconds (at most ${MAX_WAIT_SECONDS}), `
    + 'e.g. for a page that is still loading or answers a click later.',
  input: schema({
    time: { type: 'number', minimum: 0, maximum: MAX_WAIT_SECONDS, description: 'Seconds to wait; with text or textGone, the longest wait' },
    text: { type: 'string', description: 'Text to wait for', maxLength: 10_000 },
    textGone: { type: 'string', description: 'Text to wait to disappear', maxLength: 10_000 },
  }),
  async run(s, input) {
    const text = (input.text ?? input.textGone) as string | undefined;
    if (text === undefined) {
      if (input.time === undefined) return refused('browser_wait_for needs time (seconds), text or textGone.');
      await new Promise((r) => setTimeout(r, (input.time as number) * 1000));
      return said(`Waited ${input.time as number} s.`);
    }
    const w = s.windowFor(input.windowId as number | undefined);
    const gone = input.text === undefined;
    const seconds = (input.time as number | undefined) ?? 10;
    const until = Date.now() + seconds * 1000;
    for (;;) {
      // A page between documents answers nothing: that is not the text's absence, so it is asked again.
      const r = await s.client.request(Requests.runScript, { windowId: w.windowId, expression: hasTextScript(text), world: 'isolated', timeoutMs: 2000 });
      if (r.ok && (JSON.parse(r.json) as boolean) !== gone) return said(`"${s.shown(text)}" ${gone ? 'is gone from' : 'is on'} the page of window ${w.windowId}.`);
      if (Date.now() >= until) {
        return refused(`"${s.shown(text)}" ${gone ? 'is still on' : 'did not appear on'} the page within ${seconds} s: call browser_snapshot or browser_take_screenshot to see what it shows.`);
      }
      await new Promise((r2) => setTimeout(r2, 200));
    }
  },
};

/** browser_evaluate: runs only where the user allowed it (the MCP server's --allow-evaluate, VS Code's confirmation). */
export function evaluateTool(allowed: () => boolean, whyNot = 'the MCP server was not started with --allow-evaluate'): AgentTool {
  return {
    name: 'browser_evaluate', title: 'Evaluate JavaScript', readOnly: false,
    description: 'Run a JavaScript function in the page\'s own world (its globals, its DOM) and answer its JSON value; with ref, the '
      + 'function gets that element. E.g. () => document.title, or (element) => element.getAttribute("href"). Needs the user\'s '
      + 'permission (the MCP server\'s --allow-evaluate; in VS Code a confirmation for each call).',
    input: schema({ function: { type: 'string', description: 'A function, () => { ... } or (element) => { ... }', maxLength: 100_000 }, element: ELEMENT, ref: REF }, ['function']),
    async run(s, input) {
      if (!allowed()) {
        return refused(`browser_evaluate is turned off: ${whyNot}. `
          + 'Instead, read the page with browser_snapshot, its console with browser_console_messages and its cookies with browser_cookies.');
      }
      const w = s.windowFor(input.windowId as number | undefined);
      const fn = input.function as string;
      let expression = `(${fn})()`;
      if (input.ref !== undefined) {
        const mark = randomBytes(8).toString('hex');
        if (!await script<boolean>(s, w.windowId, markScript(input.ref as string, mark))) return refused(STALE(input.ref as string));
        expression = `((fn) => { const el = document.querySelector('[data-webview2-host-target="${mark}"]'); if (el) el.removeAttribute('data-webview2-host-target'); return fn(el); })(${fn})`;
      }
      const r = await s.client.request(Requests.runScript, { windowId: w.windowId, expression, world: 'page' as const });
      if (!r.ok) return refused(`The function failed: ${s.shown(r.error)}.`);
      const shown = r.json.length > MAX_RESULT_SHOWN ? `${r.json.slice(0, MAX_RESULT_SHOWN)}… (${r.json.length} characters in all)` : r.json;
      return said(s.display(shown));
    },
  };
}

export const SCRIPT_TOOLS: AgentTool[] = [snapshotTool, clickTool, typeTool, pressKeyTool, selectOptionTool, waitForTool];
