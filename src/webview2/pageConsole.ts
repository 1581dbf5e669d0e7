// Reading the DevTools protocol events the Windows backend subscribes to (parameters as JSON,
// from get_ParameterObjectAsJson) into the helper's console and resource events. Console messages
// then go through the same limiter as Linux's (consoleLimiter.ts: cut, rate per window) and are
// escaped where they are printed (printable.ts).
import type { ConsoleLevel } from '../protocol';
import { MAX_MESSAGE_CHARS, MAX_STACK_FRAMES, type ConsoleInput } from '../helper/consoleLimiter';

export const DEVTOOLS_EVENTS = {
  console: 'Runtime.consoleAPICalled',
  exception: 'Runtime.exceptionThrown',
  request: 'Network.requestWillBeSent',
} as const;

/** A message for the limiter: cut already when long, with its full length (totalChars) for the note. */
type Message = Omit<ConsoleInput, 'windowId'>;

const LEVELS: Record<string, ConsoleLevel> = {
  debug: 'debug', log: 'log', info: 'info', warning: 'warn', error: 'error', assert: 'error', trace: 'log', dir: 'log', table: 'log',
};

interface RemoteObject { type?: string; subtype?: string; value?: unknown; description?: string; unserializableValue?: string }
interface CallFrame { url?: string; lineNumber?: number; columnNumber?: number; functionName?: string }

/** Runtime.consoleAPICalled -> a console message; null for types that carry no message (clear, group end). */
export function consoleFromDevTools(json: string): Message | null {
  const p = JSON.parse(json) as { type?: string; args?: RemoteObject[]; stackTrace?: { callFrames?: CallFrame[] } };
  const level = LEVELS[p.type ?? ''];
  if (!level) return null;
  const frame = p.stackTrace?.callFrames?.[0];
  const parts = (p.args ?? []).map(show);
  return {
    level,
    kind: 'console',
    ...joined(p.type === 'assert' ? ['Assertion failed:', ...parts] : parts),
    ...where(frame?.url, frame?.lineNumber),
  };
}

/**
 * The parts joined with spaces, built only as far as the limiter keeps (a page can log many huge
 * arguments; the whole would be copied once more, or pass the longest string JS can hold), with
 * the full length when it is longer.
 */
function joined(parts: string[]): { message: string; totalChars?: number } {
  let message = '';
  let total = 0;
  parts.forEach((part, i) => {
    const piece = i === 0 ? part : ` ${part}`;
    total += piece.length;
    if (message.length <= MAX_MESSAGE_CHARS) message += piece.slice(0, MAX_MESSAGE_CHARS + 1 - message.length);
  });
  return total > message.length ? { message, totalChars: total } : { message };
}

/** Runtime.exceptionThrown -> an uncaught exception, or an unhandled rejection ("Uncaught (in promise)"). */
export function exceptionFromDevTools(json: string): Message {
  const d = (JSON.parse(json) as { exceptionDetails?: { text?: string; url?: string; lineNumber?: number; exception?: RemoteObject; stackTrace?: { callFrames?: CallFrame[] } } }).exceptionDetails ?? {};
  const text = d.text ?? 'Uncaught';
  const rejection = text.startsWith('Uncaught (in promise)');
  const described = d.exception ? firstLine(show(d.exception)) : '';
  const frame = d.stackTrace?.callFrames?.[0];
  const frames = (d.stackTrace?.callFrames ?? []).slice(0, MAX_STACK_FRAMES).map((f) =>
    `${f.functionName || '<anonymous>'} (${f.url || '<unknown>'}:${(f.lineNumber ?? 0) + 1}:${(f.columnNumber ?? 0) + 1})`);
  return {
    level: 'error',
    kind: rejection ? 'rejection' : 'exception',
    message: described && !text.includes(described) ? `${text} ${described}` : text,
    ...where(d.url || frame?.url, d.url ? d.lineNumber : frame?.lineNumber),
    ...(frames.length ? { stack: frames } : {}),
  };
}

/**
 * Network.requestWillBeSent -> the URL of a subresource or frame; null for the main document: a
 * Document the browser itself asked for (initiator "other"), or the page's own URL. A frame's
 * document is asked for by the page (initiator "parser" or "script").
 */
export function resourceFromDevTools(json: string, mainDocumentUrl: string): string | null {
  const p = JSON.parse(json) as { request?: { url?: string }; type?: string; initiator?: { type?: string } };
  const url = p.request?.url;
  if (!url) return null;
  const mainDocument = p.type === 'Document' && (url === mainDocumentUrl || p.initiator?.type === 'other');
  return mainDocument ? null : url;
}

function where(url: string | undefined, zeroBasedLine: number | undefined): { source: string | null; line: number | null } {
  return {
    source: url || null,
    line: url && typeof zeroBasedLine === 'number' ? zeroBasedLine + 1 : null,
  };
}

function show(o: RemoteObject): string {
  if (o.type === 'string') return String(o.value);
  if (o.unserializableValue !== undefined) return o.unserializableValue;
  if (o.type === 'undefined') return 'undefined';
  if ('value' in o && o.subtype !== 'error') return typeof o.value === 'object' ? JSON.stringify(o.value) : String(o.value);
  return o.description ?? o.type ?? '';
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
