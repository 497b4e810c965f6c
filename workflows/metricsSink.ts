import { proxySinks, type Sinks } from '@temporalio/workflow';

/**
 * How an enrollment ended: ran to its last step, reached its goal, an `unsubscribed` event (in
 * `exit_on`), another `exit_on` event, an `exit` step, cancelled (ops or a Temporal cancel), or failed.
 */
export type EnrollmentEnding = 'completed' | 'converted' | 'unsubscribed' | 'exit_on' | 'exit_step' | 'cancelled' | 'failed';

/** Why the contact could not start an enrollment: another run holds its ID, or the ID is longer than Temporal takes. */
export type NotStartedReason = 'id_taken' | 'id_too_long';

/**
 * What enrollments report to the worker's Prometheus registry (src/metrics/workflowSinks.ts). A sink
 * call adds nothing to the history and is skipped while the worker replays history, so each
 * transition is counted once, when it happens.
 */
export interface EnrollmentMetricsSinks extends Sinks {
  enrollmentMetrics: {
    started(sequence: string): void;
    stepReached(sequence: string, step: string): void;
    /** A step failed and the run waits for ops (status failed). */
    stepFailed(sequence: string, step: string): void;
    ended(sequence: string, ending: EnrollmentEnding): void;
    /** The contact could not start an enrollment that its trigger, `where` and re-entry rule allowed. */
    notStarted(sequence: string, reason: NotStartedReason): void;
    /** A run reached a split and got this arm (a variant's name or `holdout`). */
    variantAssigned(sequence: string, step: string, variant: string): void;
    /** A run that got this arm at a split ended (with the same endings as `ended`). */
    variantEnded(sequence: string, step: string, variant: string, ending: EnrollmentEnding): void;
    /** A call task exists, `seconds` after the event the run reacted to. */
    callTaskCreated(sequence: string, seconds: number): void;
  };
}

export const { enrollmentMetrics } = proxySinks<EnrollmentMetricsSinks>();
