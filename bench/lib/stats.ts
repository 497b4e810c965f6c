export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Percentiles (nearest rank) of latencies in milliseconds, rounded to 0.1 ms. */
export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number): number => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN);
  return { count: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: round(sorted.at(-1) ?? NaN) };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export const perSecond = (count: number, seconds: number): number => round(count / seconds);
