import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';

describe('POST /v1/events with bad input or no Temporal', async () => {
  // Nothing listens on port 1: every call to Temporal fails.
  const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
  const api = await buildApi(apiDeps({ client: new Client({ connection }), taskQueue: 'unused', sequences: new SequenceRegistry('sequences'), links: testLinks }), silentLog);
  afterAll(async () => {
    await api.close();
    await connection.close();
  });

  it('rejects a body without eventId with a stable error code that names the field', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', payload: { type: 'purchase', customerId: 'c-1' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('eventId') } });
  });

  it('rejects an event type that is not snake_case', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', payload: { eventId: 'e1', type: 'Purchase!', customerId: 'c-1' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });

  it('answers 503 when Temporal does not accept the event, so the sender retries', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', payload: { eventId: 'e1', type: 'purchase', customerId: 'c-1' } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: 'temporal_unavailable' } });
  });
});
