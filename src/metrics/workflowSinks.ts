import type { InjectedSinks } from '@temporalio/worker';
import type { EnrollmentMetricsSinks } from '../../workflows/metricsSink.js';
import type { Metrics } from './registry.js';

/**
 * The worker's side of the enrollments' metrics sink: counts into Peygir's registry. Without a registry
 * (some tests) the calls are taken and dropped, so the worker does not log them as unregistered.
 * `callDuringReplay` stays false: replaying history (every task when the workflow cache is off) counts nothing.
 */
export function enrollmentMetricsSinks(metrics: Metrics | undefined): InjectedSinks<EnrollmentMetricsSinks> {
  return {
    enrollmentMetrics: {
      started: { fn: (_workflow, sequence) => void metrics?.enrollmentsStarted.inc({ sequence }) },
      stepReached: { fn: (_workflow, sequence, step) => void metrics?.stepsReached.inc({ sequence, step }) },
      stepFailed: { fn: (_workflow, sequence, step) => void metrics?.stepsFailed.inc({ sequence, step }) },
      ended: {
        fn: (_workflow, sequence, ending) => {
          metrics?.enrollmentsExited.inc({ sequence, reason: ending });
          if (ending === 'converted') metrics?.enrollmentsConverted.inc({ sequence });
        },
      },
      notStarted: { fn: (_workflow, sequence, reason) => void metrics?.enrollmentsNotStarted.inc({ sequence, reason }) },
      variantAssigned: { fn: (_workflow, sequence, step, variant) => void metrics?.splitAssignments.inc({ sequence, step, variant }) },
      variantEnded: { fn: (_workflow, sequence, step, variant, ending) => void metrics?.splitEndings.inc({ sequence, step, variant, reason: ending }) },
      callTaskCreated: { fn: (_workflow, sequence, seconds) => void metrics?.timeToReact.observe({ sequence }, Math.max(0, seconds)) },
    },
  };
}
