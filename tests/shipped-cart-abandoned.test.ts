import { describe, expect, it } from 'vitest';
import { nextLocalTime, nextOpenSlot, toLocal } from '../src/schedule/index.js';
import { stateQuery, timelineQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

const TEHRAN = 'Asia/Tehran';
const HOUR = 3_600_000;

describe('the shipped abandoned-cart reminder, a day in milliseconds', () => {
  const kavenegar = fakeKavenegar();
  const t = useStack(async () => ({ kavenegarUrl: await kavenegar.start() }), () => kavenegar.stop());

  /** Skips server time to the next `clock` in Tehran, where the customer leaves the cart. */
  const skipToTehran = async (clock: string): Promise<Date> => {
    const now = await t.stack.env.currentTimeMs();
    const target = nextLocalTime(new Date(now + 60_000), clock, TEHRAN);
    await t.stack.env.sleep(target.getTime() - now);
    return new Date(await t.stack.env.currentTimeMs());
  };
  const abandon = (customerId: string) =>
    post(t.stack, {
      eventId: `cart-${customerId}`,
      type: 'cart_abandoned',
      customerId,
      customer: { email: `${customerId}@example.com`, name: 'مینا', phone: '09121234567', locale: 'fa', timezone: TEHRAN },
      data: { product: 'کفش کوهنوردی', items: 1, cart_url: `https://shop.example.com/cart/${customerId}`, discount_code: 'CART-10', discount_percent: 10 },
    });
  const mailTo = (customerId: string) => t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@example.com`));
  const smsTo = (customerId: string) => kavenegar.requests.filter((request) => request.apiMethod === 'sms/send' && request.form.message?.includes(customerId));
  const sentAt = async (runId: string, label: string): Promise<Date> => {
    const done = (await t.stack.env.client.workflow.getHandle(runId).query(timelineQuery)).done;
    return new Date(done.find((entry) => entry.label === label)?.at ?? '');
  };
  /** The timeline records when the provider accepted the message: within seconds of the wake-up. */
  const near = (actual: Date, expected: Date): void => expect(Math.abs(actual.getTime() - expected.getTime())).toBeLessThan(60_000);

  it('left at 11:00: the reminder comes at 13:00; a purchase that afternoon ends it as recovered, with no SMS', async () => {
    const leftAt = await skipToTehran('11:00');
    await abandon('ca-1');
    const runId = 'enrollment/cart-abandoned/ca-1/cart-ca-1';
    const run = await sleepingRun(t.stack, runId);
    for (let index = 0; index < 8 && mailTo('ca-1').length === 0; index++) await t.stack.env.sleep('30 minutes');
    const [reminder] = mailTo('ca-1');
    expect(reminder?.subject).toBe('مینا، کفش کوهنوردی هنوز در سبد شماست');
    expect(reminder?.text).toContain('https://shop.example.com/cart/ca-1');
    near(await sentAt(runId, 'send email: cart_reminder'), new Date(leftAt.getTime() + 2 * HOUR));

    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('waiting'));
    await post(t.stack, { eventId: 'bought-ca-1', type: 'purchase', customerId: 'ca-1', data: { product: 'کفش کوهنوردی' } });
    expect(await run.result()).toBe('converted');
    expect((await run.query(stateQuery)).exitReason).toBe('goal reached: cart recovered');
    expect(smsTo('ca-1')).toEqual([]);
  });

  it('left at 22:30 with nothing bought: the email waits for 09:00, the SMS with the code, due at 22:30 the next day, for 09:00 after it', async () => {
    const leftAt = await skipToTehran('22:30');
    await abandon('ca-2');
    const runId = 'enrollment/cart-abandoned/ca-2/cart-ca-2';
    const run = await sleepingRun(t.stack, runId);
    expect(await run.result()).toBe('completed');

    // The sequence's send window (`hours: "09:00-21:00"`), as the worker compiled it.
    const quietHours = t.stack.sequences.get('cart-abandoned')?.sendWindows.sms;
    if (!quietHours) throw new Error('cart-abandoned has no SMS window');
    const email = await sentAt(runId, 'send email: cart_reminder');
    const sms = await sentAt(runId, 'send sms: cart_discount');
    near(email, nextOpenSlot(new Date(leftAt.getTime() + 2 * HOUR), quietHours, TEHRAN));
    near(sms, nextOpenSlot(new Date(leftAt.getTime() + 24 * HOUR), quietHours, TEHRAN));
    for (const instant of [email, sms]) expect(toLocal(instant, TEHRAN)).toMatchObject({ hour: 9, minute: 0 });
    expect(smsTo('ca-2').map((request) => request.form.message)).toEqual(['مینا عزیز، با کد CART-10 خرید سبدتان ۱۰٪ تخفیف دارد: https://shop.example.com/cart/ca-2']);
  });
});
