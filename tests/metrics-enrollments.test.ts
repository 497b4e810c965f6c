import { describe, expect, it } from 'vitest';
import type { SequenceDefinition, Step } from '../src/dsl/definition.js';
import { loadSequences } from '../src/dsl/load.js';
import { stateQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const nurture = sequence({
  id: 'nurture',
  reentry: 'never', // the goal's second purchase does not start another run
  exitOn: ['unsubscribed', 'refund_requested'],
  goal: { event: 'purchase', where: { path: 'event.data.second', op: 'eq', value: true }, label: 'second purchase' },
  steps: [send('1', 'welcome'), wait('2', 30), send('3', 'offer')],
  templates: { welcome: emailTemplate('welcome'), offer: emailTemplate('offer') },
});
const paced = sequence({ id: 'paced', trigger: { event: 'signup' }, steps: [send('1', 'welcome'), wait('2', 30), send('3', 'offer')], templates: nurture.templates });
const callStep: Step = { kind: 'call_task', id: '1', label: 'call task for agents', assignee: 'agents', priority: 'high', template: 'script' };
const calls = sequence({
  id: 'calls',
  trigger: { event: 'call_needed' },
  steps: [callStep],
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} تماس بگیرید.' } } } },
});

/** One series of GET /metrics, by its exact label set; 0 while it does not exist yet. */
function series(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    const same = Object.keys(found).length === Object.keys(labels).length && Object.entries(labels).every(([key, value]) => found[key] === value);
    if (same) return Number(match[3]);
  }
  return 0;
}

// No test here skips time (no result(), no env.sleep()): workflow time is wall time, so seconds measured are real.
describe('GET /metrics counts enrollments as the workflows run: started, steps reached, ended, converted, time to react', () => {
  const t = useStack(async () => {
    const shipped = await loadSequences('sequences');
    const surveyFollowup = shipped.find((definition) => definition.id === 'survey-followup') as SequenceDefinition;
    return { definitions: [surveyFollowup, nurture, paced, calls] };
  });
  const metrics = async (): Promise<string> => (await t.stack.api.inject({ url: '/metrics' })).body;
  const customer = (id: string) => ({ email: `${id}@example.com`, name: id, phone: '09121234567' });

  it('a detractor of the shipped survey follow-up: started, the branch and its call task reached, completed, and the answer-to-call-task time observed', async () => {
    const answeredAt = new Date(Date.now() - 120_000).toISOString(); // the survey tool reports the answer 2 minutes late
    await post(t.stack, { eventId: 'nps-m1', type: 'survey_answered', customerId: 'm1', occurredAt: answeredAt, customer: customer('m1'), data: { nps: 2, comment: 'late' } });

    const sequenceLabel = { sequence: 'survey-followup' };
    await eventually(async () => expect(series(await metrics(), 'peygir_enrollments_exited_total', { ...sequenceLabel, reason: 'completed' })).toBe(1));
    const text = await metrics();
    expect(series(text, 'peygir_enrollments_started_total', sequenceLabel)).toBe(1);
    // The funnel: the branch, the detractor's call task, the apology; the promoters' and passives' steps were never reached.
    expect(series(text, 'peygir_steps_reached_total', { ...sequenceLabel, step: '1' })).toBe(1);
    expect(series(text, 'peygir_steps_reached_total', { ...sequenceLabel, step: '1.case1.1' })).toBe(1);
    expect(series(text, 'peygir_steps_reached_total', { ...sequenceLabel, step: '1.case1.2' })).toBe(1);
    expect(series(text, 'peygir_steps_reached_total', { ...sequenceLabel, step: '1.case2.1' })).toBe(0);
    expect(series(text, 'peygir_enrollments_converted_total', sequenceLabel)).toBe(0);
    // From the answer's occurredAt to the task: a little over 2 minutes.
    expect(series(text, 'peygir_time_to_react_seconds_count', sequenceLabel)).toBe(1);
    expect(series(text, 'peygir_time_to_react_seconds_sum', sequenceLabel)).toBeGreaterThanOrEqual(120);
    expect(series(text, 'peygir_time_to_react_seconds_bucket', { ...sequenceLabel, le: '60' })).toBe(0);
    expect(series(text, 'peygir_time_to_react_seconds_bucket', { ...sequenceLabel, le: '300' })).toBe(1);
  });

  it('time to react counts from when the run received the event if it carries no occurredAt', async () => {
    await post(t.stack, { eventId: 'need-m2', type: 'call_needed', customerId: 'm2', customer: customer('m2') });
    await eventually(async () => expect(series(await metrics(), 'peygir_time_to_react_seconds_count', { sequence: 'calls' })).toBe(1));
    expect(series(await metrics(), 'peygir_time_to_react_seconds_bucket', { sequence: 'calls', le: '60' })).toBe(1);
  });

  it('each way a run ends has its reason; reaching the goal also counts as converted; later steps are not reached', async () => {
    const waitingRun = async (customerId: string): Promise<string> => {
      await post(t.stack, { eventId: `p-${customerId}`, type: 'purchase', customerId, customer: customer(customerId) });
      const id = `enrollment/nurture/${customerId}/p-${customerId}`;
      await eventually(async () => expect((await t.stack.env.client.workflow.getHandle(id).query(stateQuery)).status).toBe('waiting'));
      return id;
    };
    await waitingRun('e1');
    await post(t.stack, { eventId: 'p2-e1', type: 'purchase', customerId: 'e1', data: { second: true } });
    await waitingRun('e2');
    await post(t.stack, { type: 'unsubscribed', customerId: 'e2' });
    await waitingRun('e3');
    await post(t.stack, { type: 'refund_requested', customerId: 'e3' });
    const cancelled = await waitingRun('e4');
    expect((await t.stack.api.inject({ method: 'POST', url: `/v1/enrollments/${encodeURIComponent(cancelled)}/cancel`, payload: {} })).statusCode).toBe(202);

    const exited = async (reason: string): Promise<number> => series(await metrics(), 'peygir_enrollments_exited_total', { sequence: 'nurture', reason });
    await eventually(async () => expect(await exited('cancelled')).toBe(1));
    for (const reason of ['converted', 'unsubscribed', 'exit_on']) await eventually(async () => expect(await exited(reason)).toBe(1));
    const text = await metrics();
    expect(series(text, 'peygir_enrollments_exited_total', { sequence: 'nurture', reason: 'completed' })).toBe(0);
    expect(series(text, 'peygir_enrollments_converted_total', { sequence: 'nurture' })).toBe(1);
    expect(series(text, 'peygir_enrollments_started_total', { sequence: 'nurture' })).toBe(4);
    expect(series(text, 'peygir_steps_reached_total', { sequence: 'nurture', step: '2' })).toBe(4);
    expect(series(text, 'peygir_steps_reached_total', { sequence: 'nurture', step: '3' })).toBe(0);
  });

  it('counts each transition once, though without a workflow cache every task and query replays the run from its start', async () => {
    await post(t.stack, { eventId: 's-r1', type: 'signup', customerId: 'r1', customer: customer('r1') });
    const id = 'enrollment/paced/r1/s-r1';
    const handle = t.stack.env.client.workflow.getHandle(id);
    await eventually(async () => expect((await handle.query(stateQuery)).status).toBe('waiting'));
    for (let query = 0; query < 3; query++) expect(await handle.query(stateQuery)).toMatchObject({ status: 'waiting' });
    expect((await t.stack.api.inject({ method: 'POST', url: `/v1/enrollments/${encodeURIComponent(id)}/skip-wait` })).statusCode).toBe(202);
    const label = { sequence: 'paced' };
    await eventually(async () => expect(series(await metrics(), 'peygir_enrollments_exited_total', { ...label, reason: 'completed' })).toBe(1));

    // Several workflow tasks, each of which replayed the ones before it on this cache-less worker.
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((event) => event.workflowTaskCompletedEventAttributes).length).toBeGreaterThanOrEqual(4);
    const text = await metrics();
    expect(series(text, 'peygir_enrollments_started_total', label)).toBe(1);
    for (const step of ['1', '2', '3']) expect(series(text, 'peygir_steps_reached_total', { ...label, step })).toBe(1);
    expect(series(text, 'peygir_enrollments_exited_total', { ...label, reason: 'completed' })).toBe(1);
  });
});
