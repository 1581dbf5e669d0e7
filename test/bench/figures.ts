// What every benchmark prints, in one format so that anything can check it:
//   ratio <name>: product <value> <unit>, bare <value> <unit>, ratio <x.xx> (goal <= <g>)
//   ratio <name>: product <value> <unit>, bare <value> <unit>, ratio <x.xx> (goal <= <g>) (min–max <a>–<b> over <n> pairs)
// The second form is for figures taken in interleaved pairs (product, bare, product, bare …):
// its ratio is the median of the pairwise ratios, and the spread says whether to believe it.
//   <name>: <value> <unit> (goal <= <g> <unit>)
// Figures only: nothing here asserts or fails on a time.

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Comparison {
  name: string;
  unit: string;
  product: number;
  bare: number;
  goal: number;
  /** Decimals for the two values; the ratio always has two. */
  decimals?: number;
}

export function ratioLine(c: Comparison): string {
  const d = c.decimals ?? 1;
  const value = (v: number) => (c.unit ? `${v.toFixed(d)} ${c.unit}` : v.toFixed(d));
  return `ratio ${c.name}: product ${value(c.product)}, bare ${value(c.bare)}, ratio ${(c.product / c.bare).toFixed(2)} (goal <= ${c.goal})`;
}

export function absoluteLine(name: string, value: number, unit: string, goal?: number, decimals = 1): string {
  return `${name}: ${value.toFixed(decimals)} ${unit}${goal === undefined ? '' : ` (goal <= ${goal} ${unit})`}`;
}

/** The median of the last five over the median of the first five. */
export function lastOverFirst(times: number[][]): number {
  const first = times.flatMap((run) => run.slice(0, 5));
  const last = times.flatMap((run) => run.slice(-5));
  return median(last) / median(first);
}

/** Product and bare figures taken in interleaved pairs: pair i is product[i] then bare[i]. */
export interface Pairs {
  product: number[];
  bare: number[];
}

export interface PairedRatio {
  /** Median of the pairwise ratios product[i] / bare[i]. */
  ratio: number;
  min: number;
  max: number;
  pairs: number;
}

/** The pairwise ratios of pairs taken side by side; the median is the figure, min–max its spread. */
export function pairedRatio(p: Pairs): PairedRatio {
  if (p.product.length !== p.bare.length) throw new Error(`unpaired figures: ${p.product.length} product, ${p.bare.length} bare`);
  const ratios = p.product.map((v, i) => v / p.bare[i]);
  if (ratios.length === 0) return { ratio: NaN, min: NaN, max: NaN, pairs: 0 };
  return { ratio: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), pairs: ratios.length };
}

export interface PairedComparison {
  name: string;
  unit: string;
  pairs: Pairs;
  goal: number;
  /** Decimals for the two values; the ratios always have two. */
  decimals?: number;
}

/** The ratio line of interleaved pairs; the two values shown are the medians of each side. */
export function pairedRatioLine(c: PairedComparison): string {
  const d = c.decimals ?? 1;
  const value = (v: number) => (c.unit ? `${v.toFixed(d)} ${c.unit}` : v.toFixed(d));
  const r = pairedRatio(c.pairs);
  return `ratio ${c.name}: product ${value(median(c.pairs.product))}, bare ${value(median(c.pairs.bare))}, ` +
    `ratio ${r.ratio.toFixed(2)} (goal <= ${c.goal}) (min–max ${r.min.toFixed(2)}–${r.max.toFixed(2)} over ${r.pairs} pairs)`;
}

/**
 * Runs `pairs` pairs, each the product then the bare run, one at a time, so that both sides see
 * the same machine over time (a slow spell lands on one pair, not on one side).
 */
export async function interleave<T>(pairs: number, product: (pair: number) => Promise<T> | T, bare: (pair: number) => Promise<T> | T): Promise<{ product: T[]; bare: T[] }> {
  const out = { product: [] as T[], bare: [] as T[] };
  for (let i = 0; i < pairs; i++) {
    out.product.push(await product(i));
    out.bare.push(await bare(i));
  }
  return out;
}

/** One figure of each run, paired: f applied to both sides. */
export function pairsOf<T>(runs: { product: T[]; bare: T[] }, f: (run: T) => number): Pairs {
  return { product: runs.product.map(f), bare: runs.bare.map(f) };
}
