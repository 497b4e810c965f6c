import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Peygir's Prometheus metrics, in a registry of their own (no global singletons): `npm start` makes one
 * and hands it to the API (and, later, to activities); each test stack makes its own.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'peygir_' });
  const registers = [registry];
  return {
    registry,
    /** Events that reached the API, by type (documented types and sequence triggers; `custom` for the rest) and outcome. */
    eventsIngested: new Counter({
      name: 'peygir_events_ingested_total',
      help: 'Customer events received by the API, by type and outcome (accepted, invalid, unavailable)',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    /** API latency by route pattern (never the raw URL: IDs would explode the label set). */
    httpRequestDuration: new Histogram({
      name: 'peygir_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    /** Messages handed to a channel, by channel (email, sms, call, webhook) and result (sent, failed, skipped …). */
    sends: new Counter({
      name: 'peygir_sends_total',
      help: 'Messages sent by channel and result',
      labelNames: ['channel', 'result'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
