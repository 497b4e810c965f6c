import { describe, expect, it } from 'vitest';
import { statusKey } from '../workflows/searchAttributes.js';
import { WEEKDAYS } from '../src/schedule/index.js';
import { callTaskQuery } from '../workflows/protocol.js';
import { retryStepSignal, stateQuery, timelineQuery } from '../workflows/index.js';
import { send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { startedRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

/** A manager's call, then the email promising it; the script needs the customer's name. */
const callThenPromise = sequence({
  id: 'call_then_promise',
  sendWindows: { call: { timezone: 'UTC', days: [...WEEKDAYS], start: '00:00', end: '24:00' } },
  steps: [
    { kind: 'call_task', id: '1', label: 'call the customer', assignee: 'manager', priority: 'urgent', template: 'script' },
    send('2', 'promise'),
  ],
  templates: {
    script: { call_task: { fa: { text: 'با {{ customer.name }} تماس بگیرید.' } } },
    promise: { email: { fa: { subject: 'امروز با شما تماس می‌گیریم', text: 'یکی از مدیران ما امروز تماس می‌گیرد.' } } },
  },
});

describe('a call task whose script cannot be rendered fails its step', () => {
  const t = useStack({ definitions: [callThenPromise] });

  it('the run goes to failed, nothing after the call goes out, and retry_step after the fix opens the task with its script', async () => {
    // No name: {{ customer.name }} cannot render (strict variables).
    await post(t.stack, { eventId: 'p-1', type: 'purchase', customerId: 'cs-1', customer: { email: 'cs-1@example.com', phone: '09121234567' } });
    const run = await startedRun(t.stack, 'enrollment/call_then_promise/cs-1/p-1');
    const task = t.stack.env.client.workflow.getHandle('call-task/cs-1/call_then_promise/p-1/1');

    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('failed'));
    expect((await run.query(stateQuery)).waitingFor).toMatch(/^ops: step 1 failed \(.*undefined variable: customer\.name.*\); signal retry_step or cancel_enrollment$/);
    expect((await run.query(timelineQuery)).done.map(({ stepId, outcome }) => `${stepId} ${outcome}`)).toEqual(['1 failed']);
    expect((await run.describe()).typedSearchAttributes.get(statusKey)).toBe('failed');
    expect((await t.stack.metrics.stepsFailed.get()).values).toContainEqual(expect.objectContaining({ labels: { sequence: 'call_then_promise', step: '1' }, value: 1 }));
    expect(await task.query(callTaskQuery)).toMatchObject({ status: 'scheduled', script: '' });
    expect(t.smtp.messages).toHaveLength(0);

    await post(t.stack, { type: 'profile_changed', customerId: 'cs-1', customer: { name: 'سارا' } });
    await eventually(async () => {
      const { status } = await run.query(stateQuery);
      if (status === 'failed') await run.signal(retryStepSignal);
      expect(status).toBe('completed');
    }, 50, 200);
    expect(await task.query(callTaskQuery)).toMatchObject({ status: 'open', script: 'با سارا تماس بگیرید.' });
    await t.smtp.waitForMessages(1);
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['امروز با شما تماس می‌گیریم']);
    await keepHistory(run, 'enrollment-call-script-failed-retried');
    await keepHistory(task, 'call-task-script-from-run');
  });
});
