import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { contactStateQuery, enrollmentWorkflow, stateQuery, timelineQuery } from '../workflows/index.js';
import { sendPermitRequestSignal, sendPermitSignal } from '../workflows/protocol.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { startedRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

const DAY = 86_400_000;
const welcome = sequence({ id: 'welcome', steps: [send('1', 'welcome')], templates: { welcome: emailTemplate('welcome') } });
const tutorial = sequence({
  id: 'tutorial',
  trigger: { event: 'signup' },
  steps: [wait('1', 1), send('2', 'tutorial')],
  templates: { tutorial: emailTemplate('tutorial') },
});

/** A send permit is a question between two workflows: neither fails, nor waits forever, when the other is gone. */
describe('send permits that get lost', () => {
  const t = useStack({ definitions: [welcome, tutorial], frequencyCaps: { email: { max: 5, windowMs: DAY } } });
  const client = () => t.stack.env.client;
  const permitRequests = async (handle: WorkflowHandle) =>
    ((await handle.fetchHistory()).events ?? []).filter((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'send_permit_request')
      .length;

  it('a permit asked for mid-run is answered at once: one request, the send goes out', async () => {
    await post(t.stack, { eventId: 'signup-1', type: 'signup', customerId: 'a1', customer: { email: 'a1@example.com', name: 'آرش' } });
    const run = await startedRun(t.stack, 'enrollment/tutorial/a1/signup-1');
    expect(await run.result()).toBe('completed');
    expect(await permitRequests(run)).toBe(1);
    expect(t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('a1@'))).toHaveLength(1);
    await keepHistory(run, 'enrollment-send-permit-asked-again-unneeded');
  });

  it('an enrollment that ended while its permit request was in flight does not fail the contact', async () => {
    const customer = { email: 'p1@example.com', name: 'پریا' };
    await post(t.stack, { eventId: 'order-1', type: 'purchase', customerId: 'p1', customer });
    const ended = await startedRun(t.stack, 'enrollment/welcome/p1/order-1');
    await ended.result();

    // The run asked for its next send's permit, then ended before the answer.
    const contact = client().workflow.getHandle('contact/p1');
    const requestId = `${ended.workflowId}/2`;
    await contact.signal(sendPermitRequestSignal, { requestId, enrollmentWorkflowId: ended.workflowId, channel: 'email' });
    await post(t.stack, { eventId: 'order-2', type: 'purchase', customerId: 'p1', customer });

    await eventually(() => expect(t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('p1@'))).toHaveLength(2));
    expect((await contact.describe()).status.name).toBe('RUNNING');
    // The two welcomes count against the cap; the permit nobody took does not.
    await eventually(async () => expect((await contact.query(contactStateQuery)).sends).toHaveLength(2));
    expect(Object.keys((await contact.query(contactStateQuery)).permits)).not.toContain(requestId);
    await keepHistory(contact, 'contact-permit-for-ended-enrollment');
  });

  it('a permit that never arrives is asked for three times, then the step fails for ops; a late answer lets the run go on', async () => {
    const customer = { email: 'lost@example.com', name: 'Lost' };
    const run = await client().workflow.start(enrollmentWorkflow, {
      workflowId: 'enrollment/welcome/lost-1/order-1',
      taskQueue: t.stack.taskQueue,
      args: [
        {
          sequence: welcome,
          customerId: 'lost-1',
          customer,
          consent: { unsubscribed: false, suppressed: [] },
          trigger: { eventId: 'order-1', type: 'purchase', customerId: 'lost-1', customer },
          contactWorkflowId: 'contact/lost-1', // no such contact: nobody answers
        },
      ],
    });
    const asked = () => permitRequests(run);
    await eventually(async () => expect(await asked()).toBe(1));

    await t.stack.env.sleep('4 minutes');
    await eventually(async () => expect(await run.query(stateQuery)).toMatchObject({ status: 'failed', waitingFor: expect.stringContaining('retry_step') }));
    expect(await asked()).toBe(3);
    expect((await run.query(timelineQuery)).done).toEqual([
      expect.objectContaining({ stepId: '1', outcome: 'failed', detail: 'no send permit from contact/lost-1 after 3 requests' }),
    ]);
    expect(t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('lost@'))).toEqual([]);

    await run.signal(sendPermitSignal, { requestId: `${run.workflowId}/1`, notBefore: 0 });
    expect(await run.result()).toBe('completed');
    expect(t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('lost@'))).toHaveLength(1);
    await keepHistory(run, 'enrollment-send-permit-never-answered');
  });
});
