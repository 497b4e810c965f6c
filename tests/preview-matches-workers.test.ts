import { readFileSync } from 'node:fs';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import { loadSequences } from '../src/dsl/load.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import { snapshotRuns, type RunsSnapshot } from '../src/preview/drive.js';
import { formatPreview, previewLines } from '../src/preview/format.js';
import { previewRun, startPreviewServer, type PreviewReport } from '../src/preview/preview.js';
import { eventScriptSchema, previewCustomerSchema, type EventScript, type PreviewCustomer } from '../src/preview/script.js';
import type { Store } from '../src/store/store.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { apiDeps, silentLog, startTestWorker, testDataConverter, testLinks, type TestWorker } from './support/stack.js';
import { openTestStore } from './support/testStore.js';
import { assignVariant, HOLDOUT } from '../workflows/variants.js';

/**
 * The preview is the workers' own code with recording channels. This checks it against the workers as
 * they run in production: for every shipped sequence and its sample events, a real stack (events through
 * the API, the store, a worker with real SMTP and Kavenegar servers) lives through the same events on the
 * same time-skipping server, in step with the preview, and both must agree on messages, times, branches
 * and the end state. Each sequence gets a server of its own, its clock started at the sample's start
 * (runs left open by one sequence, a call task, an SMS delivery check, cannot hold another's clock).
 */
const sequences = await loadSequences('sequences');
const SAMPLE_CUSTOMER: Record<string, string> = { escalation: 'anna', 'win-back': 'anna' };

let smtp: LocalSmtpServer;
const kavenegar = fakeKavenegar();
let kavenegarUrl: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  kavenegarUrl = await kavenegar.start();
});

afterAll(async () => {
  await Promise.all([smtp?.close(), kavenegar.stop()]);
});

let runs = 0;
/** The sequence's sample customer and events; a customer of its own per run, as runs share the server. */
const sample = (id: string): { customer: PreviewCustomer; script: EventScript } => ({
  customer: {
    ...previewCustomerSchema.parse(JSON.parse(readFileSync(`sequences/samples/${SAMPLE_CUSTOMER[id] ?? 'sara'}.json`, 'utf8'))),
    customerId: `sample-${id}-${++runs}`,
  },
  script: eventScriptSchema.parse(parseYaml(readFileSync(`sequences/samples/${id}.events.yaml`, 'utf8'))),
});

/** A real stack for one sequence on the preview's server: the API, a store, a worker with real SMTP and Kavenegar. */
async function realStack(env: TestWorkflowEnvironment, client: Client, definition: SequenceDefinition): Promise<{ api: FastifyInstance; store: Store; worker: TestWorker }> {
  const taskQueue = `real-${definition.id}-${Math.random().toString(36).slice(2)}`;
  const store = await openTestStore();
  const setup = {
    address: env.address,
    namespace: env.namespace ?? 'default',
    taskQueue,
    bundlePath: inject('workflowBundlePath'),
    options: { smtpUrl: smtp.url, kavenegarUrl, definitions: [definition] },
  };
  const worker = await startTestWorker(env.nativeConnection, setup, store);
  const api = await buildApi(apiDeps({ client, taskQueue, store, sequences: new SequenceRegistry('sequences'), links: testLinks }), silentLog);
  return { api, store, worker };
}

/**
 * The real run's customer: a `split` deals arms by customer ID, so it is the first of `<id>-real`, `<id>-real-2`, …
 * that every split of the sequence deals the same arm as the preview's customer.
 */
function realCustomerFor(definition: SequenceDefinition, previewId: string): string {
  const splits = definition.steps.filter((step) => step.kind === 'split');
  const arms = (customerId: string) => splits.map((split) => assignVariant(split, { customerId, sequenceId: definition.id, stepId: split.id }));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${previewId}-real` : `${previewId}-real-${n}`;
    if (arms(candidate).join() === arms(previewId).join()) return candidate;
  }
}

/** Both runs side by side: the preview's report, and the real customer's runs and what the servers received. */
async function runBoth(definition: SequenceDefinition, customer: PreviewCustomer, script: EventScript) {
  const start = new Date(script.start ?? '2026-11-25T10:00:00+03:30');
  const env = await startPreviewServer(start);
  const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: testDataConverter });
  const real = await realStack(env, client, definition);
  const realCustomerId = realCustomerFor(definition, customer.customerId ?? 'preview');
  const [mailsBefore, smsBefore] = [smtp.messages.length, kavenegar.requests.length];
  try {
    const report = await previewRun(
      env,
      { definition, customer, script, start },
      {
        frequencyCaps: {},
        links: testLinks,
        mailFrom: 'Peygir <noreply@peygir.test>',
        workflowBundlePath: inject('workflowBundlePath'),
        alongside: [
          {
            client,
            customerId: realCustomerId,
            deliver: async (event: CustomerEvent) => {
              const response = await real.api.inject({ method: 'POST', url: '/v1/events', payload: { ...event, customerId: realCustomerId } });
              expect(response.statusCode).toBe(202);
            },
          },
        ],
      },
    );
    const runs = await snapshotRuns(client, realCustomerId);
    const mails = smtp.messages.slice(mailsBefore);
    const sms = kavenegar.requests.slice(smsBefore).filter((request) => ['sms/send', 'call/maketts'].includes(request.apiMethod));
    return { report, runs, mails, sms, realCustomerId };
  } finally {
    await real.api.close();
    await real.worker.stop();
    await real.store.close();
    await env.teardown();
  }
}

const toMinute = (iso: string | undefined): string | undefined => iso?.slice(0, 16);
const withoutLinks = (text: string | undefined): string => (text ?? '').replace(/https?:\/\/\S+/g, '<link>').replace(/\r\n/g, '\n').trim();

/** What must agree: each run's steps (outcome, minute), end state, call tasks; ids made customer-neutral. */
function runsView(runs: RunsSnapshot, customerId: string, previewCustomerId: string) {
  const neutral = (text: string | undefined): string | undefined => text?.replaceAll(customerId, previewCustomerId);
  return {
    enrollments: runs.enrollments.map(({ workflowId, state, timeline }) => ({
      workflowId: neutral(workflowId),
      status: state.status,
      exitReason: state.exitReason,
      steps: timeline.map((entry) => ({ step: entry.stepId, outcome: entry.outcome, detail: neutral(entry.detail), at: toMinute(entry.at) })),
    })),
    callTasks: runs.callTasks.map((task) => ({ status: task.status, openAt: toMinute(task.openAt), dueAt: toMinute(task.dueAt), script: task.script })),
  };
}

function previewMessages(report: PreviewReport) {
  return report.messages
    .filter((message) => message.channel !== 'webhook')
    .map((message) => ({ channel: message.channel, subject: message.subject, text: withoutLinks(message.text) }));
}

function realMessages(mails: ParsedMail[], sms: { apiMethod: string; form: Record<string, string> }[]) {
  return [
    ...mails.map((mail) => ({ channel: 'email', subject: mail.subject, text: withoutLinks(mail.text) })),
    ...sms.map((request) => ({ channel: request.apiMethod === 'sms/send' ? 'sms' : 'call', subject: undefined, text: withoutLinks(request.form.message) })),
  ];
}

const byChannel = <T extends { channel: string }>(messages: T[]): T[] => [...messages].sort((a, b) => a.channel.localeCompare(b.channel));

describe('the preview agrees with a real run of the workers', () => {
  it.each(sequences.map((definition) => [definition.id, definition] as const))('%s and its sample events', { timeout: 180_000 }, async (_, definition) => {
    const { customer, script } = sample(definition.id);
    const { report, runs, mails, sms, realCustomerId } = await runBoth(definition, customer, script);
    const previewId = customer.customerId ?? 'preview';

    expect(report.runs.enrollments.length).toBeGreaterThan(0);
    expect(runsView(report.runs, previewId, previewId)).toEqual(runsView(runs, realCustomerId, previewId));
    expect(byChannel(previewMessages(report))).toEqual(byChannel(realMessages(mails, sms)));
    for (const { state } of report.runs.enrollments) expect(['completed', 'exited', 'converted']).toContain(state.status);

    if (definition.id === 'post-purchase') {
      const timeZone = customer.timezone ?? 'Asia/Tehran';
      const text = formatPreview(definition, 'سارا', timeZone, previewLines(definition, report, timeZone).lines);
      expect(text).toContain('1405/09/04 19:30  Wed 2026-11-25 19:30');
      expect(text).toMatch(/1405\/09\/11 10:00 {2}Wed 2026-12-02 10:00 {2}\[3\] +send email: tutorial/);
      // A month after enrollment is a Friday: held by the send window, out on Saturday at the wait's 10:00.
      expect(text).toMatch(/Fri 2026-12-25 10:00 {2}\[5\] +send email: survey: held by the send window until 1405\/10\/05 10:00/);
      expect(text).toMatch(/Sat 2026-12-26 10:00 {2}\[5\] +send email: survey → sara@example.com/);
      // The detractor's call task: asked for on Sunday evening, opens Monday 09:00, due 4 hours later.
      expect(text).toMatch(/call task for manager \(high\): detractor: opens 1405\/10\/07 09:00 \(Mon 2026-12-28 09:00\), due 1405\/10\/07 13:00/);
      expect(text).toContain('سارا به خرید کتاب «صد سال تنهایی» امتیاز ۴ داد');
      expect(text).toMatch(/branch: .* → case 1, because event.data.nps ≤ 6/);
    }

    if (definition.id === 'experiment-welcome') {
      // The preview says which arm the sample customer gets: the one assignVariant deals them.
      const timeZone = customer.timezone ?? 'Asia/Tehran';
      const text = formatPreview(definition, 'سارا', timeZone, previewLines(definition, report, timeZone).lines);
      const [split] = definition.steps.filter((step) => step.kind === 'split');
      if (!split) throw new Error('experiment-welcome has no split');
      const arm = assignVariant(split, { customerId: previewId, sequenceId: definition.id, stepId: split.id });
      expect(text).toContain(`[${split.id}]      split: discount 45% | stories 45% | holdout 10% (${arm === HOLDOUT ? HOLDOUT : `variant ${arm}`})`);
    }
  });

  it('a first-time buyer is not enrolled in loyalty (its trigger needs order_count ≥ 2), and the preview says why', { timeout: 180_000 }, async () => {
    const loyalty = sequences.find((definition) => definition.id === 'loyalty') as SequenceDefinition;
    const { customer, script } = sample('loyalty');
    const firstOrder = { ...script, trigger: { data: { ...script.trigger?.data, order_count: 1 } } };
    const { report, runs } = await runBoth(loyalty, customer, firstOrder);
    expect(runs.enrollments).toEqual([]);
    expect(report.runs.enrollments).toEqual([]);
    const lines = previewLines(loyalty, report, 'Asia/Tehran').lines.map((line) => line.text);
    expect(lines).toContain("▶ not enrolled: the trigger's where (event.data.order_count ≥ 2) does not hold for this customer and event");
  });
});
