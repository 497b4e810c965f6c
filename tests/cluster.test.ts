import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localIdFor } from '../activities/channels/sms/sendOnce.js';
import { loadSequences } from '../src/dsl/load.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import { callTaskWorkflowId, enrollmentWorkflowId } from '../workflows/ids.js';
import { messageSteps } from './faults/fastSequences.js';
import { startClusterProcess, type ClusterProcess } from './support/clusterProcess.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/freePort.js';
import { fakeKavenegar, API_KEY as KAVENEGAR_KEY } from './support/kavenegarServer.js';
import { startProcess, type PeygirProcess } from './support/peygirProcess.js';
import { postgresUnavailable } from './support/postgresDatabase.js';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { testDataConverter, testLinks, testPayloadKeys, testWebhookSecret } from './support/stack.js';

/**
 * The cluster tier: `npm run cluster` (Temporal Server on PostgreSQL, built by globalSetup on first use),
 * 2 worker and 2 API processes of Peygir against it (PEYGIR_ROLE, the customer store in the cluster's
 * PostgreSQL), and customers through the post-purchase and escalation sequences, sending to a real local
 * SMTP server and a Kavenegar stand-in. The sequences are the fault run's copies of the shipped ones
 * (tests/faults/sequences: the same steps, waits in minutes, no quiet hours), so runs end in real time.
 */
interface Customer {
  id: string;
  sequence: 'post-purchase' | 'escalation';
  trigger: CustomerEvent;
  enrollmentId: string;
  /** Message keys it must get, each exactly once: `email:<step>`, `sms:<step>`, `call_task:<step>`. */
  expected: string[];
  endStatus: string;
}

const SEQUENCES_DIR = 'tests/faults/sequences';
const QUOTE = '1.otherwise.1';
const QUOTE_SMS_FIRST = '1.case1.1';

function customer(id: string, sequence: Customer['sequence'], expected: string[], endStatus: string, profile: Record<string, string> = {}): Customer {
  const trigger: CustomerEvent =
    sequence === 'escalation'
      ? { eventId: `quote-${id}`, type: 'quote_requested', customerId: id, customer: { email: `${id}@example.com`, name: `مشتری ${id}`, phone: '09121234567', ...profile }, data: { product: 'مبل', amount: 12_500_000 } }
      : { eventId: `delivery-${id}`, type: 'order_delivered', customerId: id, customer: { email: `${id}@example.com`, name: `مشتری ${id}`, phone: '09121234567', ...profile }, data: { product: 'کتری برقی' } };
  return { id, sequence, trigger, enrollmentId: enrollmentWorkflowId(sequence, id, trigger.eventId), expected, endStatus };
}

const customers = {
  promoter: customer('c-promoter', 'post-purchase', ['email:1', 'email:3', 'email:4.survey_answered.1.otherwise.1'], 'converted'),
  detractor: customer('c-detractor', 'post-purchase', ['email:1', 'email:3', 'call_task:4.survey_answered.1.case1.1'], 'converted'),
  unsubscribes: customer('c-unsubscribes', 'post-purchase', ['email:1'], 'exited'),
  opens: customer('c-opens', 'escalation', [`email:${QUOTE}.1`], 'completed'),
  prefersSms: customer('c-sms', 'escalation', [`sms:${QUOTE_SMS_FIRST}.1`], 'converted', { preferred_channel: 'sms' }),
  declines: customer('c-declines', 'escalation', [`email:${QUOTE}.1`], 'exited'),
};

/** The Message-ID of a step's email and the localid of its SMS, as the activities derive them from enrollment and step. */
const messageIdOf = (c: Customer, stepId: string): string => `<${`${c.enrollmentId}/${stepId}`.replace(/[^\w.-]+/g, '.')}@peygir>`;
const providerKeys = new Map<string, { customer: string; key: string }>();
for (const definition of await loadSequences(SEQUENCES_DIR)) {
  for (const c of Object.values(customers).filter((candidate) => candidate.sequence === definition.id)) {
    for (const { channel, stepId } of messageSteps(definition.steps)) {
      const message = { customer: c.id, key: `${channel}:${stepId}` };
      if (channel === 'email') providerKeys.set(`email:${messageIdOf(c, stepId)}`, message);
      if (channel === 'sms') providerKeys.set(`sms:${localIdFor('sms', `${c.enrollmentId}/${stepId}`)}`, message);
    }
  }
}

describe.skipIf(postgresUnavailable())('Peygir on a Temporal cluster: npm run cluster, 2 workers and 2 APIs', () => {
  const kavenegar = fakeKavenegar();
  let smtp: LocalSmtpServer;
  let cluster: ClusterProcess;
  const peygir: PeygirProcess[] = [];
  const apis: string[] = [];
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const kavenegarUrl = await kavenegar.start();
    const apiPorts = await Promise.all([freePort(), freePort()]);
    cluster = await startClusterProcess({ codecEndpoint: `http://127.0.0.1:${apiPorts[0]}/codec` });
    const { address, databaseUrl, folder } = cluster;
    const common = {
      TEMPORAL_ADDRESS: address,
      DATABASE_URL: databaseUrl,
      PEYGIR_SECRET: testLinks.secret,
      PUBLIC_BASE_URL: testLinks.publicBaseUrl,
      WEBHOOK_SECRET: testWebhookSecret,
      PAYLOAD_KEYS: testPayloadKeys,
      SMTP_URL: smtp.url,
      KAVENEGAR_API_KEY: KAVENEGAR_KEY,
      KAVENEGAR_BASE_URL: kavenegarUrl,
      SEQUENCES_DIR,
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    const started = await Promise.all([
      ...[0, 1].map(async (index) =>
        startProcess('src/main.ts', { ...common, PEYGIR_ROLE: 'worker', WORKER_METRICS_PORT: String(await freePort()), PEYGIR_DATA_DIR: join(folder, `worker-${index}`) }, 'Peygir is up', 180_000),
      ),
      ...apiPorts.map((port, index) =>
        startProcess('src/main.ts', { ...common, PEYGIR_ROLE: 'api', PORT: String(port), PEYGIR_DATA_DIR: join(folder, `api-${index}`) }, 'Peygir is up', 180_000),
      ),
    ]);
    peygir.push(...started);
    apis.push(...apiPorts.map((port) => `http://127.0.0.1:${port}`));
    connection = await Connection.connect({ address });
    client = new Client({ connection, dataConverter: testDataConverter });
  }, 300_000);

  afterAll(async () => {
    await connection?.close();
    await Promise.all(peygir.map((process) => process.stop('SIGKILL')));
    await cluster?.stop();
    await Promise.all([smtp?.close(), kavenegar.stop()]);
  });

  /** Posts an event through one of the two APIs (alternating), as a shop's webhook would. */
  let nextApi = 0;
  const post = async (event: CustomerEvent): Promise<void> => {
    const api = apis[nextApi++ % apis.length] ?? '';
    const response = await fetch(`${api}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(response.status, await response.text()).toBe(202);
  };
  const react = (c: Customer, type: string, data?: Record<string, unknown>): Promise<void> =>
    post({ eventId: `${type}-${c.id}`, type, customerId: c.id, ...(data ? { data } : {}) });
  /** Waits (up to 3 minutes: the post-purchase survey comes a minute after the delivery email) for a customer's message. */
  const received = (c: Customer, key: string): Promise<void> => eventually(() => expect(receivedKeys(c)).toContain(key), 1_800, 100);

  /** Every message the SMTP server and the Kavenegar stand-in accepted, as `customer` and `channel:step` (found by Message-ID and localid). */
  const delivered = (): { customer: string; key: string }[] => [
    ...smtp.messages.map((mail) => providerKeys.get(`email:${mail.messageId ?? ''}`) ?? { customer: '?', key: `email ${mail.messageId ?? ''}` }),
    ...kavenegar.requests
      .filter((request) => request.apiMethod === 'sms/send')
      .map((request) => providerKeys.get(`sms:${request.form.localid ?? ''}`) ?? { customer: '?', key: `sms ${request.form.localid ?? ''}` }),
  ];
  const receivedKeys = (c: Customer): string[] => delivered().filter((message) => message.customer === c.id).map((message) => message.key);

  it('runs the post-purchase and escalation sequences to their ends, every message exactly once', async () => {
    for (const c of Object.values(customers)) await post(c.trigger);

    const { promoter, detractor, unsubscribes, opens, prefersSms, declines } = customers;
    await Promise.all([
      (async () => {
        await received(opens, `email:${QUOTE}.1`);
        await react(opens, 'email_opened', { sequenceId: 'escalation' });
      })(),
      (async () => {
        await received(declines, `email:${QUOTE}.1`);
        await react(declines, 'quote_declined');
      })(),
      (async () => {
        await received(prefersSms, `sms:${QUOTE_SMS_FIRST}.1`);
        await react(prefersSms, 'quote_accepted');
      })(),
      (async () => {
        await received(unsubscribes, 'email:1');
        await react(unsubscribes, 'unsubscribed');
      })(),
      (async () => {
        await received(promoter, 'email:3');
        await react(promoter, 'survey_answered', { nps: 9 });
        await received(promoter, 'email:4.survey_answered.1.otherwise.1');
        await react(promoter, 'purchase');
      })(),
      (async () => {
        await received(detractor, 'email:3');
        await react(detractor, 'survey_answered', { nps: 3 });
        // The detractor's call task opens; an agent completes it through the other API.
        const taskId = callTaskWorkflowId(detractor.id, detractor.sequence, detractor.trigger.eventId, '4.survey_answered.1.case1.1');
        await eventually(async () => {
          const response = await fetch(`${apis[1]}/v1/call-tasks/${encodeURIComponent(taskId)}/complete`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ outcome: 'reached', agentId: 'agent-1', notes: 'apologised, sending a replacement' }),
          });
          expect(response.status, await response.text()).toBe(200);
        }, 600, 200);
        await react(detractor, 'purchase');
      })(),
    ]);

    for (const c of Object.values(customers)) {
      await eventually(async () => expect((await client.workflow.getHandle(c.enrollmentId).describe()).status.name).toBe('COMPLETED'), 600, 200);
      expect(await client.workflow.getHandle(c.enrollmentId).result(), c.id).toBe(c.endStatus);
      const callTasks: string[] = [];
      for await (const task of client.workflow.list({ query: `WorkflowType = 'callTaskWorkflow' AND PeygirCustomerId = '${c.id}'` })) {
        callTasks.push(`call_task:${task.workflowId.split('/').pop() ?? ''}`);
        expect((await client.workflow.getHandle(task.workflowId).describe()).status.name).toBe('COMPLETED');
      }
      // Each expected message once, nothing else (no second delivery, nothing after an unsubscribe).
      expect([...receivedKeys(c), ...callTasks].sort(), c.id).toEqual([...c.expected].sort());
    }
    expect(delivered().filter((message) => message.customer === '?')).toEqual([]);
  }, 600_000);

  it('keeps the customers in the store on the cluster’s PostgreSQL, read by either API', async () => {
    for (const api of apis) {
      const response = await fetch(`${api}/v1/customers/${customers.promoter.id}`);
      expect(await response.json()).toMatchObject({ profile: { email: `${customers.promoter.id}@example.com` } });
    }
  });

  it('stops on SIGTERM with nothing of the cluster left running', async () => {
    await Promise.all(peygir.map((process) => process.stop('SIGTERM')));
    const { children } = JSON.parse(readFileSync(join(cluster.folder, 'cluster.pid'), 'utf8')) as { children: number[] };
    const postmaster = Number(readFileSync(join(cluster.folder, 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(await cluster.process.stop('SIGTERM')).toBe(0);
    for (const pid of [...children, postmaster]) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  });
});

/** Running (an exited process its parent has not reaped yet, a zombie, is gone). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
