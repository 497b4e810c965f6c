import { describe, expect, it } from 'vitest';
import { ingestEvent } from '../src/api/ingest.js';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import { contactStateQuery } from '../workflows/index.js';
import { send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { silentLog } from './support/stack.js';
import { useStack } from './support/useStack.js';

/** Returning buyers only (the store's count), then after 10 days: quiet customers get one email, active ones another. */
const returning: SequenceDefinition = sequence({
  id: 'returning',
  trigger: { event: 'purchase', where: { path: 'customer.facts.orders', op: 'gte', value: 2 } },
  reentry: 'never',
  steps: [
    send('1', 'thanks'),
    wait('2', 10),
    {
      kind: 'branch',
      id: '3',
      label: 'branch',
      cases: [{ when: { path: 'customer.facts.days_since_last_activity', op: 'gte', value: 10 }, steps: [send('3.1', 'miss')] }],
      otherwise: [send('3.otherwise.1', 'active')],
    },
  ],
  templates: {
    thanks: { email: { fa: { subject: 'thanks {{ customer.facts.orders }} {{ customer.facts.revenue }} {{ customer.facts.currency }} {{ customer.facts.last_product }}', text: 'x' } } },
    miss: { email: { fa: { subject: 'miss {{ customer.facts.days_since_last_activity }}', text: 'x' } } },
    active: { email: { fa: { subject: 'active {{ customer.facts.events.login.count }} logins', text: 'x' } } },
  },
});

describe('customer facts in conditions and templates, on the test server', () => {
  const t = useStack({ definitions: [returning] });
  const subjects = (customerId: string) => t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@`)).map((mail) => mail.subject);
  const buy = (customerId: string, n: number, product: string) =>
    post(t.stack, { eventId: `order-${n}`, type: 'purchase', customerId, customer: { email: `${customerId}@example.com` }, data: { amount: 100_000, product } });

  it('the first purchase enrolls nobody; the second does, and the email shows the counted orders and revenue', async () => {
    await buy('quiet', 1, 'چای');
    await eventually(async () => expect((await t.stack.env.client.workflow.getHandle('contact/quiet').query(contactStateQuery)).seenEventIds).toContain('order-1'));
    expect((await t.stack.env.client.workflow.getHandle('contact/quiet').query(contactStateQuery)).enrollments).toEqual([]);
    await buy('quiet', 2, 'قهوه');
    const run = await sleepingRun(t.stack, 'enrollment/returning/quiet/order-2');
    expect(subjects('quiet')).toEqual(['thanks 2 200000 toman قهوه']);

    // Ten days of silence: the branch reads days since the last activity at workflow time.
    expect(await run.result()).toBe('completed');
    expect(subjects('quiet')).toEqual(['thanks 2 200000 toman قهوه', 'miss 10']);
  });

  it('an event during the wait reaches the run with the facts after it: the active customer gets the other email', async () => {
    await buy('busy', 1, 'چای');
    await buy('busy', 2, 'قهوه');
    const run = await sleepingRun(t.stack, 'enrollment/returning/busy/order-2');
    await t.stack.env.sleep('6 days');
    // As intake delivers it, at the server's (skipped) time: a webhook's occurredAt may not be ahead of the wall clock.
    const now = new Date(await t.stack.env.currentTimeMs()).toISOString();
    await ingestEvent({ client: t.stack.env.client, taskQueue: t.stack.taskQueue, store: t.stack.store }, { eventId: 'login-1', type: 'login', customerId: 'busy', occurredAt: now }, silentLog);
    expect(await run.result()).toBe('completed');
    expect(subjects('busy')).toEqual(['thanks 2 200000 toman قهوه', 'active 1 logins']);
  });

  it('GET /v1/customers/:id shows the facts and the stage', async () => {
    const response = await t.stack.api.inject({ method: 'GET', url: '/v1/customers/quiet' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      facts: { orders: 2, revenue: 200_000, currency: 'toman', last_product: 'قهوه', events: { purchase: { count: 2 } } },
      lifecycle: { stage: 'new', churnType: null },
    });
    const inStage = await t.stack.api.inject({ method: 'GET', url: '/v1/customers?stage=new&limit=1' });
    expect(inStage.statusCode).toBe(200);
    expect(inStage.json()).toMatchObject({ customers: [{ customerId: 'busy', stage: 'new' }], next: 'busy' });
    const next = await t.stack.api.inject({ method: 'GET', url: '/v1/customers?stage=new&limit=1&after=busy' });
    expect(next.json().customers.map((customer: { customerId: string }) => customer.customerId)).toEqual(['quiet']);
    expect((await t.stack.api.inject({ method: 'GET', url: '/v1/customers?stage=lapsed' })).statusCode).toBe(400);
  });
});
