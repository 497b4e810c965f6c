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
  const ledgerOf = async (customerId: string, subject: string) => {
    const { items } = (await get(`/v1/customers/${customerId}/timeline?limit=200`)) as { items: { source: string; type: string; subject: string; data: Record<string, unknown> }[] };
    return items.filter((item) => item.source === 'ledger' && item.subject === subject);
  };
  /**
   * Starts the run and records `unsubscribe` in the store only while the run waits before its call step (as when
   * the contact has not yet passed it on to the run); the run is left to go on.
   */
  const unsubscribeInStoreOnly = async (customerId: string, name: string, unsubscribe: { data?: Record<string, unknown> }) => {
    await post(t.stack, { eventId: `q-${customerId}`, type: 'quote_requested', customerId, customer: { name, email: `${customerId}@example.com`, phone: '09121234567' } });
    await eventually(async () => expect(await get(`/v1/enrollments/${encodeURIComponent(enrollmentOf(customerId))}`)).toMatchObject({ status: 'waiting' }));
    await t.stack.store.recordEvent({ eventId: `unsub-${customerId}`, type: 'unsubscribed', customerId, ...unsubscribe });
    return { run: t.stack.env.client.workflow.getHandle(enrollmentOf(customerId)), task: t.stack.env.client.workflow.getHandle(taskOf(customerId)) };
  };

  it('the store holds an unsubscribe the run has not heard (from calls, from everything): no task opens, nothing reaches the CRM, the runs go on', async () => {
    // Both at once: on the Java test server, a run started after an earlier task's skip to business hours never saw its timer fire.
    const [callsOnly, everything] = await Promise.all([
      unsubscribeInStoreOnly('sc-1', 'Sara', { data: { channel: 'call' } }),
      unsubscribeInStoreOnly('sc-2', 'Reza', {}),
    ]);
    expect(await Promise.all([callsOnly.run.result(), everything.run.result()])).toEqual(['completed', 'completed']);
    expect((await callsOnly.run.query(timelineQuery)).done).toContainEqual(expect.objectContaining({ stepId: '2', outcome: 'done', detail: taskOf('sc-1') }));
    const [callsOnlyTask, everythingTask] = await Promise.all([callsOnly.task.result(), everything.task.result()]);
    expect(callsOnlyTask).toMatchObject({ status: 'cancelled', cancelReason: 'call suppressed for this customer (customer store, when the call task was to open)' });
    expect(everythingTask).toMatchObject({ status: 'cancelled', cancelReason: 'customer unsubscribed (customer store, when the call task was to open)' });
    expect(crm.requests).toEqual([]);
    // The run goes on past the call step: the email after it goes out, unless the store refuses it at send too.
    const subjects = t.smtp.messages.map((mail) => mail.subject);
    expect(subjects).toContain('thanks Sara');
    expect(subjects).not.toContain('thanks Reza');
    for (const customerId of ['sc-1', 'sc-2']) {
      const ledger = await ledgerOf(customerId, taskOf(customerId));
      expect(ledger.map((line) => line.type)).toEqual(['call_task.cancelled']);
      expect(ledger[0]?.data).toMatchObject({ reason: expect.stringContaining('customer store') });
    }
    await keepHistory(callsOnly.task, 'call-task-store-refused');
  });
});
