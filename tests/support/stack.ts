import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { inject } from 'vitest';
import { createMailer } from '../../activities/channels/email/mailer.js';
import { buildApi } from '../../src/api/server.js';
import { SequenceRegistry } from '../../src/dsl/registry.js';
import { registerSearchAttributes } from '../../src/temporal/registerSearchAttributes.js';
import { createPeygirWorker } from '../../src/worker/worker.js';

export interface TestStack {
  env: TestWorkflowEnvironment;
  worker: Worker;
  api: FastifyInstance;
  sequences: SequenceRegistry;
  taskQueue: string;
  /** Runs `fn` while the worker polls. */
  whileRunning<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * The real thing, small: the Java time-skipping test server, a Peygir worker on a fresh task
 * queue with real activities sending to `smtpUrl`, and the Fastify API (use `api.inject`).
 */
export async function startTestStack(options: { smtpUrl: string; sequencesDir?: string }): Promise<TestStack> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  const taskQueue = `test-${Math.random().toString(36).slice(2)}`;
  const sequences = new SequenceRegistry(options.sequencesDir ?? 'sequences');
  await sequences.reload();
  const mailer = createMailer({ smtpUrl: options.smtpUrl, outboxDir: '' }, silentLog);
  const worker = await createPeygirWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: { mailer, mailFrom: 'Peygir <noreply@peygir.test>', sequences, log: silentLog },
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  const api = await buildApi({ client: env.client, taskQueue, sequences }, silentLog);
  return {
    env,
    worker,
    api,
    sequences,
    taskQueue,
    whileRunning: (fn) => worker.runUntil(fn),
    async close() {
      await api.close();
      mailer.close();
      await env.teardown();
    },
  };
}
