/**
 * Reaction, on the dev server and on the cluster side by side: a purchase until the welcome email is
 * accepted by a local SMTP server, per customer, through the API (the store records the event first)
 * and, interleaved at the same rate, straight from the SDK (signalWithStart of the same event: the
 * raw measure, no API and no store write). Every customer's profile is in the store beforehand (a
 * profile_updated through the API), so both paths signal a running contact that renders from the store.
 * Dev server: one `PEYGIR_ROLE=all` process with PGlite, as `npm start`; cluster: a worker and an API on
 * its PostgreSQL. Only welcome.yaml is loaded.
 *   BENCH_REACTION_CUSTOMERS (1000, half per path)  BENCH_REACTION_RATE (2 purchases/s: below what the 2-core dev machine
 *   sustains end to end, so latency is not queueing)  BENCH_SERVERS (dev,cluster)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSmtpServer } from '../tests/support/smtpServer.js';
import { followArrivals } from './lib/arrivals.js';
import { benchWorkflowBundle } from './lib/bundle.js';
import { customerOfAddress, purchaseEvent, signalContactRaw } from './lib/events.js';
import { jsonClient } from './lib/http.js';
import { closedLoop, openLoop } from './lib/load.js';
import { settled, startPeygirProcess, type PeygirProcess } from './lib/peygir.js';
import { loadAverage, writeReport, type Row, type Target } from './lib/report.js';
import { benchSequencesDir } from './lib/sequencesDir.js';
import { intFromEnv } from './lib/settings.js';
import { round, summarize } from './lib/stats.js';
import { benchServerKinds, startBenchServer, type BenchServer } from './lib/temporal.js';

const customers = intFromEnv('BENCH_REACTION_CUSTOMERS', 1_000);
const rate = intFromEnv('BENCH_REACTION_RATE', 2);
const taskQueue = 'peygir-bench';

const rows: Row[] = [];
const targets: Target[] = [];
const notes: string[] = [];
const servers: string[] = [];

/** Peygir on the server as the bench runs it there; `api` takes the events, and is the last to stop. */
async function startPeygir(server: BenchServer, env: Record<string, string>): Promise<{ api: PeygirProcess; processes: PeygirProcess[]; cleanUp(): void }> {
  if (server.kind === 'dev') {
    const dataDir = mkdtempSync(join(tmpdir(), 'peygir-bench-data-'));
    const all = await startPeygirProcess({ role: 'all', temporalAddress: server.address, taskQueue, env: { ...env, PEYGIR_DATA_DIR: dataDir } });
    return { api: all, processes: [all], cleanUp: () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const shared = { ...env, DATABASE_URL: server.databaseUrl };
  const worker = await startPeygirProcess({ role: 'worker', temporalAddress: server.address, taskQueue, env: shared });
  const api = await startPeygirProcess({ role: 'api', temporalAddress: server.address, taskQueue, env: shared });
  return { api, processes: [worker, api], cleanUp: () => undefined };
}

async function reactionOn(server: BenchServer, bundle: string): Promise<void> {
  const loadAtStart = loadAverage();
  const smtp = await startSmtpServer();
  const peygir = await startPeygir(server, { SMTP_URL: smtp.url, SEQUENCES_DIR: benchSequencesDir({ copy: ['sequences/welcome.yaml'] }), WORKFLOW_BUNDLE: bundle });
  const http = jsonClient(peygir.api.baseUrl, 64);
  try {
    const customerId = (index: number): string => `r-${server.kind}-${index}`;
    const viaApi = (index: number): boolean => index % 2 === 0;
    // Every customer known to the store and its contact running, before the clock starts.
    const seeded = await closedLoop(customers, 16, (index) => {
      const { customer } = purchaseEvent(customerId(index), index % 4 < 2 ? 'fa' : 'en');
      return http.post('/v1/events', { eventId: `profile-${index}`, type: 'profile_updated', customerId: customerId(index), customer });
    });
    for (const process of peygir.processes) await settled(process);

    const postedAt = new Map<string, number>();
    const reactionMs = { api: [] as number[], sdk: [] as number[] };
    const arrivals = followArrivals(smtp, customers, (customers / rate) * 1000 + 60_000, (mail, at) => {
      const customer = customerOfAddress(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined);
      const posted = customer === undefined ? undefined : postedAt.get(customer);
      if (posted !== undefined && customer !== undefined) reactionMs[viaApi(Number(customer.split('-').at(-1))) ? 'api' : 'sdk'].push(at - posted);
    });
    const purchases = await openLoop(customers, rate, (index) => {
      const event = purchaseEvent(customerId(index), index % 4 < 2 ? 'fa' : 'en');
      postedAt.set(event.customerId, performance.now());
      if (viaApi(index)) return http.post('/v1/events', event);
      return signalContactRaw(server.client, taskQueue, event);
    });
    const delivered = await arrivals;
    const api = summarize(reactionMs.api);
    const sdk = summarize(reactionMs.sdk);
    const growth = api.p99 / sdk.p99 - 1;
    const row = (path: string, latency: typeof api): Row => ({
      server: server.kind,
      path,
      emails: latency.count,
      'p50 ms': latency.p50,
      'p90 ms': latency.p90,
      'p99 ms': latency.p99,
      'max ms': latency.max,
      'load avg at start': loadAtStart,
    });
    rows.push(row(`POST /v1/events (store: ${server.kind === 'dev' ? 'PGlite' : 'PostgreSQL'})`, api), row('SDK signalWithStart (raw)', sdk));
    targets.push(
      { what: `${server.kind}: p99 growth, API over raw`, target: '< 20%', measured: `${round(growth * 100)}%`, met: growth < 0.2 },
      { what: `${server.kind}: p99 purchase → email (API)`, target: '< 1000 ms', measured: `${api.p99} ms`, met: api.p99 < 1_000 },
      { what: `${server.kind}: emails delivered`, target: String(customers), measured: delivered, met: delivered === customers && api.count + sdk.count === customers },
    );
    notes.push(`${server.kind}: ${seeded.errors + purchases.errors} failed posts${purchases.firstError ?? seeded.firstError ? `: ${purchases.firstError ?? seeded.firstError}` : ''}`);
  } finally {
    http.close();
    for (const process of peygir.processes.reverse()) await process.stop();
    peygir.cleanUp();
    await smtp.close();
  }
}

const bundle = await benchWorkflowBundle();
for (const kind of benchServerKinds()) {
  const server = await startBenchServer(kind);
  servers.push(server.version);
  try {
    await reactionOn(server, bundle);
  } finally {
    await server.stop();
  }
}
writeReport({
  name: 'reaction',
  temporal: servers.join(' | '),
  parameters: { customers, rate },
  rows,
  targets,
  notes: [
    'the path: event → contact workflow → enrollment child → send activity (consent and profile read from the store) → pooled SMTP; the API path adds the HTTP request and the store write before the signal',
    ...notes,
  ],
});
