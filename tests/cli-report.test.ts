import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../src/store/store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'peygir-report-'));

function peygir(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/peygir.js', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', PEYGIR_DATA_DIR: dataDir } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('peygir report', () => {
  beforeAll(async () => {
    const store = await createStore({ dataDir: join(dataDir, 'store') });
    const outcome = (task: string, outcome: string, notes: string | undefined, occurredAt: string) =>
      Promise.all([
        store.appendLedger({ customerId: 'c1', kind: 'call_task.outcome', subject: task, occurredAt: new Date(occurredAt), details: { outcome } }),
        notes && store.appendLedger({ customerId: 'c1', kind: 'call_task.note', subject: task, occurredAt: new Date(occurredAt), details: { notes } }),
      ]);
    await outcome('t1', 'reached', 'too expensive, will think', '2026-11-01T08:00:00Z');
    await outcome('t2', 'no_answer', undefined, '2026-11-01T09:00:00Z');
    // An experiment: one run in the holdout, one converted in the discount arm.
    for (const [customerId, variant, converted] of [['x1', 'holdout', false], ['x2', 'discount', true]] as const) {
      const run = { customerId, subject: `enrollment/experiment-welcome/${customerId}/signup`, sequenceId: 'experiment-welcome' };
      await store.appendLedger({ ...run, kind: 'enrollment.started', occurredAt: new Date('2026-11-01T08:00:00Z'), details: { version: 'v1' } });
      await store.appendLedger({ ...run, kind: 'enrollment.variant', occurrence: '2', occurredAt: new Date('2026-11-01T09:00:00Z'), details: { variant } });
      if (converted) await store.appendLedger({ ...run, kind: 'enrollment.ended', occurredAt: new Date('2026-11-01T10:00:00Z'), details: { ending: 'converted' } });
    }
    await store.close();
  }, 60_000);

  it('prints a report as a table, and as CSV with --csv (a reason holding a comma is quoted)', () => {
    const table = peygir('report', 'call-outcomes', '--from', '2026-11-01', '--to', '2026-11-02');
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout.trimEnd().split('\n')).toEqual([
      'period      outcome    reason                     calls',
      '----------  ---------  -------------------------  -----',
      '2026-11-01  no_answer  (no note)                  1',
      '2026-11-01  reached    too expensive, will think  1',
    ]);
    const csv = peygir('report', 'call-outcomes', '--from', '2026-11-01', '--to', '2026-11-02', '--csv');
    expect(csv.stdout.trimEnd().split('\r\n')).toEqual(['period,outcome,reason,calls', '2026-11-01,no_answer,(no note),1', '2026-11-01,reached,"too expensive, will think",1']);
  });

  it('prints the experiments per arm, the holdout first, with the test and its note', () => {
    const csv = peygir('report', 'experiments', '--from', '2026-11-01', '--to', '2026-11-02', '--csv');
    expect(csv.stderr).toBe('');
    expect(csv.stdout.trimEnd().split('\r\n')).toEqual([
      'sequence,version,split,variant,entered,converted,conversion_pct,ci_low_pct,ci_high_pct,compared_with,difference_points,test,z,p_value,significant,note',
      // 1 of 1: Wilson [20.65, 100]; 0 of 1: [0, 79.35]. Fisher with 1 run each and 1 conversion: both tables have p 1/2, so p = 1.
      'experiment-welcome,v1,2,holdout,1,0,0,0,79.35,,,,,,,baseline: the holdout',
      'experiment-welcome,v1,2,discount,1,1,100,20.65,100,holdout,100,fisher,,1,no,"small sample: an expected count below 5, so Fisher\'s exact test"',
    ]);
    expect(peygir('report', 'experiments', '--from', '2026-11-01', '--to', '2026-11-02').stdout).toMatch(/^sequence +version +split +variant +entered/);
  });

  it('refuses an unknown report and a bad flag, naming them', () => {
    const unknown = peygir('report', 'profits');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown report "profits"; one of funnel, conversion/);
    const badZone = peygir('report', 'funnel', '--time-zone', 'Mars/Olympus');
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('--time-zone: "Mars/Olympus" is not a time zone');
  });
});
