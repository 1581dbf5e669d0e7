// The benchmark's arithmetic (test/bench/figures.ts): a ratio line of interleaved pairs is the
// median of the pairwise ratios, with their min–max, and the runs really alternate.
import * as assert from 'node:assert/strict';
import { interleave, median, pairedRatio, pairedRatioLine, percentile, pairsOf } from '../bench/figures';

describe('benchmark figures', () => {
  it('takes the median of the pairwise ratios, not the ratio of the medians', () => {
    // Pairwise: 2, 1, 4, 3, 10 -> median 3; the ratio of the medians would be 3/1 = 3 only by luck,
    // so the sides are chosen to differ: medians 4 and 1 give 4.
    const r = pairedRatio({ product: [2, 1, 4, 6, 10], bare: [1, 1, 1, 2, 1] });
    assert.equal(r.ratio, 3);
    assert.equal(r.min, 1);
    assert.equal(r.max, 10);
    assert.equal(r.pairs, 5);
    assert.equal(median([2, 1, 4, 6, 10]) / median([1, 1, 1, 2, 1]), 4);
  });

  it('takes the mean of the middle two ratios for an even count of pairs', () => {
    const r = pairedRatio({ product: [1, 3, 2, 8], bare: [1, 1, 1, 1] });
    assert.equal(r.ratio, 2.5);
    assert.deepEqual([r.min, r.max, r.pairs], [1, 8, 4]);
  });

  it('refuses figures that are not paired', () => {
    assert.throws(() => pairedRatio({ product: [1, 2], bare: [1] }), /unpaired/);
  });

  it('prints the median ratio, the medians of each side and the spread', () => {
    const line = pairedRatioLine({
      name: 'cookie read p50', unit: 'ms', goal: 1.5,
      pairs: { product: [1.2, 1.5, 1.0, 1.4, 3.0], bare: [1.0, 1.0, 1.0, 1.0, 1.0] },
    });
    assert.equal(line, 'ratio cookie read p50: product 1.4 ms, bare 1.0 ms, ratio 1.40 (goal <= 1.5) (min–max 1.00–3.00 over 5 pairs)');
  });

  it('runs product and bare alternately, product first, and pairs them in order', async () => {
    const order: string[] = [];
    const runs = await interleave(3, async (i) => { order.push(`p${i}`); return 10 + i; }, (i) => { order.push(`b${i}`); return 1 + i; });
    assert.deepEqual(order, ['p0', 'b0', 'p1', 'b1', 'p2', 'b2']);
    assert.deepEqual(pairsOf(runs, (v) => v * 2), { product: [20, 22, 24], bare: [2, 4, 6] });
  });

  it('reads percentiles from the sorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(values, 50), 51);
    assert.equal(percentile(values, 95), 96);
  });
});
