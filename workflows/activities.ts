import { proxyActivities } from '@temporalio/workflow';
import type { PeygirActivities } from '../activities/index.js';

/**
 * Quick computations in the worker's own memory (time maths, rendering, the loaded sequences, the
 * caps): short timeouts, retried quickly. They stay activity tasks: as local activities they saved
 * round trips, but on the Java test server the tests run on they stalled or hung workflow tasks now
 * and then (SDK 1.24, test server 1.38; still the newest on Maven Central on 2026-12-03, when a run with
 * a local activity and a timer still hung or timed out its tasks there). The hops before a first send
 * are cut otherwise: workflows/triggerSnapshot.ts, workflows/enrollment/sendSlot.ts.
 */
export const compute = proxyActivities<PeygirActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

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
