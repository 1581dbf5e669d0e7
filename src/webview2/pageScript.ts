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

/** The isolated world made for a document: reused while the main frame shows that document, so
 *  that what a script leaves in its globals (the agents' element refs) is there for the next one,
 *  and one world per document is made, not one per script (Chromium keeps each until navigation). */
interface IsolatedWorld {
  frameId: string;
  loaderId: string;
  contextId: number;
}

const MAX_KEPT_WORLDS = 64;

export class WebView2PageScripts {
  private readonly worlds = new Map<bigint, IsolatedWorld>();

  constructor(
    private readonly com: Com,
    private readonly handlers: HandlerFactory,
    private readonly answer: (scriptId: number, result: RunScriptResult) => void,
  ) {}

  run(webview: bigint, p: ScriptToRun): void {
    const evaluate = (contextId: number | undefined, onAnswer: (a: DevToolsAnswer) => void) => callDevTools(this.com, this.handlers, webview, 'Runtime.evaluate', {
      expression: wrapExpression(p.expression, p.timeoutMs),
      returnByValue: true,
      awaitPromise: true,
      ...(contextId === undefined ? {} : { contextId }),
    }, onAnswer);
    const done = (a: DevToolsAnswer) => this.answer(p.scriptId, evaluateAnswer(a, p.timeoutMs));
    if (p.world === 'page') {
      evaluate(undefined, done);
      return;
    }
    const fail = (error: string) => this.answer(p.scriptId, { ok: false, error });
    callDevTools(this.com, this.handlers, webview, 'Page.getFrameTree', {}, (tree) => {
      const frame = tree.ok ? field(tree.json, (o) => (o as { frameTree?: { frame?: { id?: unknown; loaderId?: unknown } } }).frameTree?.frame) as { id?: unknown; loaderId?: unknown } | undefined : undefined;
      const frameId = frame?.id;
      if (typeof frameId !== 'string') return fail(tree.ok ? 'Page.getFrameTree named no main frame' : tree.error);
      const loaderId = typeof frame?.loaderId === 'string' ? frame.loaderId : '';
      const kept = this.worlds.get(webview);
      const fresh = () => callDevTools(this.com, this.handlers, webview, 'Page.createIsolatedWorld', { frameId, worldName: ISOLATED_WORLD, grantUniveralAccess: false }, (world) => {
        const contextId = world.ok ? field(world.json, (o) => (o as { executionContextId?: unknown }).executionContextId) : undefined;
        if (typeof contextId !== 'number') return fail(world.ok ? 'Page.createIsolatedWorld gave no context' : world.error);
        if (loaderId) {
          this.worlds.delete(webview);
          this.worlds.set(webview, { frameId, loaderId, contextId });
          // Closed windows' entries go oldest first (a webview's address may even be reused: its ids differ).
          if (this.worlds.size > MAX_KEPT_WORLDS) this.worlds.delete(this.worlds.keys().next().value!);
        }
        evaluate(contextId, done);
      });
      if (!kept || !loaderId || kept.frameId !== frameId || kept.loaderId !== loaderId) return fresh();
      // The document may have gone between the two calls: a context it no longer knows gets a new world.
      evaluate(kept.contextId, (a) => {
        if (!a.ok && /Cannot find context with specified id/.test(a.error)) {
          this.worlds.delete(webview);
          return fresh();
        }
        done(a);
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
