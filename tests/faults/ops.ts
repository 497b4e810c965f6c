import type { Client } from '@temporalio/client';
import type { FaultCounts } from './injectors.js';
import type { Ledger } from './ledger.js';

const PAUSED_TYPE = 'KavenegarPaused';

/**
 * What ops do once the Kavenegar account has credit again: the documented behaviour of a 418 is a
 * paused send (an error log, a retry every 30 minutes, nothing lost). Each send that got a 418 is
 * found as its enrollment's pending `sendSms` activity; that it waits ~30 minutes is checked, and it is
 * reset (Temporal's ResetActivity) so it retries now instead of in half an hour.
 */
export async function resumePausedSends(client: Client, ledger: Ledger, localIds: Set<string>, counts: FaultCounts, log: (line: string) => void): Promise<void> {
  const workflowIds = new Set<string>();
  for (const localId of localIds) {
    const owner = ledger.lookup('sms', localId);
    if (owner) workflowIds.add(owner.customer.enrollmentId);
  }
  await Promise.all(
    [...workflowIds].map(async (workflowId) => {
      // The failure is recorded once the worker reports it; a killed worker's attempt times out instead.
      for (let attempt = 0; attempt < 20; attempt++) {
        const description = await client.workflow.getHandle(workflowId).describe();
        const paused = description.raw.pendingActivities?.find(
          (activity) => activity.activityType?.name === 'sendSms' && activity.lastFailure?.applicationFailureInfo?.type === PAUSED_TYPE,
        );
        if (paused) {
          const nextAttemptInMs = Number(paused.nextAttemptScheduleTime?.seconds ?? 0) * 1000 - Date.now();
          if (nextAttemptInMs > 25 * 60_000) counts.add('Kavenegar 418: paused, next retry in 30 min (as documented)');
          else log(`${workflowId}: paused send retries in ${Math.round(nextAttemptInMs / 1000)} s, not ~30 min`);
          await client.workflowService.resetActivity({ namespace: client.options.namespace, execution: { workflowId }, id: paused.activityId ?? '', identity: 'fault-run ops' });
          return;
        }
        if (!description.raw.pendingActivities?.some((activity) => activity.activityType?.name === 'sendSms')) return; // already past it
        await new Promise((done) => setTimeout(done, 500));
      }
    }),
  );
}
