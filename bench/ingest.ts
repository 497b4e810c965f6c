/**
 * Ingest: events/s and latency through POST /v1/events (a Peygir API process, PEYGIR_ROLE=api) side by
 * side with the raw SDK signalWithStart from this process (the ceiling), both against one dev server.
 * Then an open loop at half the API's max rate for its p99. No worker polls: this is the intake path alone.
 *   BENCH_INGEST_EVENTS (3000 per path)  BENCH_ROUNDS (3, alternating)  BENCH_CONCURRENCY (128: where the dev server's rate tops out)  BENCH_HALF_RATE_SECONDS (10)
 */
import { contactWorkflow, customerEventSignal, newContactState } from '../workflows/index.js';
import { contactWorkflowId } from '../workflows/ids.js';
import { purchaseEvent } from './lib/events.js';
import { jsonClient } from './lib/http.js';
import { closedLoop, combine, openLoop, type LoadResult } from './lib/load.js';
import { startPeygirProcess } from './lib/peygir.js';
import { writeReport } from './lib/report.js';
import { intFromEnv } from './lib/settings.js';
import { perSecond, round, summarize } from './lib/stats.js';
import { startBenchTemporal } from './lib/temporal.js';

const events = intFromEnv('BENCH_INGEST_EVENTS', 3_000);
const concurrency = intFromEnv('BENCH_CONCURRENCY', 128);
const halfRateSeconds = intFromEnv('BENCH_HALF_RATE_SECONDS', 10);
const rounds = intFromEnv('BENCH_ROUNDS', 3);
const perRound = Math.ceil(events / rounds);
const warmup = Math.min(200, events);
const taskQueue = 'peygir-bench';

const temporal = await startBenchTemporal();
const api = await startPeygirProcess({ role: 'api', temporalAddress: temporal.address, taskQueue });
const http = jsonClient(api.baseUrl, concurrency);
try {
  const raw = (prefix: string) => (index: number) => {
    const event = purchaseEvent(`${prefix}-${index}`);
    return temporal.client.workflow.signalWithStart(contactWorkflow, {
      workflowId: contactWorkflowId(event.customerId),
      taskQueue,
      args: [newContactState(event.customerId)],
      signal: customerEventSignal,
      signalArgs: [event],
      staticSummary: `Contact ${event.customerId}`,
    });
  };
  const viaApi = (prefix: string) => (index: number) => http.post('/v1/events', purchaseEvent(`${prefix}-${index}`));

  await closedLoop(warmup, concurrency, raw('warm-raw'));
  await closedLoop(warmup, concurrency, viaApi('warm-api'));
  // Alternating rounds, so both paths see the same machine (others' load, the growing SQLite file).
  const rawRuns: LoadResult[] = [];
  const apiRuns: LoadResult[] = [];
  let apiCpuSeconds = 0;
  for (let lap = 0; lap < rounds; lap++) {
    rawRuns.push(await closedLoop(perRound, concurrency, raw(`raw${lap}`)));
    const cpuBefore = api.cpuSeconds();
    apiRuns.push(await closedLoop(perRound, concurrency, viaApi(`api${lap}`)));
    apiCpuSeconds += api.cpuSeconds() - cpuBefore;
  }
  const rawRun = combine(rawRuns);
  const apiRun = combine(apiRuns);
  const apiCpuMsPerEvent = round((apiCpuSeconds * 1000) / apiRun.done, 2);
  const halfRate = Math.max(1, Math.floor(apiRun.done / apiRun.seconds / 2));
  const halfRun = await openLoop(halfRate * halfRateSeconds, halfRate, viaApi('half'));

  const row = (path: string, mode: string, run: LoadResult) => {
    const latency = summarize(run.latenciesMs);
    return { path, load: mode, events: run.done, errors: run.errors, 'events/s': perSecond(run.done, run.seconds), 'p50 ms': latency.p50, 'p99 ms': latency.p99 };
  };
  const rawRate = rawRun.done / rawRun.seconds;
  const apiRate = apiRun.done / apiRun.seconds;
  const halfP99 = summarize(halfRun.latenciesMs).p99;
  writeReport({
    name: 'ingest',
    temporal: temporal.version,
    parameters: { events: perRound * rounds, rounds, concurrency, halfRate, halfRateSeconds, apiCpuMsPerEvent },
    rows: [
      row('SDK signalWithStart (ceiling)', `closed, ${concurrency} in flight`, rawRun),
      row('POST /v1/events', `closed, ${concurrency} in flight`, apiRun),
      row('POST /v1/events', `open, ${halfRate}/s (half max)`, halfRun),
    ],
    targets: [
      { what: 'API rate / SDK rate', target: '≥ 0.8', measured: round(apiRate / rawRate, 2), met: apiRate / rawRate >= 0.8 },
      { what: 'API events/s', target: '≥ 300', measured: round(apiRate), met: apiRate >= 300 },
      { what: 'p99 at half the max rate', target: '< 50 ms', measured: `${halfP99} ms`, met: halfP99 < 50 },
      { what: 'errors', target: '0', measured: rawRun.errors + apiRun.errors + halfRun.errors, met: rawRun.errors + apiRun.errors + halfRun.errors === 0 },
    ],
    notes: [
      'each event is a new customer: signalWithStart starts a contact workflow; no worker polls during the run',
      `the API process used ${apiCpuMsPerEvent} ms of CPU per event (Fastify, validation, auth, metrics, logging, gRPC)`,
      ...[rawRun, apiRun, halfRun].flatMap((run) => (run.firstError ? [`first error: ${run.firstError}`] : [])),
    ],
  });
} finally {
  http.close();
  await api.stop();
  await temporal.stop();
}
