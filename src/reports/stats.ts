/**
 * The p-th percentile by nearest rank: the smallest value with at least p% of the values at or below
 * it (sorted [1, 2, 3, 4, 10]: p50 is 3, p90 is 10). Null when there is none. Easy to check by hand.
 */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(Math.ceil((p / 100) * sorted.length) - 1, 0)] ?? null;
}

/** `part / whole` as a percentage rounded to 2 decimals; null when `whole` is 0. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole * 100);
}

export function round(value: number, decimals = 2): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** Milliseconds to minutes, 2 decimals (null stays null). */
export const minutes = (ms: number | null): number | null => (ms === null ? null : round(ms / 60_000));
