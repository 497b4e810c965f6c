import { describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const callStep: Step = { kind: 'call_task', id: '1', label: 'call about the quote', assignee: 'sales', priority: 'high', template: 'script' };
const quoteCalls = sequence({
  id: 'quote-calls',
  trigger: { event: 'quote_requested' },
  exitOn: ['replied'],
  steps: [callStep, wait('2', 3)],
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} درباره پیش‌فاکتور تماس بگیرید.' } } } },
});

const path = (kind: string, id: string) => `/v1/${kind}/${encodeURIComponent(id)}`;
const taskOf = (customerId: string) => `call-task/${customerId}/quote-calls/q-${customerId}/1`;
const enrollmentOf = (customerId: string) => `enrollment/quote-calls/${customerId}/q-${customerId}`;

/** No agent calls a customer who refused calls, replied, or left the sequence. */
describe('call tasks follow consent and the run that asked for them', () => {
  const t = useStack({ definitions: [quoteCalls] });
  const get = async (kind: string, id: string) => (await t.stack.api.inject({ url: path(kind, id) })).json();
  const requestQuote = (customerId: string) =>
    post(t.stack, { eventId: `q-${customerId}`, type: 'quote_requested', customerId, customer: { name: 'Sara', phone: '09121234567' } });
  const openTask = async (customerId: string) => {
    await requestQuote(customerId);
    await eventually(async () => expect(await get('call-tasks', taskOf(customerId))).toMatchObject({ status: expect.stringMatching(/scheduled|open/) }));
    await eventually(async () => expect(await get('enrollments', enrollmentOf(customerId))).toMatchObject({ status: 'waiting' }));
  };

  it('the customer replies (exit_on): the run exits and its open call task is cancelled, saying why', async () => {
    await openTask('cc-1');
    await post(t.stack, { type: 'replied', customerId: 'cc-1' });
    await eventually(async () => expect(await get('call-tasks', taskOf('cc-1'))).toMatchObject({ status: 'cancelled', cancelReason: 'exit on replied' }));
    await eventually(async () => expect(await get('enrollments', enrollmentOf('cc-1'))).toMatchObject({ status: 'exited' }));
    await keepHistory(t.stack.env.client.workflow.getHandle(enrollmentOf('cc-1')), 'enrollment-exit-cancels-call-task');
  });

  it('a customer who refused calls gets no call task; the step says why', async () => {
    await post(t.stack, { type: 'unsubscribed', customerId: 'cc-2', data: { channel: 'call' } });
    await requestQuote('cc-2');
    await eventually(async () =>
      expect((await get('enrollments', enrollmentOf('cc-2'))).timeline.done).toContainEqual(
        expect.objectContaining({ stepId: '1', outcome: 'skipped', detail: 'call suppressed for this customer' }),
      ),
    );
    expect((await t.stack.api.inject({ url: path('call-tasks', taskOf('cc-2')) })).statusCode).toBe(404);
  });

  it('unsubscribing from email leaves the call task open; unsubscribing from everything cancels it', async () => {
    await openTask('cc-3');
    await post(t.stack, { type: 'unsubscribed', customerId: 'cc-3', data: { channel: 'email' } });
    await eventually(async () => expect((await get('customers', 'cc-3')).consent).toMatchObject({ suppressed: ['email'] }));
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await get('call-tasks', taskOf('cc-3'))).toMatchObject({ status: expect.stringMatching(/scheduled|open/) });

    await post(t.stack, { type: 'unsubscribed', customerId: 'cc-3' });
    await eventually(async () => expect(await get('call-tasks', taskOf('cc-3'))).toMatchObject({ status: 'cancelled', cancelReason: 'customer unsubscribed' }));
  });
});
