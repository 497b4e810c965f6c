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

  it('refuses an unknown report and a bad flag, naming them', () => {
    const unknown = peygir('report', 'profits');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown report "profits"; one of funnel, conversion/);
    const badZone = peygir('report', 'funnel', '--time-zone', 'Mars/Olympus');
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('--time-zone: "Mars/Olympus" is not a time zone');
  });
});
