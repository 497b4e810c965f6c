import { describe, expect, it } from 'vitest';
import type { SequenceDefinition, Step } from '../src/dsl/definition.js';
import type { CustomerEvent, CustomerProfile } from '../src/events/customerEvent.js';
import { contactStateQuery, enrollmentWorkflow } from '../workflows/index.js';
import { callTaskWorkflowId, enrollmentWorkflowId } from '../workflows/ids.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const welcome = sequence({ id: 'welcome', steps: [send('1', 'welcome')], templates: { welcome: emailTemplate('welcome') } });
const callStep: Step = { kind: 'call_task', id: '1', label: 'call about the quote', assignee: 'sales', priority: 'high', template: 'script' };
const quoteCall = sequence({
  id: 'quote-call',
  trigger: { event: 'quote_requested' },
  steps: [callStep],
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} تماس بگیرید.' } } } },
});

const path = (kind: string, id: string) => `/v1/${kind}/${encodeURIComponent(id)}`;

/** Workflow IDs are built injectively from their parts: no two customers (or events) share a run. */
describe('workflow IDs escape their parts', () => {
  const t = useStack({ definitions: [welcome, quoteCall] });
  const get = (kind: string, id: string) => t.stack.api.inject({ url: path(kind, id) });
  const contact = (customerId: string) => t.stack.env.client.workflow.getHandle(`contact/${customerId}`);
  /** A run of `definition` that only waits, started by hand under `workflowId` (not by a contact). */
  const startWaitingRun = (workflowId: string, definition: SequenceDefinition, trigger: CustomerEvent & { customer: CustomerProfile }) =>
    t.stack.env.client.workflow.start(enrollmentWorkflow, {
      workflowId,
      taskQueue: t.stack.taskQueue,
      args: [
        {
          sequence: { ...definition, steps: [{ kind: 'wait', id: '1', label: 'wait 3d', duration: { days: 3 }, from: 'now' }] },
          customerId: trigger.customerId,
          customer: trigger.customer,
          consent: { unsubscribed: false, suppressed: [] },
          trigger,
          contactWorkflowId: `contact/${trigger.customerId}`,
        },
      ],
    });

  it('parts that once met in one ID stay apart; plain parts read as they always did', () => {
    expect(enrollmentWorkflowId('welcome', 'col', 'x/y')).toBe('enrollment/welcome/col/x%2Fy');
    expect(enrollmentWorkflowId('welcome', 'col/x', 'y')).toBe('enrollment/welcome/col%2Fx/y');
    expect(enrollmentWorkflowId('welcome', 'a%2Fb', 'c')).toBe('enrollment/welcome/a%252Fb/c');
    expect(enrollmentWorkflowId('welcome', 'c-42', 'order-1001')).toBe('enrollment/welcome/c-42/order-1001');
    expect(callTaskWorkflowId('c/1', 'quote-call', 'q/1', '2.1')).toBe('call-task/c%2F1/quote-call/q%2F1/2.1');
  });

  it('customer `col` with event `x/y` and customer `col/x` with event `y` both get their welcome email', async () => {
    await post(t.stack, { eventId: 'x/y', type: 'purchase', customerId: 'col', customer: { email: 'col@example.com', name: 'Col' } });
    await post(t.stack, { eventId: 'y', type: 'purchase', customerId: 'col/x', customer: { email: 'colx@example.com', name: 'ColX' } });

    const mails = await t.smtp.waitForMessages(2);
    expect(mails.map((mail) => mail.subject).sort()).toEqual(['welcome Col', 'welcome ColX']);
    expect(mails.map((mail) => JSON.stringify(mail.to))).toEqual(expect.arrayContaining([expect.stringContaining('"col@'), expect.stringContaining('"colx@')]));
    for (const [customerId, runId] of [
      ['col', 'enrollment/welcome/col/x%2Fy'],
      ['col/x', 'enrollment/welcome/col%2Fx/y'],
    ] as const) {
      await eventually(async () => expect((await get('enrollments', runId)).json()).toMatchObject({ id: runId, customerId, status: 'completed' }));
      const state = await contact(customerId).query(contactStateQuery);
      expect(state).toMatchObject({ enrollments: [runId], notStarted: [], duplicateEvents: 0 });
    }
    // Written the old way, the ID could mean either run: the API names both.
    const ambiguous = await get('enrollments', 'enrollment/welcome/col/x/y');
    expect(ambiguous.statusCode).toBe(409);
    expect(ambiguous.json().error).toMatchObject({
      code: 'ambiguous_enrollment_id',
      details: { enrollments: expect.arrayContaining(['enrollment/welcome/col/x%2Fy', 'enrollment/welcome/col%2Fx/y']) },
    });
    await keepHistory(contact('col/x'), 'contact-escaped-enrollment-ids');
  });

  it('a call task for a customer with `/` in the ID gets an escaped ID the API finds', async () => {
    await post(t.stack, { eventId: 'q/7', type: 'quote_requested', customerId: 'b2b/9', customer: { name: 'Sara', phone: '09121234567' } });
    const taskId = 'call-task/b2b%2F9/quote-call/q%2F7/1';
    await eventually(async () => expect((await get('call-tasks', taskId)).json()).toMatchObject({ id: taskId, customerId: 'b2b/9' }));
    const run = t.stack.env.client.workflow.getHandle('enrollment/quote-call/b2b%2F9/q%2F7');
    await run.result();
    // Written the old way (parts unescaped), the ID still finds the one run it can mean.
    expect((await get('enrollments', 'enrollment/quote-call/b2b/9/q/7')).json()).toMatchObject({ id: run.workflowId, customerId: 'b2b/9' });
    await keepHistory(run, 'enrollment-escaped-call-task-id');
  });

  it('a run started under a legacy ID (parts joined as they are) is still found and controlled by the API', async () => {
    const legacyId = 'enrollment/quote-call/old/a/b';
    const customer = { name: 'Old', phone: '09121234567' };
    await startWaitingRun(legacyId, quoteCall, { eventId: 'b', type: 'quote_requested', customerId: 'old/a', customer });
    await eventually(async () => expect((await get('enrollments', legacyId)).json()).toMatchObject({ id: legacyId, customerId: 'old/a', status: 'waiting' }));
    const cancel = await t.stack.api.inject({ method: 'POST', url: `${path('enrollments', legacyId)}/cancel`, payload: { reason: 'legacy check' } });
    expect(cancel.statusCode).toBe(202);
    await eventually(async () => expect((await get('enrollments', legacyId)).json()).toMatchObject({ status: 'exited' }));
  });

  it('an enrollment that cannot start is on the contact, in the API and in the metric; the contact goes on', async () => {
    // Another run holds the ID the contact would use (started by hand here).
    const takenId = 'enrollment/welcome/held/order-1';
    const customer = { email: 'held@example.com', name: 'Held' };
    await startWaitingRun(takenId, welcome, { eventId: 'order-1', type: 'purchase', customerId: 'someone-else', customer });
    await post(t.stack, { eventId: 'order-1', type: 'purchase', customerId: 'held', customer });
    // Escaping can make an ID longer than Temporal takes (1000 bytes): 400 bytes of customer, 600 of event.
    const longCustomer = 'ک'.repeat(200);
    await post(t.stack, { eventId: '/'.repeat(200), type: 'purchase', customerId: longCustomer, customer });

    await eventually(async () =>
      expect((await get('customers', 'held')).json().notStarted).toEqual([
        expect.objectContaining({ id: takenId, sequenceId: 'welcome', eventId: 'order-1', reason: 'id_taken' }),
      ]),
    );
    await eventually(async () =>
      expect((await get('customers', longCustomer)).json().notStarted).toEqual([
        expect.objectContaining({ id: `enrollment/welcome/${longCustomer}/${'%2F'.repeat(200)}`, reason: 'id_too_long' }),
      ]),
    );
    const counted = (await t.stack.metrics.enrollmentsNotStarted.get()).values.map(({ labels, value }) => ({ ...labels, value }));
    expect(counted).toEqual(
      expect.arrayContaining([
        { sequence: 'welcome', reason: 'id_taken', value: 1 },
        { sequence: 'welcome', reason: 'id_too_long', value: 1 },
      ]),
    );

    await post(t.stack, { eventId: 'order-2', type: 'purchase', customerId: 'held', customer });
    await t.smtp.waitForMessages(3);
    expect(t.smtp.messages.at(-1)?.to).toMatchObject({ value: [{ address: 'held@example.com' }] });
    expect((await contact('held').describe()).status.name).toBe('RUNNING');
    await keepHistory(contact('held'), 'contact-enrollment-not-started');
  });
});
