import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { eventually } from './support/eventually.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** The workflow tasks a run completed, and the activities it scheduled, before the first event that is `until`. */
function hopsBefore(events: HistoryEvent[], until: (event: HistoryEvent) => boolean): { workflowTasks: number; activities: string[] } {
  const end = events.findIndex(until);
  expect(end, 'the run reached the event counted up to').toBeGreaterThanOrEqual(0);
  const before = events.slice(0, end);
  return {
    workflowTasks: before.filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length,
    activities: before.flatMap((event) => (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ? [event.activityTaskScheduledEventAttributes?.activityType?.name ?? '?'] : [])),
  };
}

describe('a purchase reaches the welcome email in few hops', () => {
  // The caps an installation has by default (email 3 a day …): the welcome email is a capped send.
  const t = useStack({ frequencyCaps: loadConfig({}).FREQUENCY_CAPS });

  it('takes at most 3 workflow tasks and 1 activity (the customer from the store) before the SMTP send', async () => {
    const purchase = { eventId: 'hop-1', type: 'purchase', customerId: 'hop', customer: { email: 'hop@example.com', name: 'Hop' } };
    expect((await t.stack.api.inject({ method: 'POST', url: '/v1/events', payload: purchase })).statusCode).toBe(202);
    await t.smtp.waitForMessages(1);

    const { client } = t.stack.env;
    const contact = client.workflow.getHandle('contact/hop');
    const enrollment = client.workflow.getHandle('enrollment/welcome/hop/hop-1');
    expect(await enrollment.result()).toBe('completed'); // the week's wait skipped: a whole run to keep
    // The contact has taken the run's end (its last task completed): a history that replays whole.
    await eventually(async () => expect((await contact.fetchHistory()).events?.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
    await keepHistory(contact, 'contact-purchase-welcome');
    await keepHistory(enrollment, 'enrollment-purchase-welcome');

    const toContact = hopsBefore(
      (await contact.fetchHistory()).events ?? [],
      (event) => event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId === enrollment.workflowId,
    );
    const toSmtp = hopsBefore((await enrollment.fetchHistory()).events ?? [], (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'sendEmail');
    const activities = [...toContact.activities, ...toSmtp.activities];
    expect(activities).toEqual(['loadCustomer']);
    expect(toContact.workflowTasks + toSmtp.workflowTasks).toBeLessThanOrEqual(3);
  });
});
