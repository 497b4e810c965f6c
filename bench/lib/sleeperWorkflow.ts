import { proxySinks, sleep, type Sinks } from '@temporalio/workflow';

export interface SleeperSinks extends Sinks {
  bench: { asleep(): void };
}

const { bench } = proxySinks<SleeperSinks>();

/** The least a workflow can do before it sleeps: one workflow task that starts one timer. */
export async function sleeper(): Promise<void> {
  bench.asleep();
  await sleep('1 day');
}
