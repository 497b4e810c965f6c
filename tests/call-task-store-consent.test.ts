import { describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { timelineQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { startHttpRecorder, type HttpRecorder } from './support/httpRecorder.js';
import { useStack } from './support/useStack.js';

const callStep: Step = { kind: 'call_task', id: '2', label: 'call about the quote', assignee: 'sales', priority: 'high', template: 'script' };
const quoteCalls = sequence({
  id: 'quote-calls',
  trigger: { event: 'quote_requested' },
  steps: [wait('1', 1), callStep, send('3', 'thanks')],
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} درباره پیش‌فاکتور تماس بگیرید.' } } }, thanks: emailTemplate('thanks') },
});

const taskOf = (customerId: string) => `call-task/${customerId}/quote-calls/q-${customerId}/2`;
const enrollmentOf = (customerId: string) => `enrollment/quote-calls/${customerId}/q-${customerId}`;

/** The store has the last word on calls too: an unsubscribe still on its way to the run stops the call task before agents or the CRM see it. */
describe('a call task asks the customer store before it opens', () => {
  let crm: HttpRecorder;
  const t = useStack(
    async () => {
      crm = await startHttpRecorder();
      return { definitions: [quoteCalls], crmWebhookUrl: `${crm.url}/call-tasks` };
    },
    () => crm?.close(),
  );
  const get = async (path: string) => (await t.stack.api.inject({ url: path })).json();
  /** The customer's ledger lines about one subject, as support reads them (GET /v1/customers/:id/timeline). */
  const ledgerOf = async (subject: string) => {
    const { items } = (await get('/v1/customers/sc-1/timeline?limit=200')) as { items: { source: string; type: string; subject: string; data: Record<string, unknown> }[] };
    return items.filter((item) => item.source === 'ledger' && item.subject === subject);
  };

  it('the store holds an unsubscribe from calls the run has not heard: no task opens, nothing reaches the CRM, the run goes on', async () => {
    await post(t.stack, { eventId: 'q-sc-1', type: 'quote_requested', customerId: 'sc-1', customer: { name: 'Sara', email: 'sc-1@example.com', phone: '09121234567' } });
    const run = t.stack.env.client.workflow.getHandle(enrollmentOf('sc-1'));
    await eventually(async () => expect(await get(`/v1/enrollments/${encodeURIComponent(enrollmentOf('sc-1'))}`)).toMatchObject({ status: 'waiting' }));
    // In the store only, as when the contact has not yet passed the unsubscribe on to the run.
    await t.stack.store.recordEvent({ eventId: 'unsub-sc-1', type: 'unsubscribed', customerId: 'sc-1', data: { channel: 'call' } });

    await t.stack.env.sleep('1 day');
    await eventually(async () => expect((await run.query(timelineQuery)).done.map((entry) => entry.stepId)).toContain('2'));
    const task = t.stack.env.client.workflow.getHandle(taskOf('sc-1'));
    expect(await task.result()).toMatchObject({ status: 'cancelled', cancelReason: expect.stringContaining('call suppressed for this customer') });
    expect(await run.result()).toBe('completed');
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['thanks Sara']);
    expect(crm.requests).toEqual([]);
    const ledger = await ledgerOf(taskOf('sc-1'));
    expect(ledger.map((line) => line.type)).toEqual(['call_task.cancelled']);
    expect(ledger[0]?.data).toMatchObject({ reason: expect.stringContaining('call suppressed') });
    await keepHistory(task, 'call-task-store-refused');
  });
});
