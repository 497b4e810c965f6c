import { patched } from '@temporalio/workflow';
import type { UpdateStep } from '../../src/dsl/definition.js';
import { compute } from '../activities.js';
import type { EnrollmentRun } from './run.js';

/**
 * `update.set` text is Liquid (README, validator, preview); runs from before this patch stored it
 * raw. With the marker the run asks an activity to render it (liquidjs stays out of workflows): one
 * more command, so a run replayed without the marker keeps storing the raw text. Retire with
 * deprecatePatch once no enrollment started before it can still be open.
 */
export const RENDER_UPDATE_SET = 'update-set-renders-liquid';

/** The values an `update` step sets, rendered where the run happens (the customer, event and trigger of now). */
export async function renderedSet(run: EnrollmentRun, step: UpdateStep): Promise<Record<string, unknown>> {
  const hasText = Object.values(step.set).some((value) => typeof value === 'string');
  if (!hasText || !patched(RENDER_UPDATE_SET)) return step.set;
  return run.ledger.carry((ledger) => compute.renderSetValues({ set: step.set, context: run.scope, ...ledger }));
}
