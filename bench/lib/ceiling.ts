import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type InjectedSinks } from '@temporalio/worker';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';
import type { SleeperSinks } from './sleeperWorkflow.js';
import { closedLoop } from './load.js';
import { pollUntil } from './poll.js';
import { benchLog, startBenchTemporal } from './temporal.js';

export interface Ceiling {
  workflows: number;
  perSecond: number;
  /** Server CPU per workflow, in ms. */
  serverCpuMs: number;
}

/**
 * The machine's ceiling for "started and sleeping": the bare SDK starting workflows that do nothing
 * but start a timer (one workflow task each), on a fresh dev server of its own, with a default worker
 * in this process. No engine built on Temporal starts runs faster here; Peygir's rate is read against it.
 */
export async function bareStartCeiling(workflows: number, concurrency: number): Promise<Ceiling> {
  installTemporalRuntime(benchLog); // the SDK's worker logs through the bench's logger (errors only)
  const temporal = await startBenchTemporal();
  const connection = await NativeConnection.connect({ address: temporal.address });
  let asleep = 0;
  const sinks: InjectedSinks<SleeperSinks> = { bench: { asleep: { fn: () => void asleep++, callDuringReplay: false } } };
  const worker = await Worker.create({
    connection,
    taskQueue: 'ceiling',
    workflowsPath: fileURLToPath(new URL('./sleeperWorkflow.ts', import.meta.url)),
    sinks,
  });
  const running = worker.run();
  try {
    const cpuBefore = temporal.serverCpuSeconds();
    const started = performance.now();
    await closedLoop(workflows, concurrency, (index) => temporal.client.workflow.start('sleeper', { taskQueue: 'ceiling', workflowId: `sleeper-${index}` }));
    await pollUntil(async () => asleep >= workflows, 50, 10 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    return { workflows: asleep, perSecond: asleep / seconds, serverCpuMs: ((temporal.serverCpuSeconds() - cpuBefore) * 1000) / workflows };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await temporal.stop();
  }
}
