import { describe, expect, it } from 'vitest';
import { callTaskQuery } from '../workflows/protocol.js';
import { timelineQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';
import { startedRun } from './support/runs.js';

describe('the shipped NPS survey follow-up', () => {
  const t = useStack();

  it('a detractor gets an urgent call task for a manager in the run’s first step, then an apology', async () => {
    await post(t.stack, {
      eventId: 'nps-77',
      type: 'survey_answered',
      customerId: 'sf-1',
      customer: { email: 'leila@example.com', name: 'لیلا', phone: '09121234567' },
      data: { nps: 3, comment: 'ارسال دیر شد' },
    });
    const run = await startedRun(t.stack, 'enrollment/survey-followup/sf-1/nps-77');
    const task = t.stack.env.client.workflow.getHandle('call-task/sf-1/survey-followup/nps-77/1.case1.1');
    await eventually(async () => expect(await task.query(callTaskQuery)).toMatchObject({ assignee: 'manager', priority: 'urgent', customerName: 'لیلا' }));

    // The call task is the run's first action: it was created in the first workflow task, before any activity.
    const history = (await run.fetchHistory()).events ?? [];
    const firstChild = history.findIndex((event) => event.startChildWorkflowExecutionInitiatedEventAttributes);
    expect(history.slice(0, firstChild).some((event) => event.activityTaskScheduledEventAttributes)).toBe(false);

    await t.smtp.waitForMessages(1);
    expect(t.smtp.messages[0]?.subject).toBe('لیلا، متأسفیم');
    await eventually(async () =>
      expect((await run.query(timelineQuery)).done.map((entry) => entry.label)).toEqual(expect.arrayContaining(['send email: sorry'])),
    );
  });

  it('a detractor who wrote no comment ({"nps": 4}) gets an open call task with its script', async () => {
    await post(t.stack, { eventId: 'nps-4', type: 'survey_answered', customerId: 'sf-2', customer: { email: 'reza@example.com', name: 'رضا', phone: '09121234568' }, data: { nps: 4 } });
    const run = await startedRun(t.stack, 'enrollment/survey-followup/sf-2/nps-4');
    const task = t.stack.env.client.workflow.getHandle('call-task/sf-2/survey-followup/nps-4/1.case1.1');
    await eventually(async () => expect((await run.query(timelineQuery)).done.map((entry) => entry.stepId)).toContain('1.case1.1'));
    // Outside business hours the task opens at the next slot: skip there.
    if ((await task.query(callTaskQuery)).status === 'scheduled') await t.stack.env.sleep('3 days');
    await eventually(async () =>
      expect(await task.query(callTaskQuery)).toMatchObject({
        status: 'open',
        script: 'فوری: رضا امتیاز ۴ داده است. نظری ننوشته است. امروز تماس بگیرید و مشکل را پیگیری کنید.',
      }),
    );
  });
});
