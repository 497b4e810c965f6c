import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/freePort.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';

describe('Temporal down, then back', () => {
  let env: TestWorkflowEnvironment | undefined;
  afterAll(async () => {
    await env?.teardown();
  });

  it('503 with Retry-After while it is down; the same event retried once it is back is accepted', async () => {
    const port = await freePort();
    const connection = Connection.lazy({ address: `127.0.0.1:${port}`, connectTimeout: 300 });
    const api = await buildApi(apiDeps({ client: new Client({ connection }), taskQueue: 'recovery', sequences: new SequenceRegistry('sequences'), links: testLinks }), silentLog);
    const event = { eventId: 'order-77', type: 'signup', customerId: 'r-1' };
    try {
      const down = await api.inject({ method: 'POST', url: '/v1/events', payload: event });
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
      expect((await api.inject({ url: '/readyz' })).statusCode).toBe(503);

      env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') }, port } });
      // What a webhook sender does: retry the same event until it gets a 202.
      await eventually(async () => expect((await api.inject({ method: 'POST', url: '/v1/events', payload: event })).statusCode).toBe(202), 30, 1_000);
      expect((await api.inject({ url: '/readyz' })).statusCode).toBe(200);
      const contact = await env.client.workflow.getHandle('contact/r-1').describe();
      expect(contact.status.name).toBe('RUNNING');
    } finally {
      await api.close();
      await connection.close();
    }
  });
});
