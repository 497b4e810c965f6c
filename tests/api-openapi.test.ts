import { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';
import { unreachableTemporal } from './support/unreachableTemporal.js';

interface Operation {
  summary?: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
}

const V1_ROUTES = [
  'post /v1/events',
  'post /v1/events/batch',
  'get /v1/customers',
  'get /v1/customers/{id}',
  'get /v1/customers/{id}/timeline',
  'get /v1/customers/{id}/export',
  'delete /v1/customers/{id}',
  'get /v1/enrollments',
  'get /v1/enrollments/{id}',
  'post /v1/enrollments/{id}/cancel',
  'post /v1/enrollments/{id}/skip-wait',
  'post /v1/enrollments/{id}/retry-step',
  'get /v1/call-tasks',
  'get /v1/call-tasks/{id}',
  'post /v1/call-tasks/{id}/cancel',
  'post /v1/call-tasks/{id}/claim',
  'post /v1/call-tasks/{id}/complete',
  'get /v1/sequences',
  'post /v1/sequences/reload',
  'post /v1/sequences/{id}/enroll',
  'get /v1/reports/{name}',
];

function* schemasIn(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const item of value) yield* schemasIn(item);
  else if (value && typeof value === 'object') {
    yield value as Record<string, unknown>;
    for (const child of Object.values(value)) yield* schemasIn(child);
  }
}

/** What a local `$ref` (`#/components/schemas/x`, JSON Pointer) points at in the document; undefined if nothing. */
function resolveRef(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  const keys = ref.slice(2).split('/').map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
  return keys.reduce<unknown>((node, key) => (node && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined), document);
}

describe('the OpenAPI document at /docs/json', async () => {
  const connection = unreachableTemporal();
  const api = await buildApi(apiDeps({ client: new Client({ connection }), taskQueue: 'unused', sequences: new SequenceRegistry('sequences'), links: testLinks }), silentLog);
  afterAll(async () => {
    await api.close();
    await connection.close();
  });
  const response = await api.inject({ url: '/docs/json' });
  const document = response.json() as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method} ${path}`, operation })));

  it('is OpenAPI 3 JSON and documents every /v1 route with a summary, its answers and its error body', () => {
    expect(response.statusCode).toBe(200);
    expect(document.openapi).toMatch(/^3\./);
    expect(operations.map(({ route }) => route).filter((route) => route.includes('/v1/')).sort()).toEqual([...V1_ROUTES].sort());
    for (const { route, operation } of operations.filter(({ route }) => route.includes('/v1/'))) {
      expect(operation.summary, route).toBeTruthy();
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => status.startsWith('2')), route).toBe(true);
      expect(statuses, route).toEqual(expect.arrayContaining(['400', '401', '429']));
      expect(operation.responses['401']?.content?.['application/json']?.schema, route).toMatchObject({ properties: { error: { required: ['code', 'message'] } } });
      if (route.startsWith('post') && !/cancel|skip-wait|retry-step|reload/.test(route)) expect(operation.requestBody, route).toBeDefined();
    }
  });

  it('marks the open routes as needing no credentials', () => {
    for (const route of ['get /healthz', 'get /readyz', 'get /metrics']) {
      expect(operations.find((operation) => operation.route === route)?.operation.security, route).toEqual([]);
    }
  });

  it('has no $schema keys (OpenAPI 3.0 rejects them), every $ref resolves, and every schema is an object', () => {
    const refs = [...schemasIn(document)].flatMap((node) => (typeof node.$ref === 'string' ? [node.$ref] : []));
    for (const ref of refs) expect(resolveRef(document, ref), ref).toEqual(expect.any(Object));
    expect([...schemasIn(document)].filter((node) => '$schema' in node)).toEqual([]);
    for (const { route, operation } of operations) {
      const schemas = [
        ...Object.values(operation.requestBody?.content ?? {}).map((media) => media.schema),
        ...Object.values(operation.responses).flatMap((answer) => Object.values(answer.content ?? {}).map((media) => media.schema)),
      ];
      for (const schema of schemas) expect(schema, route).toEqual(expect.any(Object));
    }
    for (const type of ['purchase', 'survey_answered', 'call_completed']) expect(document.components.schemas).toHaveProperty(`${type}Data`);
  });

  it('is served as a page at /docs', async () => {
    const page = await api.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });
});
