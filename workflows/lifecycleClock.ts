import { proxyActivities } from '@temporalio/workflow';
import type { PeygirActivities } from '../activities/index.js';
import { customerStoreOptions } from './customerStore.js';

const clock = proxyActivities<PeygirActivities>(customerStoreOptions);

/** Customers read per activity: a page, so one activity stays well inside its timeout. */
export const LIFECYCLE_PAGE = 200;

/**
 * The lifecycle clock (`lifecycle-clock`, started by the Temporal Schedule of the same name every hour):
 * the stage changes time alone makes (active → at_risk → churned passive, a payment not made in its
 * grace days, won_back → active). Page by page, the store finds the customers due (an indexed query),
 * updates them and keeps each change as an event; the changes, now in this run's history, are then
 * posted to the customers' contacts the way intake posts events (each once, by its ID: a retried
 * delivery is recognised). Ends when a page was not full.
 */
export async function lifecycleClockWorkflow(): Promise<{ changes: number }> {
  let changes = 0;
  for (;;) {
    const page = await clock.advanceLifecycles.executeWithOptions({ ...customerStoreOptions, summary: 'customers due a stage change' }, [LIFECYCLE_PAGE]);
    if (page.changes.length > 0) await clock.deliverLifecycleChanges.executeWithOptions({ ...customerStoreOptions, summary: `${page.changes.length} stage changes to contacts` }, [page.changes]);
    changes += page.changes.length;
    if (page.examined < LIFECYCLE_PAGE) return { changes };
  }
}
