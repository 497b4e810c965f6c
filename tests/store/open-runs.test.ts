import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/store/ledger.js';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../support/storeBackends.js';

describe.each(storeBackends())('the runs open now, per version and step (the console’s waiting counts), on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    if (backend.unavailable) return;
    store = await backend.open();
  }, 120_000);
  afterAll(async () => store?.close());
  const test = it.skipIf(Boolean(backend.unavailable));
  let minute = 0;
  const fact = (run: string, kind: LedgerEntry['kind'], occurrence = '', details: Record<string, unknown> = {}, sequenceId = 'welcome') =>
    store.appendLedger({ customerId: run, kind, subject: `enrollment/${sequenceId}/${run}/e`, sequenceId, occurrence, occurredAt: new Date(Date.UTC(2026, 10, 1, 0, minute++)), details });

  test('a run counts at the last step it reached until it ends; each version apart; other sequences apart', async () => {
    await fact('a', 'enrollment.started', '', { version: 'v1' });
    await fact('a', 'enrollment.step', '1');
    await fact('a', 'enrollment.step', '2');
    await fact('b', 'enrollment.started', '', { version: 'v1' });
    await fact('b', 'enrollment.step', '1');
    await fact('c', 'enrollment.started', '', { version: 'v2' });
    await fact('c', 'enrollment.step', '1');
    await fact('d', 'enrollment.started', '', { version: 'v2' }); // no step yet
    await fact('e', 'enrollment.started', '', { version: 'v1' });
    await fact('e', 'enrollment.step', '1');
    await fact('e', 'enrollment.ended', '', { ending: 'completed' }); // ended: not counted
    await fact('f', 'enrollment.started', '', { version: 'w1' }, 'dunning');
    await fact('f', 'enrollment.step', '1', {}, 'dunning');

    const byKey = (rows: Awaited<ReturnType<Store['openRuns']>>) => rows.map((row) => `${row.sequenceId}@${row.version}:${row.step ?? '-'}=${row.runs}`).sort();
    expect(byKey(await store.openRuns('welcome'))).toEqual(['welcome@v1:1=1', 'welcome@v1:2=1', 'welcome@v2:-=1', 'welcome@v2:1=1']);
    expect(byKey(await store.openRuns())).toContain('dunning@w1:1=1');
    await fact('a', 'enrollment.ended', '', { ending: 'converted' });
    expect(byKey(await store.openRuns('welcome'))).toEqual(['welcome@v1:1=1', 'welcome@v2:-=1', 'welcome@v2:1=1']);
  });
});
