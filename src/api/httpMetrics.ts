import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../metrics/registry.js';

/** Times every request into `peygir_http_request_duration_seconds`, labelled by route pattern, not URL. */
const httpMetricsPlugin: FastifyPluginAsync<{ metrics: Metrics }> = async (app, { metrics }) => {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
};

export const httpMetrics = fp(httpMetricsPlugin, { name: 'peygir-http-metrics', fastify: '5.x' });
