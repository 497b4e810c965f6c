import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { PeygirActivities } from '../activities/index.js';

/** Runs recorded before the quick computations became local activities replay them as activity tasks. */
export const LOCAL_COMPUTE = 'compute-in-local-activities';

const computeOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;

const onTaskQueue = proxyActivities<PeygirActivities>(computeOptions);
const inWorkflowTask = proxyLocalActivities<PeygirActivities>(computeOptions);

/**
 * Quick computations in the worker's own memory (time maths, rendering, the loaded sequences, the
 * caps), as local activities: the worker runs them inside the workflow task and records the result
 * as a marker, which saves a task-queue round trip (three history events and a workflow task) each.
 * Short timeouts, retried quickly.
 */
export const compute = (): typeof onTaskQueue => (patched(LOCAL_COMPUTE) ? inWorkflowTask : onTaskQueue);

/**
 * Talking to providers (SMTP, Kavenegar, CRMs). Retries with backoff for as long as a provider needs
 * (an outage or an empty SMS account must delay messages, not lose them); permanent failures are
 * non-retryable ApplicationFailures raised by the activities themselves.
 */
export const providerOptions = {
  // Longer than any one provider call may take (SMTP socket 30 s, Kavenegar 10 s), short enough that
  // a send on a worker that died is retried elsewhere within seconds.
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
} as const;

export const providers = proxyActivities<PeygirActivities>(providerOptions);
