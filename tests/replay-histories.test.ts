import { readdirSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { enrollmentMetricsSinks } from '../src/metrics/workflowSinks.js';
import { HISTORIES_DIR, readHistoryFixture } from './support/histories.js';

/**
 * Recorded histories of real runs (escalation with a call task, a detractor branch, ops retry …)
 * replayed against today's workflow code: a change that would break runs in flight fails here.
 * Such a change must go behind `patched()`. Record with `RECORD_HISTORIES=1 npx vitest run`.
 */
describe('replaying recorded histories with the current workflow code', () => {
  const fixtures = readdirSync(HISTORIES_DIR).filter((name) => name.endsWith('.json'));

  it('has recorded histories to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(16);
  });

  it.each(fixtures)('%s replays without nondeterminism', async (file) => {
    const { workflowId, history } = readHistoryFixture(file);
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, sinks: enrollmentMetricsSinks(undefined) }, history, workflowId);
  });
});
