import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { customerFieldsRead } from '../workflows/enrollment/customerFields.js';
import type { EnrollmentInput } from '../workflows/enrollment/state.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { testPayloadCodec } from './support/stack.js';
import { useStack } from './support/useStack.js';

const byCity = sequence({
  id: 'by-city',
  steps: [{ kind: 'branch', id: '1', label: 'branch: customer.city', cases: [{ when: { path: 'customer.city', op: 'eq', value: 'Tabriz' }, steps: [send('1.case1.1', 'tabriz')] }], otherwise: [send('1.otherwise.1', 'thanks')] }],
  templates: { tabriz: emailTemplate('tabriz'), thanks: emailTemplate('thanks') },
});

/**
 * Workflows carry identifiers, not people: an enrollment starts with the customer's ID and only the
 * profile fields it reads in the workflow (here the branch's customer.city, the locale); the email
 * renders the name and goes to the address the customer store holds.
 */
describe('an enrollment starts with the customer ID and the fields its conditions read', () => {
  const t = useStack({ definitions: [byCity] });

  it('no email, name or other field in its input, and the email still renders them from the store', async () => {
    await post(t.stack, {
      eventId: 'buy-1',
      type: 'purchase',
      customerId: 'ids-1',
      customer: { email: 'sara@example.com', name: 'Sara', city: 'Tabriz', company: 'Acme', locale: 'fa' },
    });
    const run = t.stack.env.client.workflow.getHandle('enrollment/by-city/ids-1/buy-1');
    await eventually(async () => void (await run.describe())); // the contact starts it
    expect(await run.result()).toBe('completed');

    const started = (await run.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const [input] = (await testPayloadCodec.decode(started)).map((payload) => defaultPayloadConverter.fromPayload<EnrollmentInput>(payload));
    expect(input?.customerId).toBe('ids-1');
    expect(input?.customer).toEqual({ city: 'Tabriz', locale: 'fa' });
    expect(input?.trigger).toEqual({ eventId: 'buy-1', type: 'purchase', customerId: 'ids-1' });
    const [mail] = t.smtp.messages;
    expect(mail?.subject).toBe('tabriz Sara');
    expect(JSON.stringify(mail?.to)).toContain('sara@example.com');
  });
});

describe('customerFieldsRead: what a run reads of the customer in the workflow', () => {
  it('conditions, time zone and locale always; phone, its verdict and the name for phone channels and call tasks; tags for tag updates', () => {
    expect([...customerFieldsRead(byCity)].sort()).toEqual(['best_contact_time', 'city', 'locale', 'timezone']);
    const calls = sequence({
      id: 'calls',
      phoneField: 'mobile',
      steps: [
        { kind: 'escalate', id: '1', label: 'escalate', ladder: [{ channel: 'sms', template: 'x' }, { channel: 'call_task', template: 'x' }], until: ['replied'] },
        { kind: 'update', id: '2', label: 'update', set: {}, addTags: ['called'], removeTags: [] },
      ],
      goal: { event: 'purchase', where: { path: 'customer.plan', op: 'eq', value: 'pro' }, label: 'pro' },
    });
    expect([...customerFieldsRead(calls)].sort()).toEqual(['best_contact_time', 'locale', 'mobile', 'mobile_invalid', 'name', 'plan', 'tags', 'timezone']);
  });
});
