import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { post } from './support/events.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { startedRun } from './support/runs.js';
import { useStack } from './support/useStack.js';
import { crash, spawnWorkerProcess } from './support/workerProcess.js';

const reminder = sequence({
  id: 'reminder',
  trigger: { event: 'cart_abandoned' },
  steps: [{ kind: 'send', id: '1', label: 'send sms: nudge', channel: 'sms', template: 'nudge' }, send('2', 'followup')],
  templates: { nudge: { sms: { fa: { text: 'سبد خرید شما منتظر است.' } } }, followup: emailTemplate('followup') },
});

describe('a worker killed between the provider accepting a message and the activity completing', () => {
  const kavenegar = fakeKavenegar();
  const workers: ChildProcess[] = [];
  const t = useStack(
    // The dev server hands a killed worker's sticky tasks on (the Java test server never does).
    async () => ({ definitions: [reminder], kavenegarUrl: await kavenegar.start(), inProcessWorker: false, server: 'dev' }),
    () => kavenegar.stop(),
  );
  // afterAll hooks run in reverse order: the workers die before useStack closes the stack.
  afterAll(async () => {
    await Promise.all(workers.map(crash));
  });

  // The dead worker's attempt is retried after its start-to-close timeout (40 s), in real time.
  it('sends the SMS exactly once: the retry finds it at Kavenegar by its localid', { timeout: 120_000 }, async () => {
    workers.push(await spawnWorkerProcess(t.stack.setup));
    let crashed = false;
    kavenegar.afterAccept = async () => {
      if (crashed) return;
      crashed = true;
      await crash(workers[0] as ChildProcess); // SIGKILL: the activity never reports its result
    };
    await post(t.stack, { eventId: 'cart-1', type: 'cart_abandoned', customerId: 'k1', customer: { email: 'k1@example.com', name: 'کیان', phone: '09121234567' }, data: { product: 'کتاب', cart_url: 'https://shop.example.com/cart/k1' } });
    const run = await startedRun(t.stack, 'enrollment/reminder/k1/cart-1');
    await expect.poll(() => crashed, { timeout: 30_000 }).toBe(true);

    workers.push(await spawnWorkerProcess(t.stack.setup)); // the replacement, as a supervisor would start it
    expect(await run.result()).toBe('completed');

    const sends = kavenegar.requests.filter((request) => request.apiMethod === 'sms/send');
    expect(sends).toHaveLength(1);
    expect(kavenegar.requests.filter((request) => request.apiMethod === 'sms/statuslocalmessageid').length).toBeGreaterThanOrEqual(2);
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['followup کیان']);
  });
});
