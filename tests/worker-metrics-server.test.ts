import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { freePort } from './support/freePort.js';
import { testPayloadKeys } from './support/stack.js';
import { freshPostgresDatabase, postgresUnavailable } from './support/postgresDatabase.js';
import { useStack } from './support/useStack.js';

/**
 * PEYGIR_ROLE=worker: `npm start`'s entry point as a lone worker beside the test stack's API (which has
 * no worker of its own). What its workflows count lives in its registry, so it serves /metrics itself.
 */
describe.skipIf(postgresUnavailable())('a worker-only process serves its own /metrics, /healthz and /readyz', () => {
  const t = useStack({ inProcessWorker: false });
  let worker: ChildProcess | undefined;
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const { setup } = t.stack;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        PEYGIR_ROLE: 'worker',
        TEMPORAL_ADDRESS: setup.address,
        TEMPORAL_NAMESPACE: setup.namespace,
        TEMPORAL_TASK_QUEUE: setup.taskQueue,
        WORKFLOW_BUNDLE: setup.bundlePath,
        PAYLOAD_KEYS: testPayloadKeys,
        WORKER_METRICS_PORT: String(port),
        HOST: '127.0.0.1',
        SMTP_URL: t.smtp.url,
        PEYGIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'peygir-worker-')),
        DATABASE_URL: await freshPostgresDatabase(),
        LOG_LEVEL: 'info',
        // A lone worker is a production shape: it must be given its secrets.
        PEYGIR_SECRET: 'worker-test-link-secret',
        WEBHOOK_SECRET: 'worker-test-webhook-secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker = child;
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await eventually(() => expect(output.join('')).toContain('Peygir is up'), 600, 100).catch((error: Error) => {
      throw new Error(`${error.message}\n${output.join('')}`);
    });
  });
  afterAll(async () => {
    if (!worker || worker.exitCode !== null) return;
    const exited = new Promise((done) => worker?.once('exit', done));
    worker.kill('SIGINT');
    await exited;
  });

  it('answers liveness and readiness on WORKER_METRICS_PORT', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { temporal: 'ok', store: 'ok', worker: 'running' } });
  });

  it('shows the enrollments its workflows ran, which the API process never counted', async () => {
    await post(t.stack, {
      eventId: 'nps-w1',
      type: 'survey_answered',
      customerId: 'w1',
      customer: { email: 'w1@example.com', name: 'آرش' },
      data: { nps: 10, referral_code: 'ARASH10' },
    });
    await t.smtp.waitForMessages(1);
    await eventually(async () => {
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      const text = await metrics.text();
      expect(text).toContain('peygir_enrollments_started_total{sequence="survey-followup"} 1');
      expect(text).toContain('peygir_steps_reached_total{sequence="survey-followup",step="1.case2.1"} 1');
      expect(text).toContain('peygir_enrollments_exited_total{sequence="survey-followup",reason="completed"} 1');
      expect(text).toContain('peygir_sends_total{channel="email",result="sent"} 1');
    });
    const api = (await t.stack.api.inject({ url: '/metrics' })).body;
    expect(api).toContain('peygir_events_ingested_total{type="survey_answered",outcome="accepted"} 1');
    expect(api).not.toContain('peygir_enrollments_started_total{');
  });
});
