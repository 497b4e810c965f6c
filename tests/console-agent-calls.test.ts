import { describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { callTaskQuery } from '../workflows/protocol.js';
import { consoleUser, ConsoleVisitor } from './support/consoleClient.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const callStep: Step = { kind: 'call_task', id: '1', label: 'call task for agents', assignee: 'agents', priority: 'high', template: 'script' };
const afterTheCall: Step = {
  kind: 'wait_for',
  id: '2',
  label: 'wait for call_completed (timeout 14d)',
  timeout: { days: 14 },
  // The run hears the callback time with the outcome (event.data.callbackAt).
  events: [
    {
      event: 'call_completed',
      where: { all: [{ path: 'event.data.outcome', op: 'eq', value: 'callback_requested' }, { path: 'event.data.callbackAt', op: 'exists', value: true }] },
      steps: [send('2.callback.1', 'later')],
    },
  ],
  onTimeout: [],
};
const calls = sequence({
  id: 'calls',
  trigger: { event: 'call_needed' },
  steps: [callStep, afterTheCall],
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} درباره سفارش تماس بگیرید.' } } }, later: emailTemplate('later') },
});

const taskId = 'call-task/ag-1/calls/need-1/1';
const taskPage = `/console/call-tasks/${encodeURIComponent(taskId)}`;

/** An agent works a call task in the console (time-skipping test server): open, claim, record the outcome; the sequence branches on it. */
describe('console: an agent claims and completes a call task, and the enrollment moves on', () => {
  const t = useStack(async () => ({
    definitions: [calls],
    apiSettings: { ...apiSettingsFromConfig(loadConfig({})), console: { users: [await consoleUser('agent-ali', 'agent'), await consoleUser('admin-ava', 'admin')], loginsPerMinute: 10 } },
  }));

  it('shows the task with the customer on one screen, claims it as the agent, completes it with notes and a callback time', async () => {
    await post(t.stack, { eventId: 'need-1', type: 'call_needed', customerId: 'ag-1', customer: { name: 'رضا', phone: '09121234567', email: 'reza@example.com' } });
    const task = t.stack.env.client.workflow.getHandle(taskId);
    await eventually(async () => expect((await task.query(callTaskQuery)).status).toMatch(/scheduled|open/));
    await t.stack.env.sleep('3 days'); // into business hours in Tehran, whatever the weekday
    await eventually(async () => expect((await task.query(callTaskQuery)).status).toBe('open'));

    const agent = new ConsoleVisitor(t.stack.api);
    await agent.logIn('agent-ali');
    const page = await agent.get(taskPage);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('dir="rtl"');
    expect(page.body).toContain('با رضا درباره سفارش تماس بگیرید.'); // the script
    expect(page.body).toContain('<th>phone</th><td>+989121234567</td>'); // the profile
    expect(page.body).toContain('call_needed'); // the timeline from the store
    expect(page.body).toContain('مشترک'); // consent: subscribed
    expect(page.body).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/); // Jalali dates in Persian digits
    for (const outcome of ['reached', 'no_answer', 'busy', 'voicemail', 'wrong_number', 'callback_requested', 'declined']) expect(page.body).toContain(`value="${outcome}"`);

    const claimed = await agent.submit(taskPage, `${taskPage}/claim`, {});
    expect(claimed.statusCode).toBe(303);
    expect(await task.query(callTaskQuery)).toMatchObject({ status: 'claimed', claimedBy: 'agent-ali' });

    const english = await agent.get(`${taskPage}?lang=en`);
    expect(english.body).toContain('dir="ltr"');
    expect(english.body).toContain('Call back later');

    const unreadable = await agent.submit(taskPage, `${taskPage}/complete`, { outcome: 'callback_requested', callbackAt: 'next week' });
    expect(unreadable.statusCode).toBe(422);
    expect(unreadable.body).toContain('callbackAt: &#34;next week&#34; is not a date and time');
    const completed = await agent.submit(taskPage, `${taskPage}/complete`, { outcome: 'callback_requested', notes: 'after the holidays', callbackAt: '2026-12-20T10:30' });
    expect(completed.statusCode).toBe(303);
    // 10:30 in Tehran (UTC+3:30) is 07:00 UTC.
    expect(await task.query(callTaskQuery)).toMatchObject({
      status: 'completed',
      outcome: 'callback_requested',
      claimedBy: 'agent-ali',
      notes: 'after the holidays',
      callbackAt: '2026-12-20T07:00:00.000Z',
    });
    const run = t.stack.env.client.workflow.getHandle('enrollment/calls/ag-1/need-1');
    expect(await run.result()).toBe('completed');
    await task.result();
    await keepHistory(task, 'call-task-callback-time');
    const outcome = (await t.stack.store.customerTimeline('ag-1', { limit: 50 })).items.find((item) => item.type === 'call_task.outcome');
    expect(outcome?.data).toMatchObject({ outcome: 'callback_requested', callbackAt: '2026-12-20T07:00:00.000Z' });
    await t.smtp.waitForMessages(1);
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['later رضا']);

    const closed = await agent.get(taskPage);
    expect(closed.body).toContain('This call is closed. Call back later'); // English stays chosen
    const again = await agent.submit(`${taskPage}?lang=en`, `${taskPage}/claim`, {});
    expect(again.statusCode).toBe(409); // the workflow refuses a claim on a closed task, as over the API
    expect(again.body).toContain('has ended');
  });

  it('an admin erases the customer from their page, the same erasure as DELETE /v1/customers/:id', async () => {
    const admin = new ConsoleVisitor(t.stack.api);
    await admin.logIn('admin-ava');
    const page = await admin.get('/console/customers/ag-1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('reza@example.com');
    const erased = await admin.submit('/console/customers/ag-1', '/console/customers/ag-1/erase', { confirm: 'ag-1' });
    expect(erased.statusCode).toBe(303);
    expect(erased.headers.location).toBe('/console/customers/ag-1?done=erased');
    expect(await t.stack.store.getCustomer('ag-1')).toMatchObject({ profile: {}, erasedAt: expect.any(Date) });
    const after = await admin.get('/console/customers/ag-1?done=erased');
    expect(after.body).toContain('داده‌های مشتری پاک شد.');
    expect(after.body).not.toContain('reza@example.com');
  });
});
