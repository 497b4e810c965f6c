import { describe, expect, it } from 'vitest';
import { toLocal } from '../src/schedule/index.js';
import { sendPermitRequestSignal } from '../workflows/protocol.js';
import { stateQuery, timelineQuery } from '../workflows/index.js';
import type { Step } from '../src/dsl/definition.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { post } from './support/events.js';
import { eventually } from './support/eventually.js';
import { sleepingRun, startedRun } from './support/runs.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { useStack } from './support/useStack.js';

const DAY = 86_400_000;
const welcome = sequence({ id: 'welcome-a', steps: [send('1', 'a')], templates: { a: emailTemplate('a') } });
const loyalty = sequence({ id: 'thanks-b', steps: [send('1', 'b')], templates: { b: emailTemplate('b') } });
const eveningNews = sequence({ id: 'evening-news', trigger: { event: 'newsletter_due' }, steps: [send('1', 'news')], templates: { news: emailTemplate('news') } });
const promo = sequence({
  id: 'promo',
  trigger: { event: 'promo_started' },
  steps: [send('1', 'first'), { ...send('2', 'second'), whenNotAllowed: 'skip' } as Step],
  templates: { first: emailTemplate('first'), second: emailTemplate('second') },
});
const callLate = sequence({
  id: 'call-late',
  trigger: { event: 'payment_failed' },
  steps: [
    { kind: 'wait', id: '1', label: 'wait 1d at 22:00', duration: { days: 1 }, at: '22:00', from: 'now' },
    { kind: 'send', id: '2', label: 'send call: reminder', channel: 'call', template: 'reminder' },
  ],
  templates: { reminder: { call: { fa: { text: '{{ customer.name }} عزیز، پرداخت شما انجام نشد.' } } } },
});

describe('when messages may go out: frequency caps across sequences, business hours for calls', () => {
  const kavenegar = fakeKavenegar();
  const t = useStack(
    async () => ({
      definitions: [welcome, loyalty, callLate, eveningNews, promo],
      kavenegarUrl: await kavenegar.start(),
      frequencyCaps: { email: { max: 1, windowMs: DAY } },
    }),
    () => kavenegar.stop(),
  );

  it('two sequences want to email the same customer at once: with a cap of 1 a day, the second waits a day', async () => {
    await post(t.stack, { eventId: 'buy', type: 'purchase', customerId: 'f1', customer: { email: 'f1@example.com', name: 'فرهاد' } });
    await t.smtp.waitForMessages(1);
    const runs = await Promise.all(['enrollment/welcome-a/f1/buy', 'enrollment/thanks-b/f1/buy'].map((id) => startedRun(t.stack, id)));
    await eventually(async () => {
      const states = await Promise.all(runs.map((run) => run.query(stateQuery)));
      expect(states.map((state) => state.waitingFor ?? state.status).sort()).toEqual(['completed', expect.stringMatching(/^frequency cap/)]);
    });
    await Promise.all(runs.map((run) => run.result()));
    const [first, second] = (await Promise.all(runs.map(async (run) => (await run.query(timelineQuery)).done[0])))
      .map((entry) => Date.parse(entry?.at ?? ''))
      .sort((a, b) => a - b);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(DAY - 60_000);
    expect(t.smtp.messages).toHaveLength(2);
    // Both open with a send: the contact granted each permit with the run's start, no request signal needed.
    const contact = await t.stack.env.client.workflow.getHandle('contact/f1').fetchHistory();
    expect(contact.events?.filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === sendPermitRequestSignal.name)).toEqual([]);
  });

  it('a send marked `when_not_allowed: skip` is skipped, not delayed, when the cap is reached', async () => {
    await post(t.stack, { eventId: 'promo-1', type: 'promo_started', customerId: 'sk1', customer: { email: 'sk1@example.com', name: 'سینا' } });
    const run = await startedRun(t.stack, 'enrollment/promo/sk1/promo-1');
    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('completed'));
    const { done } = await run.query(timelineQuery);
    expect(done.map((entry) => `${entry.stepId}:${entry.outcome}`)).toEqual(['1:done', '2:skipped']);
    expect(done[1]?.detail).toMatch(/^frequency cap: not allowed before /);
  });

  it('a customer’s best contact time (19:00–20:00) moves an email into those hours, in their time zone', async () => {
    await post(t.stack, { eventId: 'evening', type: 'newsletter_due', customerId: 'bc1', customer: { email: 'bc1@example.com', name: 'بهار', timezone: 'Asia/Tehran', best_contact_time: '19:00-20:00' } });
    const run = await startedRun(t.stack, 'enrollment/evening-news/bc1/evening');
    // Settled (sleeping until the evening, or already sent) before letting time skip.
    await eventually(async () => expect(['waiting', 'completed']).toContain((await run.query(stateQuery)).status));
    await run.result();
    const [sent] = (await run.query(timelineQuery)).done;
    expect(sent?.outcome).toBe('done');
    expect(toLocal(new Date(sent?.at ?? ''), 'Asia/Tehran').hour).toBe(19);
  });

  it('a call due at 22:00 Tehran is placed at 09:00 on the next business day', async () => {
    await post(t.stack, { eventId: 'pf', type: 'payment_failed', customerId: 'q1', customer: { name: 'نرگس', phone: '09351234567', timezone: 'Asia/Tehran' } });
    const run = await sleepingRun(t.stack, 'enrollment/call-late/q1/pf');
    await run.result();
    const call = (await run.query(timelineQuery)).done.find((entry) => entry.stepId === '2');
    const local = toLocal(new Date(call?.at ?? ''), 'Asia/Tehran');
    expect(call?.outcome).toBe('done');
    expect([local.hour, local.minute]).toEqual([9, 0]);
    expect(local.weekday).not.toBe('fri');
    expect(kavenegar.requests.find((request) => request.apiMethod === 'call/maketts')?.form).toMatchObject({
      receptor: '09351234567',
      message: 'نرگس عزیز، پرداخت شما انجام نشد.',
    });
  });
});
