import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';
import { useStack } from './support/useStack.js';

/** An API-only process (PEYGIR_ROLE=api) asks Temporal which workers poll its task queue; needs the dev server's DescribeTaskQueue. */
describe('/readyz in an API-only process (dev server)', () => {
  const t = useStack({ definitions: [], server: 'dev' });
  const apis: FastifyInstance[] = [];
  const apiOnly = async (taskQueue: string) => {
    const deps = apiDeps({ client: t.stack.env.client, taskQueue, sequences: t.stack.sequences, links: testLinks });
    delete deps.workerRunning; // as in PEYGIR_ROLE=api
    const api = await buildApi(deps, silentLog);
    apis.push(api);
    return api;
  };
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
  });

  it('reports the workers Temporal sees polling the task queue', async () => {
    const api = await apiOnly(t.stack.taskQueue);
    const ready = await api.inject({ url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { temporal: 'ok' } });
    expect(ready.json().checks.worker).toMatch(new RegExp(`^[1-9]\\d* polling task queue ${t.stack.taskQueue} \\(other processes\\)$`));
  });

  it('is ready without workers (Temporal keeps the events) but says none polls', async () => {
    const api = await apiOnly('nobody-polls-this');
    const ready = await api.inject({ url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json().checks.worker).toBe('none polling task queue nobody-polls-this: runs wait until a worker starts');
  });
});
