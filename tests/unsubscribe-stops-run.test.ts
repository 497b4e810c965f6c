import { describe, expect, it } from 'vitest';
import { stateQuery } from '../workflows/index.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

describe('one-click unsubscribe from a real email stops the running sequence', () => {
  const t = useStack();

  it('the List-Unsubscribe URL of the welcome email ends the run before the tutorial', async () => {
    await post(t.stack, { eventId: 'order-u', type: 'purchase', customerId: 'us-1', customer: { email: 'us-1@example.com', name: 'یاسمن' } });
    const [welcome] = await t.smtp.waitForMessages(1);
    const run = await sleepingRun(t.stack, 'enrollment/welcome/us-1/order-u');

    const header = welcome?.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? '';
    const link = new URL(/<(https?:[^>]+)>/.exec(header)?.[1] ?? 'https://missing');
    const clicked = await t.stack.api.inject({
      method: 'POST',
      url: `${link.pathname}${link.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.statusCode).toBe(200);

    expect(await run.result()).toBe('exited');
    expect((await run.query(stateQuery)).exitReason).toBe('exit on unsubscribed');
    expect(t.smtp.messages).toHaveLength(1);
  });
});
