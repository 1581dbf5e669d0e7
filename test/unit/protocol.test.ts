import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { ErrorCodes, Notifications, Requests, type StallReport } from '../../src/protocol';
import { WaitTimeoutError } from '../../src/helper/errors';

function pair() {
  const aToB = new PassThrough();
  const bToA = new PassThrough();
  const a = createMessageConnection(new StreamMessageReader(bToA), new StreamMessageWriter(aToB));
  const b = createMessageConnection(new StreamMessageReader(aToB), new StreamMessageWriter(bToA));
  a.listen();
  b.listen();
  return { client: a, helper: b, dispose: () => { a.dispose(); b.dispose(); } };
}

describe('protocol', () => {
  it('names every request and notification once', () => {
    const names = [...Object.values(Requests), ...Object.values(Notifications)].map((t) => t.method);
    assert.equal(new Set(names).size, names.length);
    assert.equal(new Set(Object.values(ErrorCodes)).size, Object.values(ErrorCodes).length);
  });

  it('carries typed requests and their results', async () => {
    const { client, helper, dispose } = pair();
    helper.onRequest(Requests.getCookies, (p) => [{
      name: `for-${p.windowId}`, value: 'v', domain: 'd', path: '/', expires: null, httpOnly: true, secure: false, sameSite: 'strict' as const, session: true,
    }]);
    const cookies = await client.sendRequest(Requests.getCookies, { windowId: 9 });
    assert.equal(cookies[0].name, 'for-9');
    assert.equal(cookies[0].httpOnly, true);
    dispose();
  });

  it('keeps a wait error\'s code and typed data across the wire', async () => {
    const { client, helper, dispose } = pair();
    helper.onRequest(Requests.getCookies, () => {
      const e = new WaitTimeoutError('getCookies', 'pump', 'lost-wakeup', 3005.4);
      throw new ResponseError(e.code, e.message, e.data);
    });
    await assert.rejects(client.sendRequest(Requests.getCookies, { windowId: 1 }), (err: unknown) => {
      assert.ok(err instanceof ResponseError);
      assert.equal(err.code, ErrorCodes.waitTimeout);
      assert.deepEqual(err.data, { type: 'WaitTimeout', site: 'getCookies', strategy: 'pump', diagnosis: 'lost-wakeup', elapsedMs: 3005 });
      assert.match(err.message, /lost wake-up/);
      return true;
    });
    dispose();
  });

  it('delivers notifications with their parameters', async () => {
    const { client, helper, dispose } = pair();
    const got = new Promise<StallReport>((resolve) => client.onNotification(Notifications.stall, resolve));
    const report: StallReport = {
      key: 'wait:1', site: 'createController', strategy: 'cowait', windowId: 1, elapsedMs: 2100, diagnosis: 'no-answer',
      completionAgoMs: null, depth: 0, apartment: 'STA', arch: 'arm64', lastMessage: 'WM_TIMER', explanation: 'x',
    };
    await helper.sendNotification(Notifications.stall, report);
    assert.deepEqual(await got, report);
    dispose();
  });
});
