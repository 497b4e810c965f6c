/**
 * Ingest: events/s and latency through POST /v1/events (the store on) side by side with the raw SDK
 * signalWithStart from this process (the ceiling), alternating rounds against the same server, then an
 * open loop at half the API's max rate for its p99. On the dev server with each store (PGlite in one
 * `PEYGIR_ROLE=all` process as `npm start` runs it; PostgreSQL behind a lone API) and on the cluster
 * (PostgreSQL). No worker polls, except the `all` process's own, which works both paths' contacts alike.
 *   BENCH_INGEST_EVENTS (3000 per path)  BENCH_ROUNDS (3, alternating)  BENCH_CONCURRENCY (128: where the dev server's rate tops out)
 *   BENCH_HALF_RATE_SECONDS (10)  BENCH_SERVERS (dev,cluster)  BENCH_STORES (PGlite,PostgreSQL: PGlite runs on the dev server only)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { purchaseEvent, signalContactRaw } from './lib/events.js';
import { jsonClient } from './lib/http.js';
import { closedLoop, combine, openLoop, type LoadResult } from './lib/load.js';
import { settled, startPeygirProcess, type PeygirProcess } from './lib/peygir.js';
import { machineCpuSeconds } from './lib/proc.js';
import { loadAverage, writeReport, type Row, type Target } from './lib/report.js';
import { benchSequencesDir } from './lib/sequencesDir.js';
import { intFromEnv } from './lib/settings.js';
import { perSecond, round, summarize } from './lib/stats.js';
import { benchServerKinds, startBenchServer, type BenchServer } from './lib/temporal.js';

const events = intFromEnv('BENCH_INGEST_EVENTS', 3_000);
const concurrency = intFromEnv('BENCH_CONCURRENCY', 128);
const halfRateSeconds = intFromEnv('BENCH_HALF_RATE_SECONDS', 10);
const rounds = intFromEnv('BENCH_ROUNDS', 3);
const perRound = Math.ceil(events / rounds);
const warmup = Math.min(200, events);
const taskQueue = 'peygir-bench';
const stores = (process.env.BENCH_STORES ?? 'PGlite,PostgreSQL').split(',').map((store) => store.trim());
for (const store of stores) if (store !== 'PGlite' && store !== 'PostgreSQL') throw new Error(`BENCH_STORES: "${store}" is neither PGlite nor PostgreSQL`);

const rows: Row[] = [];
const targets: Target[] = [];
const notes: string[] = [];
const servers: string[] = [];

/** CPU used while runs go on, summed over them: by the Temporal server, PostgreSQL, Peygir's API process and the whole machine. */
function cpuMeter(server: BenchServer, api: PeygirProcess) {
  const read = () => ({ server: server.serverCpuSeconds(), postgres: server.postgresCpuSeconds(), api: api.cpuSeconds(), machine: machineCpuSeconds() });
  const used = { server: 0, postgres: 0, api: 0, machine: 0 };
  return {
    async during<T>(run: () => Promise<T>): Promise<T> {
      const before = read();
      const result = await run();
      const after = read();
      for (const key of Object.keys(used) as (keyof typeof used)[]) used[key] += after[key] - before[key];
      return result;
    },
    perEvent: (key: keyof typeof used, events: number): number => round((used[key] * 1000) / events, 2),
  };
}

/** Raw SDK against Peygir's API on one server with one store, alternating rounds; adds its rows and targets. */
async function compare(server: BenchServer, store: 'PGlite' | 'PostgreSQL', api: PeygirProcess, label: string): Promise<void> {
  const loadAtStart = loadAverage();
  const http = jsonClient(api.baseUrl, concurrency);
  try {
    const raw = (prefix: string) => (index: number) => {
      const event = purchaseEvent(`${label}-${prefix}-${index}`);
      return signalContactRaw(server.client, taskQueue, event);
    };
    const viaApi = (prefix: string) => (index: number) => http.post('/v1/events', purchaseEvent(`${label}-${prefix}-${index}`));

    await closedLoop(warmup, concurrency, raw('warm-raw'));
    await closedLoop(warmup, concurrency, viaApi('warm-api'));
    // Alternating rounds, so both paths see the same machine (others' load, the growing database).
    const rawRuns: LoadResult[] = [];
    const apiRuns: LoadResult[] = [];
    const rawCpu = cpuMeter(server, api);
    const apiCpu = cpuMeter(server, api);
    for (let lap = 0; lap < rounds; lap++) {
      await settled(api);
      rawRuns.push(await rawCpu.during(() => closedLoop(perRound, concurrency, raw(`raw${lap}`))));
      await settled(api);
      apiRuns.push(await apiCpu.during(() => closedLoop(perRound, concurrency, viaApi(`api${lap}`))));
    }
    const rawRun = combine(rawRuns);
    const apiRun = combine(apiRuns);
    const rawRate = rawRun.done / rawRun.seconds;
    const apiRate = apiRun.done / apiRun.seconds;
    const halfRate = Math.max(1, Math.floor(apiRate / 2));
    await settled(api);
    const halfRun = await openLoop(halfRate * halfRateSeconds, halfRate, viaApi('half'));
    const halfP99 = summarize(halfRun.latenciesMs).p99;
    const errors = rawRun.errors + apiRun.errors + halfRun.errors;
    rows.push({
      server: server.kind,
      store: `${store}, PEYGIR_ROLE=${api.role}`,
      'SDK events/s': perSecond(rawRun.done, rawRun.seconds),
      'API events/s': perSecond(apiRun.done, apiRun.seconds),
      'API / SDK': round(apiRate / rawRate, 2),
      'SDK p99 ms': summarize(rawRun.latenciesMs).p99,
      'API p99 ms': summarize(apiRun.latenciesMs).p99,
      [`p99 at half rate`]: `${halfP99} ms at ${halfRate}/s`,
      'API CPU ms/event': apiCpu.perEvent('api', apiRun.done),
      'Temporal CPU ms/event SDK / API': `${rawCpu.perEvent('server', rawRun.done)} / ${apiCpu.perEvent('server', apiRun.done)}`,
      'PostgreSQL CPU ms/event SDK / API': `${rawCpu.perEvent('postgres', rawRun.done)} / ${apiCpu.perEvent('postgres', apiRun.done)}`,
      'machine CPU ms/event SDK / API': `${rawCpu.perEvent('machine', rawRun.done)} / ${apiCpu.perEvent('machine', apiRun.done)}`,
      errors,
      'load avg at start': loadAtStart,
    });
    targets.push(
      { what: `${server.kind}, ${store}: API / SDK`, target: '≥ 0.9', measured: round(apiRate / rawRate, 2), met: apiRate / rawRate >= 0.9 },
      { what: `${server.kind}, ${store}: p99 at half the max rate`, target: '< 50 ms', measured: `${halfP99} ms`, met: halfP99 < 50 },
      { what: `${server.kind}, ${store}: errors`, target: '0', measured: errors, met: errors === 0 },
    );
    notes.push(...[rawRun, apiRun, halfRun].flatMap((run) => (run.firstError ? [`${label}: first error: ${run.firstError}`] : [])));
  } finally {
    http.close();
  }
}

for (const kind of benchServerKinds()) {
  const server = await startBenchServer(kind);
  servers.push(server.version);
  try {
    if (kind === 'dev' && stores.includes('PGlite')) {
      // PGlite serves one process: the API and the worker together, as `npm start` runs them.
      const dataDir = mkdtempSync(join(tmpdir(), 'peygir-bench-data-'));
      const all = await startPeygirProcess({ role: 'all', temporalAddress: server.address, taskQueue, env: { PEYGIR_DATA_DIR: dataDir, SEQUENCES_DIR: benchSequencesDir({}) } });
      try {
        await compare(server, 'PGlite', all, 'dev-all');
      } finally {
        await all.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (stores.includes('PostgreSQL')) {
      const api = await startPeygirProcess({ role: 'api', temporalAddress: server.address, taskQueue, env: { DATABASE_URL: server.databaseUrl } });
      try {
        await compare(server, 'PostgreSQL', api, `${kind}-api`);
      } finally {
        await api.stop();
      }
    }
  } finally {
    await server.stop();
  }
}

writeReport({
  name: 'ingest',
  temporal: servers.join(' | '),
  parameters: { events: perRound * rounds, rounds, concurrency, halfRateSeconds },
  rows,
  targets,
  notes: [
    'each event is a new customer: signalWithStart starts a contact workflow; the store records the event, profile and identities first (API only)',
    'PEYGIR_ROLE=all: its worker runs both paths\' contacts (no sequences loaded); each round starts once the process is idle again',
    ...notes,
  ],
});
