import { describe, expect } from 'vitest';
import { reportQuery } from '../../src/reports/query.js';
import type { LedgerEntry } from '../../src/store/ledger.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const at = (text: string) => new Date(`2026-11-${text}Z`);

describe.each(storeBackends())('reports on unhappy customers and call tasks, on $name', (backend) => {
  const t = useStore(backend);
  const { test } = t;
  const task = (customer: string, id: string, kind: LedgerEntry['kind'], when: string, details: Record<string, unknown> = {}) =>
    t.store.appendLedger({ customerId: customer, kind, subject: `call-task/${customer}/survey-followup/${id}`, sequenceId: 'survey-followup', occurredAt: at(when), details });
  const survey = (customer: string, eventId: string, nps: number, when: string) =>
    t.store.recordEvent({ eventId, type: 'survey_answered', customerId: customer, occurredAt: at(when).toISOString(), data: { nps } });

  test('time to react: detractor answer → first call task opened, → first call completed, p50 and p90 in minutes', async () => {
    await task('x', 'old', 'call_task.opened', '01T05:00:00'); // before x's answer: not a reaction to it
    await survey('x', 's-x', 3, '01T06:00:00');
    await task('x', 'x1', 'call_task.opened', '01T06:10:00'); // 10 min
    await task('x', 'x1', 'call_task.completed', '01T07:00:00'); // 60 min
    await survey('y', 's-y', 5, '01T08:00:00');
    await task('y', 'y1', 'call_task.opened', '01T08:30:00'); // 30 min, never completed
    await survey('z', 's-z', 9, '01T08:00:00'); // a promoter: not counted
    await task('z', 'z1', 'call_task.opened', '01T08:05:00');
    await survey('w', 's-w', 6, '01T09:00:00'); // 6 is still a detractor
    await task('w', 'w1', 'call_task.opened', '01T10:00:00'); // 60 min
    await task('w', 'w1', 'call_task.completed', '01T12:00:00'); // 180 min

    const { rows } = await t.store.report('reaction-time', reportQuery({ from: '2026-11-01', to: '2026-11-02' }, new Date()));
    // Opened after [10, 30, 60] min: p50 = value ceil(0.5 × 3) = 2nd = 30, p90 = value ceil(0.9 × 3) = 3rd = 60.
    // Completed after [60, 180] min: p50 = 1st = 60, p90 = 2nd = 180.
    expect(rows).toEqual([
      { period: '2026-11-01', detractors: 3, tasks_opened: 3, open_p50_minutes: 30, open_p90_minutes: 60, calls_completed: 2, complete_p50_minutes: 60, complete_p90_minutes: 180 },
    ]);
  });

  test('unresolved complaints: open call tasks past due at `to`, by assignee, with the oldest due time', async () => {
    const opened = (id: string, assignee: string, dueAt?: string) => task('u', id, 'call_task.opened', '01T06:00:00', { assignee, ...(dueAt && { dueAt: at(dueAt).toISOString() }) });
    await opened('t1', 'manager', '01T10:00:00'); // open, 14 h past due at 02T00:00
    await opened('t2', 'manager', '01T20:00:00'); // open, 4 h past due
    await opened('t3', 'manager', '01T09:00:00');
    await task('u', 't3', 'call_task.completed', '01T11:00:00'); // resolved
    await opened('t4', 'agents', '01T12:00:00');
    await task('u', 't4', 'call_task.cancelled', '01T13:00:00'); // cancelled
    await opened('t5', 'agents', '02T06:00:00'); // not due yet at 02T00:00
    await opened('t6', 'agents', '01T18:00:00'); // open, 6 h past due
    await opened('t7', 'agents'); // no due time: never past due
    await opened('t8', 'agents', '01T15:00:00'); // 9 h past due: completed only after `to`
    await task('u', 't8', 'call_task.completed', '02T03:00:00');

    const { rows } = await t.store.report('unresolved-complaints', reportQuery({ to: '2026-11-02T00:00:00Z' }, new Date()));
    expect(rows).toEqual([
      { assignee: 'agents', past_due: 2, oldest_due_at: '2026-11-01T15:00:00.000Z', most_overdue_hours: 9 },
      { assignee: 'manager', past_due: 2, oldest_due_at: '2026-11-01T10:00:00.000Z', most_overdue_hours: 14 },
    ]);
  });

  test('call outcomes: calls per outcome and per the reason noted, by day of completion', async () => {
    const completed = async (id: string, when: string, outcome: string, notes?: string) => {
      await task('o', id, 'call_task.outcome', when, { outcome });
      if (notes) await task('o', id, 'call_task.note', when, { notes });
    };
    await completed('o1', '03T06:00:00', 'reached', 'too expensive');
    await completed('o2', '03T07:00:00', 'reached', ' too expensive '); // the same reason, trimmed
    await completed('o3', '03T08:00:00', 'reached');
    await completed('o4', '03T09:00:00', 'no_answer');
    await completed('o5', '04T09:00:00', 'callback_requested', 'call after 6pm');

    const { rows } = await t.store.report('call-outcomes', reportQuery({ from: '2026-11-03', to: '2026-11-05' }, new Date()));
    expect(rows).toEqual([
      { period: '2026-11-03', outcome: 'no_answer', reason: '(no note)', calls: 1 },
      { period: '2026-11-03', outcome: 'reached', reason: 'too expensive', calls: 2 },
      { period: '2026-11-03', outcome: 'reached', reason: '(no note)', calls: 1 },
      { period: '2026-11-04', outcome: 'callback_requested', reason: 'call after 6pm', calls: 1 },
    ]);
  });
});
