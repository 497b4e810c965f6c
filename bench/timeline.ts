/**
 * Timeline: GET /v1/customers/:id/timeline for one customer with 100,000 events and as many ledger rows,
 * seeded straight into the store (bulk inserts), on PGlite (one `PEYGIR_ROLE=all` process, as `npm start`)
 * and on PostgreSQL (a lone API). Times the first page and deep pages (reached with the cursor) one request at a time.
 *   BENCH_TIMELINE_EVENTS (100000)  BENCH_TIMELINE_LEDGER (100000)  BENCH_TIMELINE_REQUESTS (200 per page kind)  BENCH_TIMELINE_LIMIT (50)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type StoreLocation } from '../src/store/database.js';
import { customers, events, ledger } from '../src/store/schema.js';
import { jsonClient, type JsonClient } from './lib/http.js';
import { startPeygirProcess, type PeygirProcess } from './lib/peygir.js';
import { loadAverage, writeReport, type Row, type Target } from './lib/report.js';
import { intFromEnv } from './lib/settings.js';
import { round, summarize } from './lib/stats.js';
import { startBenchServer, type BenchServer } from './lib/temporal.js';

const eventCount = intFromEnv('BENCH_TIMELINE_EVENTS', 100_000);
const ledgerCount = intFromEnv('BENCH_TIMELINE_LEDGER', 100_000);
const requests = intFromEnv('BENCH_TIMELINE_REQUESTS', 200);
const limit = intFromEnv('BENCH_TIMELINE_LIMIT', 50);
const customerId = 'busy-customer';
const BATCH = 1_000;
/** A year of history, newest now; every 10th event shares its instant with the one before (the seq breaks ties). */
const start = Date.now() - 365 * 86_400_000;
const instant = (index: number, count: number): Date => new Date(start + Math.floor(index / 10) * 10 * Math.floor((365 * 86_400_000) / count) + (index % 10 === 9 ? 0 : index % 10));

/** One customer's events and ledger rows, and a few other customers' events (5% more) around them, written in bulk. */
async function seed(location: StoreLocation): Promise<number> {
  const started = performance.now();
  const database = await openDatabase(location);
  try {
    await database.migrate();
    await database.db.insert(customers).values([{ id: customerId, profile: { name: 'سارا', email: 'busy@bench.test' } }, ...['a', 'b', 'c'].map((id) => ({ id: `other-${id}` }))]);
    const withOthers = eventCount + eventCount / 20;
    for (let first = 0; first < withOthers; first += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, withOthers - first) }, (_, offset) => {
        const index = first + offset;
        return { customerId: index >= eventCount ? `other-${'abc'[index % 3]}` : customerId, eventId: `e-${index}`, type: index % 3 ? 'page_viewed' : 'purchase', occurredAt: instant(index, eventCount), data: { index, product: 'کتاب' } };
      });
      await database.db.insert(events).values(rows);
    }
    for (let first = 0; first < ledgerCount; first += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, ledgerCount - first) }, (_, offset) => {
        const index = first + offset;
        return { customerId, kind: 'message.sent', subject: `enrollment/welcome/${customerId}/e-${index}/1`, occurredAt: instant(index, ledgerCount), sequenceId: 'welcome', details: { channel: 'email', index } };
      });
      await database.db.insert(ledger).values(rows);
    }
  } finally {
    await database.close();
  }
  return (performance.now() - started) / 1000;
}

/** Times `requests` GETs of one page, one at a time. */
async function timePage(http: JsonClient, query: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let request = 0; request < requests; request++) {
    const sent = performance.now();
    await http.get(`/v1/customers/${customerId}/timeline?${query}`);
    latencies.push(performance.now() - sent);
  }
  return latencies;
}

/** Walks the timeline with the cursor and answers the cursor of the page at `depth` (or the last one). */
async function cursorAt(http: JsonClient, depth: number): Promise<{ cursor: string; pages: number; walkMs: number[] }> {
  let cursor = '';
  const walkMs: number[] = [];
  for (let page = 0; page < depth; page++) {
    const sent = performance.now();
    const answer = JSON.parse(await http.get(`/v1/customers/${customerId}/timeline?limit=${limit}${cursor ? `&before=${cursor}` : ''}`)) as { next?: string };
    walkMs.push(performance.now() - sent);
    if (!answer.next) return { cursor, pages: page + 1, walkMs };
    cursor = answer.next;
  }
  return { cursor, pages: depth, walkMs };
}

const rows: Row[] = [];
const targets: Target[] = [];
const server: BenchServer = await startBenchServer('dev');
try {
  for (const store of ['PGlite', 'PostgreSQL'] as const) {
    const loadAtStart = loadAverage();
    const dataDir = mkdtempSync(join(tmpdir(), 'peygir-bench-data-'));
    let peygir: PeygirProcess | undefined;
    try {
      const seedSeconds = await seed(store === 'PGlite' ? { dataDir: join(dataDir, 'store') } : { databaseUrl: server.databaseUrl });
      peygir =
        store === 'PGlite'
          ? await startPeygirProcess({ role: 'all', temporalAddress: server.address, taskQueue: 'peygir-bench', env: { PEYGIR_DATA_DIR: dataDir } })
          : await startPeygirProcess({ role: 'api', temporalAddress: server.address, taskQueue: 'peygir-bench', env: { DATABASE_URL: server.databaseUrl } });
      const http = jsonClient(peygir.baseUrl, 1);
      try {
        await timePage(http, `limit=${limit}`); // warm-up
        const first = summarize(await timePage(http, `limit=${limit}`));
        const walk = await cursorAt(http, 100);
        const middle = await cursorAt(http, Math.floor((eventCount + ledgerCount) / limit / 2));
        const deep = summarize(await timePage(http, `limit=${limit}&before=${middle.cursor}`));
        const walked = summarize(walk.walkMs);
        const row = (page: string, latency: ReturnType<typeof summarize>): Row => ({ store, page, requests: latency.count, 'p50 ms': latency.p50, 'p99 ms': latency.p99, 'max ms': latency.max, 'seeded in s': round(seedSeconds), 'load avg at start': loadAtStart });
        rows.push(row(`first page (${limit} items)`, first), row('pages 1–100, following next', walked), row(`page ${middle.pages + 1} (the middle, by cursor)`, deep));
        for (const [page, latency] of [['first page', first], ['deep page', deep]] as const) {
          targets.push({ what: `${store}: ${page} p99`, target: '< 50 ms', measured: `${latency.p99} ms`, met: latency.p99 < 50 });
        }
      } finally {
        http.close();
      }
    } finally {
      await peygir?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await server.stop();
}

writeReport({
  name: 'timeline',
  temporal: server.version,
  parameters: { events: eventCount, ledgerRows: ledgerCount, limit, requests },
  rows,
  targets,
  notes: ['one request at a time over HTTP, as a support agent pages through the console'],
});
