// What a page's script channel sends back for a script, checked again on the helper's side: the
// page's isolated world bounds it, but the helper trusts no bytes a page process made.
import { MAX_SCRIPT_RESULT_CHARS, type RunScriptResult } from './protocol';

export const MAX_ERROR_CHARS = 2000;

/** An answer's envelope `{ ok, json }` or `{ ok: false, error }` (JSON text) as a result. */
export function parseAnswer(body: string): RunScriptResult {
  let m: unknown;
  try {
    m = JSON.parse(body);
  } catch {
    return { ok: false, error: 'the page\'s answer is not JSON' };
  }
  const o = m as { ok?: unknown; json?: unknown; error?: unknown } | null;
  if (o && o.ok === true && typeof o.json === 'string' && o.json.length <= MAX_SCRIPT_RESULT_CHARS) return { ok: true, json: o.json };
  if (o && o.ok === true) return { ok: false, error: 'the page\'s answer is too large' };
  return { ok: false, error: String(o?.error ?? 'no answer').slice(0, MAX_ERROR_CHARS) };
}
