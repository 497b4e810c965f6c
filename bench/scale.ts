/**
 * Scale: N enrollments started through the API and left sleeping (start rate, worker RSS, memory per
 * 1,000 runs), then their timers fire and every message must arrive exactly once at a local SMTP sink.
 * Worker and API are separate processes (PEYGIR_ROLE=worker / api); the sequence is generated: wait, send.
 *   BENCH_SCALE (10000)  BENCH_CONCURRENCY (32)  BENCH_SCALE_WAIT_MINUTES (default: enough for the start phase at ~8/s)
 *   BENCH_WORKER_HEAP_MB (unset: Node's default heap limit, hence the SDK's default workflow cache size)
 * First, on a server of its own, the machine's ceiling: as many bare one-timer workflows (bench/lib/ceiling.ts).
 */
import { performance } from 'node:perf_hooks';
import { startSmtpServer } from '../tests/support/smtpServer.js';
import { benchWorkflowBundle } from './lib/bundle.js';
import { bareStartCeiling } from './lib/ceiling.js';
import { jsonClient } from './lib/http.js';
import { closedLoop } from './lib/load.js';
import { startPeygirProcess } from './lib/peygir.js';
import { pollUntil } from './lib/poll.js';
import { writeReport } from './lib/report.js';
import { benchSequencesDir } from './lib/sequencesDir.js';
import { intFromEnv } from './lib/settings.js';
import { perSecond, round } from './lib/stats.js';
import { startBenchTemporal } from './lib/temporal.js';

const enrollments = intFromEnv('BENCH_SCALE', 10_000);
const concurrency = intFromEnv('BENCH_CONCURRENCY', 32);
const waitMinutes = intFromEnv('BENCH_SCALE_WAIT_MINUTES', Math.ceil(enrollments / 8 / 60) + 1);
const taskQueue = 'peygir-bench';
const MiB = 2 ** 20;

const sequenceYaml = `id: bench-scale
name: Bench scale
trigger: { event: bench_enroll }
steps:
  - wait: ${waitMinutes}m
  - send: { channel: email, template: hello }
templates:
  hello:
    email:
      fa: { subject: "سلام {{ customer.name }}", text: "سلام {{ customer.name }}، این پیام آزمایشی پیگیر است." }
      en: { subject: "Hello {{ customer.name }}", text: "Hi {{ customer.name }}, this is a Peygir bench message." }
`;

const ceiling = await bareStartCeiling(enrollments, concurrency);
const bundle = await benchWorkflowBundle();
const temporal = await startBenchTemporal();
const smtp = await startSmtpServer();
const env = { SMTP_URL: smtp.url, SEQUENCES_DIR: benchSequencesDir({ write: { 'bench-scale.yaml': sequenceYaml } }), WORKFLOW_BUNDLE: bundle };
// The SDK sizes the worker's workflow cache from the V8 heap limit: BENCH_WORKER_HEAP_MB bounds both.
const workerHeapMb = process.env.BENCH_WORKER_HEAP_MB;
const workerEnv = workerHeapMb ? { ...env, NODE_OPTIONS: `--max-old-space-size=${intFromEnv('BENCH_WORKER_HEAP_MB', 0)}` } : env;
const worker = await startPeygirProcess({ role: 'worker', temporalAddress: temporal.address, taskQueue, env: workerEnv });
const api = await startPeygirProcess({ role: 'api', temporalAddress: temporal.address, taskQueue, env });
const http = jsonClient(api.baseUrl, concurrency);
const count = async (query: string): Promise<number> => (await temporal.client.workflow.count(`PeygirSequence = 'bench-scale' AND ${query}`)).count;
try {
  const rssBaseline = worker.rssBytes();
  let rssPeak = rssBaseline;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, worker.rssBytes())), 1_000);
  const started = performance.now();
  const workerCpuBefore = worker.cpuSeconds();
  const serverCpuBefore = temporal.serverCpuSeconds();
  const posted = await closedLoop(enrollments, concurrency, (index) =>
    http.post('/v1/events', {
      eventId: `enroll-${index}`,
      type: 'bench_enroll',
      customerId: `s-${index}`,
      customer: { email: `s-${index}@bench.test`, name: index % 2 ? 'Sara' : 'سارا', locale: index % 2 ? 'en' : 'fa' },
    }),
  );
  let sleeping = 0;
  const allSleeping = await pollUntil(async () => (sleeping = await count(`PeygirStatus = 'waiting'`)) >= enrollments, 1_000, waitMinutes * 60_000);
  const startSeconds = (performance.now() - started) / 1000;
  const rssSleeping = worker.rssBytes();
  const workerCpuMsPerStart = round(((worker.cpuSeconds() - workerCpuBefore) * 1000) / Math.max(1, sleeping));
  const serverCpuMsPerStart = round(((temporal.serverCpuSeconds() - serverCpuBefore) * 1000) / Math.max(1, sleeping));
  const startRate = sleeping / startSeconds;

  // Waking runs cost more than starting them (most replay their history: the cache holds a few hundred): allow ≥ 5 sends/s.
  const delivered = await pollUntil(async () => smtp.messages.length >= enrollments, 2_000, (waitMinutes + Math.ceil(enrollments / 5 / 60) + 5) * 60_000);
  await new Promise((done) => setTimeout(done, 10_000)); // time for a duplicate to show up
  const finished = await pollUntil(async () => (await count(`ExecutionStatus = 'Running'`)) === 0, 2_000, 60_000);
  clearInterval(sampler);
  const allSeconds = (performance.now() - started) / 1000;
  const total = smtp.messages.length;
  const uniqueIds = new Set(smtp.messages.map((mail) => mail.messageId)).size;
  const recipients = new Set(smtp.messages.map((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : ''))).size;
  const growthPer1000 = ((rssSleeping - rssBaseline) / enrollments) * 1_000;

  writeReport({
    name: workerHeapMb ? `scale-heap${workerHeapMb}mb` : 'scale',
    temporal: temporal.version,
    parameters: { enrollments, concurrency, waitMinutes, workerHeapMb: workerHeapMb ?? 'Node default' },
    rows: [
      { measure: 'events posted (API)', value: `${posted.done} in ${round(posted.seconds)} s = ${perSecond(posted.done, posted.seconds)}/s`, note: `${posted.errors} errors` },
      { measure: 'enrollments started and sleeping', value: `${sleeping} in ${round(startSeconds)} s = ${perSecond(sleeping, startSeconds)}/s`, note: allSleeping ? 'all' : 'NOT all' },
      { measure: 'bare Temporal ceiling: one-timer workflows started and sleeping', value: `${ceiling.workflows} = ${round(ceiling.perSecond)}/s`, note: `same machine, a server of its own; ${round(ceiling.serverCpuMs)} ms server CPU each` },
      { measure: 'worker CPU per enrollment started', value: `${workerCpuMsPerStart} ms`, note: 'contact + enrollment workflow tasks and activities up to the sleep' },
      { measure: 'server CPU per enrollment started', value: `${serverCpuMsPerStart} ms`, note: 'Temporal dev server (SQLite), API calls included' },
      { measure: 'worker RSS: idle → all sleeping → peak', value: `${round(rssBaseline / MiB)} → ${round(rssSleeping / MiB)} → ${round(rssPeak / MiB)} MiB`, note: '' },
      { measure: 'worker memory per 1,000 sleeping runs', value: `${round(growthPer1000 / MiB)} MiB`, note: 'RSS growth / runs (includes the workflow cache)' },
      { measure: 'emails at the SMTP sink', value: `${total} (unique Message-IDs ${uniqueIds}, recipients ${recipients})`, note: `expected ${enrollments}` },
      { measure: 'whole run', value: `${round(allSeconds)} s`, note: finished ? 'no enrollment left running' : 'some enrollments still running' },
    ],
    targets: [
      { what: 'start rate', target: '≥ 200/s', measured: `${round(startRate)}/s (${round(startRate / ceiling.perSecond)}× the bare ceiling)`, met: startRate >= 200 },
      { what: 'worker RSS with all sleeping', target: '< 1 GiB', measured: `${round(rssPeak / MiB)} MiB peak`, met: rssPeak < 2 ** 30 },
      { what: 'delivered exactly once', target: `${enrollments} messages, ${enrollments} unique`, measured: `${total} / ${uniqueIds}`, met: delivered && total === enrollments && uniqueIds === enrollments && recipients === enrollments },
    ],
    notes: [...(posted.firstError ? [`first error: ${posted.firstError}`] : [])],
  });
} finally {
  http.close();
  await api.stop();
  await worker.stop();
  await smtp.close();
  await temporal.stop();
}
