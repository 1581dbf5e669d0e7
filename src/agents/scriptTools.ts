// The tools that need script in the page (its accessibility tree, input events, evaluation). The
// engines do not expose that to the host yet, so each is declared with the input agents know from
// Playwright MCP and answers what is missing and what to use instead, so that an agent plans around
// it rather than guessing.
import { refused, type ToolAnswer } from './answers';
import type { AgentTool } from './tools';
import type { InputSchema, PropertySchema } from './input';

const ELEMENT: PropertySchema = { type: 'string', description: 'Words describing the element, for the user', maxLength: 1000 };
const REF: PropertySchema = { type: 'string', description: 'The element\'s reference from browser_snapshot', maxLength: 200 };
const WINDOW: PropertySchema = { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'The window (from browser_open or browser_windows); the current one when omitted' };

function schema(properties: Record<string, PropertySchema>, required: string[] = []): InputSchema {
  return { type: 'object', properties: { ...properties, windowId: WINDOW }, ...(required.length ? { required } : {}), additionalProperties: false };
}

const NAVIGATE_INSTEAD = 'Instead, load the page the action would lead to with browser_navigate (a form that takes GET parameters can be submitted '
  + 'that way, e.g. https://host/search?q=word), then check the result with browser_take_screenshot.';

/** The answer of a tool that needs script in the page. */
export function unavailable(name: string, what: string, instead: string, extra = ''): ToolAnswer {
  return refused(`${name} is not available in this version: ${what} needs script in the page, which the engines here do not expose to the host yet.`
    + `${extra} ${instead}`);
}

function scriptTool(name: string, title: string, description: string, input: InputSchema, what: string, instead: string): AgentTool {
  return {
    name, title, input, readOnly: name === 'browser_snapshot',
    description: `${description} NOT AVAILABLE in this version (it needs script in the page): the answer says what to use instead.`,
    run: async () => unavailable(name, what, instead),
  };
}

export const SCRIPT_TOOLS: AgentTool[] = [
  scriptTool('browser_snapshot', 'Page snapshot', 'An accessibility snapshot of the page with element references for clicking and typing.',
    schema({}), 'reading the page\'s accessibility tree',
    'Instead, use browser_take_screenshot to see the page, browser_windows for its URL and title, and browser_console_messages for what it logged.'),
  scriptTool('browser_click', 'Click', 'Click an element of the page.',
    schema({ element: ELEMENT, ref: REF, doubleClick: { type: 'boolean', description: 'Double-click' } }, ['ref']), 'clicking an element', NAVIGATE_INSTEAD),
  scriptTool('browser_type', 'Type text', 'Type text into an editable element.',
    schema({ element: ELEMENT, ref: REF, text: { type: 'string', description: 'The text to type', maxLength: 100_000 }, submit: { type: 'boolean', description: 'Press Enter after' } }, ['ref', 'text']),
    'typing into an element', NAVIGATE_INSTEAD),
  scriptTool('browser_press_key', 'Press a key', 'Press a key in the page, e.g. ArrowLeft or a.',
    schema({ key: { type: 'string', description: 'The key, e.g. ArrowLeft, Enter or a', maxLength: 100 } }, ['key']), 'pressing a key in the page',
    'Instead, use browser_navigate_back for Alt+Left, browser_reload for F5, or browser_navigate to the page the key would lead to.'),
  scriptTool('browser_select_option', 'Select an option', 'Select options in a drop-down.',
    schema({ element: ELEMENT, ref: REF, values: { type: 'array', items: { type: 'string' }, maxItems: 1000, description: 'The values to select' } }, ['ref', 'values']),
    'selecting an option', NAVIGATE_INSTEAD),
];

/** browser_evaluate: also unavailable; the answer says whether --allow-evaluate was given, which it would need. */
export function evaluateTool(allowed: () => boolean): AgentTool {
  return {
    name: 'browser_evaluate', title: 'Evaluate JavaScript', readOnly: false,
    description: 'Evaluate a JavaScript expression in the page and return its value. NOT AVAILABLE in this version (it needs script in the page, '
      + 'and the server started with --allow-evaluate): the answer says what to use instead.',
    input: schema({ function: { type: 'string', description: 'A function, () => { ... } or (element) => { ... }', maxLength: 100_000 }, element: ELEMENT, ref: REF }, ['function']),
    run: async () => unavailable('browser_evaluate', 'evaluating JavaScript',
      'Instead, read what the page logs with browser_console_messages, its cookies with browser_cookies, and see it with browser_take_screenshot.',
      allowed()
        ? ' The server was started with --allow-evaluate, which it would also need; that is not enough on its own.'
        : ' It would also need the server started with --allow-evaluate (this one was not).'),
  };
}
