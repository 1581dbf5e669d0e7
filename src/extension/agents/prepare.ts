// The message VS Code shows while a tool runs, from its display name and input alone: loaded with
// the entry (prepareInvocation may come before the core is loaded), so nothing heavy here.

/** "WebView2: Navigate (window 2): http://localhost:3000/" */
export function invocationMessage(displayName: string, input: unknown): string {
  const given = typeof input === 'object' && input !== null ? input as Record<string, unknown> : {};
  const window = Number.isInteger(given.windowId) ? ` (window ${given.windowId as number})` : '';
  const url = typeof given.url === 'string' && given.url ? `: ${oneLine(given.url)}` : '';
  return `${displayName}${window}${url}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The evaluate tool's language model name (the table's browser_evaluate, contribution.ts). */
const EVALUATE_TOOL = 'webview2Host_evaluate';

/**
 * For a tool that runs script in a page: the confirmation's text, with the function as a code
 * block (fenced longer than any backtick run inside it, so the code cannot close it); else undefined.
 */
export function codeToConfirm(name: string, input: unknown): string | undefined {
  if (name !== EVALUATE_TOOL) return undefined;
  const given = typeof input === 'object' && input !== null ? input as Record<string, unknown> : {};
  const code = typeof given.function === 'string' ? given.function : '';
  const window = Number.isInteger(given.windowId) ? `window ${given.windowId as number}` : 'the current window';
  const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const shown = code.length > 4000 ? `${code.slice(0, 4000)}\n… (${code.length} characters in all)` : code;
  return `A language model asks to run this function in the page of ${window}, with the page's own rights (its cookies, its session):\n\n${fence}js\n${shown}\n${fence}`;
}
