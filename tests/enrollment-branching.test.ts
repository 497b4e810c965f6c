import { describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { stateQuery, timelineQuery } from '../workflows/index.js';
import { callTaskQuery, enrollmentEventSignal } from '../workflows/protocol.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import type { TestStack } from './support/stack.js';
import { useStack } from './support/useStack.js';

const detractorCall: Step = { kind: 'call_task', id: '2.answered.1.case1.1', label: 'call task for manager', assignee: 'manager', priority: 'high', template: 'detractor' };
const survey = sequence({
  id: 'survey',
  trigger: { event: 'support_ticket_closed' },
  steps: [
    send('1', 'survey'),
    {
      kind: 'wait_for',
      id: '2',
      label: 'wait for survey_answered (timeout 5d)',
      timeout: { days: 5 },
      events: [
        {
          event: 'survey_answered',
          steps: [
            {
              kind: 'branch',
              id: '2.answered.1',
              label: 'branch on nps',
              cases: [{ when: { path: 'event.data.nps', op: 'lte', value: 6 }, steps: [detractorCall] }],
              otherwise: [send('2.answered.1.otherwise.1', 'thank_you')],
            },
          ],
        },
      ],
      onTimeout: [send('2.timeout.1', 'reminder')],
    },
  ],
  templates: {
    survey: emailTemplate('survey'),
    thank_you: emailTemplate('thank_you'),
    reminder: emailTemplate('reminder'),
    detractor: { call_task: { fa: { text: '{{ customer.name }} امتیاز {{ event.data.nps }} داد؛ تماس بگیرید.' } } },
  },
});

describe('wait_for and branch: a survey answer decides what happens next', () => {
  const t = useStack({ definitions: [survey] });

  const start = async (customerId: string): Promise<ReturnType<TestStack['env']['client']['workflow']['getHandle']>> => {
    await post(t.stack, { eventId: `t-${customerId}`, type: 'support_ticket_closed', customerId, customer: { email: `${customerId}@example.com`, name: 'مریم', phone: '09121234567' } });
    const handle = t.stack.env.client.workflow.getHandle(`enrollment/survey/${customerId}/t-${customerId}`);
    await eventually(async () => expect((await handle.query(stateQuery)).waitingFor).toContain('survey_answered'));
    return handle;
  };

  it('a detractor (NPS 3) gets a high-priority call task for a manager, started in the same workflow task as the answer', async () => {
    const handle = await start('d1');
    await post(t.stack, { eventId: 'nps-d1', type: 'survey_answered', customerId: 'd1', data: { nps: 3 } });
    expect(await handle.result()).toBe('completed');

    const history = (await handle.fetchHistory()).events ?? [];
    // The only event forwarded to this run is the answer.
    const answered = history.findIndex((event) => event.workflowExecutionSignaledEventAttributes?.signalName === enrollmentEventSignal.name);
    const childStarted = history.findIndex((event) => event.startChildWorkflowExecutionInitiatedEventAttributes);
    const taskCompletions = history.slice(answered, childStarted).filter((event) => event.workflowTaskCompletedEventAttributes);
    expect(answered).toBeGreaterThan(0);
    expect(taskCompletions).toHaveLength(1);

    const task = await t.stack.env.client.workflow.getHandle('call-task/d1/survey/t-d1/2.answered.1.case1.1').query(callTaskQuery);
    expect(task).toMatchObject({ assignee: 'manager', priority: 'high', customerId: 'd1', phone: '+989121234567' });
    expect(t.smtp.messages.map((mail) => mail.subject)).not.toContain('thank_you مریم');
    await keepHistory(handle, 'enrollment-detractor-branch');
  });

  it('a promoter (NPS 9) gets the thank-you email instead', async () => {
    const handle = await start('p1');
    await post(t.stack, { eventId: 'nps-p1', type: 'survey_answered', customerId: 'p1', data: { nps: 9 } });
    expect(await handle.result()).toBe('completed');
    const { done } = await handle.query(timelineQuery);
    expect(done.map((entry) => `${entry.stepId}:${entry.outcome}`)).toEqual(['1:done', '2:matched', '2.answered.1:done', '2.answered.1.otherwise.1:done']);
    expect(t.smtp.messages.filter((mail) => mail.subject === 'thank_you مریم')).toHaveLength(1);
  });

  it('no answer within 5 days: the reminder goes out', async () => {
    const handle = await start('s1');
    expect(await handle.result()).toBe('completed');
    const { done } = await handle.query(timelineQuery);
    expect(done.map((entry) => `${entry.stepId}:${entry.outcome}`)).toEqual(['1:done', '2:timed_out', '2.timeout.1:done']);
  });
});
