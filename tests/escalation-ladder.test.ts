import { describe, expect, it } from 'vitest';
import { callTaskQuery, completeCallTask } from '../workflows/protocol.js';
import { contactStateQuery, stateQuery, timelineQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { startHttpRecorder, type HttpRecorder } from './support/httpRecorder.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { useStack } from './support/useStack.js';

const escalation = sequence({
  id: 'escalation',
  trigger: { event: 'invoice_sent' },
  steps: [
    send('1', 'nudge'),
    {
      kind: 'wait_for',
      id: '2',
      label: 'wait for email_opened (timeout 2d)',
      timeout: { days: 2 },
      events: [{ event: 'email_opened', steps: [] }],
      onTimeout: [
        {
          kind: 'escalate',
          id: '2.timeout.1',
          label: 'escalate',
          ladder: [
            { channel: 'sms', template: 'nudge', wait: { days: 2 } },
            { channel: 'call_task', template: 'call_script', assignee: 'billing', priority: 'high' },
          ],
          until: ['email_opened', 'invoice_paid'],
        },
      ],
    },
    {
      kind: 'wait_for',
      id: '3',
      label: 'wait for call_completed (timeout 14d)',
      timeout: { days: 14 },
      events: [{ event: 'call_completed', where: { path: 'event.data.outcome', op: 'eq', value: 'reached' }, steps: [send('3.reached.1', 'thanks')] }],
      onTimeout: [],
    },
  ],
  templates: {
    nudge: { ...emailTemplate('nudge'), sms: { fa: { text: '{{ customer.name }} عزیز، صورتحساب شما آماده است.' } } },
    call_script: { call_task: { fa: { text: 'با {{ customer.name }} درباره صورتحساب تماس بگیرید.' } } },
    thanks: emailTemplate('thanks'),
  },
});

describe('escalation: email → SMS → a call task for an agent, and the call outcome comes back', () => {
  let crm: HttpRecorder;
  const kavenegar = fakeKavenegar();
  const t = useStack(
    async () => {
      crm = await startHttpRecorder();
      return { definitions: [escalation], kavenegarUrl: await kavenegar.start(), crmWebhookUrl: `${crm.url}/call-tasks` };
    },
    () => Promise.all([crm?.close(), kavenegar.stop()]),
  );

  it('climbs the ladder when nobody answers, and branches on the agent’s outcome', async () => {
    await post(t.stack, { eventId: 'inv-1', type: 'invoice_sent', customerId: 'e1', customer: { email: 'e1@example.com', name: 'بهرام', phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷' } });
    const run = t.stack.env.client.workflow.getHandle('enrollment/escalation/e1/inv-1');
    await t.smtp.waitForMessages(1);

    await t.stack.env.sleep('2 days');
    await eventually(() => expect(kavenegar.requests.filter((request) => request.apiMethod === 'sms/send')).toHaveLength(1));
    expect(kavenegar.requests.find((request) => request.apiMethod === 'sms/send')?.form).toMatchObject({
      receptor: '09121234567',
      message: 'بهرام عزیز، صورتحساب شما آماده است.',
    });

    await t.stack.env.sleep('2 days');
    // Kavenegar's delivery report came back as an event the sequence could wait for.
    const contact = t.stack.env.client.workflow.getHandle('contact/e1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).seenEventIds).toContainEqual(expect.stringMatching(/^sms\/\d+\/delivered$/)));
    const taskId = 'call-task/e1/escalation/inv-1/2.timeout.1.2';
    const task = t.stack.env.client.workflow.getHandle(taskId);
    await eventually(async () => expect((await run.query(timelineQuery)).done.map((entry) => entry.stepId)).toContain('2.timeout.1'));
    await t.stack.env.sleep('3 days'); // long enough to reach business hours in Tehran, whatever the weekday
    await eventually(async () => expect((await task.query(callTaskQuery)).status).toBe('open'));
    expect(await task.query(callTaskQuery)).toMatchObject({ script: 'با بهرام درباره صورتحساب تماس بگیرید.', assignee: 'billing', priority: 'high' });
    await eventually(() => expect(crm.requests).toHaveLength(1));
    expect(crm.requests[0]?.headers['x-peygir-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(crm.requests[0]?.body ?? '{}')).toMatchObject({ type: 'call_task.opened', task: { taskId, customerId: 'e1' } });

    await task.executeUpdate(completeCallTask, { args: [{ outcome: 'reached', notes: 'will pay tomorrow', agentId: 'agent-7' }] });
    expect(await run.result()).toBe('completed');
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['nudge بهرام', 'thanks بهرام']);
    expect((await run.query(stateQuery)).status).toBe('completed');
    const metrics = (await t.stack.api.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('peygir_sends_total{channel="email",result="sent"} 2');
    expect(metrics).toContain('peygir_sends_total{channel="sms",result="sent"} 1');
    await keepHistory(run, 'enrollment-escalation-call-task');
    await keepHistory(task, 'call-task-completed');
    const delivered = (await contact.query(contactStateQuery)).seenEventIds.find((id) => id.startsWith('sms/'));
    await keepHistory(t.stack.env.client.workflow.getHandle(`sms-delivery/e1/${delivered?.split('/')[1]}`), 'sms-delivery-reported');
  });
});
