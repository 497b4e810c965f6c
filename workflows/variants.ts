import type { SplitStep } from '../src/dsl/definition.js';
import { sha256 } from './sha256.js';

/** The arm of a split a customer gets: a variant's name, or `holdout`. */
export const HOLDOUT = 'holdout';

/** Who is being assigned, and at which split: together they decide the arm, nothing else does. */
export interface SplitSubject {
  customerId: string;
  sequenceId: string;
  stepId: string;
}

/**
 * Where a customer falls in [0, 1): the first 48 bits of sha256("<sequence>/<step>/<customer>") over
 * 2^48. The same subject always lands on the same point; different ones spread uniformly.
 */
export function splitPoint({ customerId, sequenceId, stepId }: SplitSubject): number {
  const digest = sha256(`${sequenceId}/${stepId}/${customerId}`);
  let value = 0;
  for (let i = 0; i < 6; i++) value = value * 256 + (digest[i] ?? 0);
  return value / 2 ** 48;
}

/** A split's arms in order (the variants, then the holdout), each with its share of customers (sums to 1). */
export function splitArms(step: Pick<SplitStep, 'variants' | 'holdout'>): { name: string; share: number }[] {
  const arms = [...step.variants, ...(step.holdout ? [{ name: HOLDOUT, weight: step.holdout.weight }] : [])];
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  return arms.map((arm) => ({ name: arm.name, share: arm.weight / total }));
}

/**
 * The arm a customer gets at a split: the point walked along the cumulative shares. Pure and
 * deterministic, so workflows, the validator and the preview agree; changing what it answers moves
 * customers of runs in flight to other arms (put it behind `patched()`).
 */
export function assignVariant(step: Pick<SplitStep, 'variants' | 'holdout'>, subject: SplitSubject): string {
  const point = splitPoint(subject);
  const arms = splitArms(step);
  let reached = 0;
  for (const arm of arms) {
    reached += arm.share;
    if (point < reached) return arm.name;
  }
  // Rounding may leave the sum of shares a hair under 1: the last arm takes the remainder.
  return arms.at(-1)?.name ?? HOLDOUT;
}

/** "45%", "33.3%": a share as the graph and labels show it. */
export const shareText = (share: number): string => `${Math.round(share * 1000) / 10}%`;
