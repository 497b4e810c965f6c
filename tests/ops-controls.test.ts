import { describe, expect, it } from 'vitest';
import type { EnrollmentState } from '../workflows/enrollment/state.js';
import { cancelSignal, retryStepSignal, skipWaitSignal, stateQuery, timelineQuery } from '../workflows/index.js';
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

describe('ops controls on a run: skip_wait, cancel, retry_step', () => {
  const t = useStack({ definitions: [longWait] });

  const waitingRun = async (customerId: string, customer: Record<string, string>) => {
    await post(t.stack, { eventId: `p-${customerId}`, type: 'purchase', customerId, customer });
    const handle = t.stack.env.client.workflow.getHandle(`enrollment/long/${customerId}/p-${customerId}`);
    await eventually(async () => expect((await handle.query(stateQuery)).status).toBe('waiting'));
    return handle;
  };

  it('the state query says what the run waits for, in the customer’s calendar, and skip_wait moves on now', async () => {
    const handle = await waitingRun('o1', { email: 'o1@example.com', name: 'امید' });
    const state = await handle.query(stateQuery);
    expect(state.waitingFor).toMatch(/^wait 90d \(until 14\d\d\/\d\d\/\d\d \d\d:\d\d Asia\/Tehran/);
    expect((await handle.query(timelineQuery)).next).toMatchObject({ id: '2', label: 'send email: hello' });

    await handle.signal(skipWaitSignal);
    await t.smtp.waitForMessages(1);
    expect(await handle.result()).toBe('completed');
    expect((await handle.query(timelineQuery)).done[0]).toMatchObject({ stepId: '1', detail: 'skipped by ops' });
  });

  it('cancel ends a run as exited with the reason', async () => {
    const handle = await waitingRun('o2', { email: 'o2@example.com', name: 'x' });
    await handle.signal(cancelSignal, { reason: 'customer called support' });
    expect(await handle.result()).toBe('exited');
    expect((await handle.query(stateQuery)).exitReason).toBe('cancelled by ops: customer called support');
  });

  it('a sender still on the names from before 2026-12-02 is heard (legacy in workflows/protocol.ts): state answers, cancel ends the run', async () => {
    const handle = await waitingRun('o4', { email: 'o4@example.com', name: 'x' });
    expect((await handle.query<EnrollmentState>('state')).status).toBe('waiting');
    expect((await t.stack.env.client.workflow.getHandle('contact/o4').query<{ customerId: string }>('state')).customerId).toBe('o4');
    await handle.signal('cancel', { reason: 'old script' });
    expect(await handle.result()).toBe('exited');
    expect((await handle.query(stateQuery)).exitReason).toBe('cancelled by ops: old script');
    await keepHistory(handle, 'enrollment-cancelled-by-old-name');
  });

  it('a step that fails for a fixable reason waits for ops; retry_step after the fix sends it once', async () => {
    // No name yet: the template's {{ customer.name }} cannot render (strict variables).
    const handle = await waitingRun('o3', { email: 'o3@example.com' });
    await handle.signal(skipWaitSignal);
    await eventually(async () => expect((await handle.query(stateQuery)).status).toBe('failed'));
    expect((await handle.query(stateQuery)).waitingFor).toContain('retry_step');

    await post(t.stack, { type: 'profile_changed', customerId: 'o3', customer: { name: 'سارا' } });
    // Ops retry until the profile fix has reached the run (each retry that still fails waits again).
    await eventually(async () => {
      const { status } = await handle.query(stateQuery);
      if (status === 'failed') await handle.signal(retryStepSignal);
      expect(status).toBe('completed');
    }, 50, 200);
    await keepHistory(handle, 'enrollment-failed-step-retried');
    const mails = t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('o3@'));
    expect(mails.map((mail) => mail.subject)).toEqual(['سلام سارا']);
  });
});
