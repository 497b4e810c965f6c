import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities/index.js';
import { createMailer } from '../../activities/channels/email/mailer.js';
import { createKavenegarClient } from '../../activities/channels/kavenegar/client.js';
import { API_KEY as KAVENEGAR_TEST_KEY } from './kavenegarServer.js';
import type { LinkSettings } from '../../src/security/links.js';
import { buildApi } from '../../src/api/server.js';
import type { SequenceDefinition } from '../../src/dsl/definition.js';
import { SequenceRegistry } from '../../src/dsl/registry.js';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes.js';
import { createPeygirWorker } from '../../src/worker/worker.js';

export interface TestStack {
  env: TestWorkflowEnvironment;
  api: FastifyInstance;
  sequences: SequenceRegistry;
  taskQueue: string;
  /** Stops the worker (as a crash or deploy would) and starts a fresh one on the same task queue. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Link signing as tests configure it. */
export const testLinks: LinkSettings = { secret: 'test-secret-0123456789', publicBaseUrl: 'https://peygir.test' };
export const testWebhookSecret = 'test-webhook-secret-0123';

export interface TestStackOptions {
  smtpUrl: string;
  /** Load sequences from this folder (default `sequences/`) … */
  sequencesDir?: string;
  /** … or use these compiled definitions (a test may change the array to "edit" a sequence). */
  definitions?: SequenceDefinition[];
  /** Base URL of a Kavenegar-speaking HTTP server (tests/support/kavenegarServer.ts); unset → no SMS. */
  kavenegarUrl?: string;
  /** Where opened call tasks are pushed. */
  crmWebhookUrl?: string;
}

/**
 * The real thing, small: the Java time-skipping test server, a Peygir worker on a fresh task
 * queue with real activities sending to `smtpUrl`, and the Fastify API (use `api.inject`).
 * The worker polls from start to close.
 */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
  const namespace = env.namespace ?? 'default';
  await registerSearchAttributes(env.connection, namespace);
  const taskQueue = `test-${Math.random().toString(36).slice(2)}`;
  const sequences = new SequenceRegistry(options.sequencesDir ?? 'sequences');
  if (!options.definitions) await sequences.reload();
  const mailer = createMailer({ smtpUrl: options.smtpUrl, outboxDir: '' }, silentLog);
  const deps: ActivityDeps = {
    mailer,
    mailFrom: 'Peygir <noreply@peygir.test>',
    sequences: options.definitions ? fixedSequences(options.definitions) : sequences,
    log: silentLog,
    links: testLinks,
    webhookSecret: testWebhookSecret,
    sms: options.kavenegarUrl ? createKavenegarClient({ apiKey: KAVENEGAR_TEST_KEY, baseUrl: options.kavenegarUrl, timeoutMs: 2_000 }) : undefined,
    crmWebhookUrl: options.crmWebhookUrl,
  };
  const startWorker = async (): Promise<{ worker: Worker; running: Promise<void> }> => {
    const worker = await createPeygirWorker({
      connection: env.nativeConnection,
      namespace,
      taskQueue,
      deps,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      // No sticky cache: every workflow task replays its history (a determinism check on every test),
      // and a restarted worker gets tasks at once (the Java test server does not fall back from a dead
      // worker's sticky queue).
      tuning: { maxCachedWorkflows: 0 },
    });
    return { worker, running: worker.run() };
  };
  const stopWorker = async ({ worker, running }: { worker: Worker; running: Promise<void> }): Promise<void> => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  let current = await startWorker();
  const api = await buildApi({ client: env.client, taskQueue, sequences, links: testLinks }, silentLog);
  return {
    env,
    api,
    sequences,
    taskQueue,
    async restartWorker() {
      await stopWorker(current);
      current = await startWorker();
    },
    async close() {
      await api.close();
      await stopWorker(current);
      mailer.close();
      await env.teardown();
    },
  };
}

function fixedSequences(definitions: SequenceDefinition[]): Pick<SequenceRegistry, 'triggeredBy'> {
  return { triggeredBy: (eventType) => definitions.filter((definition) => definition.trigger.event === eventType) };
}
