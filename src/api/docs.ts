import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { eventDataSchemas } from '../events/eventTypes.js';
import { SIGNATURE_HEADER } from './auth/signature.js';
import { jsonSchema } from './schemas.js';

/** Routes anyone may call (health, metrics, docs, signed email links): no API key. */
export const OPEN = { security: [] };

/** The query of a signed email link (open pixel, click, unsubscribe): its token, `t`. */
export const tokenQuery = {
  type: 'object',
  properties: { t: { type: 'string', maxLength: 8192 } },
  required: ['t'],
} as const;

/**
 * The OpenAPI 3 document, generated from the route schemas (`GET /docs/json`), and Swagger UI at `/docs`.
 * Register before the routes: @fastify/swagger collects them as they are added.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Peygir API',
        version: '0.1.0',
        description:
          'Customer events in, enrollments and call tasks out. Every error is `{ error: { code, message, details } }`. ' +
          'See README "The webhook API" for authentication and signing.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'API_KEYS: one key per source system' },
          signature: {
            type: 'apiKey',
            in: 'header',
            name: SIGNATURE_HEADER,
            description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with the source\'s WEBHOOK_SIGNING_SECRETS entry; events only',
          },
        },
        schemas: Object.fromEntries(Object.entries(eventDataSchemas).map(([type, schema]) => [`${type}Data`, jsonSchema(schema, 'input')])),
      },
      security: [{ apiKey: [] }, { signature: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
