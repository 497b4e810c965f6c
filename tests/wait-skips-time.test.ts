import { describe, expect, it } from 'vitest';
import { sendPermitRequestSignal } from '../workflows/protocol.js';
import { useStack } from './support/useStack.js';

describe('a `wait: 7d` step on the time-skipping test server', () => {
  const t = useStack();

  it('sends the tutorial a week of server time after the welcome, without waiting a week', async () => {
    const startedAt = await t.stack.env.currentTimeMs();
    await t.stack.api.inject({
      method: 'POST',
      url: '/v1/events',
      payload: { eventId: 'order-7', type: 'purchase', customerId: 'c-7', customer: { email: 'ali@example.com', name: 'علی' } },
    });
    await t.smtp.waitForMessages(1);
    // Awaiting the result lets the test server skip the 7-day timer.
    await t.stack.env.client.workflow.getHandle('enrollment/welcome/c-7/order-7').result();
    const finishedAt = await t.stack.env.currentTimeMs();

    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['علی عزیز، به خانواده ما خوش آمدید', 'راهنمای شروع، علی']);
    expect(finishedAt - startedAt).toBeGreaterThanOrEqual(7 * 24 * 3_600_000);
    // No frequency caps configured: neither send asked the contact workflow for a permit.
    const contact = await t.stack.env.client.workflow.getHandle('contact/c-7').fetchHistory();
    expect(contact.events?.filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === sendPermitRequestSignal.name)).toEqual([]);
  });
});
