import { describe, expect, it } from 'vitest';
import shipped from '../data/holidays/iran.json' with { type: 'json' };
import type { SequenceDefinition } from '../src/dsl/definition.js';
import { validateSequence } from '../src/dsl/validate.js';
import { formatJalaliDateTime } from '../src/locale/dates.js';
import { formatGregorianDate, formatJalaliDate, fromJalali, toJalali } from '../src/locale/jalali.js';
import { toLocal } from '../src/schedule/index.js';
import { callTaskQuery } from '../workflows/protocol.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

const DAY = 86_400_000;
const gregorianDay = (day: number) => {
  const date = new Date(day * DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

/** The first Nowruz at least two days after `today` (a UTC day number), from the shipped table. */
function nextNowruz(today: number): number {
  const days = shipped.years.map((year) => {
    const date = fromJalali({ year, month: 1, day: 1 });
    return Date.UTC(date.year, date.month - 1, date.day) / DAY;
  });
  const day = days.find((nowruz) => nowruz > today + 1);
  if (day === undefined) throw new Error('data/holidays/iran.json has no Nowruz ahead: add the coming years');
  return day;
}

/** After Nowruz, the first day that is neither a Friday nor in the table: when the office opens again. */
function firstWorkingDayFrom(day: number): number {
  const holidays = new Set(shipped.holidays.map((holiday) => holiday.gregorian));
  let candidate = day;
  while (new Date(candidate * DAY).getUTCDay() === 5 || holidays.has(formatGregorianDate(gregorianDay(candidate)))) candidate += 1;
  return candidate;
}

const detractorCalls = (days: number): string => `
id: detractor-calls
name: Detractors get a call
trigger: { event: survey_answered, where: { event.data.nps: { lte: 6 } } }
customer_fields: { phone: phone }
event_data: { survey_answered: { nps: number } }
steps:
  - wait: { days: ${days}, at: "18:00" }
  - call_task: { assignee: manager, priority: urgent, template: call_detractor }
templates:
  call_detractor: { call_task: { fa: "{{ customer.name }} ناراضی است: تماس بگیرید" } }
`;

/** A detractor's call task that would fall on 1 Farvardin opens on the next working day (business hours skip Iran's holidays). */
describe('call tasks do not open on an Iranian public holiday', () => {
  const definitions: SequenceDefinition[] = [];
  const t = useStack({ definitions });

  it('a call task asked for on the evening before Nowruz opens after the Nowruz holidays, at 09:00 Tehran', async () => {
    const now = toLocal(new Date(await t.stack.env.currentTimeMs()), 'Asia/Tehran');
    const today = Date.UTC(now.year, now.month - 1, now.day) / DAY;
    const nowruz = nextNowruz(today);
    // The task is asked for at 18:00 on the last day of Esfand: without holidays it would open at 09:00 on 1 Farvardin.
    const checked = validateSequence(detractorCalls(nowruz - 1 - today), 'detractor-calls.yaml');
    expect(checked.problems).toEqual([]);
    definitions.push(checked.definition as SequenceDefinition);

    await post(t.stack, { eventId: 'nps-2', type: 'survey_answered', customerId: 'hd-1', customer: { name: 'نگار', phone: '09121234567', timezone: 'Asia/Tehran' }, data: { nps: 2 } });
    const run = await sleepingRun(t.stack, 'enrollment/detractor-calls/hd-1/nps-2');
    await run.result();
    const task = t.stack.env.client.workflow.getHandle('call-task/hd-1/detractor-calls/nps-2/2');
    if ((await task.query(callTaskQuery)).status === 'scheduled') await t.stack.env.sleep('8 days');
    await eventually(async () => expect((await task.query(callTaskQuery)).status).toBe('open'));
    const opened = await task.query(callTaskQuery);

    const openDay = formatJalaliDate(toJalali(gregorianDay(firstWorkingDayFrom(nowruz))));
    expect(formatJalaliDateTime(new Date(opened.createdAt), 'Asia/Tehran')).toBe(`${formatJalaliDate(toJalali(gregorianDay(nowruz - 1)))} 18:00`);
    expect(formatJalaliDateTime(new Date(opened.openAt ?? ''), 'Asia/Tehran')).toBe(`${openDay} 09:00`);
    expect(openDay).not.toMatch(/\/01\/0[1-4]$/);
  });
});
