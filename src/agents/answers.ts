// What a tool answers: MCP's CallToolResult shape (text and PNG images), which VS Code's language
// model tools map part by part. A failure is an answer too: one sentence that says what went wrong
// and what the agent can do next, never a stack trace.
import { ErrorCodes } from '../protocol';
import { HelperCrashedError, HelperRequestError, HelperTimeoutError } from '../client/requestErrors';
import { OutsideRootError } from '../fileServer/localPreview';
import { InvalidUrlError } from '../urls';
import { ToolInputError } from './input';

export type ToolContent =
  | { type: 'text'; text: string }
  | { type: 'image'; data: string; mimeType: 'image/png' };

export interface ToolAnswer {
  content: ToolContent[];
  isError?: boolean;
}

/** A refusal whose message is already the sentence for the agent. */
export class ToolRefusal extends Error {}

export function said(...lines: string[]): ToolAnswer {
  return { content: [{ type: 'text', text: lines.join('\n') }] };
}

export function refused(...lines: string[]): ToolAnswer {
  return { ...said(...lines), isError: true };
}

const DIAGNOSE = 'call browser_diagnostics to see where the engine is stuck';

/** The answer for an error a tool threw: its cause in one line, and the next step. */
export function answerFor(tool: string, err: unknown): ToolAnswer {
  const message = oneLine(err instanceof Error ? err.message : String(err));
  if (err instanceof ToolRefusal) return refused(err.message); // already a sentence
  if (err instanceof ToolInputError) return refused(`${tool}: ${message}.`);
  if (err instanceof InvalidUrlError) {
    return refused(`${message}. Give an http(s) URL such as https://example.com/ or localhost:3000, or the path of a file in the workspace.`);
  }
  if (err instanceof OutsideRootError) return refused(`${message}. Only files of the workspace folder can be opened.`);
  if (err instanceof HelperRequestError) {
    if (err.code === ErrorCodes.unknownWindow) return refused(`${message}: call browser_windows to list the open windows.`);
    if (err.code === ErrorCodes.invalidInput) return refused(`${tool} was refused: ${message}.`);
    if (err.waitData) return refused(`${tool} failed: ${message}; ${DIAGNOSE}.`);
    if (err.code === ErrorCodes.noDisplay) return refused(`${message}: the server needs a display (or xvfb-run installed) to show windows.`);
    return refused(`${tool} failed: ${message}.`);
  }
  if (err instanceof HelperTimeoutError) return refused(`${message}; ${DIAGNOSE}.`);
  if (err instanceof HelperCrashedError) {
    return refused(`${message}. Its windows are gone: call browser_open to start again (a new helper starts by itself).`);
  }
  return refused(`${tool} failed: ${message}.`);
}

/** An error's message on one line (a helper message may span lines). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
}
