import { describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { callTaskQuery, stateQuery } from '../workflows/index.js';
import { ROUND_THE_CLOCK, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const longWait = sequence({ id: 'long', steps: [wait('1', 30), send('2', 'hello')], templates: { hello: { email: { fa: { subject: 'سلام', text: 'متن' } } } } });
const callStep: Step = { kind: 'call_task', id: '1', label: 'call task', assignee: 'retention', priority: 'normal', template: 'script' };
const calls = sequence({ id: 'calls', trigger: { event: 'call_needed' }, sendWindows: { call: ROUND_THE_CLOCK }, steps: [callStep], templates: { script: { call_task: { fa: { text: 'تماس' } } } } });

const ENROLLMENT = 'enrollment/long/vis-1/p-1';
const CALL_TASK = 'call-task/vis-1/calls/need-1/1';

/**
 * Visibility (the real dev server) finds what the contact cannot tell: a call task whose run has
 * ended, and runs of a contact ops had terminated (which erasure then finds already ended).
 */
describe('erasure and export through Temporal visibility (dev server)', () => {
  const t = useStack({ definitions: [longWait, calls], server: 'dev' });

  it('exports the runs visibility lists, and erasure cancels the running ones, the open call task too', async () => {
    await post(t.stack, { eventId: 'p-1', type: 'purchase', customerId: 'vis-1', customer: { email: 'vis-1@example.com', name: 'ویدا' } });
    await post(t.stack, { eventId: 'need-1', type: 'call_needed', customerId: 'vis-1', customer: { phone: '09121234567' } });
    const client = t.stack.env.client;
    // Open, not only started: a task still asking the store when erasure lands cancels itself (the store refuses), and is then not erasure's to cancel.
    await eventually(async () => expect((await client.workflow.getHandle(CALL_TASK).query(callTaskQuery)).status).toBe('open'), 100, 200);
    await client.workflow.getHandle('contact/vis-1').terminate('ops cleaning up');

    let exported: { temporal: { listed: boolean; enrollments: { workflowId: string }[]; callTasks: { workflowId: string; execution: string }[] } } | undefined;
    await eventually(
      async () => {
        exported = (await t.stack.api.inject({ url: '/v1/customers/vis-1/export' })).json();
        expect(exported?.temporal.callTasks).toEqual([expect.objectContaining({ workflowId: CALL_TASK, execution: 'running' })]);
      },
      100,
      200,
    );
    expect(exported?.temporal.listed).toBe(true);
    expect(exported?.temporal.enrollments.map((run) => run.workflowId)).toContain(ENROLLMENT);

    const erased = await t.stack.api.inject({ method: 'DELETE', url: '/v1/customers/vis-1' });
    expect(erased.statusCode, erased.body).toBe(200);
    // The call task outlived the run that opened it: only visibility leads to it.
    expect(erased.json().temporal).toMatchObject({ callTasksCancelled: [CALL_TASK], contactTerminated: false, visibilityListed: true });
    expect(erased.json().temporal.enrollmentsCancelled).toContain(ENROLLMENT);

    expect(await client.workflow.getHandle(ENROLLMENT).result()).toBe('exited');
    expect((await client.workflow.getHandle(ENROLLMENT).query(stateQuery)).exitReason).toBe('cancelled by ops: customer erased');
    await eventually(async () => expect((await client.workflow.getHandle(CALL_TASK).query(callTaskQuery)).status).toBe('cancelled'));
  });
});
