import { describe, expect, it } from 'vitest';
import { contactStateQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const shared = (id: string) => sequence({ id, steps: [send('1', 'hi'), wait('2', 3)], templates: { hi: emailTemplate(id) } });

describe('manual enrollment into one sequence', () => {
  const t = useStack({ definitions: [shared('nurture-a'), shared('nurture-b')] });

  it('starts only the named sequence, though another has the same trigger', async () => {
    // What POST /v1/sequences/nurture-b/enroll sends (tests/api-ingest.test.ts covers the route itself).
    await post(t.stack, {
      eventId: 'manual/nurture-b/march',
      type: 'purchase',
      customerId: 'me-1',
      customer: { email: 'me-1@example.com', name: 'مینا' },
      data: { manual: true, sequenceId: 'nurture-b' },
    });
    const contact = t.stack.env.client.workflow.getHandle('contact/me-1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).enrollments).toEqual(['enrollment/nurture-b/me-1/manual%2Fnurture-b%2Fmarch']));
    await t.smtp.waitForMessages(1);
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['nurture-b مینا']);
  });
});
