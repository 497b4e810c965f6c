import { describe, expect, it } from 'vitest';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import { signalContact } from '../src/temporal/contactSignal.js';
import { customerEventSignal } from '../workflows/protocol.js';
import { contactStateQuery, lifecycleClockWorkflow } from '../workflows/index.js';
import { send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

/** Churned customers get one email per churn type; the trigger event carries stage, previous_stage and churn_type. */
const churned: SequenceDefinition = sequence({
  id: 'churned',
  trigger: { event: 'lifecycle_changed', lifecycle: 'churned' },
  reentry: 'always',
  steps: [
    {
      kind: 'branch',
      id: '1',
      label: 'branch',
      cases: [
        { when: { path: 'event.data.churn_type', op: 'eq', value: 'competitive' }, steps: [send('1.1', 'competitive')] },
        { when: { path: 'event.data.churn_type', op: 'eq', value: 'passive' }, steps: [send('1.2', 'passive')] },
      ],
      otherwise: [send('1.otherwise.1', 'other')],
    },
  ],
  templates: Object.fromEntries(
    ['competitive', 'passive', 'other'].map((name) => [
      name,
      { email: { fa: { subject: `${name} {{ trigger.data.previous_stage }}→{{ trigger.data.stage }} {{ customer.facts.days_since_last_activity }}`, text: 'x' } } },
    ]),
  ),
});

describe('lifecycle stage changes start sequences', () => {
  const t = useStack({ definitions: [churned] });
  const subjects = (customerId: string) => t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@`)).map((mail) => mail.subject);
  const contact = (customerId: string) => t.stack.env.client.workflow.getHandle(`contact/${customerId}`).query(contactStateQuery);
  const runClock = async (workflowId: string) => {
    const handle = await t.stack.env.client.workflow.start(lifecycleClockWorkflow, { taskQueue: t.stack.taskQueue, workflowId });
    return { handle, result: await handle.result() };
  };

  it('a cancellation naming a competitor churns the customer at intake (competitive), delivered with the event', async () => {
    await post(t.stack, { eventId: 'login-1', type: 'login', customerId: 'rival', customer: { email: 'rival@example.com' } });
    await post(t.stack, { eventId: 'close-1', type: 'account_closed', customerId: 'rival', data: { competitor: 'digikala' } });
    await eventually(() => expect(subjects('rival')).toEqual(['competitive new→churned 0']));
    const state = await contact('rival');
    // One enrollment, its ID from the customer and the change (`lifecycle/<cause>`).
    expect(state.enrollments).toEqual(['enrollment/churned/rival/lifecycle%2Fclose-1']);
    expect((await t.stack.store.getCustomer('rival'))?.lifecycle).toMatchObject({ stage: 'churned', churnType: 'competitive' });

    // A redelivery of the cause (the sender retried) brings the same change: nothing starts twice.
    await post(t.stack, { eventId: 'close-1', type: 'account_closed', customerId: 'rival', data: { competitor: 'digikala' } });
    await eventually(async () => expect((await contact('rival')).duplicateEvents).toBeGreaterThanOrEqual(2));
    expect((await contact('rival')).enrollments).toHaveLength(1);
  });

  it('silence churns by the clock (at_risk after 30 days, churned passive after 60), delivered once', async () => {
    await post(t.stack, { eventId: 'signup-1', type: 'signup', customerId: 'quiet', customer: { email: 'quiet@example.com' } });
    await t.stack.env.sleep('31 days');
    expect((await runClock('lifecycle-clock-31d')).result.changes).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect((await t.stack.store.getCustomer('quiet'))?.lifecycle?.stage).toBe('at_risk'));
    expect(subjects('quiet')).toEqual([]);

    await t.stack.env.sleep('30 days');
    const { handle } = await runClock('lifecycle-clock-61d');
    await keepHistory(handle, 'lifecycle-clock-churned');
    await eventually(() => expect(subjects('quiet')).toEqual(['passive at_risk→churned 61']));
    // Nothing is due any more; a change delivered again (a retried delivery) is recognised.
    expect((await runClock('lifecycle-clock-61d-again')).result.changes).toBe(0);
    const state = await contact('quiet');
    const change = (await t.stack.store.customerTimeline('quiet', { limit: 10 })).items.find((item) => item.type === 'lifecycle_changed' && item.data.stage === 'churned');
    expect(change && 'eventId' in change).toBe(true);
    const eventId = change && 'eventId' in change ? change.eventId : '';
    await signalContact({ client: t.stack.env.client, taskQueue: t.stack.taskQueue }, 'quiet', customerEventSignal, [{ eventId, type: 'lifecycle_changed', customerId: 'quiet', data: change?.data ?? {} }]);
    await eventually(async () => expect((await contact('quiet')).duplicateEvents).toBe(state.duplicateEvents + 1));
    expect((await contact('quiet')).enrollments).toHaveLength(1);
    expect(subjects('quiet')).toHaveLength(1);
  });

  it('a webhook may not send lifecycle_changed itself', async () => {
    const response = await t.stack.api.inject({ method: 'POST', url: '/v1/events', payload: { eventId: 'fake', type: 'lifecycle_changed', customerId: 'x', data: { stage: 'churned' } } });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('reserved_event_type');
  });
});
