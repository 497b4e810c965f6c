import { condition, defineSignal, ParentClosePolicy, proxySinks, setHandler, sleep, startChild, workflowInfo, type Sinks } from '@temporalio/workflow';

export interface SleeperSinks extends Sinks {
  bench: { asleep(): void };
}

const { bench } = proxySinks<SleeperSinks>();

/** The least a workflow can do before it sleeps: one workflow task that starts one timer. */
export async function sleeper(): Promise<void> {
  bench.asleep();
  await sleep('1 day');
}

export const customerEvent = defineSignal<[unknown]>('customerEvent');

/**
 * The least Temporal work of one Peygir enrollment: a customer's workflow, signalled-with-start by an
 * event, starts a child that sleeps (abandoned, as Peygir's enrollments are) and waits for more events.
 */
export async function contactLike(): Promise<void> {
  let events = 0;
  setHandler(customerEvent, () => void events++);
  await condition(() => events > 0);
  await startChild(sleeper, { workflowId: `${workflowInfo().workflowId}/enrollment`, parentClosePolicy: ParentClosePolicy.ABANDON });
  await condition(() => events > 1);
}
