// The fuzz plan (test/support/fuzz.ts) is its own oracle: the requests it names as refused are so
// by construction. Here the product's boundary is held to that list, without a helper.
import * as assert from 'node:assert/strict';
import { ErrorCodes } from '../../src/protocol';
import type { RequestName } from '../../src/protocol';
import { checkParams } from '../../src/helper/paramChecks';
import { HelperError } from '../../src/helper/errors';
import { fuzzPlan } from '../support/fuzz';

const plan = fuzzPlan({ seed: 0x5eed12, count: 2000, windowId: 1, uncreatableFolder: '/proc/nope' });

describe('fuzz plan', () => {
  it('is the same for the same seed', () => {
    const again = fuzzPlan({ seed: 0x5eed12, count: 2000, windowId: 1, uncreatableFolder: '/proc/nope' });
    assert.deepEqual(again.messages.length, plan.messages.length);
    assert.deepEqual([...again.refused.keys()], [...plan.refused.keys()]);
  });

  it('names every shape it must see refused, the reported ones and each generic one', () => {
    const shapes = new Set([...plan.refused.values()].map((r) => r.shape));
    for (const shape of ['x without y', 'an empty cookie name', 'title not a string', 'a field the protocol does not have (any more)',
      'params not an object', 'a field no request has', 'windowId not a whole number from 0']) {
      assert.ok(shapes.has(shape), `the plan has "${shape}"`);
    }
    assert.ok(plan.refused.size > 300, `${plan.refused.size} requests named as refused`);
  });

  it('every request it names as refused is refused by the boundary, as invalid input', () => {
    const through: string[] = [];
    for (const [id, r] of plan.refused) {
      try {
        checkParams(r.method as RequestName, r.params);
        through.push(`${id} ${r.method} (${r.shape}): ${JSON.stringify(r.params).slice(0, 120)}`);
      } catch (err) {
        if (!(err instanceof HelperError) || err.code !== ErrorCodes.invalidInput) through.push(`${id}: ${err}`);
      }
    }
    assert.deepEqual(through, []);
  });
});
