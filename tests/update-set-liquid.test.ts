import { describe, expect, it } from 'vitest';
import { renderSetValues } from '../activities/render/renderSetValues.js';
import { contactStateQuery } from '../workflows/index.js';
import { sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

/** `update.set` text is Liquid: what lands in the profile and the next message is the rendered value. */
const remember = sequence({
  id: 'remember-purchase',
  steps: [
    {
      kind: 'update',
      id: '1',
      label: 'update favourite_product, greeting, points',
      set: { favourite_product: '{{ event.data.product }}', greeting: '{{ customer.name }} عزیز', points: 120 },
      addTags: ['buyer'],
      removeTags: [],
    },
    { kind: 'send', id: '2', label: 'send email: thanks', channel: 'email', template: 'thanks' },
  ],
  templates: { thanks: { email: { fa: { subject: '{{ customer.greeting }}', text: 'از خرید {{ customer.favourite_product }} ممنونیم.' } } } },
});

describe('update.set: Liquid values are rendered where the run happens', () => {
  const t = useStack({ definitions: [remember] });

  it('a value using {{ customer.name }} or {{ event.data.product }} lands rendered in the profile and the next message', async () => {
    await post(t.stack, {
      eventId: 'buy-1',
      type: 'purchase',
      customerId: 'us-1',
      customer: { email: 'sara@example.com', name: 'سارا' },
      data: { product: 'دفتر یادداشت چرمی' },
    });
    const run = t.stack.env.client.workflow.getHandle('enrollment/remember-purchase/us-1/buy-1');
    await eventually(async () => void (await run.describe())); // the contact starts it
    expect(await run.result()).toBe('completed');

    const [mail] = t.smtp.messages;
    expect(mail?.subject).toBe('سارا عزیز');
    expect(mail?.text).toContain('از خرید دفتر یادداشت چرمی ممنونیم.');
    const contact = t.stack.env.client.workflow.getHandle('contact/us-1');
    await eventually(async () =>
      expect((await contact.query(contactStateQuery)).profile).toMatchObject({ favourite_product: 'دفتر یادداشت چرمی', greeting: 'سارا عزیز', points: 120, tags: ['buyer'] }),
    );
    // … and in the customer store, so a contact that starts over (terminated, failed) still knows them.
    expect((await t.stack.store.getCustomer('us-1'))?.profile).toMatchObject({ favourite_product: 'دفتر یادداشت چرمی', greeting: 'سارا عزیز', points: 120, tags: ['buyer'] });
    await keepHistory(run, 'enrollment-update-recorded-in-store');
  });
});

describe('renderSetValues (the activity)', () => {
  it('renders text, keeps numbers and booleans, and fails for good naming the attribute that cannot render', async () => {
    const context = { customer: { name: 'سارا' }, event: { data: { nps: 3 } } };
    await expect(renderSetValues({ set: { risk: 'high', last_nps: '{{ event.data.nps }}', points: 120, vip: false }, context })).resolves.toEqual({
      risk: 'high',
      last_nps: '3',
      points: 120,
      vip: false,
    });
    await expect(renderSetValues({ set: { note: '{{ event.data.comment }}' }, context })).rejects.toMatchObject({
      type: 'TemplateError',
      nonRetryable: true,
      message: expect.stringContaining('update.set.note could not be rendered'),
    });
  });
});
