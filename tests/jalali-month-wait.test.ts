import { describe, expect, it } from 'vitest';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import { validateSequence } from '../src/dsl/validate.js';
import { formatJalaliDateTime } from '../src/locale/dates.js';
import { fromJalali, jalaliMonthLength, toJalali } from '../src/locale/jalali.js';
import { toLocal } from '../src/schedule/index.js';
import { timelineQuery } from '../workflows/index.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

const DAY = 86_400_000;

const renewal = (days: number): string => `
id: renewal-reminder
name: Renewal a Jalali month later
calendar: jalali
trigger: { event: subscription_started }
steps:
  - wait: { days: ${days}, at: "10:00" }
  - wait: 1mo
  - send: { channel: email, template: renew }
templates:
  renew: { email: { fa: { subject: "{{ customer.name }}، زمان تمدید است", text: "اشتراک شما امروز تمام می‌شود." } } }
`;

/** `calendar: jalali`: a month from 30 Bahman ends on the last day of Esfand, as a person in Iran counts it. */
describe('a Jalali month wait on the time-skipping server', () => {
  const definitions: SequenceDefinition[] = [];
  const t = useStack({ definitions });

  it('a wait of one month from 30 Bahman sends on the last day of Esfand', async () => {
    const now = toLocal(new Date(await t.stack.env.currentTimeMs()), 'Asia/Tehran');
    const today = Date.UTC(now.year, now.month - 1, now.day) / DAY;
    // The next 30 Bahman at least two days ahead (1405/11/30 = 2027-02-19 while that is still ahead).
    const { year: thisYear } = toJalali(now);
    const bahman30 = [thisYear, thisYear + 1].map((year) => {
      const date = fromJalali({ year, month: 11, day: 30 });
      return { year, day: Date.UTC(date.year, date.month - 1, date.day) / DAY };
    }).find((candidate) => candidate.day > today + 1);
    if (!bahman30) throw new Error('no 30 Bahman ahead');
    const checked = validateSequence(renewal(bahman30.day - today), 'renewal-reminder.yaml');
    expect(checked.problems).toEqual([]);
    definitions.push(checked.definition as SequenceDefinition);

    await post(t.stack, { eventId: 'sub-1', type: 'subscription_started', customerId: 'jm-1', customer: { name: 'آرش', email: 'arash@example.com', timezone: 'Asia/Tehran' } });
    const run = await sleepingRun(t.stack, 'enrollment/renewal-reminder/jm-1/sub-1');
    await run.result();

    const done = (await run.query(timelineQuery)).done;
    const at = (stepId: string): string => formatJalaliDateTime(new Date(done.find((entry) => entry.stepId === stepId)?.at ?? ''), 'Asia/Tehran');
    expect(at('1')).toBe(`${bahman30.year}/11/30 10:00`);
    expect(at('2')).toBe(`${bahman30.year}/12/${jalaliMonthLength(bahman30.year, 12)} 10:00`);
    expect(done.find((entry) => entry.stepId === '2')?.label).toBe('wait 1mo jalali');
    await t.smtp.waitForMessages(1);
    expect(t.smtp.messages[0]?.subject).toBe('آرش، زمان تمدید است');
  });
});
