import { TestWorkflowEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import type { SequenceDefinition } from '../dsl/definition.js';
import type { FrequencyCaps } from '../dsl/frequencyCaps.js';
import { ingestEvent } from '../api/ingest.js';
import type { LinkSettings } from '../security/links.js';
import { createStore } from '../store/store.js';
import { ensureJavaTestServer } from '../temporal/javaTestServer.js';
import { registerSearchAttributes } from '../temporal/registerSearchAttributes.js';
import { createPeygirWorker } from '../worker/worker.js';
import { driveEvents, scriptedEvents, snapshotRuns, type Audience, type RunsSnapshot, type ScriptedEvent } from './drive.js';
import { createRecorders, type RecordedMessage } from './recorders.js';
import type { EventScript, PreviewCustomer } from './script.js';

/** Where the preview's call tasks are "pushed": recorded, like every other channel. */
export const PREVIEW_CRM_URL = 'https://crm.preview.invalid/call-tasks';

/**
 * The Temporal time-skipping test server (Java), its clock started at `start`: the preview's runs live
 * on it, and months pass in seconds.
 */
export async function startPreviewServer(start: Date): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureJavaTestServer() }, extraArgs: [`--start-time=${start.getTime()}`] },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export interface PreviewInput {
  definition: SequenceDefinition;
  customer: PreviewCustomer;
  script: EventScript;
  start: Date;
}

export interface PreviewSettings {
  /** FREQUENCY_CAPS as configured: a preview holds sends as the workers would. */
  frequencyCaps: FrequencyCaps;
  links: LinkSettings;
  mailFrom: string;
  /** A prebuilt workflow bundle (tests build one); otherwise workflows/ is bundled now. */
  workflowBundlePath?: string | undefined;
  /** Also play the events to these (a test's real stack on the same server), in step with the preview. */
  alongside?: Audience[];
}

/** What the workers did for the sample customer, and what they would have sent. */
export interface PreviewReport {
  events: ScriptedEvent[];
  runs: RunsSnapshot;
  messages: RecordedMessage[];
}

/**
 * Runs the sequence for the sample customer through the production code: the contact and enrollment
 * workflows and the real activities, on `env` (a time-skipping server whose clock is at `input.start`),
 * with a customer store in memory and channels that record instead of sending. Each preview uses a
 * task queue and store of its own.
 */
export async function previewRun(env: TestWorkflowEnvironment, input: PreviewInput, settings: PreviewSettings): Promise<PreviewReport> {
  const recorders = createRecorders();
  const store = await createStore({});
  const taskQueue = `preview-${Math.random().toString(36).slice(2)}`;
  const log = pino({ level: 'silent' });
  const sequences = { triggeredBy: (type: string) => (type === input.definition.trigger.event ? [input.definition] : []) };
  const worker = await createPeygirWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: {
      store,
      mailer: recorders.mailer,
      mailFrom: settings.mailFrom,
      sms: recorders.sms,
      postWebhook: recorders.postWebhook,
      crmWebhookUrl: PREVIEW_CRM_URL,
      sequences,
      links: settings.links,
      webhookSecret: 'preview',
      frequencyCaps: settings.frequencyCaps,
      log,
    },
    dataConverter: undefined,
    ...(settings.workflowBundlePath ? { workflowBundle: { codePath: settings.workflowBundlePath } } : {}),
  });
  const events = scriptedEvents(input.definition, input.customer, input.script, input.start);
  const customerId = events[0]?.event.customerId ?? 'preview';
  const preview: Audience = {
    client: env.client,
    customerId,
    // As the API takes an event: the store first, then the customer's contact workflow.
    deliver: (event) => ingestEvent({ client: env.client, taskQueue, store, sequences, frequencyCaps: settings.frequencyCaps }, event, log).then(() => undefined),
  };
  try {
    const runs = await worker.runUntil(async () => {
      await driveEvents(env, events, [preview, ...(settings.alongside ?? [])]);
      return snapshotRuns(env.client, customerId);
    });
    return { events, runs, messages: recorders.messages };
  } finally {
    await store.close();
  }
}
