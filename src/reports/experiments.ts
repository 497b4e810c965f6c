import { HOLDOUT } from '../../workflows/variants.js';
import { enrollmentHistories } from './enrollments.js';
import type { Report, ReportRow } from './report.js';
import { fisherExact, largeEnoughForZ, MIN_EXPECTED, twoProportionZ, wilsonInterval, type Proportion } from './significance.js';
import { percent, round } from './stats.js';

/** The significance level the `significant` column answers for. */
const ALPHA = 0.05;

interface Arm extends Proportion {
  sequence: string;
  version: string;
  split: string;
  variant: string;
}

const pct = (fraction: number | undefined): number | null => (fraction === undefined ? null : round(fraction * 100));

/**
 * Per sequence, version and split step, one row per arm (the holdout included), over the runs that started in
 * the range and were assigned an arm (`enrollment.variant`): entered, converted (the run ended by reaching the goal,
 * whenever), the conversion rate with its 95% Wilson interval, and the arm against the baseline — the holdout, or
 * without one the first variant by name: the difference in percentage points and a two-sided test. The test is the
 * two-proportion z-test (pooled) when every expected count is at least 5, else Fisher's exact test; `significant`
 * is p < 0.05. Statistics in significance.ts.
 */
export const experimentsReport: Report = {
  name: 'experiments',
  summary: 'Per split arm (holdout included): entered, converted, conversion % with its 95% interval, and a significance test against the holdout',
  columns: [
    'sequence', 'version', 'split', 'variant', 'entered', 'converted', 'conversion_pct', 'ci_low_pct', 'ci_high_pct',
    'compared_with', 'difference_points', 'test', 'z', 'p_value', 'significant', 'note',
  ],
  async run(db, query) {
    // Per experiment (sequence, version, split), its arms by name.
    const experiments = new Map<string, Map<string, Arm>>();
    for (const run of await enrollmentHistories(db, query)) {
      for (const [split, variant] of run.variants) {
        const id = JSON.stringify([run.sequenceId, run.version, split]);
        const experiment = experiments.get(id) ?? new Map<string, Arm>();
        const arm = experiment.get(variant) ?? { sequence: run.sequenceId, version: run.version, split, variant, entered: 0, converted: 0 };
        arm.entered += 1;
        if (run.ended?.ending === 'converted') arm.converted += 1;
        experiments.set(id, experiment.set(variant, arm));
      }
    }
    return [...experiments.keys()].sort().flatMap((experiment): ReportRow[] => {
      const byName = [...(experiments.get(experiment)?.values() ?? [])].sort((a, b) => a.variant.localeCompare(b.variant));
      const baseline = byName.find((arm) => arm.variant === HOLDOUT) ?? byName[0];
      if (!baseline) return [];
      return [baseline, ...byName.filter((arm) => arm !== baseline)].map((arm) => {
        const interval = wilsonInterval(arm);
        const row = {
          sequence: arm.sequence, version: arm.version, split: arm.split, variant: arm.variant,
          entered: arm.entered, converted: arm.converted, conversion_pct: percent(arm.converted, arm.entered),
          ci_low_pct: pct(interval?.low), ci_high_pct: pct(interval?.high),
        };
        const against = baseline.variant === HOLDOUT ? 'the holdout' : 'the first variant by name (no holdout)';
        if (arm === baseline) return { ...row, compared_with: null, difference_points: null, test: null, z: null, p_value: null, significant: null, note: `baseline: ${against}` };
        const difference = round((arm.converted / arm.entered - baseline.converted / baseline.entered) * 100);
        const zTest = largeEnoughForZ(arm, baseline) ? twoProportionZ(arm, baseline) : undefined;
        const p = zTest ? zTest.p : fisherExact(arm, baseline);
        return {
          ...row,
          compared_with: baseline.variant,
          difference_points: difference,
          test: zTest ? 'z' : 'fisher',
          z: zTest ? round(zTest.z, 4) : null,
          p_value: round(p, 4),
          significant: p < ALPHA ? 'yes' : 'no',
          note: zTest ? '' : `small sample: an expected count below ${MIN_EXPECTED}, so Fisher's exact test`,
        };
      });
    });
  },
};
