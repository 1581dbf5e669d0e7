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
