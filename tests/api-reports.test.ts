import { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { createStore } from '../src/store/store.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';
import { unreachableTemporal } from './support/unreachableTemporal.js';

const KEY = 'report-key-0123456789abcdef';

describe('GET /v1/reports/:name', async () => {
  const connection = unreachableTemporal();
  const store = await createStore({});
  const settings = apiSettingsFromConfig(loadConfig({ API_KEYS: `console:${KEY}` }));
  const api = await buildApi(apiDeps({ client: new Client({ connection }), taskQueue: 'unused', sequences: new SequenceRegistry('sequences'), links: testLinks, store, settings }), silentLog);
  afterAll(async () => {
    await api.close();
    await connection.close();
    await store.close();
  });
  const get = (url: string, key = KEY) => api.inject({ url, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('answers the report as JSON rows with their columns, for the range and period asked', async () => {
    await store.recordEvent({ eventId: 'p-1', type: 'purchase', customerId: 'c1', occurredAt: '2026-11-05T12:00:00Z', data: { amount: 120 } });
    await store.recordEvent({ eventId: 'p-2', type: 'purchase', customerId: 'c2', occurredAt: '2026-11-06T12:00:00Z', data: { amount: 80 } });
    const response = await get('/v1/reports/customers?from=2026-11-01&to=2026-12-01&period=month&timeZone=UTC&acquisitionCost=50');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ report: 'customers', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', period: 'month', timeZone: 'UTC', calendar: 'gregorian' });
    expect(body.columns[0]).toBe('period');
    // Two new buyers, nobody at the start: revenue 120 + 80 = 200, 100 a customer; no churn rate, so no lifetime value.
    expect(body.rows).toEqual([
      expect.objectContaining({ period: '2026-11-01', customers_start: 0, customers_end: 2, new_customers: 2, buyers: 2, revenue: 200, revenue_per_customer: 100, churn_pct: null, acquisition_cost: 50 }),
    ]);
  });

  it('answers the experiments report per split arm, and lists it in the OpenAPI document', async () => {
    const run = { customerId: 'x1', subject: 'enrollment/experiment-welcome/x1/signup', sequenceId: 'experiment-welcome' };
    await store.appendLedger({ ...run, kind: 'enrollment.started', occurredAt: new Date('2026-11-05T12:00:00Z'), details: { version: 'v1' } });
    await store.appendLedger({ ...run, kind: 'enrollment.variant', occurrence: '2', occurredAt: new Date('2026-11-06T12:00:00Z'), details: { variant: 'discount' } });
    const body = (await get('/v1/reports/experiments?from=2026-11-01&to=2026-12-01&sequence=experiment-welcome')).json();
    expect(body.columns).toContain('p_value');
    expect(body.rows).toEqual([expect.objectContaining({ variant: 'discount', entered: 1, converted: 0, note: 'baseline: the first variant by name (no holdout)' })]);
    const openapi = (await get('/docs/json')).json();
    expect(openapi.paths['/v1/reports/{name}'].get.parameters).toContainEqual(expect.objectContaining({ name: 'name', schema: expect.objectContaining({ enum: expect.arrayContaining(['experiments']) }) }));
  });

  it('refuses an unknown report, a bad parameter (naming it) and a request without credentials', async () => {
    expect((await get('/v1/reports/profits')).statusCode).toBe(400);
    const badPeriod = await get('/v1/reports/funnel?period=year');
    expect(badPeriod.statusCode).toBe(400);
    const badDay = await get('/v1/reports/funnel?from=someday');
    expect(badDay.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('from: "someday"') } });
    expect((await get('/v1/reports/funnel', '')).statusCode).toBe(401);
  });
});
