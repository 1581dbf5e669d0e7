// Page script on Windows, through the DevTools protocol: Runtime.evaluate in the page's world, or
// in an isolated world of the product's (Page.getFrameTree for the main frame, then
// Page.createIsolatedWorld), which has the page's DOM but not its JavaScript globals. Each step is
// issued from the previous one's completion; nothing waits on the UI thread, and the answer goes
// out through `answer` (the main thread waits for it; helper/pageScripts.ts).
import { MAX_SCRIPT_RESULT_CHARS, type RunScriptResult } from '../page/protocol';
import type { ScriptToRun } from '../helper/backend';
import type { Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { callDevTools, type DevToolsAnswer } from './devToolsCalls';

/** The isolated world's name, as DevTools shows it. */
export const ISOLATED_WORLD = 'webview2-host';

/**
 * The expression, wrapped so that its value comes back as JSON text within its time limit (the
 * timer is the world's own: in the isolated world no page script can reach it).
 */
export function wrapExpression(expression: string, timeoutMs: number): string {
  return `(() => {
  const stringify = JSON.stringify;
  const value = Promise.resolve().then(() => (
${expression}
  )).then((v) => { const json = stringify(v); return json === undefined ? 'null' : json; });
  const limit = new Promise((_, reject) => setTimeout(() => reject({ timeout: true }), ${timeoutMs}));
  return Promise.race([value, limit]);
})()`;
}

/** Runtime.evaluate's answer as the protocol's result. */
export function evaluateAnswer(answer: DevToolsAnswer, timeoutMs: number): RunScriptResult {
  if (!answer.ok) return answer;
  let r: { result?: { type?: string; value?: unknown }; exceptionDetails?: { text?: string; exception?: { description?: string; value?: unknown } } };
  try {
    r = JSON.parse(answer.json) as typeof r;
  } catch {
    return { ok: false, error: 'Runtime.evaluate answered something that is not JSON' };
  }
  const ex = r.exceptionDetails;
  if (ex) {
    const thrown = ex.exception?.value as { timeout?: unknown } | undefined;
    if (thrown && typeof thrown === 'object' && thrown.timeout === true) return { ok: false, error: `the page did not answer within ${timeoutMs} ms` };
    const what = ex.exception?.description ?? ex.text ?? 'an exception';
    const first = String(what).split('\n')[0].slice(0, 2000);
    return /^SyntaxError/.test(first) ? { ok: false, error: `the expression did not run: ${first}` } : { ok: false, error: `it threw ${first}` };
  }
  const value = r.result?.value;
  if (typeof value !== 'string') return { ok: false, error: 'Runtime.evaluate answered no value' };
  if (value.length > MAX_SCRIPT_RESULT_CHARS) return { ok: false, error: `its value is too large: ${value.length} characters of JSON, at most ${MAX_SCRIPT_RESULT_CHARS}` };
  return { ok: true, json: value };
}

export class WebView2PageScripts {
  constructor(
    private readonly com: Com,
    private readonly handlers: HandlerFactory,
    private readonly answer: (scriptId: number, result: RunScriptResult) => void,
  ) {}

  run(webview: bigint, p: ScriptToRun): void {
    const evaluate = (contextId?: number) => callDevTools(this.com, this.handlers, webview, 'Runtime.evaluate', {
      expression: wrapExpression(p.expression, p.timeoutMs),
      returnByValue: true,
      awaitPromise: true,
      ...(contextId === undefined ? {} : { contextId }),
    }, (a) => this.answer(p.scriptId, evaluateAnswer(a, p.timeoutMs)));
    if (p.world === 'page') {
      evaluate();
      return;
    }
    const fail = (error: string) => this.answer(p.scriptId, { ok: false, error });
    callDevTools(this.com, this.handlers, webview, 'Page.getFrameTree', {}, (tree) => {
      const frameId = tree.ok ? field(tree.json, (o) => (o as { frameTree?: { frame?: { id?: unknown } } }).frameTree?.frame?.id) : undefined;
      if (typeof frameId !== 'string') return fail(tree.ok ? 'Page.getFrameTree named no main frame' : tree.error);
      callDevTools(this.com, this.handlers, webview, 'Page.createIsolatedWorld', { frameId, worldName: ISOLATED_WORLD, grantUniveralAccess: false }, (world) => {
        const contextId = world.ok ? field(world.json, (o) => (o as { executionContextId?: unknown }).executionContextId) : undefined;
        if (typeof contextId !== 'number') return fail(world.ok ? 'Page.createIsolatedWorld gave no context' : world.error);
        evaluate(contextId);
      });
    });
  }
}

function field(json: string, pick: (o: unknown) => unknown): unknown {
  try {
    return pick(JSON.parse(json));
  } catch {
    return undefined;
  }
}
