import { describe, expect, it } from 'vitest';
import { contactStateQuery } from '../workflows/protocol.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

describe('the shipped birthday sequence: a Jalali birthday recurs on its Jalali day with a discount code', () => {
  const t = useStack();
  const contactState = (customerId: string) => t.stack.env.client.workflow.getHandle(`contact/${customerId}`).query(contactStateQuery);
  const birthdayWatch = async (customerId: string) => (await contactState(customerId)).watches?.dates.birthday;
  // The other shipped sequences write to her too (the signup's onboarding, 30 days of silence): only the birthday's here.
  const birthdayMail = (customerId: string) =>
    t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@example.com`) && /تولد/.test(mail.subject ?? ''));
  const signup = (customerId: string, birthday: unknown, eventId = `signup-${customerId}`) =>
    t.stack.api.inject({
      method: 'POST',
      url: '/v1/events',
      payload: { eventId, type: 'signup', customerId, customer: { email: `${customerId}@example.com`, name: 'سارا', locale: 'fa', birthday } },
    });

  it('on 12 Mordad at 09:00 Tehran the code; a purchase converts; next year is armed', async () => {
    expect((await signup('bd-1', '1370/05/12')).statusCode).toBe(202);
    await eventually(async () => expect((await birthdayWatch('bd-1'))?.next?.date).toMatch(/^14\d\d\/05\/12$/));
    const next = (await birthdayWatch('bd-1'))?.next;
    const wait = (next?.at ?? 0) - (await t.stack.env.currentTimeMs());
    // 09:00 Tehran (UTC+03:30) on the Gregorian day of 12 Mordad.
    expect(new Date(next?.at ?? 0).toISOString()).toMatch(/T05:30:00\.000Z$/);
    await t.stack.env.sleep(wait + 60_000);

    await eventually(async () => expect(birthdayMail('bd-1').map((mail) => mail.subject)).toEqual(['سارا عزیز، تولدتان مبارک! 🎂']));
    const code = `TAVALOD${next?.date.replaceAll('/', '')}`;
    expect(birthdayMail('bd-1')[0]?.text).toContain(code);
    const run = (await contactState('bd-1')).enrollments.find((id) => id.startsWith('enrollment/birthday/'));
    expect(run).toBe(`enrollment/birthday/bd-1/date-birthday-${next?.date.replaceAll('/', '%2F')}`);
    await post(t.stack, { eventId: 'bought-bd-1', type: 'purchase', customerId: 'bd-1', data: { product: 'کیف' } });
    expect(await t.stack.env.client.workflow.getHandle(run ?? '').result()).toBe('converted');
    const [year] = (next?.date ?? '').split('/');
    await eventually(async () => expect((await birthdayWatch('bd-1'))?.next?.date).toBe(`${Number(year) + 1}/05/12`));
  });

  it('changing the birthday re-arms it; an empty one never fires; one that is not a date is refused with 422', async () => {
    expect((await signup('bd-2', '1991-08-03')).statusCode).toBe(202);
    await eventually(async () => expect((await birthdayWatch('bd-2'))?.next?.date).toMatch(/^20\d\d-08-03$/));
    expect((await signup('bd-2', '1375/12/30', 'moved-bd-2')).statusCode).toBe(202);
    await eventually(async () => expect((await birthdayWatch('bd-2'))?.next?.date).toMatch(/^14\d\d\/12\/(29|30)$/));
    expect((await signup('bd-2', '', 'cleared-bd-2')).statusCode).toBe(202);
    await eventually(async () => expect(await birthdayWatch('bd-2')).toEqual({ value: '""' }));

    const refused = await signup('bd-3', '1370/13/40');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'invalid_date', details: [{ path: 'customer.birthday' }] } });
    expect(refused.json().error.message).toMatch(/^customer\.birthday: "1370\/13\/40" is not a date/);
  });
});
