/**
 * The statistics of the experiments report, each small enough to check by hand. A proportion is
 * `converted` of `entered` runs.
 */
export interface Proportion {
  entered: number;
  converted: number;
}

/** z for a two-sided 95% interval and test: Φ⁻¹(0.975). */
const Z95 = 1.959964;
/** Below this many expected conversions (or non-conversions) in an arm, the z-test's normal approximation is not trusted. */
export const MIN_EXPECTED = 5;

/**
 * The 95% Wilson score interval of a proportion, as fractions: unlike the textbook p ± 1.96·√(p(1−p)/n)
 * it stays inside [0, 1] and is not zero-width at 0 or n conversions, so small arms get honest bounds.
 * Null when nothing entered.
 */
export function wilsonInterval({ entered: n, converted }: Proportion): { low: number; high: number } | null {
  if (n === 0) return null;
  const p = converted / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Whether the z-test may be used: every arm's expected conversions and non-conversions (at the pooled rate) reach MIN_EXPECTED. */
export function largeEnoughForZ(arm: Proportion, baseline: Proportion): boolean {
  const pooled = (arm.converted + baseline.converted) / (arm.entered + baseline.entered);
  return [arm.entered, baseline.entered].every((n) => n * pooled >= MIN_EXPECTED && n * (1 - pooled) >= MIN_EXPECTED);
}

/**
 * The two-proportion z-test with the pooled rate p̄: z = (p₁ − p₀) / √(p̄(1 − p̄)(1/n₁ + 1/n₀)), and
 * its two-sided p-value 2·(1 − Φ(|z|)) = erfc(|z|/√2). Only where `largeEnoughForZ` (so p̄ is neither 0 nor 1).
 */
export function twoProportionZ(arm: Proportion, baseline: Proportion): { z: number; p: number } {
  const pooled = (arm.converted + baseline.converted) / (arm.entered + baseline.entered);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / arm.entered + 1 / baseline.entered));
  const z = (arm.converted / arm.entered - baseline.converted / baseline.entered) / se;
  return { z, p: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

/**
 * Fisher's exact test, two-sided, for small counts: with the margins fixed, the probability of every
 * table (the arm's conversions k, hypergeometric) no more likely than the one observed, summed.
 */
export function fisherExact(arm: Proportion, baseline: Proportion): number {
  const total = arm.entered + baseline.entered;
  const converted = arm.converted + baseline.converted;
  const logFactorial = [0];
  for (let i = 1; i <= total; i++) logFactorial.push((logFactorial[i - 1] ?? 0) + Math.log(i));
  const lf = (i: number): number => logFactorial[i] ?? Number.NaN;
  const logChoose = (n: number, k: number): number => lf(n) - lf(k) - lf(n - k);
  const probability = (k: number): number => Math.exp(logChoose(arm.entered, k) + logChoose(baseline.entered, converted - k) - logChoose(total, converted));
  const observed = probability(arm.converted);
  let p = 0;
  for (let k = Math.max(0, converted - baseline.entered); k <= Math.min(converted, arm.entered); k++) {
    const chance = probability(k);
    // The same relative tolerance as R's fisher.test, so tables as likely as the observed one are not lost to rounding.
    if (chance <= observed * (1 + 1e-7)) p += chance;
  }
  return Math.min(1, p);
}

/**
 * The complementary error function (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7:
 * far finer than the four decimals a p-value is shown with).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
  const series = coefficients.reduceRight((sum, coefficient) => coefficient + t * sum, 0);
  const tail = t * Math.exp(-z * z + series);
  return x >= 0 ? tail : 2 - tail;
}
