import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { callTaskQuery, stateQuery } from '../../workflows/index.js';
import type { FaultCluster } from './cluster.js';
import type { Ledger } from './ledger.js';
import type { RunOutcome } from './report.js';
import type { Customer } from './scenarios.js';

/** A run's history, for the post-mortem: test-artifacts/faults-histories/<workflow id>.json. */
export async function keepHistory(workflowId: string, history: unknown): Promise<void> {
  const file = join('test-artifacts', 'faults-histories', `${workflowId.replaceAll('/', '_')}.json`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(history, null, 1));
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function listAll(client: Client, query: string): Promise<WorkflowExecutionInfo[]> {
  const found: WorkflowExecutionInfo[] = [];
  for await (const execution of client.workflow.list({ query })) found.push(execution);
  return found;
}

/** Call tasks that reached agents: opened (the store allowed the call), whether claimed, completed or cancelled since. */
const OPENED = `PeygirStatus IN ('open', 'claimed', 'completed')`;

/**
 * Records a call task as delivered once, at the moment it opened (the task's own `openAt`; its start when
 * it cannot be asked). A task the run or the store withdrew before it opened never reached an agent.
 */
async function recordOpened(client: Client, ledger: Ledger, task: WorkflowExecutionInfo): Promise<void> {
  if (ledger.has('call_task', task.workflowId)) return;
  const openAt = await client.workflow.getHandle(task.workflowId).query(callTaskQuery).then(
    (state) => (state.openAt ? Date.parse(state.openAt) : undefined),
    () => undefined,
  );
  if (!ledger.has('call_task', task.workflowId)) ledger.record('call_task', task.workflowId, openAt ?? task.startTime.getTime());
}

/**
 * A call-center agent: finds open call tasks in Temporal visibility, as the console's list does, and
 * completes each through the API (`no_answer`), retrying like any API client. Every task it sees open
 * goes into the ledger as delivered (keyed by its workflow ID, at the moment it opened).
 */
export function callTaskAgent(client: Client, cluster: FaultCluster, ledger: Ledger) {
  const completed = new Set<string>();
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const running = await listAll(client, `WorkflowType = 'callTaskWorkflow' AND ExecutionStatus = 'Running' AND ${OPENED}`).catch(() => []);
      await Promise.all(running.map((task) => recordOpened(client, ledger, task)));
      await Promise.all(
        running
          .filter((task) => !completed.has(task.workflowId))
          .map(async (task) => {
            const response = await fetch(`${cluster.apiUrl()}/v1/call-tasks/${encodeURIComponent(task.workflowId)}/complete`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ outcome: 'no_answer', agentId: 'fault-run-agent' }),
              signal: AbortSignal.timeout(10_000),
            }).catch(() => undefined);
            if (response?.status === 200 || response?.status === 409) completed.add(task.workflowId);
            await response?.text();
          }),
      );
      await sleep(1_000);
    }
  };
  const finished = loop();
  return {
    completed,
    stop: () => void (stopped = true),
    finished,
  };
}

/** Records every call task that opened (also ones the agent never saw open). */
export async function recordCallTasks(client: Client, ledger: Ledger): Promise<void> {
  for (const task of await listAll(client, `WorkflowType = 'callTaskWorkflow' AND ${OPENED}`)) await recordOpened(client, ledger, task);
}

/**
 * Waits until every customer's enrollment has started and ended and no call task is open (the agent
 * completes them), or until nothing has started or ended for `stallMs` (a deadline by progress, not by
 * the clock: a slow machine only makes it later); then reads each run's final status. Runs still open
 * then are stuck (their histories go to test-artifacts/faults-histories/).
 */
export async function waitForEndStates(
  client: Client,
  customers: Customer[],
  stallMs: number,
  progress: (line: string) => void,
): Promise<RunOutcome> {
  let lastReport = 0;
  let lastProgressAt = Date.now();
  let before = '';
  for (;;) {
    const open = await listAll(client, `WorkflowType IN ('enrollmentWorkflow', 'callTaskWorkflow') AND ExecutionStatus = 'Running'`).catch(() => undefined);
    const started = await listAll(client, `WorkflowType = 'enrollmentWorkflow'`).catch(() => undefined);
    if (open?.length === 0 && (started?.length ?? 0) >= customers.length) break;
    const now = open && started ? `${started.length} started, ${open.length} open` : before; // a failed list is no news
    if (now !== before) [before, lastProgressAt] = [now, Date.now()];
    if (Date.now() - lastProgressAt > stallMs) {
      progress(`nothing started or ended for ${stallMs / 1000} s: giving up`);
      break;
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      progress(`${started?.length ?? '?'} enrollments started, ${open?.length ?? '?'} enrollments and call tasks still open`);
    }
    await sleep(1_000);
  }
  const byStatus: Record<string, number> = {};
  const stuck: string[] = [];
  const wrongEnd: string[] = [];
  await Promise.all(
    customers.map(async (customer) => {
      const handle = client.workflow.getHandle(customer.enrollmentId);
      const description = await handle.describe().catch(() => undefined);
      if (!description) {
        stuck.push(`${customer.enrollmentId}: never started`);
        return;
      }
      if (description.status.name !== 'COMPLETED') {
        await keepHistory(handle.workflowId, await handle.fetchHistory());
        const state = description.status.name === 'RUNNING' ? await handle.query(stateQuery).catch(() => undefined) : undefined;
        stuck.push(`${customer.enrollmentId} (${customer.scenario.name}): ${description.status.name}${state ? `, ${state.status} at step ${state.currentStep?.id ?? '?'} ${state.waitingFor ?? ''}` : ''}`);
        return;
      }
      const status = String(await handle.result());
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status !== customer.scenario.endStatus) wrongEnd.push(`${customer.enrollmentId} (${customer.scenario.name}): ${status}, expected ${customer.scenario.endStatus}`);
    }),
  );
  const tasks = await listAll(client, `WorkflowType = 'callTaskWorkflow'`);
  // Cancelled: the run withdrew it (the customer unsubscribed, converted or left), which ends a task too.
  const unended = tasks.filter((task) => task.status.name !== 'COMPLETED' && task.status.name !== 'CANCELLED');
  for (const task of unended) stuck.push(`${task.workflowId}: call task ${task.status.name}`);
  const completed = tasks.filter((task) => task.status.name === 'COMPLETED').length;
  return { enrollments: customers.length, byStatus, callTasks: tasks.length, callTasksCompleted: completed, stuck, wrongEnd };
}
