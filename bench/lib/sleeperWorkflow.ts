import { condition, ParentClosePolicy, proxySinks, setHandler, sleep, startChild, workflowInfo, type Sinks } from '@temporalio/workflow';

export interface SleeperSinks extends Sinks {
  bench: { asleep(): void };
}

import { customerEventSignal } from '../../workflows/protocol.js';

const { bench } = proxySinks<SleeperSinks>();

/** The least a workflow can do before it sleeps: one workflow task that starts one timer. */
export async function sleeper(): Promise<void> {
  bench.asleep();
  await sleep('1 day');
}

/**
 * The least Temporal work of one Peygir enrollment: a customer's workflow, signalled-with-start by an
 * event (Peygir's own `customer_event` signal), starts a child that sleeps (abandoned, as Peygir's enrollments are) and waits for more events.
 */
export async function contactLike(): Promise<void> {
  let events = 0;
  setHandler(customerEventSignal, () => void events++);
  await condition(() => events > 0);
  await startChild(sleeper, { workflowId: `${workflowInfo().workflowId}/enrollment`, parentClosePolicy: ParentClosePolicy.ABANDON });
  await condition(() => events > 1);
}
