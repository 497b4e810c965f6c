import { describe, expect, it } from 'vitest';
import { contactStateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

describe('events that arrive out of order', () => {
  const t = useStack({ definitions: [] });

  it('a late webhook about an older change does not overwrite a newer profile value', async () => {
    await post(t.stack, { eventId: 'newer', type: 'profile_changed', customerId: 'o-1', occurredAt: '2026-11-20T10:00:00+03:30', customer: { email: 'new@example.com', name: 'آرش' } });
    // A retry of an earlier webhook, delivered late: its email is stale, its plan is news.
    await post(t.stack, { eventId: 'older', type: 'profile_changed', customerId: 'o-1', occurredAt: '2026-11-19T10:00:00+03:30', customer: { email: 'old@example.com', plan: 'gold' } });
    const contact = t.stack.env.client.workflow.getHandle('contact/o-1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).seenEventIds).toEqual(['newer', 'older']));
    expect((await contact.query(contactStateQuery)).profile).toEqual({ email: 'new@example.com', name: 'آرش', plan: 'gold' });
  });
});
