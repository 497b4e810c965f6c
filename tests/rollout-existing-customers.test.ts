import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rolloutOnReload, rolloutWorkflowId, startRollouts } from '../src/rollout/rollouts.js';
import { contactStateQuery, rolloutWorkflow } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { keepHistory } from './support/histories.js';
import { silentLog } from './support/stack.js';
import { useStack } from './support/useStack.js';

const CUSTOMERS = 1_000;
const SILENT = 600;
const DAY = 86_400_000;

const SEQUENCE = `
id: quiet-60
name: Quiet for 60 days
trigger: { silence: { events: [purchase, login], for: 60d } }
reentry: after_exit
event_data: { login: {} }
steps:
  - wait: 30d
  - send: { channel: email, template: come_back }
templates:
  come_back:
    email:
      fa: { subject: "دلمان تنگ شده", text: "آخرین بار {{ trigger.data.last_seen | jalali }}" }
      en: { subject: "We miss you", text: "Last seen {{ trigger.data.last_seen | gregorian }}" }
`;

/**
 * A silence sequence added while 1,000 customers are known: the rollout (one per version) reaches every
 * contact, the 600 silent for 60 days today start at once, the 400 active ones only arm their timer,
 * and a second rollout of the same version enrolls nobody again.
 */
describe('rolling a new silence sequence out to the customers already known', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peygir-rollout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const t = useStack({ sequencesDir: dir, workerTuning: { maxCachedWorkflows: 2_000 } });
  const ids = Array.from({ length: CUSTOMERS }, (_, index) => `rc-${String(index).padStart(4, '0')}`);
  let silentSince = '';

  /** Every contact's enrollments in the sequence and whether it watches it, read from the contacts. */
  async function tally() {
    const states = [];
    for (let start = 0; start < ids.length; start += 100) {
      states.push(...(await Promise.all(ids.slice(start, start + 100).map((id) => t.stack.env.client.workflow.getHandle(`contact/${id}`).query(contactStateQuery)))));
    }
    const runs = states.map((state) => state.enrollments.filter((id) => id.startsWith('enrollment/quiet-60/')));
    return {
      silentEnrolledOnce: runs.slice(0, SILENT).filter((list, index) => list.length === 1 && list[0] === `enrollment/quiet-60/${ids[index]}/silent-since-${silentSince}`).length,
      activeEnrolled: runs.slice(SILENT).filter((list) => list.length > 0).length,
      watching: states.filter((state) => state.watches?.silence['quiet-60'] && state.watches.requested.length === 0).length,
    };
  }

  const completed = (workflowId: string) =>
    eventually(async () => expect((await t.stack.env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED'), 600, 500);

  it('the silent ones start once, the active ones none; a second rollout of the version changes nothing', { timeout: 900_000 }, async () => {
    const now = await t.stack.env.currentTimeMs();
    silentSince = new Date(now - 90 * DAY).toISOString();
    const events = ids.map((customerId, index) => ({
      eventId: `seed-${customerId}`,
      type: 'purchase',
      customerId,
      occurredAt: index < SILENT ? silentSince : new Date(now - 10 * DAY).toISOString(),
      customer: { email: `${customerId}@example.com`, name: 'مشتری' },
    }));
    for (let start = 0; start < events.length; start += 500) {
      const response = await t.stack.api.inject({ method: 'POST', url: '/v1/events/batch', payload: { events: events.slice(start, start + 500) } });
      expect(response.statusCode).toBe(202);
    }
    const temporal = { client: t.stack.env.client, taskQueue: t.stack.taskQueue };
    await rolloutOnReload(t.stack.sequences, temporal, silentLog);

    writeFileSync(join(dir, 'quiet-60.yaml'), SEQUENCE);
    const [sequence] = await t.stack.sequences.reload();
    const rollout = rolloutWorkflowId(sequence ?? { id: '', version: '' });
    await completed(rollout);
    await eventually(async () => expect(await tally()).toEqual({ silentEnrolledOnce: SILENT, activeEnrolled: 0, watching: CUSTOMERS }), 300, 2_000);
    await keepHistory(t.stack.env.client.workflow.getHandle(rollout), 'rollout-silence-sequence');

    // The same version again: its rollout ID is taken; a rollout forced under another ID finds every silence fired.
    expect(await startRollouts(temporal, t.stack.sequences.list())).toEqual([]);
    await t.stack.env.client.workflow.start(rolloutWorkflow, { workflowId: `${rollout}/again`, taskQueue: t.stack.taskQueue, args: [{ sequence: sequence! }] });
    await completed(`${rollout}/again`);
    await eventually(async () => expect(await tally()).toEqual({ silentEnrolledOnce: SILENT, activeEnrolled: 0, watching: CUSTOMERS }), 300, 2_000);
  });
});
