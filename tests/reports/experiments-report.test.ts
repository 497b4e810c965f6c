import { describe, expect } from 'vitest';
import { reportQuery } from '../../src/reports/query.js';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const at = (text: string) => new Date(`2026-11-${text}Z`);

/** `entered` runs of one arm started on 2 November, of which the first `converted` reached the goal. */
async function arm(store: Store, experiment: { sequence: string; version: string; split: string }, variant: string, entered: number, converted: number): Promise<void> {
  for (let i = 0; i < entered; i++) {
    const customerId = `${experiment.sequence}-${experiment.version}-${variant}-${i}`;
    const subject = `enrollment/${experiment.sequence}/${customerId}/signup-${i}`;
    const entry = { customerId, subject, sequenceId: experiment.sequence };
    await store.appendLedger({ ...entry, kind: 'enrollment.started', occurredAt: at('02T06:00:00'), details: { version: experiment.version } });
    await store.appendLedger({ ...entry, kind: 'enrollment.variant', occurrence: experiment.split, occurredAt: at('03T06:30:00'), details: { variant } });
    if (i < converted) await store.appendLedger({ ...entry, kind: 'enrollment.ended', occurredAt: at('05T10:00:00'), details: { status: 'converted', ending: 'converted', reason: 'goal reached: first purchase' } });
    else await store.appendLedger({ ...entry, kind: 'enrollment.ended', occurredAt: at('20T06:30:00'), details: { status: 'completed', ending: 'completed' } });
  }
}

/**
 * experiment-welcome v1, split at step 2: holdout 5 of 50, discount 15 of 50, stories 8 of 50 converted.
 * v2 (a small trial): holdout 0 of 4, discount 3 of 4. ab-test v1, split at step 1, no holdout: a 3 of 6, b 1 of 6.
 * Plus a run that started before the split was reached (no arm) and one that started before the range: neither counts.
 */
async function buildLedger(store: Store): Promise<void> {
  const welcome = { sequence: 'experiment-welcome', version: 'v1', split: '2' };
  await arm(store, welcome, 'holdout', 50, 5);
  await arm(store, welcome, 'discount', 50, 15);
  await arm(store, welcome, 'stories', 50, 8);
  const trial = { ...welcome, version: 'v2' };
  await arm(store, trial, 'holdout', 4, 0);
  await arm(store, trial, 'discount', 4, 3);
  const ab = { sequence: 'ab-test', version: 'v1', split: '1' };
  await arm(store, ab, 'b', 6, 1);
  await arm(store, ab, 'a', 6, 3);
  const waiting = { customerId: 'waiting', subject: 'enrollment/experiment-welcome/waiting/signup', sequenceId: 'experiment-welcome' };
  await store.appendLedger({ ...waiting, kind: 'enrollment.started', occurredAt: at('02T08:00:00'), details: { version: 'v1' } });
  const early = { customerId: 'early', subject: 'enrollment/experiment-welcome/early/signup', sequenceId: 'experiment-welcome' };
  await store.appendLedger({ ...early, kind: 'enrollment.started', occurredAt: new Date('2026-10-20T08:00:00Z'), details: { version: 'v1' } });
  await store.appendLedger({ ...early, kind: 'enrollment.variant', occurrence: '2', occurredAt: at('02T08:00:00'), details: { variant: 'discount' } });
}

const baseline = { compared_with: null, difference_points: null, test: null, z: null, p_value: null, significant: null };
const small = "small sample: an expected count below 5, so Fisher's exact test";

describe.each(storeBackends())('the experiments report (per split arm, against the holdout), on $name', (backend) => {
  const t = useStore(backend, buildLedger);
  const { test } = t;
  const report = async (extra: Record<string, string> = {}) => (await t.store.report('experiments', reportQuery({ from: '2026-11-01', to: '2026-11-08', ...extra }, new Date()))).rows;

  test('the holdout first, then each variant with its 95% Wilson interval, z, p and whether p < 0.05', async () => {
    const rows = await report({ sequence: 'experiment-welcome' });
    // Wilson, z = 1.959964, z² = 3.841459: centre = (p + z²/2n) / (1 + z²/n), half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
    // n = 50: 1 + z²/n = 1.076829, z²/2n = 0.038415, z²/4n² = 0.000384.
    //   5/50, p = 0.10: centre = 0.138415 / 1.076829 = 0.128539, half = 1.959964 · √(0.0018 + 0.000384) / 1.076829 = 0.085063 → [4.35, 21.36] %.
    //   15/50, p = 0.30: centre = 0.338415 / 1.076829 = 0.314270, half = 1.959964 · √(0.0042 + 0.000384) / 1.076829 = 0.123234 → [19.10, 43.75] %.
    //   8/50, p = 0.16: centre = 0.198415 / 1.076829 = 0.184258, half = 1.959964 · √(0.002688 + 0.000384) / 1.076829 = 0.100884 → [8.34, 28.51] %.
    // discount against holdout: pooled p̄ = 20/100 = 0.2, expected conversions 50 · 0.2 = 10 ≥ 5 (non-conversions 40): the z-test.
    //   z = (0.30 − 0.10) / √(0.2 · 0.8 · (1/50 + 1/50)) = 0.2 / √0.0064 = 0.2 / 0.08 = 2.5;
    //   p = 2 · (1 − Φ(2.5)) = 2 · (1 − 0.993790) = 0.012419 → 0.0124 < 0.05: significant.
    // stories against holdout: p̄ = 13/100 = 0.13, expected 6.5 ≥ 5: z = 0.06 / √(0.13 · 0.87 · 0.04) = 0.06 / 0.067261 = 0.892052;
    //   p = 2 · (1 − Φ(0.892052)) = 2 · (1 − 0.813817) = 0.372366 → 0.3724: not significant.
    expect(rows).toEqual([
      { sequence: 'experiment-welcome', version: 'v1', split: '2', variant: 'holdout', entered: 50, converted: 5, conversion_pct: 10, ci_low_pct: 4.35, ci_high_pct: 21.36, ...baseline, note: 'baseline: the holdout' },
      { sequence: 'experiment-welcome', version: 'v1', split: '2', variant: 'discount', entered: 50, converted: 15, conversion_pct: 30, ci_low_pct: 19.1, ci_high_pct: 43.75, compared_with: 'holdout', difference_points: 20, test: 'z', z: 2.5, p_value: 0.0124, significant: 'yes', note: '' },
      { sequence: 'experiment-welcome', version: 'v1', split: '2', variant: 'stories', entered: 50, converted: 8, conversion_pct: 16, ci_low_pct: 8.34, ci_high_pct: 28.51, compared_with: 'holdout', difference_points: 6, test: 'z', z: 0.8921, p_value: 0.3724, significant: 'no', note: '' },
      // v2: p̄ = 3/8, expected conversions 4 · 3/8 = 1.5 < 5: Fisher's exact test. Margins: 4 and 4 runs, 3 conversions;
      // P(discount converts k) = C(4,k)·C(4,3−k) / C(8,3) = [4, 24, 24, 4] / 56 for k = 0…3. Observed k = 3 (4/56);
      // as or less likely: k = 0 and 3, p = 8/56 = 0.142857 → 0.1429, not significant however large the difference looks.
      // Wilson for 0/4: p = 0, 1 + z²/4 = 1.960365, centre = 0.480182 / 1.960365 = 0.244945, half = 1.959964 · √(0.060023) / 1.960365 = 0.244945 → [0, 48.99] %.
      // For 3/4: centre = 1.230182 / 1.960365 = 0.627527, half = 1.959964 · √(0.046875 + 0.060023) / 1.960365 = 0.326885 → [30.06, 95.44] %.
      { sequence: 'experiment-welcome', version: 'v2', split: '2', variant: 'holdout', entered: 4, converted: 0, conversion_pct: 0, ci_low_pct: 0, ci_high_pct: 48.99, ...baseline, note: 'baseline: the holdout' },
      { sequence: 'experiment-welcome', version: 'v2', split: '2', variant: 'discount', entered: 4, converted: 3, conversion_pct: 75, ci_low_pct: 30.06, ci_high_pct: 95.44, compared_with: 'holdout', difference_points: 75, test: 'fisher', z: null, p_value: 0.1429, significant: 'no', note: small },
    ]);
  });

  test('without a holdout the first variant by name is the baseline', async () => {
    const rows = await report({ sequence: 'ab-test' });
    // b (1 of 6) against a (3 of 6): p̄ = 4/12, expected 2 < 5: Fisher. P(b converts k) = C(6,k)·C(6,4−k) / C(12,4)
    // = [15, 120, 225, 120, 15] / 495; observed k = 1 (120/495); as or less likely: k = 0, 1, 3, 4 = 270/495 = 0.545455.
    expect(rows.map((row) => [row.variant, row.entered, row.converted, row.compared_with, row.difference_points, row.test, row.p_value, row.significant, row.note])).toEqual([
      ['a', 6, 3, null, null, null, null, null, 'baseline: the first variant by name (no holdout)'],
      ['b', 6, 1, 'a', -33.33, 'fisher', 0.5455, 'no', small],
    ]);
  });

  test('runs that started outside the range, or never reached a split, count nowhere; all sequences without a filter', async () => {
    const rows = await report();
    expect(rows.map((row) => [row.sequence, row.version, row.variant, row.entered])).toEqual([
      ['ab-test', 'v1', 'a', 6],
      ['ab-test', 'v1', 'b', 6],
      ['experiment-welcome', 'v1', 'holdout', 50],
      ['experiment-welcome', 'v1', 'discount', 50],
      ['experiment-welcome', 'v1', 'stories', 50],
      ['experiment-welcome', 'v2', 'holdout', 4],
      ['experiment-welcome', 'v2', 'discount', 4],
    ]);
    expect(await report({ from: '2026-11-03' })).toEqual([]);
  });
});
