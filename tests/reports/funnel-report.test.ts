import { describe, expect } from 'vitest';
import { reportQuery } from '../../src/reports/query.js';
import type { LedgerEntry } from '../../src/store/ledger.js';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const run = (name: string) => `enrollment/welcome/${name}/e-${name}`;
const at = (text: string) => new Date(`2026-11-${text}Z`);

/**
 * Welcome v1: A, B, C start on 2026-11-01 (Tehran), E at 2026-11-01T21:00Z = 01:30 on 2026-11-02 in Tehran.
 * Welcome v2: D on 2026-11-01. Step 1 sends an email, 2 (an escalation) an SMS and opens a call task (its 2nd rung, `2.2`).
 * D takes the first case of a branch at step 1 and gets an email from the nested step `1.case1.1`.
 * A: 1, 2, converted 2 h after its start.  B: 1, exits on unsubscribed.  C: 1, 2, converted 18 h after its start.
 */
async function buildLedger(store: Store): Promise<void> {
  const entry = (customer: string, kind: LedgerEntry['kind'], subject: string, occurredAt: string, extra: Partial<LedgerEntry> = {}) =>
    store.appendLedger({ customerId: customer, kind, subject, sequenceId: 'welcome', occurredAt: at(occurredAt), ...extra });
  const start = (customer: string, when: string, version = 'v1') => entry(customer, 'enrollment.started', run(customer), when, { details: { version } });
  const step = (customer: string, id: string, when: string) => entry(customer, 'enrollment.step', run(customer), when, { occurrence: id });
  const sent = (customer: string, id: string, channel: string, when: string) => entry(customer, 'message.sent', `${run(customer)}/${id}`, when, { details: { channel } });
  const ended = (customer: string, when: string, ending: string, reason?: string) => entry(customer, 'enrollment.ended', run(customer), when, { details: { status: ending, ending, ...(reason && { reason }) } });
  const event = (customer: string, eventId: string, type: string, when: string, data: Record<string, unknown> = {}) =>
    store.recordEvent({ eventId, type, customerId: customer, occurredAt: at(when).toISOString(), data: { messageKey: `${run(customer)}/1`, sequenceId: 'welcome', ...data } });

  await start('a', '01T06:00:00');
  await step('a', '1', '01T06:00:00');
  await sent('a', '1', 'email', '01T06:00:01');
  await event('a', 'open-1', 'email_opened', '01T06:10:00');
  await event('a', 'open-2', 'email_opened', '01T06:20:00'); // opened again: still one opened message
  await event('a', 'click-1', 'email_clicked', '01T06:11:00', { url: 'https://shop.example/a' });
  await event('a', 'click-2', 'email_clicked', '01T06:12:00', { url: 'https://shop.example/b' }); // a second link: still one clicked message
  await step('a', '2', '01T07:00:00');
  await sent('a', '2', 'sms', '01T07:00:01');
  await entry('a', 'message.delivered', `${run('a')}/2`, '01T07:01:00', { details: { channel: 'sms' } });
  await ended('a', '01T08:00:00', 'converted', 'goal reached: purchase');

  await start('b', '01T07:00:00');
  await step('b', '1', '01T07:00:00');
  await sent('b', '1', 'email', '01T07:00:01');
  await ended('b', '01T07:30:00', 'unsubscribed', 'exit on unsubscribed');

  await start('c', '01T10:00:00');
  await step('c', '1', '01T10:00:00');
  await sent('c', '1', 'email', '01T10:00:01');
  await event('c', 'open-3', 'email_opened', '01T11:00:00');
  await step('c', '2', '01T12:00:00');
  await sent('c', '2', 'sms', '01T12:00:01');
  await entry('c', 'call_task.opened', 'call-task/c/welcome/e-c/2.2', '01T12:05:00', { details: { enrollmentId: run('c'), assignee: 'agents' } });
  await ended('c', '02T04:00:00', 'converted', 'goal reached: purchase');

  await start('d', '01T09:00:00', 'v2');
  await step('d', '1', '01T09:00:00');
  await step('d', '1.case1.1', '01T09:00:00');
  await sent('d', '1.case1.1', 'email', '01T09:00:01');

  await start('e', '01T21:00:00');
  await step('e', '1', '01T21:00:00');
}

const zero = { entered: 0, sent_email: 0, sent_sms: 0, sent_call: 0, call_tasks: 0, delivered: 0, opened: 0, clicked: 0, replied: 0, converted: 0, completed: 0, exited: 0, exit_reasons: '' };

describe.each(storeBackends())('the funnel and conversion reports, on $name', (backend) => {
  const t = useStore(backend, buildLedger);
  const { test } = t;
  const query = (extra: Record<string, string> = {}) => reportQuery({ from: '2026-11-01', to: '2026-11-03', ...extra }, new Date());

  test('per step: entered, sent per channel, delivered, opened, clicked, converted and exited at the step they ended on, by Tehran day of start', async () => {
    const { rows } = await t.store.report('funnel', query());
    expect(rows).toEqual([
      // A, B, C entered 1; their 3 emails; opened by A and C (2), clicked by A (1); B exited here (its last step).
      { ...zero, period: '2026-11-01', sequence: 'welcome', version: 'v1', step: '1', entered: 3, sent_email: 3, opened: 2, clicked: 1, exited: 1, exit_reasons: 'exit on unsubscribed: 1' },
      // A and C entered 2: 2 SMS, A's delivered (1), C's call task (rung 2.2 counts under 2); both converted while at 2.
      { ...zero, period: '2026-11-01', sequence: 'welcome', version: 'v1', step: '2', entered: 2, sent_sms: 2, delivered: 1, call_tasks: 1, converted: 2 },
      { ...zero, period: '2026-11-01', sequence: 'welcome', version: 'v2', step: '1', entered: 1 },
      // A nested step is a step of its own (its id holds dots but is no rung).
      { ...zero, period: '2026-11-01', sequence: 'welcome', version: 'v2', step: '1.case1.1', entered: 1, sent_email: 1 },
      // E started at 21:00Z, 01:30 on 2 November in Tehran.
      { ...zero, period: '2026-11-02', sequence: 'welcome', version: 'v1', step: '1', entered: 1 },
    ]);
  });

  test('conversion = converted / enrolled, time to convert p50 / p90 by nearest rank', async () => {
    const { rows } = await t.store.report('conversion', query());
    expect(rows).toEqual([
      // v1 on 1 November: 2 of 3 converted = 66.67 %; hours [2 (A: 06:00 → 08:00), 18 (C: 10:00 → 04:00 next day)]:
      // p50 = value ceil(0.5 × 2) = 1st = 2, p90 = value ceil(0.9 × 2) = 2nd = 18.
      { period: '2026-11-01', sequence: 'welcome', version: 'v1', enrolled: 3, converted: 2, conversion_pct: 66.67, convert_p50_hours: 2, convert_p90_hours: 18 },
      { period: '2026-11-01', sequence: 'welcome', version: 'v2', enrolled: 1, converted: 0, conversion_pct: 0, convert_p50_hours: null, convert_p90_hours: null },
      { period: '2026-11-02', sequence: 'welcome', version: 'v1', enrolled: 1, converted: 0, conversion_pct: 0, convert_p50_hours: null, convert_p90_hours: null },
    ]);
  });

  test('a week: all five enrollments in one period (Saturday 2026-10-31 → 2026-11-07 in the Jalali calendar); another sequence: nothing', async () => {
    const { rows } = await t.store.report('conversion', query({ period: 'week', calendar: 'jalali' }));
    // v1: A, B, C, E = 4 enrolled, 2 converted = 50 %.
    expect(rows.map((row) => [row.period, row.version, row.enrolled, row.converted, row.conversion_pct])).toEqual([
      ['1405/08/09', 'v1', 4, 2, 50],
      ['1405/08/09', 'v2', 1, 0, 0],
    ]);
    expect((await t.store.report('funnel', query({ sequence: 'onboarding' }))).rows).toEqual([]);
  });
});
