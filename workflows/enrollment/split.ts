import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SplitStep } from '../../src/dsl/definition.js';
import { compute } from '../activities.js';
import { enrollmentMetrics } from '../metricsSink.js';
import { variantKey } from '../searchAttributes.js';
import { assignVariant, HOLDOUT } from '../variants.js';
import type { EnrollmentRun } from './run.js';
import { runSteps } from './steps.js';

/** Thrown (and caught by the workflow) when a holdout run's wait for the goal is over: it ends as completed. */
export class HoldoutFinished extends Error {}

/**
 * A split: the arm comes from customer, sequence and step alone (workflows/variants.ts), and is kept in
 * the run's state and timeline, the ledger, the PeygirVariant search attribute and the metrics. A variant runs its
 * steps and then the steps after the split; the holdout gets nothing and waits for the goal (or exit_on).
 */
export async function split(run: EnrollmentRun, step: SplitStep): Promise<void> {
  const { customerId, sequence } = run.input;
  const variant = assignVariant(step, { customerId, sequenceId: sequence.id, stepId: step.id });
  run.state.variants = { ...run.state.variants, [step.id]: variant };
  run.noteFact('enrollment.variant', { variant }, { occurrence: step.id });
  upsertSearchAttributes([{ key: variantKey, value: variant }]);
  enrollmentMetrics.variantAssigned(sequence.id, step.id, variant);
  const holdout = variant === HOLDOUT ? step.holdout : undefined;
  if (!holdout) {
    run.record(step, 'done', `variant ${variant}`);
    return runSteps(run, step.variants.find((candidate) => candidate.name === variant)?.steps ?? []);
  }
  run.record(step, 'done', HOLDOUT);
  const wake = await run.ledger.carry((ledger) => compute.wakeTime({ from: new Date(Date.now()).toISOString(), duration: holdout.for, timeZone: run.timeZone, ...ledger }));
  const goal = sequence.goal ? `goal ${sequence.goal.label}` : 'the end of the holdout';
  await run.waitUntil(Date.parse(wake.at), `holdout: nothing sent, wait for ${goal} until ${wake.display}`, `${goal} (holdout, until ${wake.display})`);
  run.record(step, 'timed_out', `holdout: ${goal} not reached by ${wake.display}`);
  throw new HoldoutFinished();
}
