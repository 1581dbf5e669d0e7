// Where a new window opens when nobody said: cascaded from the top-left corner of the screen, each
// step down and to the right, never exactly on top of a window already open (with no window
// manager, as under Xvfb, every window would otherwise sit at 0,0 on the one before). Engine-neutral:
// the helper decides once, and both engines place the window there.
import type { Bounds } from '../protocol';

export const CASCADE_ORIGIN = 40;
export const CASCADE_STEP = 32;
/** Steps before the cascade starts again at the top (a column of 10 windows). */
export const CASCADE_STEPS = 10;

export function cascadePosition(open: readonly Pick<Bounds, 'x' | 'y'>[]): { x: number; y: number } {
  const taken = new Set(open.map((b) => `${b.x},${b.y}`));
  // Places are distinct for distinct i (up to 31 rounds of 100), so among open.length + 1 of them
  // at least one is free.
  for (let i = open.length; ; i++) {
    const { x, y } = place(i);
    if (!taken.has(`${x},${y}`) || i > 2 * open.length) return { x, y };
  }
}

/** The i-th place: 10 steps down and right, 10 such columns side by side, then again a little lower. */
function place(i: number): { x: number; y: number } {
  const step = i % CASCADE_STEPS;
  const column = Math.floor(i / CASCADE_STEPS) % CASCADE_STEPS;
  const round = Math.floor(i / (CASCADE_STEPS * CASCADE_STEPS)) % 31;
  return {
    x: CASCADE_ORIGIN + step * CASCADE_STEP + column * CASCADE_STEP * 2 + round * 11,
    y: CASCADE_ORIGIN + step * CASCADE_STEP + round * 11,
  };
}
