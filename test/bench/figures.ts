// What every benchmark prints, in one format so that anything can check it:
//   ratio <name>: product <value> <unit>, bare <value> <unit>, ratio <x.xx> (goal <= <g>)
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
