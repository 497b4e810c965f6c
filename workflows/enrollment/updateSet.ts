import { patched } from '@temporalio/workflow';
import type { UpdateStep } from '../../src/dsl/definition.js';
import { compute } from '../activities.js';
import { patches } from '../patches.js';
import type { EnrollmentRun } from './run.js';

/**
 * The values an `update` step sets, rendered where the run happens (the customer, event and trigger of
 * now) by an activity (liquidjs stays out of workflows); runs from before the patch store them raw.
 */
export async function renderedSet(run: EnrollmentRun, step: UpdateStep): Promise<Record<string, unknown>> {
  const hasText = Object.values(step.set).some((value) => typeof value === 'string');
  if (!hasText || !patched(patches.updateSetRendersLiquid)) return step.set;
  return run.ledger.carry((ledger) => compute.renderSetValues({ set: step.set, context: run.scope, ...ledger }));
}
