import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { startTestStack, type TestStack } from './support/stack.js';

describe('a `wait: 7d` step on the time-skipping test server', () => {
  let smtp: LocalSmtpServer;
  let stack: TestStack;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    stack = await startTestStack({ smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  it('sends the tutorial a week of server time after the welcome, without waiting a week', async () => {
    const startedAt = await stack.env.currentTimeMs();
    await stack.api.inject({
      method: 'POST',
      url: '/v1/events',
      payload: { eventId: 'order-7', type: 'purchase', customerId: 'c-7', customer: { email: 'ali@example.com', name: 'علی' } },
    });
    await smtp.waitForMessages(1);
    // Awaiting the result lets the test server skip the 7-day timer.
    await stack.env.client.workflow.getHandle('enrollment/welcome/c-7/order-7').result();
    const finishedAt = await stack.env.currentTimeMs();

    expect(smtp.messages.map((mail) => mail.subject)).toEqual(['علی عزیز، به خانواده ما خوش آمدید', 'راهنمای شروع، علی']);
    expect(finishedAt - startedAt).toBeGreaterThanOrEqual(7 * 24 * 3_600_000);
  });
});
