/**
 * Scale, on the dev server and on the cluster side by side: N enrollments started through the API and left
 * sleeping (start rate against the fair ceiling, worker RSS), then their timers fire and every message must
 * arrive exactly once at a local SMTP sink. Worker and API are separate processes (PEYGIR_ROLE=worker / api)
 * sharing a PostgreSQL store; the sequence is generated: wait, send. Before Peygir, on the same server, the
 * fair ceiling: the bare SDK doing an enrollment's Temporal calls (bench/lib/ceiling.ts).
 *   BENCH_SCALE (10000)  BENCH_CONCURRENCY (32)  BENCH_SCALE_WAIT_MINUTES (default: enough for the start phase at ~8/s)
 *   BENCH_WORKER_HEAP_MB (unset: Node's default heap limit, hence the SDK's default workflow cache size)  BENCH_SERVERS (dev,cluster)
 */
import { performance } from 'node:perf_hooks';
import { contactWorkflowId } from '../workflows/ids.js';
import { startSmtpServer } from '../tests/support/smtpServer.js';
import { benchWorkflowBundle } from './lib/bundle.js';
import { bareEnrollmentCeiling } from './lib/ceiling.js';
import { historySize } from './lib/history.js';
import { jsonClient } from './lib/http.js';
import { closedLoop } from './lib/load.js';
import { startPeygirProcess } from './lib/peygir.js';
import { writeCounters, writesPer } from './lib/pgStats.js';
import { pollUntil } from './lib/poll.js';
import { loadAverage, writeReport, type Row } from './lib/report.js';
import { benchSequencesDir } from './lib/sequencesDir.js';
import { intFromEnv } from './lib/settings.js';
import { perSecond, round } from './lib/stats.js';
import { benchServerKinds, startBenchServer, type BenchServer, type ServerKind } from './lib/temporal.js';

const enrollments = intFromEnv('BENCH_SCALE', 10_000);
const concurrency = intFromEnv('BENCH_CONCURRENCY', 32);
const waitMinutes = intFromEnv('BENCH_SCALE_WAIT_MINUTES', Math.ceil(enrollments / 8 / 60) + 1);
const taskQueue = 'peygir-bench';
const MiB = 2 ** 20;
const IDLE_SECONDS = 20;
const workerHeapMb = process.env.BENCH_WORKER_HEAP_MB;

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

interface Column {
  server: string;
  loadAtStart: string;
  ceilingRate: number;
  startRate: number;
  allSleeping: boolean;
  rows: Record<string, string>;
  delivered: boolean;
  rssPeak: number;
  perEnrollment: Record<string, number>;
}

async function scaleOn(kind: ServerKind, bundle: string): Promise<Column> {
  const loadAtStart = loadAverage();
  const server = await startBenchServer(kind);
  const smtp = await startSmtpServer();
  try {
    const ceiling = await bareEnrollmentCeiling(server, enrollments, concurrency);
    const env = { SMTP_URL: smtp.url, SEQUENCES_DIR: benchSequencesDir({ write: { 'bench-scale.yaml': sequenceYaml } }), WORKFLOW_BUNDLE: bundle, DATABASE_URL: server.databaseUrl };
    // The SDK sizes the worker's workflow cache from the V8 heap limit: BENCH_WORKER_HEAP_MB bounds both.
    const workerEnv = workerHeapMb ? { ...env, NODE_OPTIONS: `--max-old-space-size=${intFromEnv('BENCH_WORKER_HEAP_MB', 0)}` } : env;
    const worker = await startPeygirProcess({ role: 'worker', temporalAddress: server.address, taskQueue, env: workerEnv });
    const api = await startPeygirProcess({ role: 'api', temporalAddress: server.address, taskQueue, env });
    const http = jsonClient(api.baseUrl, concurrency);
    const count = async (query: string): Promise<number> => (await server.client.workflow.count(`PeygirSequence = 'bench-scale' AND ${query}`)).count;
    try {
      const rssBaseline = worker.rssBytes();
      let rssPeak = rssBaseline;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, worker.rssBytes())), 1_000);
      // What the server writes while nothing happens (shards, task queues, the store's pool): subtracted below.
      const idleFrom = await writeCounters(server.databaseUrl);
      await new Promise((done) => setTimeout(done, IDLE_SECONDS * 1000));
      const writesBefore = await writeCounters(server.databaseUrl);
      const started = performance.now();
      const workerCpuBefore = worker.cpuSeconds();
      const serverCpuBefore = server.serverCpuSeconds();
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
      const workerCpuMs = round(((worker.cpuSeconds() - workerCpuBefore) * 1000) / Math.max(1, sleeping));
      const serverCpuMs = round(((server.serverCpuSeconds() - serverCpuBefore) * 1000) / Math.max(1, sleeping));
      const startRate = sleeping / startSeconds;

      // Waking runs cost more than starting them (most replay their history: the cache holds a few hundred): allow ≥ 5 sends/s.
      const delivered = await pollUntil(async () => smtp.messages.length >= enrollments, 2_000, (waitMinutes + Math.ceil(enrollments / 5 / 60) + 5) * 60_000);
      await new Promise((done) => setTimeout(done, 10_000)); // time for a duplicate to show up
      const finished = await pollUntil(async () => (await count(`ExecutionStatus = 'Running'`)) === 0, 2_000, 60_000);
      clearInterval(sampler);
      const allSeconds = (performance.now() - started) / 1000;
      const writes = writesPer(writesBefore, await writeCounters(server.databaseUrl), enrollments, { from: idleFrom, to: writesBefore, scale: allSeconds / (IDLE_SECONDS + 1.5) });
      const total = smtp.messages.length;
      const uniqueIds = new Set(smtp.messages.map((mail) => mail.messageId)).size;
      const recipients = new Set(smtp.messages.map((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : ''))).size;
      const anEnrollment = await firstWorkflowId(server.client, `PeygirSequence = 'bench-scale'`);
      const contactHistory = await historySize(server.client, contactWorkflowId('s-0'));
      const enrollmentHistory = anEnrollment ? await historySize(server.client, anEnrollment) : { events: NaN, bytes: NaN };
      return {
        server: server.version,
        loadAtStart,
        ceilingRate: ceiling.perSecond,
        startRate,
        allSleeping,
        delivered: delivered && total === enrollments && uniqueIds === enrollments && recipients === enrollments,
        rssPeak,
        perEnrollment: {
          'history events (contact + enrollment)': contactHistory.events + enrollmentHistory.events,
          'history bytes (contact + enrollment)': contactHistory.bytes + enrollmentHistory.bytes,
          'server CPU ms (start to sleep)': serverCpuMs,
          'worker CPU ms (start to sleep)': workerCpuMs,
          ...writes,
        },
        rows: {
          'events posted (API)': `${posted.done} in ${round(posted.seconds)} s = ${perSecond(posted.done, posted.seconds)}/s (${posted.errors} errors)`,
          'enrollments started and sleeping': `${sleeping} in ${round(startSeconds)} s = ${perSecond(sleeping, startSeconds)}/s${allSleeping ? '' : ' (NOT all)'}`,
          'fair ceiling: bare SDK signalWithStart → child that sleeps': `${ceiling.enrollments} = ${round(ceiling.perSecond)}/s (${round(ceiling.serverCpuMs)} ms server CPU each)`,
          'Peygir / fair ceiling': `${round(startRate / ceiling.perSecond, 2)}×`,
          'worker RSS: idle → all sleeping → peak': `${round(rssBaseline / MiB)} → ${round(rssSleeping / MiB)} → ${round(rssPeak / MiB)} MiB`,
          'emails at the SMTP sink': `${total} (unique Message-IDs ${uniqueIds}, recipients ${recipients}) of ${enrollments}`,
          'whole run': `${round(allSeconds)} s${finished ? '' : ', some enrollments still running'}`,
          'load average at start': loadAtStart,
          ...(posted.firstError ? { 'first error': posted.firstError } : {}),
        },
      };
    } finally {
      http.close();
      await api.stop();
      await worker.stop();
    }
  } finally {
    await smtp.close();
    await server.stop();
  }
}

async function firstWorkflowId(client: BenchServer['client'], query: string): Promise<string | undefined> {
  for await (const run of client.workflow.list({ query, pageSize: 1 })) return run.workflowId;
  return undefined;
}

const bundle = await benchWorkflowBundle();
const columns = new Map<ServerKind, Column>();
for (const kind of benchServerKinds()) columns.set(kind, await scaleOn(kind, bundle));

const cell = (kind: ServerKind, pick: (column: Column) => string | number | undefined): string | number => {
  const column = columns.get(kind);
  return column ? (pick(column) ?? '') : 'not run';
};
const kinds = [...columns.keys()];
const measures = [...new Set([...columns.values()].flatMap((column) => Object.keys(column.rows)))];
const perEnrollment = [...new Set([...columns.values()].flatMap((column) => Object.keys(column.perEnrollment)))];
writeReport({
  name: workerHeapMb ? `scale-heap${workerHeapMb}mb` : 'scale',
  temporal: kinds.map((kind) => cell(kind, (column) => column.server)).join(' | '),
  parameters: { enrollments, concurrency, waitMinutes, workerHeapMb: workerHeapMb ?? 'Node default' },
  rows: [
    ...measures.map((measure): Row => ({ measure, ...Object.fromEntries(kinds.map((kind) => [kind, cell(kind, (column) => column.rows[measure])])) })),
    ...perEnrollment.map((what): Row => ({ measure: `per enrollment: ${what}`, ...Object.fromEntries(kinds.map((kind) => [kind, cell(kind, (column) => column.perEnrollment[what])])) })),
  ],
  targets: kinds.flatMap((kind) => {
    const column = columns.get(kind) as Column;
    const ratio = column.startRate / column.ceilingRate;
    return [
      { what: `${kind}: Peygir / fair ceiling`, target: '≥ 0.8', measured: round(ratio, 2), met: ratio >= 0.8 },
      { what: `${kind}: worker RSS peak`, target: '< 600 MiB', measured: `${round(column.rssPeak / MiB)} MiB`, met: column.rssPeak < 600 * MiB },
      { what: `${kind}: delivered exactly once`, target: `${enrollments} messages, unique`, measured: column.delivered ? 'yes' : 'no', met: column.delivered },
    ];
  }),
  notes: [
    'the fair ceiling runs first on the same server, so Peygir meets a server that already holds its sleeping runs',
    'per enrollment writes: the whole PostgreSQL server (dev: the store only; cluster: Temporal and the store), start to final send, less what it wrote while idle for as long',
  ],
});
