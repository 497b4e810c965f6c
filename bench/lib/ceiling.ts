import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type InjectedSinks } from '@temporalio/worker';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';
import type { SleeperSinks } from './sleeperWorkflow.js';
import { customerEventSignal } from '../../workflows/protocol.js';
import { purchaseEvent } from './events.js';
import { closedLoop } from './load.js';
import { pollUntil } from './poll.js';
import { benchLog, type BenchServer } from './temporal.js';

export interface Ceiling {
  enrollments: number;
  perSecond: number;
  /** Server CPU per enrollment, in ms. */
  serverCpuMs: number;
}

/**
 * The fair ceiling for starting enrollments: the bare SDK doing exactly Peygir's Temporal calls for one
 * (signalWithStart of a customer's workflow, which starts a child that sleeps: bench/lib/sleeperWorkflow.ts),
 * on the same server as Peygir's run, with a default worker in this process. No engine that keeps a
 * workflow per customer and one per enrollment starts them faster on this server.
 */
export async function bareEnrollmentCeiling(server: BenchServer, enrollments: number, concurrency: number): Promise<Ceiling> {
  installTemporalRuntime(benchLog); // the SDK's worker logs through the bench's logger (errors only)
  const connection = await NativeConnection.connect({ address: server.address });
  let asleep = 0;
  const sinks: InjectedSinks<SleeperSinks> = { bench: { asleep: { fn: () => void asleep++, callDuringReplay: false } } };
  const worker = await Worker.create({
    connection,
    namespace: server.namespace,
    taskQueue: 'ceiling',
    workflowsPath: fileURLToPath(new URL('./sleeperWorkflow.ts', import.meta.url)),
    sinks,
  });
  const running = worker.run();
  // Plain payloads, as the bare SDK sends them (the bench's worker here has no codec).
  const client = new Client({ connection: server.client.connection, namespace: server.namespace });
  try {
    const cpuBefore = server.serverCpuSeconds();
    const started = performance.now();
    await closedLoop(enrollments, concurrency, (index) =>
      client.workflow.signalWithStart('contactLike', { taskQueue: 'ceiling', workflowId: `ceiling-contact-${index}`, signal: customerEventSignal, signalArgs: [purchaseEvent(`ceiling-${index}`)] }),
    );
    await pollUntil(async () => asleep >= enrollments, 50, 30 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    return { enrollments: asleep, perSecond: asleep / seconds, serverCpuMs: ((server.serverCpuSeconds() - cpuBefore) * 1000) / enrollments };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}
