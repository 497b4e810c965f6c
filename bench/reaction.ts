/**
 * Reaction: a purchase webhook until the welcome email is accepted by a local SMTP server, per customer.
 * Peygir runs as one process (PEYGIR_ROLE=all) against the bench's dev server, with only welcome.yaml loaded.
 *   BENCH_REACTION_CUSTOMERS (1000)  BENCH_REACTION_RATE (2 purchases/s: below what the 2-core dev machine sustains end to end, so latency is not queueing)
 */
import { performance } from 'node:perf_hooks';
import { startSmtpServer } from '../tests/support/smtpServer.js';
import { followArrivals } from './lib/arrivals.js';
import { benchWorkflowBundle } from './lib/bundle.js';
import { customerOfAddress, purchaseEvent } from './lib/events.js';
import { jsonClient } from './lib/http.js';
import { openLoop } from './lib/load.js';
import { startPeygirProcess } from './lib/peygir.js';
import { writeReport } from './lib/report.js';
import { benchSequencesDir } from './lib/sequencesDir.js';
import { intFromEnv } from './lib/settings.js';
import { perSecond, summarize } from './lib/stats.js';
import { startBenchTemporal } from './lib/temporal.js';

const customers = intFromEnv('BENCH_REACTION_CUSTOMERS', 1_000);
const rate = intFromEnv('BENCH_REACTION_RATE', 2);

const bundle = await benchWorkflowBundle();
const temporal = await startBenchTemporal();
const smtp = await startSmtpServer();
const peygir = await startPeygirProcess({
  role: 'all',
  temporalAddress: temporal.address,
  taskQueue: 'peygir-bench',
  env: { SMTP_URL: smtp.url, SEQUENCES_DIR: benchSequencesDir({ copy: ['sequences/welcome.yaml'] }), WORKFLOW_BUNDLE: bundle },
});
const http = jsonClient(peygir.baseUrl, 64);
try {
  const postedAt = new Map<string, number>();
  const reactionMs: number[] = [];
  const arrivals = followArrivals(smtp, customers, (customers / rate) * 1000 + 60_000, (mail, at) => {
    const customerId = customerOfAddress(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined);
    const posted = customerId === undefined ? undefined : postedAt.get(customerId);
    if (posted !== undefined) reactionMs.push(at - posted);
  });
  const ingest = await openLoop(customers, rate, (index) => {
    const customerId = `r-${index}`;
    postedAt.set(customerId, performance.now());
    return http.post('/v1/events', purchaseEvent(customerId, index % 2 ? 'en' : 'fa'));
  });
  const delivered = await arrivals;
  const reaction = summarize(reactionMs);
  const accepted = summarize(ingest.latenciesMs);
  writeReport({
    name: 'reaction',
    temporal: temporal.version,
    parameters: { customers, rate },
    rows: [
      { measure: 'webhook answered 202', count: ingest.done, 'p50 ms': accepted.p50, 'p90 ms': accepted.p90, 'p99 ms': accepted.p99, 'max ms': accepted.max },
      { measure: 'purchase → welcome email accepted', count: reaction.count, 'p50 ms': reaction.p50, 'p90 ms': reaction.p90, 'p99 ms': reaction.p99, 'max ms': reaction.max },
    ],
    targets: [
      { what: 'p99 purchase → email', target: '< 1000 ms', measured: `${reaction.p99} ms`, met: reaction.p99 < 1_000 },
      { what: 'emails delivered', target: String(customers), measured: delivered, met: delivered === customers && reaction.count === customers },
    ],
    notes: [
      `purchases posted at ${perSecond(ingest.done, ingest.seconds)}/s (open loop); ${ingest.errors} failed${ingest.firstError ? `: ${ingest.firstError}` : ''}`,
      'one process runs the API and the worker (PEYGIR_ROLE=all); the path is API → contact workflow → enrollment child → send activity → pooled SMTP',
    ],
  });
} finally {
  http.close();
  await peygir.stop();
  await smtp.close();
  await temporal.stop();
}
