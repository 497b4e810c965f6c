import { isGrpcServiceError, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { lifecycleClockWorkflow } from '../../workflows/index.js';

/** The Temporal Schedule (and the workflow ID of each run) of the lifecycle clock. */
export const LIFECYCLE_SCHEDULE_ID = 'lifecycle-clock';

/**
 * Creates the lifecycle clock's Schedule when it is missing (every start of a worker or API process asks;
 * the first creates it, the others find it): every hour it runs workflows/lifecycleClock.ts, one run at a
 * time (an overlapping tick is skipped), catching up at most an hour after an outage. An existing Schedule
 * is left as ops may have changed it (paused, another interval). A server without Schedules (the Java
 * time-skipping test server) answers `unsupported`: events still change stages, time alone does not.
 */
export async function ensureLifecycleSchedule(client: Client, taskQueue: string): Promise<'created' | 'exists' | 'unsupported'> {
  try {
    await client.schedule.create({
      scheduleId: LIFECYCLE_SCHEDULE_ID,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: lifecycleClockWorkflow, workflowId: LIFECYCLE_SCHEDULE_ID, taskQueue, args: [], staticSummary: 'Lifecycle stages that time alone changes' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h' },
      state: { note: 'Peygir: customers due a stage change by time (README "Lifecycle and churn")' },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    if (hasNoSchedules(error)) return 'unsupported';
    throw error;
  }
}

const GRPC_UNIMPLEMENTED = 12;

function hasNoSchedules(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return isGrpcServiceError(cause) && cause.code === GRPC_UNIMPLEMENTED;
}
