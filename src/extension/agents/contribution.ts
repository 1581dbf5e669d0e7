// The agent tools (src/agents) as VS Code language model tools: their names with the extension's
// prefix, their package.json entries, and the table's words with the tools named as VS Code lists
// them (an answer saying "call browser_windows" would name a tool the model does not have here).
// No vscode import: package.json is checked against this by a unit test.
import type { InputSchema } from '../../agents/input';
import { agentTools, type AgentTool } from '../../agents/tools';

export const LM_PREFIX = 'webview2Host_';

/** browser_take_screenshot -> webview2Host_take_screenshot */
export function lmToolName(agentName: string): string {
  return `${LM_PREFIX}${agentName.replace(/^browser_/, '')}`;
}

/** The table's tool a language model tool name stands for, if any. */
export function agentToolNamed(tools: readonly AgentTool[], lmName: string): AgentTool | undefined {
  return tools.find((t) => lmToolName(t.name) === lmName);
}

/** The table's names, longest first (browser_navigate_back before browser_navigate). */
const NAMES = agentTools(() => false).map((t) => t.name).sort((a, b) => b.length - a.length);
const NAMED = new RegExp(`\\b(?:${NAMES.join('|')})\\b`, 'g');

/** Text with every tool of the table named as VS Code lists it. */
export function forVsCode(text: string): string {
  return text.replace(NAMED, (name) => lmToolName(name));
}

function schemaForVsCode(schema: InputSchema): InputSchema {
  const properties = Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, { ...p, description: forVsCode(p.description) }]));
  return { ...schema, properties } as InputSchema;
}

/** What the user reads in the tool picker; the model reads the table's description. */
const FOR_USERS: Record<string, string> = {
  browser_open: 'Opens a page or a workspace file in a new native browser window, in your browser profile.',
  browser_windows: 'Lists the open browser windows.',
  browser_close: 'Closes a browser window.',
  browser_navigate: 'Loads a URL or a workspace file in a browser window.',
  browser_navigate_back: 'Goes back in a browser window\'s history.',
  browser_reload: 'Reloads a browser window\'s page.',
  browser_take_screenshot: 'Takes a screenshot of a browser window\'s page.',
  browser_console_messages: 'Reads what a page logged to its console, errors included.',
  browser_network_requests: 'Lists the requests a page made, failed and slow ones included.',
  browser_cookies: 'Reads a page\'s cookies, HttpOnly ones included; values masked unless you allow them.',
  browser_resize: 'Sets the size of a browser window\'s viewport.',
  browser_diagnostics: 'Reports whether the browser engine is healthy, or where it stalls.',
  browser_wait_for: 'Waits for text to appear or go, or a few seconds.',
  browser_snapshot: 'Outlines a page with references to its elements.',
  browser_click: 'Clicks an element of a page.',
  browser_type: 'Types text into a field of a page.',
  browser_press_key: 'Presses a key in a page.',
  browser_select_option: 'Selects an option in a drop-down of a page.',
  browser_evaluate: 'Runs JavaScript in a page, after you confirm its code.',
};

export interface LmToolContribution {
  name: string;
  displayName: string;
  modelDescription: string;
  userDescription: string;
  canBeReferencedInPrompt: true;
  toolReferenceName: string;
  inputSchema: InputSchema;
}

/** The `contributes.languageModelTools` entry of a tool of the table. */
export function contributionOf(tool: AgentTool): LmToolContribution {
  return {
    name: lmToolName(tool.name),
    displayName: `WebView2: ${tool.title}`,
    modelDescription: forVsCode(tool.description),
    userDescription: FOR_USERS[tool.name] ?? tool.title,
    canBeReferencedInPrompt: true,
    toolReferenceName: lmToolName(tool.name),
    inputSchema: schemaForVsCode(tool.input),
  };
}
