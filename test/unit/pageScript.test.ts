// Page script and input, engine-neutral parts: the main thread's wait for answers, the Linux answer
// parser, and the Windows DevTools translations (Runtime.evaluate's answer, Input's events).
import * as assert from 'node:assert/strict';
import { ANSWER_MARGIN_MS, PageScripts } from '../../src/helper/pageScripts';
import { MAX_SCRIPT_RESULT_CHARS } from '../../src/page/protocol';
import { parseAnswer } from '../../src/page/answers';
import { evaluateAnswer, wrapExpression } from '../../src/webview2/pageScript';
import { clickEvents, keyEvent } from '../../src/webview2/pageInput';

describe('page scripts on the main thread', () => {
  it('answers a script with what its engine said, under the id it was started with', async () => {
    const scripts = new PageScripts();
    let id = 0;
    const answer = scripts.run(1, 1000, async (scriptId) => { id = scriptId; });
    await Promise.resolve();
    scripts.answered(id, { ok: true, json: '42' });
    assert.deepEqual(await answer, { ok: true, json: '42' });
    assert.equal(scripts.size, 0);
  });

  it('ends a window\'s scripts when it closes, and no other window\'s', async () => {
    const scripts = new PageScripts();
    const ids: number[] = [];
    const a = scripts.run(1, 1000, async (id) => { ids.push(id); });
    const b = scripts.run(2, 1000, async (id) => { ids.push(id); });
    await Promise.resolve();
    scripts.windowClosed(1);
    assert.deepEqual(await a, { ok: false, error: 'the window closed before the page answered' });
    scripts.answered(ids[1], { ok: true, json: '"b"' });
    assert.deepEqual(await b, { ok: true, json: '"b"' });
  });

  it('gives up at the time limit plus its margin, and lets go of the script', async function () {
    this.timeout(ANSWER_MARGIN_MS + 5000);
    const scripts = new PageScripts();
    const started = Date.now();
    const r = await scripts.run(1, 10, async () => undefined);
    assert.deepEqual(r, { ok: false, error: 'the page did not answer within 10 ms' });
    assert.ok(Date.now() - started >= 10 + ANSWER_MARGIN_MS - 50);
    assert.equal(scripts.size, 0);
  });

  it('passes on a start that fails (an unknown window), with nothing left waiting', async () => {
    const scripts = new PageScripts();
    await assert.rejects(scripts.run(1, 1000, async () => { throw new Error('no window 1'); }), /no window 1/);
    assert.equal(scripts.size, 0);
  });
});

describe('Linux page script answers', () => {
  it('takes the loop\'s envelope and refuses anything else', () => {
    assert.deepEqual(parseAnswer('{"ok":true,"json":"[1,2]"}'), { ok: true, json: '[1,2]' });
    assert.deepEqual(parseAnswer('{"ok":false,"error":"it threw Error: x"}'), { ok: false, error: 'it threw Error: x' });
    assert.deepEqual(parseAnswer('not json'), { ok: false, error: 'the page\'s answer is not JSON' });
    assert.deepEqual(parseAnswer('null'), { ok: false, error: 'no answer' });
    assert.deepEqual(parseAnswer(JSON.stringify({ ok: true, json: 'x'.repeat(MAX_SCRIPT_RESULT_CHARS + 1) })), { ok: false, error: 'the page\'s answer is too large' });
    assert.equal((parseAnswer(JSON.stringify({ ok: false, error: 'e'.repeat(10000) })) as { error: string }).error.length, 2000);
  });
});

describe('Windows page script through DevTools', () => {
  it('wraps the expression so that its value comes back as JSON text within the limit', () => {
    const source = wrapExpression('document.title', 1234);
    assert.match(source, /\ndocument\.title\n/);
    assert.match(source, /setTimeout\(\(\) => reject\(\{ timeout: true \}\), 1234\)/);
  });

  it('reads Runtime.evaluate\'s answers: a value, a throw, a syntax error, its own time limit, a protocol failure, too large', () => {
    const answer = (o: unknown) => evaluateAnswer({ ok: true, json: JSON.stringify(o) }, 500);
    assert.deepEqual(answer({ result: { type: 'string', value: '{"a":1}' } }), { ok: true, json: '{"a":1}' });
    assert.deepEqual(answer({ result: {}, exceptionDetails: { text: 'Uncaught', exception: { description: 'TypeError: bad\n    at <anonymous>:1:1' } } }), { ok: false, error: 'it threw TypeError: bad' });
    assert.deepEqual(answer({ result: {}, exceptionDetails: { exception: { description: 'SyntaxError: Unexpected identifier' } } }), { ok: false, error: 'the expression did not run: SyntaxError: Unexpected identifier' });
    assert.deepEqual(answer({ result: {}, exceptionDetails: { exception: { value: { timeout: true } } } }), { ok: false, error: 'the page did not answer within 500 ms' });
    assert.deepEqual(evaluateAnswer({ ok: false, error: 'Runtime.evaluate failed: 0x80004005' }, 500), { ok: false, error: 'Runtime.evaluate failed: 0x80004005' });
    assert.match((answer({ result: { value: 'x'.repeat(MAX_SCRIPT_RESULT_CHARS + 1) } }) as { error: string }).error, /too large/);
    assert.deepEqual(evaluateAnswer({ ok: true, json: '<html>' }, 500), { ok: false, error: 'Runtime.evaluate answered something that is not JSON' });
  });

  it('makes a click a move, then a press and release per click, at the same point', () => {
    assert.deepEqual(clickEvents({ kind: 'click', x: 5, y: 6, clickCount: 2 }).map((e) => `${e.type}:${e.clickCount ?? ''}`),
      ['mouseMoved:', 'mousePressed:1', 'mouseReleased:1', 'mousePressed:2', 'mouseReleased:2']);
    assert.ok(clickEvents({ kind: 'click', x: 5, y: 6, button: 'right' }).slice(1).every((e) => e.button === 'right' && e.x === 5 && e.y === 6));
  });

  it('gives keys the code Chromium acts on, text only where typing makes some, and refuses unknown names', () => {
    assert.deepEqual(keyEvent({ kind: 'key', key: 'Enter' }), { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, modifiers: 0, text: '\r' });
    assert.deepEqual(keyEvent({ kind: 'key', key: 'ArrowLeft', modifiers: ['Alt'] }), { type: 'rawKeyDown', key: 'ArrowLeft', code: 'ArrowLeft', windowsVirtualKeyCode: 37, modifiers: 1 });
    assert.deepEqual(keyEvent({ kind: 'key', key: 'a' }), { type: 'keyDown', key: 'a', modifiers: 0, code: 'KeyA', windowsVirtualKeyCode: 65, text: 'a' });
    assert.deepEqual(keyEvent({ kind: 'key', key: 'a', modifiers: ['Control'] }), { type: 'rawKeyDown', key: 'a', modifiers: 2, code: 'KeyA', windowsVirtualKeyCode: 65 });
    assert.deepEqual(keyEvent({ kind: 'key', key: 'a', modifiers: ['Shift'] }), { type: 'keyDown', key: 'A', modifiers: 8, code: 'KeyA', windowsVirtualKeyCode: 65, text: 'A' });
    assert.equal(keyEvent({ kind: 'key', key: 'F5' }).windowsVirtualKeyCode, 116);
    assert.throws(() => keyEvent({ kind: 'key', key: 'NoSuchKey' }), /"NoSuchKey" is not a key/);
  });
});
