import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../../src/api/server.js';
import { SequenceRegistry } from '../../src/dsl/registry.js';
import { createStore } from '../../src/store/store.js';
import { freshPostgresDatabase, postgresUnavailable } from '../support/postgresDatabase.js';
import { apiDeps, silentLog, testLinks } from '../support/stack.js';

/** A process whose store does not answer cannot do its work: /readyz says so, naming the store. */
describe.skipIf(postgresUnavailable())('/readyz and the customer store (PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } });
  });
  afterAll(async () => env?.teardown());

  it('is ready while the store answers, and 503 not_ready naming the store once its database is gone', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const store = await createStore({ databaseUrl });
    const api = await buildApi(apiDeps({ client: new Client({ connection: env.connection }), taskQueue: 'store-ready', sequences: new SequenceRegistry('sequences'), links: testLinks, store }), silentLog);
    try {
      const ready = await api.inject({ url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(ready.json().checks).toMatchObject({ temporal: 'ok', store: 'ok' });

      const admin = new pg.Client({ connectionString: inject('databaseUrl') });
      await admin.connect();
      await admin.query(`drop database ${admin.escapeIdentifier(new URL(databaseUrl).pathname.slice(1))} with (force)`);
      await admin.end();

      const notReady = await api.inject({ url: '/readyz' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json().error).toMatchObject({ code: 'not_ready', details: { checks: { temporal: 'ok', store: expect.stringMatching(/^unreachable: .*does not exist/) } } });
      expect((await api.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await api.close();
      await store.close();
    }
  });
});
