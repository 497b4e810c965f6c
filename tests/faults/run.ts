import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { fakeKavenegar } from '../support/kavenegarServer.js';
import { freePort } from '../support/freePort.js';
import { startSmtpServer } from '../support/smtpServer.js';
import { callTaskAgent, keepHistory, recordCallTasks, waitForEndStates } from './agent.js';
import { FaultCluster } from './cluster.js';
import { eventClient } from './eventClient.js';
import { loadFastSequences, messageSteps } from './fastSequences.js';
import { FaultCounts, kavenegarFaultPlan, random, smtpFaultPlan } from './injectors.js';
import { Ledger } from './ledger.js';
import { resumePausedSends } from './ops.js';
import type { FaultSummary } from './report.js';
import { customers as makeCustomers, reactionEvent, type Customer, type MessageChannel } from './scenarios.js';
import type { FaultServers } from './servers.js';

export interface FaultRunOptions {
  seed: number;
  scale: number;
  /** Starts what Peygir runs on, its data in `folder` (servers.ts: the dev server, or the cluster). */
  servers: (folder: string) => Promise<FaultServers>;
  /** Worker processes and APIs (each killed or restarted in turn). */
  workers: number;
  apis: number;
  bundlePath: string;
  /** Minutes in the fault-run YAML become 60/factor seconds. */
  timeFactor: number;
  /** After the last fault, runs that have not reached their end state are stuck once none has ended for this long. */
  settleMs: number;
  /** Progress lines as they happen (they are also in the summary's `timeline`). */
  log?: (line: string) => void;
  /** The worker's workflow cache; 0 replays the whole history on every workflow task. */
  cachedWorkflows: number;
}

const SEQUENCES_DIR = 'tests/faults/sequences';
const WORKFLOW_TASK_QUEUE = proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW;
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
/** How long the store's PostgreSQL stays down: long enough for events to meet a 503 store_unavailable. */
const POSTGRES_DOWN_MS = 3_000;
const STORE_UNAVAILABLE = '503 store_unavailable';
/** The schedule waits for progress; after this long without a single message it goes on anyway. */
const STALLED_MS = 60_000;

/**
 * The fault run (issues 8, 14, 17): 200+ customers through the post-purchase and escalation sequences on
 * a real Temporal server (the dev server or the cluster), while workers are killed (also between a
 * provider's accept and the activity's completion), an API, the Temporal server and the store's
 * PostgreSQL restart, and the SMTP sink and the Kavenegar stub fail on purpose. Returns the ledger's
 * verdict and what was injected.
 */
export async function runFaults(options: FaultRunOptions): Promise<FaultSummary> {
  const startedAt = Date.now();
  const timeline: string[] = [];
  const log = (line: string): void => {
    timeline.push(line);
    options.log?.(line);
  };
  const next = random(options.seed);
  const counts = new FaultCounts();
  const definitions = await loadFastSequences(SEQUENCES_DIR, options.timeFactor);
  const customers = makeCustomers(options.scale);
  const stepsByChannel: Record<MessageChannel, { customer: Customer; stepId: string }[]> = { email: [], sms: [], call_task: [] };
  for (const customer of customers) {
    const definition = definitions.find((candidate) => candidate.id === customer.scenario.sequence);
    for (const { channel, stepId } of messageSteps(definition?.steps ?? [])) if (channel !== 'call') stepsByChannel[channel].push({ customer, stepId });
  }
  const ledger = new Ledger(customers, stepsByChannel);
  const bouncing = new Set(customers.filter((customer) => customer.scenario.bouncing).map((customer) => customer.email));
  const bounces = new Map<string, number>();
  const acceptedThenDropped = new Set<string>();

  // --- providers, with their fault plans ---------------------------------------------------------
  const peygir: { cluster?: FaultCluster } = {}; // the providers' hooks kill its worker
  let killAtNextEmail = false;
  let temporalRestartCheck = 'not run';
  let postgresRestartCheck = 'not run';
  let killAtNextSms = false;
  /** Kills the worker running the send whose provider just accepted (before the provider answers it). */
  const killInsideAccept = async (what: string, customer: Customer, activityType: string): Promise<void> => {
    counts.add(what);
    const pids = (await peygir.cluster?.killWorkerRunning(customer.enrollmentId, activityType)) ?? [];
    log(`${elapsed()} kill -9 worker ${pids.join(', ')} ${what.replace('worker kill -9 ', '')} (${customer.enrollmentId})`);
    void peygir.cluster?.respawnWorkers();
  };
  const smtpPlan = smtpFaultPlan(next, counts);
  const smtp = await startSmtpServer({
    faults(stage, details) {
      if (stage === 'rcpt' && bouncing.has(details.to)) {
        counts.add('SMTP 550 5.1.1 user unknown (hard bounce, named recipients)');
        bounces.set(details.to, (bounces.get(details.to) ?? 0) + 1);
        return { reply: 550, text: `5.1.1 <${details.to}>: user unknown` };
      }
      const fault = smtpPlan(stage, details);
      if (fault === 'accept-then-drop') acceptedThenDropped.add(details.mail?.messageId ?? '');
      return fault;
    },
    async onAccepted(mail) {
      const entry = ledger.record('email', mail.messageId ?? '');
      if (killAtNextEmail && entry.customer) {
        killAtNextEmail = false;
        await killInsideAccept('worker kill -9 between SMTP 250 and the activity completing', entry.customer, 'sendEmail');
      }
    },
  });
  let noCredit = false;
  const kavenegar = fakeKavenegar({ uniqueLocalIds: true });
  const kavenegarPlan = kavenegarFaultPlan(next, counts, () => noCredit);
  kavenegar.intercept = kavenegarPlan.intercept;
  kavenegar.afterAccept = async (form) => {
    const localId = form.localid ?? '';
    const entry = ledger.record('sms', localId);
    if (killAtNextSms && entry.customer) {
      killAtNextSms = false;
      await killInsideAccept('worker kill -9 between Kavenegar accept and the activity completing', entry.customer, 'sendSms');
    } else if (kavenegarPlan.takeSlow(localId)) {
      await sleep(2_600); // the worker's Kavenegar client gives up after 2 s (tests/support/stack.ts)
    }
  };
  const kavenegarUrl = await kavenegar.start();

  // --- Peygir: Temporal server and PostgreSQL, worker processes, APIs -----------------------------
  const dataDir = mkdtempSync(join(tmpdir(), 'peygir-faults-'));
  const elapsed = (): string => `[${((Date.now() - faultStart) / 1000).toFixed(1).padStart(5)} s]`;
  let faultStart = Date.now();
  const servers = await options.servers(dataDir).catch(async (error: unknown) => {
    await Promise.all([smtp.close(), kavenegar.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const apiPorts: number[] = [];
  for (let index = 0; index < options.apis; index++) apiPorts.push(await freePort());
  const cluster = new FaultCluster(
    servers,
    { taskQueue: 'peygir-faults', bundlePath: options.bundlePath, options: { smtpUrl: smtp.url, kavenegarUrl, definitions, inProcessWorker: false } },
    apiPorts,
    options.workers,
    SEQUENCES_DIR,
    (line) => log(`${elapsed()} ${line}`),
    options.cachedWorkflows,
  );
  peygir.cluster = cluster;
  try {
    await cluster.start();
    const client = cluster.client as Client;
    const api = eventClient(() => cluster.apiUrl());

    // --- customers: triggers, reactions to what reached them, an agent for call tasks -------------
    const reacted = new Set<string>();
    const clientProblems: string[] = [];
    const reactions: Promise<unknown>[] = [];
    ledger.onAccepted((entry) => {
      const customer = entry.customer;
      const reaction = customer?.scenario.reaction;
      if (!customer || !reaction || reaction.afterStepId !== entry.stepId || reacted.has(customer.id)) return;
      reacted.add(customer.id);
      reactions.push(
        sleep(200 + next() * 600)
          .then(() => {
            const postedAt = Date.now();
            return api.post(reactionEvent(customer, reaction)).then((ackedAt) => {
              if (ackedAt - postedAt > 5_000) log(`${elapsed()} ${customer.id}: ${reaction.type} took ${ackedAt - postedAt} ms to be accepted`);
              return ackedAt;
            });
          })
          .then((ackedAt) => {
            if (reaction.type === 'unsubscribed') ledger.unsubscribedAt.set(customer.id, ackedAt);
          })
          .catch((error: unknown) => clientProblems.push(`${customer.id}: ${reaction.type} never accepted: ${String(error)}`)),
      );
    });
    const agent = callTaskAgent(client, cluster, ledger);

    faultStart = Date.now();
    log(
      `fault run: ${customers.length} customers, seed ${options.seed}, 1m in the YAML = ${60 / options.timeFactor} s; ` +
        `${servers.temporalName}, ${options.workers} worker(s), ${options.apis} API(s), store ${servers.databaseUrl ? 'PostgreSQL (shared)' : `in memory per process (${servers.postgresMissing})`}`,
    );
    const triggers = postSpread(
      customers.map((customer) => () => api.post(customer.triggerEvent).catch((error: unknown) => clientProblems.push(`${customer.id}: trigger never accepted: ${String(error)}`))),
      8,
      12_000,
    );

    // --- the fault schedule: by the run's progress (messages delivered of those expected, jittered by the
    // seed), not by the clock, so on a slow or loaded machine the faults still fall while work flows -----
    const expectedMessages = customers.reduce((sum, customer) => sum + customer.scenario.expected.length, 0);
    const at = (from: number, to: number): number => Math.round((from + next() * (to - from)) * expectedMessages);
    const until = async (messages: number): Promise<void> => {
      let seen = ledger.accepted.length;
      let movedAt = Date.now();
      while (ledger.accepted.length < messages) {
        if (ledger.accepted.length !== seen) [seen, movedAt] = [ledger.accepted.length, Date.now()];
        if (Date.now() - movedAt > STALLED_MS) return log(`${elapsed()} no message for ${STALLED_MS / 1000} s at ${seen}/${expectedMessages}: the next fault goes in now`);
        await sleep(200);
      }
    };
    const schedule: [number, string, () => Promise<void>][] = [
      [at(0.03, 0.08), 'worker kill -9 (random moment)', () => cluster.killWorker()],
      [at(0.1, 0.13), 'API restart', () => cluster.restartApi()],
      [at(0.14, 0.17), 'worker kill -9 between SMTP 250 and the activity completing (armed)', async () => void (killAtNextEmail = true)],
      [at(0.2, 0.25), 'worker kill -9 (random moment)', () => cluster.killWorker()],
      [at(0.27, 0.3), 'Kavenegar account out of credit (418) for 7 s', async () => {
        noCredit = true;
        await sleep(7_000);
        noCredit = false;
        log(`${elapsed()} Kavenegar credit topped up; ops retry paused sends`);
        await resumePausedSends(client, ledger, kavenegarPlan.noCreditLocalIds, counts, log);
      }],
      [at(0.33, 0.37), 'worker kill -9 between Kavenegar accept and the activity completing (armed)', async () => void (killAtNextSms = true)],
      [at(0.4, 0.45), `${servers.temporalName} restart`, async () => {
        const workersBefore = cluster.workerPids;
        const { downMs } = await cluster.restartTemporal();
        log(`${elapsed()} ${servers.temporalName} back after ${downMs} ms`);
        // The workers are not restarted: their connections (the SDK's Rust core) come back by themselves. The
        // restarted server knows only pollers that polled it since it came back.
        const backAt = Date.now();
        const polling = await workersPollAgain(client, 'peygir-faults', workersBefore, 60_000);
        temporalRestartCheck =
          polling && workersBefore.every((pid) => cluster.workerPids.includes(pid))
            ? `the same worker(s) (pid ${workersBefore.join(', ')}) polled the restarted server ${Date.now() - backAt} ms after it came back`
            : `worker(s) ${workersBefore.join(', ')} did not all poll the restarted server within 60 s`;
        log(`${elapsed()} ${temporalRestartCheck}`);
      }],
      ...(servers.databaseUrl
        ? [[at(0.5, 0.55), `PostgreSQL restart (${servers.postgresHolds}; down ≥ ${POSTGRES_DOWN_MS / 1000} s)`, async () => {
            const retriesBefore = api.stats.retryCauses[STORE_UNAVAILABLE] ?? 0;
            const { downMs } = await cluster.restartPostgres(POSTGRES_DOWN_MS);
            log(`${elapsed()} PostgreSQL back after ${downMs} ms`);
            postgresRestartCheck = `down ${downMs} ms; nothing of Peygir restarted; ${(api.stats.retryCauses[STORE_UNAVAILABLE] ?? 0) - retriesBefore} event(s) answered 503 store_unavailable meanwhile, each posted again with the same eventId until 202`;
          }] satisfies [number, string, () => Promise<void>]]
        : []),
      [at(0.6, 0.7), 'worker kill -9 (random moment)', () => cluster.killWorker()],
    ];
    schedule.sort((a, b) => a[0] - b[0]);
    for (const [messages, name, inject] of schedule) {
      await until(messages);
      log(`${elapsed()} ${name} (${ledger.accepted.length}/${expectedMessages} messages)`);
      await inject();
      if (!name.endsWith('(armed)') && !name.startsWith('Kavenegar')) counts.add(name);
    }
    await triggers;
    const faultPhaseMs = Date.now() - faultStart;

    // --- every run must reach its end state --------------------------------------------------------
    const runs = await waitForEndStates(client, customers, options.settleMs, (line) => log(`${elapsed()} ${line}`));
    await Promise.all(reactions);
    agent.stop();
    await agent.finished;
    const untilAllEnded = Date.now() - faultStart;
    await recordCallTasks(client, ledger);
    const verdict = ledger.result(new Set(customers.flatMap((customer) => (customer.scenario.refused ?? []).filter(() => bounces.has(customer.email)).map((message) => ledger.keyFor(message.channel, customer, message.stepId)))));
    // The histories of every customer with a problem (enrollment and contact), for the post-mortem.
    const troubled = customers.filter((customer) => verdict.problems.some((problem) => problem.startsWith(`${customer.id}`)));
    for (const customer of troubled.slice(0, 10)) {
      for (const workflowId of [customer.enrollmentId, `contact/${customer.id}`]) {
        await keepHistory(workflowId, await client.workflow.getHandle(workflowId).fetchHistory()).catch(() => undefined);
      }
    }
    const resent = ledger.resentKeys('email');
    const explainedByDrop = resent.filter((messageId) => acceptedThenDropped.has(messageId)).length;
    const repeatedBounces = [...bounces.entries()].filter(([, count]) => count > 1);
    const injected = Object.fromEntries([...counts.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return {
      seed: options.seed,
      timeline,
      customers: customers.length,
      bySequence: countBy(customers.map((customer) => customer.scenario.sequence)),
      durationsMs: { faultPhase: faultPhaseMs, untilAllEnded, total: Date.now() - startedAt },
      injected,
      checks: {
        [`workers across the ${servers.temporalName} restart`]: temporalRestartCheck,
        'PostgreSQL restart': servers.databaseUrl ? postgresRestartCheck : `not run: ${servers.postgresMissing}`,
        'email after a hard bounce': repeatedBounces.length === 0 ? 'never attempted again' : `attempted again for ${repeatedBounces.length} address(es)`,
        'same Message-ID again': `${resent.length} message(s): ${explainedByDrop} after the sink dropped the connection instead of the 250, ${resent.length - explainedByDrop} after a worker kill or server restart between the 250 and the activity's heartbeat`,
        'sends paused by 418': `${counts.get('Kavenegar 418: paused, next retry in 30 min (as documented)')} paused for 30 min as documented, resumed by ops`,
      },
      messages: { ...verdict.perChannel, total: verdict.total },
      runs,
      client: api.stats,
      problems: [...clientProblems, ...verdict.problems, ...runs.stuck.map((line) => `stuck: ${line}`), ...runs.wrongEnd.map((line) => `wrong end state: ${line}`)],
    };
  } finally {
    await cluster.close().catch((error: unknown) => log(`closing the cluster: ${String(error)}`));
    await Promise.all([smtp.close(), kavenegar.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Whether every worker with these pids (the SDK's default identity is `<pid>@<host>`) polls the workflow task queue. */
async function workersPollAgain(client: Client, taskQueue: string, pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { pollers } = await client.workflowService
      .describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: WORKFLOW_TASK_QUEUE })
      .catch(() => ({ pollers: [] }));
    if (pids.every((pid) => (pollers ?? []).some((poller) => poller.identity?.startsWith(`${pid}@`)))) return true;
    await sleep(200);
  }
  return false;
}

/** Runs `tasks` with at most `parallel` in flight, started evenly over `spreadMs`. */
async function postSpread(tasks: (() => Promise<unknown>)[], parallel: number, spreadMs: number): Promise<void> {
  const gap = spreadMs / Math.max(1, tasks.length);
  let index = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const current = index++;
      const task = tasks[current];
      if (!task) return;
      const due = current * gap;
      await sleep(Math.max(0, due - (Date.now() - started)));
      await task();
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: parallel }, lane));
}

function countBy(values: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const value of values) result[value] = (result[value] ?? 0) + 1;
  return result;
}
