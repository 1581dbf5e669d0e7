// Where a window nobody placed opens: cascaded, never exactly on another.
import * as assert from 'node:assert/strict';
import { CASCADE_ORIGIN, CASCADE_STEP, cascadePosition } from '../../src/helper/placement';

describe('window placement', () => {
  it('cascades from the corner, one step per open window', () => {
    assert.deepEqual(cascadePosition([]), { x: CASCADE_ORIGIN, y: CASCADE_ORIGIN });
    const first = cascadePosition([]);
    const second = cascadePosition([first]);
    assert.deepEqual(second, { x: CASCADE_ORIGIN + CASCADE_STEP, y: CASCADE_ORIGIN + CASCADE_STEP });
  });

  it('never returns the place of a window already open, whatever was moved where', () => {
    const open: { x: number; y: number }[] = [];
    for (let i = 0; i < 150; i++) {
      const next = cascadePosition(open);
      assert.ok(!open.some((b) => b.x === next.x && b.y === next.y), `window ${i + 1} at ${next.x},${next.y} again`);
      open.push(next);
    }
    // A window the user moved onto the next place in the cascade: the new one goes past it.
    const moved = [{ x: 0, y: 0 }, { x: CASCADE_ORIGIN + 2 * CASCADE_STEP, y: CASCADE_ORIGIN + 2 * CASCADE_STEP }];
    const next = cascadePosition(moved);
    assert.ok(!moved.some((b) => b.x === next.x && b.y === next.y));
  });
});
