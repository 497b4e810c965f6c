import { describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import type { CallTask } from '../workflows/callTask.js';
import { send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const longWait = sequence({
  id: 'long',
  steps: [wait('1', 90), send('2', 'hello')],
  templates: { hello: { email: { fa: { subject: 'سلام {{ customer.name }}', text: 'متن' } } } },
});
const callStep: Step = { kind: 'call_task', id: '1', label: 'call task for agents', assignee: 'agents', priority: 'high', template: 'script' };
const calls = sequence({
  id: 'calls',
  trigger: { event: 'call_needed' },
  steps: [callStep],
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} تماس بگیرید.' } } } },
});

const path = (kind: string, id: string, action = '') => `/v1/${kind}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

describe('inspect and control over the API: customers, enrollments, call tasks', () => {
  const t = useStack({ definitions: [longWait, calls] });

  const waitingRun = async (customerId: string): Promise<string> => {
    await post(t.stack, { eventId: `p-${customerId}`, type: 'purchase', customerId, customer: { email: `${customerId}@example.com`, name: 'امید' } });
    const id = `enrollment/long/${customerId}/p-${customerId}`;
    await eventually(async () => expect((await t.stack.api.inject({ url: path('enrollments', id) })).json()).toMatchObject({ status: 'waiting' }));
    return id;
  };

  it('a customer: 404 before any event; then profile, consent and the running enrollment with links', async () => {
    const unknown = await t.stack.api.inject({ url: '/v1/customers/nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'customer_not_found' } });

    const id = await waitingRun('k-1');
    const customer = await t.stack.api.inject({ url: '/v1/customers/k-1' });
    expect(customer.statusCode).toBe(200);
    expect(customer.json()).toMatchObject({
      customerId: 'k-1',
      profile: { email: 'k-1@example.com', name: 'امید' },
      consent: { unsubscribed: false, suppressed: [] },
      activeEnrollments: [{ sequenceId: 'long', id, url: path('enrollments', id), temporalUiUrl: expect.stringContaining(encodeURIComponent(id)) }],
      temporalUiUrl: 'http://localhost:8233/namespaces/default/workflows/contact%2Fk-1',
    });
  });

  it('an enrollment: state and timeline; skip-wait moves it on; control of an ended run is a 409', async () => {
    const id = await waitingRun('k-2');
    // A query can be refused (503) while a workflow task is in flight on a loaded machine: ask again, as a client would.
    let enrollment: unknown;
    await eventually(async () => {
      const response = await t.stack.api.inject({ url: path('enrollments', id) });
      expect(response.statusCode).toBe(200);
      enrollment = response.json();
    });
    expect(enrollment).toMatchObject({
      id,
      sequenceId: 'long',
      version: 'v1',
      customerId: 'k-2',
      status: 'waiting',
      waitingFor: expect.stringMatching(/^wait 90d/),
      timeline: { done: [], next: { id: '2', label: 'send email: hello' } },
    });

    const skipped = await t.stack.api.inject({ method: 'POST', url: path('enrollments', id, 'skip-wait') });
    expect(skipped.statusCode).toBe(202);
    expect(skipped.json()).toEqual({ id, action: 'skip-wait', status: 'sent' });
    expect(await t.stack.env.client.workflow.getHandle(id).result()).toBe('completed');
    await eventually(async () => expect((await t.stack.api.inject({ url: path('enrollments', id) })).json()).toMatchObject({ status: 'completed', timeline: { done: [{ stepId: '1', detail: 'skipped by ops' }, { stepId: '2' }] } }));

    const late = await t.stack.api.inject({ method: 'POST', url: path('enrollments', id, 'cancel'), payload: { reason: 'too late' } });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'enrollment_closed' } });
    const missing = await t.stack.api.inject({ method: 'POST', url: path('enrollments', 'enrollment/long/k-2/nope', 'retry-step') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'enrollment_not_found' } });
  });

  it('cancel ends a run as exited with the reason', async () => {
    const id = await waitingRun('k-3');
    const cancelled = await t.stack.api.inject({ method: 'POST', url: path('enrollments', id, 'cancel'), payload: { reason: 'customer called support' } });
    expect(cancelled.statusCode).toBe(202);
    expect(await t.stack.env.client.workflow.getHandle(id).result()).toBe('exited');
    await eventually(async () => expect((await t.stack.api.inject({ url: path('enrollments', id) })).json()).toMatchObject({ status: 'exited', exitReason: 'cancelled by ops: customer called support' }));
  });

  it('a call task: inspect, claim, a bad outcome is 422, complete, and a closed task is 409', async () => {
    await post(t.stack, { eventId: 'need-1', type: 'call_needed', customerId: 'k-4', customer: { name: 'رضا', phone: '09121234567' } });
    const id = 'call-task/k-4/calls/need-1/1';
    await eventually(async () => expect((await t.stack.api.inject({ url: path('call-tasks', id) })).statusCode).toBe(200));
    await t.stack.env.sleep('3 days'); // into business hours in Tehran, whatever the weekday
    await eventually(async () => expect((await t.stack.api.inject({ url: path('call-tasks', id) })).json()).toMatchObject({ status: 'open' }));
    expect((await t.stack.api.inject({ url: path('call-tasks', id) })).json()).toMatchObject({
      id,
      customerId: 'k-4',
      assignee: 'agents',
      priority: 'high',
      script: 'با رضا تماس بگیرید.',
      url: path('call-tasks', id),
    });

    const claimed = await t.stack.api.inject({ method: 'POST', url: path('call-tasks', id, 'claim'), payload: { agentId: 'agent-7' } });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'claimed', claimedBy: 'agent-7' });

    const bad = await t.stack.api.inject({ method: 'POST', url: path('call-tasks', id, 'complete'), payload: { outcome: 'maybe' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_outcome', details: { outcomes: expect.arrayContaining(['reached']) } } });

    const completed = await t.stack.api.inject({ method: 'POST', url: path('call-tasks', id, 'complete'), payload: { outcome: 'reached', notes: 'ok' } });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ status: 'completed', outcome: 'reached', notes: 'ok' });

    await t.stack.env.client.workflow.getHandle(id).result();
    const again = await t.stack.api.inject({ method: 'POST', url: path('call-tasks', id, 'complete'), payload: { outcome: 'reached' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'call_task_closed' } });
    expect((await t.stack.api.inject({ url: path('call-tasks', 'call-task/k-4/none') })).statusCode).toBe(404);
  });

  it('a call task cancelled by ops: the answer is the cancelled task; cancelling it again is 409', async () => {
    await post(t.stack, { eventId: 'need-2', type: 'call_needed', customerId: 'k-5', customer: { name: 'مینا', phone: '09121234568' } });
    const id = 'call-task/k-5/calls/need-2/1';
    await eventually(async () => expect((await t.stack.api.inject({ url: path('call-tasks', id) })).statusCode).toBe(200));

    const cancelled = await t.stack.api.inject({ method: 'POST', url: path('call-tasks', id, 'cancel'), payload: { reason: 'customer called in' } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id, status: 'cancelled', cancelReason: 'customer called in' });
    expect((await t.stack.env.client.workflow.getHandle(id).result()).status).toBe('cancelled');

    const again = await t.stack.api.inject({ method: 'POST', url: path('call-tasks', id, 'cancel') });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'call_task_closed' } });
  });

  it('senders still on the names from before 2026-12-02 (`cancel` as update and as signal, legacy in workflows/protocol.ts) cancel a call task', async () => {
    const openTask = async (customerId: string) => {
      await post(t.stack, { eventId: `need-${customerId}`, type: 'call_needed', customerId, customer: { name: 'مینا', phone: '09121234569' } });
      const handle = t.stack.env.client.workflow.getHandle(`call-task/${customerId}/calls/need-${customerId}/1`);
      await eventually(async () => expect((await t.stack.api.inject({ url: path('call-tasks', handle.workflowId) })).statusCode).toBe(200));
      return handle;
    };
    const byCrm = await openTask('k-6');
    expect(await byCrm.executeUpdate<CallTask, [{ reason: string }]>('cancel', { args: [{ reason: 'old CRM' }] })).toMatchObject({ status: 'cancelled', cancelReason: 'old CRM' });
    expect((await byCrm.result()).status).toBe('cancelled');
    await keepHistory(byCrm, 'call-task-cancelled-by-old-update-name');

    const byRun = await openTask('k-7');
    await byRun.signal('cancel', { reason: 'the run that asked ended' });
    expect(await byRun.result()).toMatchObject({ status: 'cancelled', cancelReason: 'the run that asked ended' });
    await keepHistory(byRun, 'call-task-withdrawn-by-old-signal-name');
  });
});
