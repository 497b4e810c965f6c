import { describe, expect, it } from 'vitest';
import type { SendWindow } from '../src/dsl/definition.js';
import { IRAN_HOLIDAYS, nextOpenSlot, toLocal, wakeTime } from '../src/schedule/index.js';
import { stateQuery, timelineQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const TEHRAN = 'Asia/Tehran';
const window: SendWindow = { timezone: 'customer', days: ['sat', 'sun', 'mon', 'tue', 'wed', 'thu'], start: '09:00', end: '20:00' };

describe('the shipped post-purchase nurture, three months in milliseconds', () => {
  const t = useStack();

  it('sends delivery check-in, tutorial, survey, thank-you and offer at the right Tehran instants', async () => {
    await post(t.stack, {
      eventId: 'delivered-1',
      type: 'order_delivered',
      customerId: 'pp1',
      customer: { email: 'sara@example.com', name: 'سارا', phone: '09121234567', locale: 'fa', timezone: TEHRAN },
      data: { product: 'دفتر یادداشت چرمی', related_product: 'خودکار' },
    });
    const run = t.stack.env.client.workflow.getHandle('enrollment/post-purchase/pp1/delivered-1');
    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('waiting'));
    const startedAt = new Date((await run.query(stateQuery)).startedAt);

    // Let server time run a day at a time until the survey waits for its answer, then answer as a promoter.
    for (let day = 0; day < 40 && !(await run.query(stateQuery)).waitingFor?.includes('survey_answered'); day++) {
      await t.stack.env.sleep('1 day');
    }
    await post(t.stack, { eventId: 'nps-1', type: 'survey_answered', customerId: 'pp1', data: { nps: 9 } });
    expect(await run.result()).toBe('completed');

    const sent = (await run.query(timelineQuery)).done.filter((entry) => entry.label.startsWith('send'));
    expect(sent.map((entry) => entry.label)).toEqual([
      'send email: delivered',
      'send email: tutorial',
      'send email: survey',
      'send email: thank_you',
      'send email: related_offer',
    ]);
    const at = (label: string): Date => new Date(sent.find((entry) => entry.label === label)?.at ?? '');
    const expected = (from: Date, duration: { weeks?: number; months?: number }): number =>
      nextOpenSlot(wakeTime(from, duration, '10:00', TEHRAN), window, TEHRAN, IRAN_HOLIDAYS, { keepTimeOfDay: true }).getTime();
    // The timeline records when the provider accepted the message: within seconds of the wake-up.
    const sentNear = (label: string, instant: number): void => expect(Math.abs(at(label).getTime() - instant)).toBeLessThan(60_000);
    sentNear('send email: tutorial', expected(at('send email: delivered'), { weeks: 1 }));
    sentNear('send email: survey', expected(startedAt, { months: 1 }));
    sentNear('send email: related_offer', expected(startedAt, { months: 3 }));
    for (const label of ['send email: tutorial', 'send email: survey', 'send email: related_offer']) {
      const local = toLocal(at(label), TEHRAN);
      // 10:00 in Tehran, also when the day was a Friday: the held send keeps its time on Saturday.
      expect(`${local.weekday} ${local.hour}:${local.minute}`).toMatch(/^(sat|sun|mon|tue|wed|thu) 10:0$/);
    }
    // No login or purchase in those months: the shipped inactivity's "we miss you" comes too (its own test).
    const subjects = t.smtp.messages.map((mail) => mail.subject).filter((subject) => subject !== 'سارا، دلمان برایتان تنگ شده');
    expect(subjects.slice(0, 3)).toEqual(['دفتر یادداشت چرمی به دستتان رسید، سارا', 'چند نکته برای دفتر یادداشت چرمی', 'سارا، نظرتان درباره خریدتان چیست؟']);
    // Two sequences answer the survey at the same instant, each on its own: either may reach SMTP first.
    expect(subjects.slice(3, 5)).toEqual(
      expect.arrayContaining([
        'از پاسخ شما سپاسگزاریم',
        // The shipped survey follow-up thanks a promoter; an answer without a referral code no longer fails it.
        'سارا، ممنون از لطف شما',
      ]),
    );
    expect(subjects.slice(5)).toEqual(['سارا، پیشنهادی کنار دفتر یادداشت چرمی']);
  });
});
