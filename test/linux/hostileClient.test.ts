// The helper as a hostile or buggy client would probe it: each message that once ended it, hung it
// or crashed it in native code is now refused or dropped, and the helper is the same process and
// answers the next request. A helper that stops answering is noticed and replaced.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes, Requests } from '../../src/protocol';
import { HelperCrashedError, HelperRequestError, HelperTimeoutError, type HelperState } from '../../src/client/helperClient';
import { TestRequests } from '../../src/testHooks/protocol';
import { startCookieServer, type CookieServer } from '../support/cookieServer';
import { Harness, isAlive } from '../support/harness';
import { until } from '../support/until';

/** The deadline of the test waits these tests send: they are answered only when it runs out. */
const TEST_WAIT_MS = 1500;

/** The raw IPC channel to the helper, and the answers it sends to ids the test chose (every one, in order). */
function raw(h: Harness): { child: ChildProcess; send(m: unknown): void; answer(id: string, timeoutMs?: number): Promise<any>; all(id: string): any[] } {
  const child = (h.client as any).child as ChildProcess;
  const answers = new Map<string, any>();
  const every = new Map<string, any[]>();
  const waiting = new Map<string, (m: any) => void>();
  child.on('message', (m: any) => {
    if (typeof m?.id !== 'string') return;
    answers.set(m.id, m);
    every.set(m.id, [...(every.get(m.id) ?? []), m]);
    waiting.get(m.id)?.(m);
  });
  return {
    child,
    all: (id) => every.get(id) ?? [],
    send: (m) => child.send(m as never),
    answer: (id, timeoutMs = 20000) => new Promise((resolve, reject) => {
      if (answers.has(id)) return resolve(answers.get(id));
      const timer = setTimeout(() => reject(new Error(`no answer to ${id} within ${timeoutMs} ms`)), timeoutMs);
      waiting.set(id, (m) => { clearTimeout(timer); resolve(m); });
    }),
  };
}

function invalidInput(field: string, message: RegExp) {
  return (err: unknown) => err instanceof HelperRequestError && err.code === ErrorCodes.invalidInput && err.field === field && message.test(err.message);
}

describe('Linux backend: a hostile client', function () {
  let server: CookieServer;
  let h: Harness;
  let env: number;
  let pid: number;

  before(async () => {
    server = await startCookieServer();
    h = new Harness();
    await h.client.start();
    pid = h.client.pid!;
    env = await h.environment();
    await h.openLoaded(env, `${server.origin}/plain`); // "with an environment open" was the worse case
  });
  after(async () => {
    await h?.stop();
    await server?.close();
  });

  /** The helper's "dropped a malformed message" log lines from position `since` on. */
  const dropLogs = (since: number, why: RegExp): string[] => h.events.slice(since)
    .filter((e) => e.method === 'log' && /^dropped a malformed message: /.test(e.params.message) && why.test(e.params.message))
    .map((e) => e.params.message as string);

  async function stillServing(): Promise<void> {
    assert.equal(h.client.pid, pid, 'the same helper process');
    assert.ok(isAlive(pid));
    assert.equal((await h.client.request(Requests.diagnostics)).platform.helperPid, pid);
    assert.equal(h.client.state.kind, 'ready');
  }

  it('1. drops $/cancelRequest without an id (params missing, null, 7, []) and keeps answering', async () => {
    const r = raw(h);
    const since = h.mark();
    const malformed = [undefined, null, 7, []];
    for (const params of malformed) r.send({ jsonrpc: '2.0', method: '$/cancelRequest', ...(params === undefined ? {} : { params }) });
    // The requests of stillServing go down the same channel after the cancels: their answers come
    // after the filter has seen (and logged) every one of them.
    await stillServing();
    assert.deepEqual(dropLogs(since, /./).map((l) => l.replace(/^dropped a malformed message: /, '')), [
      '$/cancelRequest without the id of a request',
      'params must be an object or an array, not null',
      'params must be an object or an array, not 7',
      '$/cancelRequest without the id of a request',
    ], 'each drop is logged, in order');
  });

  it('2. survives a second cancel of a request in flight, whether or not the library has dispatched the request yet, and still answers it', async () => {
    const r = raw(h);
    // In one breath: the cancels may meet the request still queued in the library, or dispatched.
    const since = h.mark();
    r.send({ jsonrpc: '2.0', id: 'slow-1', method: 'debug/wait', params: { mode: 'no-answer', deadlineMs: TEST_WAIT_MS } });
    r.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 'slow-1' } });
    r.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 'slow-1' } });
    // Dispatched for certain: a main-thread request sent after it has been answered (the library
    // serves its queue in order).
    r.send({ jsonrpc: '2.0', id: 'slow-2', method: 'debug/wait', params: { mode: 'no-answer', deadlineMs: TEST_WAIT_MS } });
    r.send({ jsonrpc: '2.0', id: 'marker-2', method: 'ping' });
    assert.equal(typeof (await r.answer('marker-2')).result?.heartbeat, 'number');
    r.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 'slow-2' } });
    r.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 'slow-2' } });
    for (const id of ['slow-1', 'slow-2']) {
      const answer = await r.answer(id, 20000 + 2 * TEST_WAIT_MS);
      assert.equal(answer.error?.code, ErrorCodes.waitTimeout, `${id}: the wait ran out its own deadline and was answered`);
      assert.equal(r.all(id).length, 1, `${id} answered once`);
    }
    await stillServing();
    assert.deepEqual(dropLogs(since, /repeated for request/).map((l) => /request (slow-\d)/.exec(l)?.[1]), ['slow-1', 'slow-2'], 'each second cancel was dropped, and said so');
  });

  it('2b. answers a request whose id is already in flight with "invalid request" and does not run it; the first gets its one answer', async () => {
    const r = raw(h);
    const before = (await h.client.request(Requests.listWindows)).length;
    // The channel keeps order: the second dup-1 reaches the filter while the first is in flight
    // (it is answered only at its deadline), as the refusal's words confirm.
    r.send({ jsonrpc: '2.0', id: 'dup-1', method: 'debug/wait', params: { mode: 'no-answer', deadlineMs: TEST_WAIT_MS } });
    r.send({ jsonrpc: '2.0', id: 'dup-1', method: 'createWindow', params: { environmentId: env, url: `${server.origin}/plain` } });
    const refused = await r.answer('dup-1');
    assert.equal(refused.error?.code, -32600, JSON.stringify(refused));
    assert.match(refused.error.message, /^invalid request: createWindow: the id "dup-1" is already in use by a request in flight/);
    // The first runs out its deadline and is answered; then the id is taken again, and the answer
    // to that listWindows closes the record: nothing else was answered under dup-1 before it.
    await until('the first dup-1 answered', () => r.all('dup-1').length >= 2, 20000 + TEST_WAIT_MS);
    r.send({ jsonrpc: '2.0', id: 'dup-1', method: 'listWindows' });
    await until('the id taken again and answered', () => r.all('dup-1').length >= 3);
    const answers = r.all('dup-1');
    assert.equal(answers.length, 3, JSON.stringify(answers));
    assert.equal(answers[1].error?.code, ErrorCodes.waitTimeout, 'the first request answered once, by its own deadline');
    assert.ok(Array.isArray(answers[2].result), 'the id is free again once answered');
    assert.equal(answers[2].result.length, before, 'the refused createWindow made no window');
    await stillServing();
  });

  it('3. refuses a title, html or width of the wrong type before any window is made', async () => {
    const before = (await h.client.request(Requests.listWindows)).length;
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, title: 12345 as never }), invalidInput('title', /createWindow: title must be a string, not 12345/));
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, html: 12345 } as never), invalidInput('html', /html is not a parameter here/));
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, title: { a: 1 } as never }), invalidInput('title', /not an object/));
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, width: 'wide' as never }), invalidInput('width', /whole number/));
    assert.equal((await h.client.request(Requests.listWindows)).length, before);
    await stillServing();
  });

  it('4. refuses a 17 MB title and a URL over 2 MiB by their size', async () => {
    const huge = 'T'.repeat(17 * 1024 * 1024);
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, title: huge }), invalidInput('title', /too long: 17825792 bytes, at most 4096/));
    await assert.rejects(h.client.request(Requests.createWindow, { environmentId: env, url: `http://127.0.0.1/${'u'.repeat(2 * 1024 * 1024)}` }), invalidInput('url', /too long/));
    await stillServing();
  });

  it('5. answers "cannot create the profile folder /proc/nope" instead of hanging, likewise a screenshot folder', async () => {
    await assert.rejects(h.client.request(Requests.createEnvironment, { userDataFolder: '/proc/nope' }),
      invalidInput('userDataFolder', /^cannot create the profile folder \/proc\/nope: /));
    const [w] = await h.client.request(Requests.listWindows);
    await assert.rejects(h.client.request(Requests.screenshot, { windowId: w.windowId, path: '/proc/nope/shot.png' }),
      invalidInput('path', /^cannot create the screenshot folder \/proc\/nope: /));
    await stillServing();
  });

  it('6. refuses a screenshot path that is not a string at once, not after the wait deadline', async () => {
    const [w] = await h.client.request(Requests.listWindows);
    await assert.rejects(h.client.request(Requests.screenshot, { windowId: w.windowId, path: 42 as never }), invalidInput('path', /must be a string/));
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-shot-'));
    const shot = await h.client.request(Requests.screenshot, { windowId: w.windowId, path: path.join(folder, 'new', 'shot.png') });
    assert.ok(fs.statSync(shot.path).size > 0, 'a good screenshot still works, its folder made for it');
  });

  it('7. refuses waitDeadlineMs "soon", -1, null and 1e12, and keeps the deadline it had', async () => {
    const good = { strategy: 'cowait' as const, stallThresholdMs: 2000, waitDeadlineMs: 30000 };
    for (const bad of ['soon', -1, null, 1e12]) {
      await assert.rejects(h.client.request(Requests.configure, { ...good, waitDeadlineMs: bad as never }), invalidInput('waitDeadlineMs', /whole number from 500 to 3600000/));
    }
    assert.equal((await h.client.request(Requests.diagnostics)).settings.waitDeadlineMs, 30000);
  });

  it('8a. reports an uncaught exception and an unhandled rejection on its main thread, and keeps serving', async () => {
    const since = h.mark();
    await h.client.request(TestRequests.debugThrow, { kind: 'exception' });
    await h.next('log', (e) => /uncaught exception on the main thread \(the helper keeps serving\): Error: debug\/throw/.test(e.message), 10000, since);
    await h.client.request(TestRequests.debugThrow, { kind: 'rejection' });
    await h.next('log', (e) => /unhandled rejection on the main thread \(the helper keeps serving\)/.test(e.message), 10000, since);
    await stillServing();
  });
});

describe('Linux backend: a helper that stops answering', function () {
  let server: CookieServer;
  afterEach(async () => {
    await server?.close();
  });

  it('8b. a request without an answer fails with a typed error after its own deadline', async () => {
    const h = new Harness({ waitDeadlineMs: 1000 }, {}, {}, { liveness: false });
    try {
      await h.client.start();
      const pid = h.client.pid!;
      process.kill(pid, 'SIGSTOP'); // alive, and answers nothing
      try {
        const began = Date.now();
        await assert.rejects(h.client.request(Requests.listWindows), (err: unknown) =>
          err instanceof HelperTimeoutError && err.method === 'listWindows' && err.deadlineMs === 12000
          && /listWindows had no answer from the helper within 12000 ms/.test(err.message));
        assert.ok(Date.now() - began >= 12000, 'not before its deadline');
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      assert.equal((await h.client.request(Requests.listWindows)).length, 0, 'answered again once it runs');
    } finally {
      await h.stop();
    }
  });

  it('8c. a frozen helper is noticed, reported as not responding, killed, replaced, and its windows reopened', async () => {
    server = await startCookieServer();
    const h = new Harness({ waitDeadlineMs: 1000 }, {}, {}, { liveness: { intervalMs: 300, answerWithinMs: 2000, uiGraceMs: 500 } });
    try {
      await h.client.start();
      const env = await h.environment();
      await h.openLoaded(env, `${server.origin}/plain`);
      const states: HelperState['kind'][] = [];
      h.client.on('state', (s: HelperState) => states.push(s.kind));
      const oldPid = h.client.pid!;
      const replaced = new Promise<{ reopened: number; lost: number }>((resolve) => h.client.once('replaced', resolve));
      process.kill(oldPid, 'SIGSTOP');
      const inFlight = h.client.request(Requests.listWindows).catch((err: Error) => err);
      const r = await replaced;
      assert.deepEqual({ reopened: r.reopened, lost: r.lost }, { reopened: 1, lost: 1 });
      assert.deepEqual(states.slice(0, 3), ['notResponding', 'starting', 'ready']);
      const failed = await inFlight;
      assert.ok(failed instanceof HelperCrashedError && /was not responding/.test(failed.message), String(failed));
      assert.ok(!isAlive(oldPid), 'the frozen helper was killed');
      assert.notEqual(h.client.pid, oldPid);
      assert.ok(h.logs.some((l) => /^error: helper \d+ is not responding: it did not answer a ping within 2000 ms/.test(l)), h.logs.join('\n'));
      const windows = await h.client.request(Requests.listWindows);
      assert.equal(windows.length, 1);
      assert.equal(windows[0].url, `${server.origin}/plain`);
    } finally {
      await h.stop();
    }
  });

  it('8d. a UI thread stuck past the deadline with no wait in progress gets the helper replaced', async () => {
    server = await startCookieServer();
    const h = new Harness({ waitDeadlineMs: 1000 }, {}, {}, { liveness: { intervalMs: 300, answerWithinMs: 5000, uiGraceMs: 1000 } });
    try {
      await h.client.start();
      const env = await h.environment();
      await h.openLoaded(env, `${server.origin}/plain`);
      const oldPid = h.client.pid!;
      const replaced = new Promise<{ reopened: number; lost: number }>((resolve) => h.client.once('replaced', resolve));
      const stuck = h.client.request(TestRequests.debugBlock, { ms: 60000 }).catch((err: Error) => err);
      const r = await replaced;
      assert.deepEqual({ reopened: r.reopened, lost: r.lost }, { reopened: 1, lost: 1 });
      assert.ok((await stuck) instanceof HelperCrashedError, 'the request on the stuck thread fails');
      assert.ok(h.logs.some((l) => /is not responding: its UI thread has been busy for \d+ ms outside any wait/.test(l)), h.logs.join('\n'));
      assert.notEqual(h.client.pid, oldPid);
      assert.equal((await h.client.request(Requests.listWindows)).length, 1);
    } finally {
      await h.stop();
    }
  });
});
