import { describe, expect, it } from 'vitest';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import { contactStateQuery, stateQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const rule = (reentry: SequenceDefinition['reentry']): SequenceDefinition =>
  sequence({ id: `re-${reentry}`, reentry, steps: [send('1', 'hi'), wait('2', 10)], templates: { hi: emailTemplate(`hi-${reentry}`) } });

describe('re-entry rules and version pinning', () => {
  const definitions = [rule('never'), rule('after_exit'), rule('always')];
  const t = useStack({ definitions });

  it('two purchases in the same second: one enrollment for never and after_exit, two for always', async () => {
    const customer = { email: 'r1@example.com', name: 'رضا' };
    await Promise.all([
      post(t.stack, { eventId: 'buy-1', type: 'purchase', customerId: 'r1', customer }),
      post(t.stack, { eventId: 'buy-2', type: 'purchase', customerId: 'r1', customer }),
    ]);
    const contact = t.stack.env.client.workflow.getHandle('contact/r1');
    await eventually(async () => {
      const state = await contact.query(contactStateQuery);
      expect(state.seenEventIds).toHaveLength(2);
      expect(state.pending).toHaveLength(0);
    });
    await eventually(async () => expect((await contact.query(contactStateQuery)).enrolled).toEqual({ 're-never': 1, 're-after_exit': 1, 're-always': 2 }));
  });

  it('after the run ends, after_exit enrolls again and never does not', async () => {
    const contact = t.stack.env.client.workflow.getHandle('contact/r1');
    const [first] = (await contact.query(contactStateQuery)).active['re-after_exit'] ?? [];
    await t.stack.env.client.workflow.getHandle(first ?? '').result();
    await eventually(async () => expect((await contact.query(contactStateQuery)).active['re-after_exit']).toBeUndefined());
    await post(t.stack, { eventId: 'buy-3', type: 'purchase', customerId: 'r1' });
    await eventually(async () => expect((await contact.query(contactStateQuery)).enrolled).toMatchObject({ 're-never': 1, 're-after_exit': 2 }));
  });

  it('editing a sequence mid-run: the run in flight finishes on its version, a new enrollment gets the new one', async () => {
    const v1 = sequence({ id: 'edited', version: 'v1', steps: [send('1', 'a'), wait('2', 3), send('3', 'b')], templates: { a: emailTemplate('a-v1'), b: emailTemplate('b-v1') } });
    definitions.splice(0, definitions.length, v1);
    await post(t.stack, { eventId: 'e-1', type: 'purchase', customerId: 'v1', customer: { email: 'v1@example.com', name: 'x' } });
    const old = t.stack.env.client.workflow.getHandle('enrollment/edited/v1/e-1');
    await eventually(async () => expect((await old.query(stateQuery)).status).toBe('waiting'));

    definitions.splice(0, 1, { ...v1, version: 'v2', templates: { a: emailTemplate('a-v2'), b: emailTemplate('b-v2') } });
    await post(t.stack, { eventId: 'e-2', type: 'purchase', customerId: 'v2', customer: { email: 'v2@example.com', name: 'x' } });
    await old.result();
    await t.stack.env.client.workflow.getHandle('enrollment/edited/v2/e-2').result();

    const subjects = (address: string): string[] =>
      t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(address)).map((mail) => mail.subject ?? '');
    expect(subjects('v1@example.com')).toEqual(['a-v1 x', 'b-v1 x']);
    expect(subjects('v2@example.com')).toEqual(['a-v2 x', 'b-v2 x']);
    expect((await old.query(stateQuery)).version).toBe('v1');
  });
});
