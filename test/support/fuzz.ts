// A seeded, bounded fuzz of the helper's IPC channel: about 2,000 messages, every shape that once
// ended or hung the helper among random garbage, with valid requests interleaved. The same seed
// gives the same messages. Used by the Linux and the Wine suites.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { ErrorCodes, Requests, type RequestName } from '../../src/protocol';
import { isAlive, type Harness } from './harness';

/** mulberry32: small, fast and good enough to pick message shapes. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzPlan {
  /** What goes down the channel, in order. */
  messages: unknown[];
  /** Ids of the valid requests among them: each must be answered with a result. */
  valid: string[];
  /** Ids of every request with a usable id (valid or not): each must be answered. */
  addressed: string[];
  /**
   * Requests that must be refused at the boundary (invalidInput), by id, with the shape that makes
   * them so. The plan knows this by construction, not by asking the product: a weakened schema
   * that lets one through fails the run instead of changing the plan.
   */
  refused: Map<string, Refusal>;
}

/** JSON-RPC's "invalid request": params that are neither an object nor an array are refused in the envelope. */
const INVALID_REQUEST = -32600;

export interface Refusal {
  method: string;
  params: unknown;
  shape: string;
  /** The error code it must be answered with: invalid input (the schema), or invalid request (the envelope). */
  code: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** A window that exists: valid requests read it, garbage may aim at it. */
  windowId: number;
  /** A folder that cannot be created on this platform (e.g. /proc/nope on Linux). */
  uncreatableFolder: string;
}

// Requests whose valid params would open, close, move or end something: garbage for them is
// regenerated until the boundary refuses it, so that the fuzz does not open hundreds of windows.
const ACTING: ReadonlySet<string> = new Set(['createWindow', 'createEnvironment', 'navigate', 'reload', 'close', 'focus', 'goBack',
  'goForward', 'stop', 'openDevTools', 'setZoom', 'setBounds', 'screenshot', 'setCookie', 'deleteCookie', 'clearCookies', 'configure', 'initialize',
  'clearNetworkLog', 'setNetworkCapture', 'runScript', 'pageInput']);
// Never sent: they end the helper or its windows when valid, which is what they are for.
const NEVER = new Set(['shutdown', 'closeAll']);
const METHODS = (Object.keys(Requests) as RequestName[]).filter((m) => !NEVER.has(m));

export function fuzzPlan(o: FuzzOptions): FuzzPlan {
  const random = seeded(o.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (max: number) => Math.floor(random() * max);
  const messages: unknown[] = [];
  const valid: string[] = [];
  const addressed: string[] = [];
  let n = 0;
  const request = (method: unknown, params?: unknown, kind: 'valid' | 'garbage' = 'garbage'): string => {
    const id = `fuzz-${n++}`;
    messages.push({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    addressed.push(id);
    if (kind === 'valid') valid.push(id);
    return id;
  };
  const cancel = (params: unknown) => messages.push({ jsonrpc: '2.0', method: '$/cancelRequest', ...(params === undefined ? {} : { params }) });

  const text = (): string => {
    const shapes = [() => '', () => 'x'.repeat(int(40)), () => String.fromCharCode(...Array.from({ length: int(12) }, () => int(0x2fff))),
      () => 'javascript:alert(1)', () => '/tmp/../etc', () => 'a\u0000b', () => `http://127.0.0.1:${int(70000)}/`, () => '%%%'];
    return pick(shapes)();
  };
  const value = (depth = 0): unknown => {
    const shapes: (() => unknown)[] = [() => null, () => int(1e6) - 5e5, () => random() * 1e13, () => -1, () => 0, () => 1e12, () => true,
      () => text(), () => [], () => ({}), () => NaN, () => 1.5, () => 'soon'];
    if (depth < 2) shapes.push(() => Array.from({ length: int(4) }, () => value(depth + 1)), () => object(depth + 1));
    return pick(shapes)();
  };
  const FIELDS = ['windowId', 'environmentId', 'url', 'title', 'html', 'width', 'height', 'x', 'y', 'path', 'factor', 'userDataFolder',
    'strategy', 'waitDeadlineMs', 'stallThresholdMs', 'cookie', 'name', 'domain', 'settings', 'id', '__proto__', 'constructor'];
  const object = (depth = 0): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (let i = int(5); i > 0; i--) o[pick(FIELDS)] = value(depth);
    return o;
  };
  /**
   * Params that every acting request refuses, whatever its fields, by a rule of the protocol's
   * boundary named here: params that are not an object; a field no request has; a window id that
   * is not a whole number from 0 up (a field unknown to requests without a window).
   */
  const notObjects: (() => unknown)[] = [() => null, () => int(1e6) - 5e5, () => true, () => text(), () => [], () => [value()], () => 1.5];
  const refusedParams = (): { params: unknown; shape: string } => pick<() => { params: unknown; shape: string }>([
    () => ({ params: pick(notObjects)(), shape: 'params not an object' }),
    () => ({ params: { ...object(), [`fuzzUnknown${int(1000)}`]: value() }, shape: 'a field no request has' }),
    () => ({ params: { ...object(), windowId: pick<unknown>(['one', -1, 1.5, null, 2 ** 31, {}]) }, shape: 'windowId not a whole number from 0' }),
  ])();
  const garbage = (method: string): void => {
    if (!ACTING.has(method)) {
      request(method, pick<() => unknown>([() => object(), () => value(), () => undefined, () => [value()], () => ({ ...object(), windowId: o.windowId })])());
      return;
    }
    const { params, shape } = refusedParams();
    mustRefuse(method, params, shape);
  };
  const refused = new Map<string, Refusal>();
  const mustRefuse = (method: string, params: unknown, shape: string): void => {
    const envelope = params === null || (typeof params !== 'object' && params !== undefined);
    refused.set(request(method, params), { method, params, shape, code: envelope ? INVALID_REQUEST : ErrorCodes.invalidInput });
  };

  // Every shape of the report, at least once, spread over the run.
  const shapes: (() => void)[] = [
    () => cancel(undefined), () => cancel(null), () => cancel(7), () => cancel([]),
    () => { // a cancel, twice, of a request in flight
      const id = request('debug/footprint', undefined, 'garbage');
      cancel({ id });
      cancel({ id });
    },
    () => mustRefuse('createWindow', { environmentId: 1, title: 12345 }, 'title not a string'),
    () => mustRefuse('createWindow', { environmentId: 1, html: 12345 }, 'a field the protocol does not have (any more)'),
    () => mustRefuse('createWindow', { environmentId: 1, title: { a: 1 } }, 'title an object'),
    () => mustRefuse('createWindow', { environmentId: 1, width: 'wide' }, 'width not a number'),
    () => mustRefuse('createWindow', { environmentId: 1, x: 10 }, 'x without y'),
    () => mustRefuse('deleteCookie', { windowId: o.windowId, name: '', domain: 'example.test', path: '/' }, 'an empty cookie name'),
    () => request('createEnvironment', { userDataFolder: o.uncreatableFolder }),
    () => mustRefuse('screenshot', { windowId: o.windowId, path: 12345 }, 'path not a string'),
    () => request('screenshot', { windowId: o.windowId, path: `${o.uncreatableFolder}/shot.png` }),
    ...['soon', -1, null, 1e12].map((bad) => () => mustRefuse('configure', { strategy: 'cowait', stallThresholdMs: 2000, waitDeadlineMs: bad }, `waitDeadlineMs ${bad}`)),
    () => mustRefuse('createWindow', { environmentId: 1, url: `http://127.0.0.1/${'u'.repeat(2 * 1024 * 1024 + 1)}` }, 'a URL over its limit'),
    () => mustRefuse('createWindow', { environmentId: 1, title: 'T'.repeat(17 * 1024 * 1024) }, 'a title over its limit'),
  ];
  const at = new Map<number, () => void>();
  shapes.forEach((shape, i) => at.set(Math.floor(((i + 1) * o.count) / (shapes.length + 1)), shape));

  for (let i = 0; messages.length < o.count; i++) {
    at.get(i)?.();
    if (i % 7 === 0) {
      const [method, params] = pick<[string, unknown]>([['listWindows', undefined], ['diagnostics', undefined], ['ping', undefined],
        ['getCookies', { windowId: o.windowId }]]);
      request(method, params, 'valid');
      continue;
    }
    switch (int(8)) {
      case 0: messages.push(pick<unknown>(['text', 42, null, true, [], [{ jsonrpc: '2.0', id: 1, method: 'listWindows' }], '{"jsonrpc":"2.0"}'])); break;
      case 1: messages.push({ ...object(), jsonrpc: pick(['2.0', '1.0', undefined, 2]) }); break;
      case 2: messages.push({ jsonrpc: '2.0', id: pick<unknown>([{}, [], true, 1.5, null, 'x'.repeat(300), -0.5]), method: pick(METHODS), params: {} }); break;
      case 3: messages.push({ jsonrpc: '2.0', id: `fuzz-response-${i}`, result: value() }); break;
      case 4: messages.push({ jsonrpc: '2.0', method: pick(['$/cancelRequest', '$/setTrace', 'initialized', 'exit', text()]), params: value() }); break;
      case 5: request(pick<unknown>([42, null, '', text(), 'unknown/method']), object()); break;
      default: garbage(pick(METHODS));
    }
  }
  return { messages, valid, addressed, refused };
}

/** Collects the helper's answers to the fuzz's ids from the raw IPC channel. */
export class AnswerLog {
  readonly answers = new Map<string, { result?: unknown; error?: { code: number; message: string } }>();
  private awaited: Set<string> | undefined;
  private allIn: (() => void) | undefined;
  constructor(child: ChildProcess) {
    child.on('message', (m: any) => {
      if (typeof m?.id !== 'string' || !m.id.startsWith('fuzz-')) return;
      this.answers.set(m.id, m);
      this.awaited?.delete(m.id);
      if (this.awaited?.size === 0) this.allIn?.();
    });
  }

  /** Resolves when the last of the ids is answered (none missing), or after timeoutMs with the ids still missing. */
  async waitFor(ids: string[], timeoutMs: number): Promise<string[]> {
    this.awaited = new Set(ids.filter((id) => !this.answers.has(id)));
    if (this.awaited.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.allIn = () => { clearTimeout(timer); resolve(); };
      });
    }
    const missing = [...this.awaited];
    this.awaited = undefined;
    this.allIn = undefined;
    return missing;
  }
}

/** Sends the plan down the channel in small batches, letting the helper breathe in between. */
export async function sendPlan(child: ChildProcess, plan: FuzzPlan): Promise<void> {
  for (let i = 0; i < plan.messages.length; i++) {
    const m = plan.messages[i];
    await new Promise<void>((resolve, reject) => child.send(m as never, (err) => (err ? reject(err) : resolve())));
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Sends the plan down the helper's own IPC channel and checks what must hold afterwards: every
 * request with a usable id answered, every valid one with a result, the helper the same live and
 * ready process, and the fuzzed window still open.
 */
export async function assertSurvivesPlan(h: Harness, plan: FuzzPlan, windowId: number, answerTimeoutMs: number): Promise<void> {
  const pid = h.client.pid!;
  const child = (h.client as any).child as ChildProcess;
  const log = new AnswerLog(child);
  await sendPlan(child, plan);
  const missing = await log.waitFor(plan.addressed, answerTimeoutMs);
  assert.deepEqual(missing, [], 'every request with a usable id was answered');
  const failed = plan.valid.filter((id) => log.answers.get(id)?.error);
  assert.deepEqual(failed.map((id) => `${id}: ${log.answers.get(id)?.error?.message}`), [], 'valid requests answered with results');
  const letThrough = [...plan.refused].filter(([id, r]) => log.answers.get(id)?.error?.code !== r.code)
    .map(([id, r]) => `${id} ${r.method} (${r.shape}): ${JSON.stringify(log.answers.get(id)).slice(0, 200)}`);
  assert.deepEqual(letThrough, [], 'every request the plan names as refused was refused at the boundary');
  assert.equal(h.client.pid, pid);
  assert.ok(isAlive(pid));
  assert.equal(h.client.state.kind, 'ready');
  assert.ok((await h.client.request(Requests.listWindows)).some((x) => x.windowId === windowId), 'the window is still there');
}
