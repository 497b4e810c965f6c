import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactStateQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { startTestStack, type TestStack } from './support/stack.js';

const shared = (id: string) => sequence({ id, steps: [send('1', 'hi'), wait('2', 3)], templates: { hi: emailTemplate(id) } });

describe('manual enrollment into one sequence', () => {
  let smtp: LocalSmtpServer;
  let stack: TestStack;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    stack = await startTestStack({ smtpUrl: smtp.url, definitions: [shared('nurture-a'), shared('nurture-b')] });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  it('starts only the named sequence, though another has the same trigger', async () => {
    // What POST /v1/sequences/nurture-b/enroll sends (tests/api-ingest.test.ts covers the route itself).
    await post(stack, {
      eventId: 'manual/nurture-b/march',
      type: 'purchase',
      customerId: 'me-1',
      customer: { email: 'me-1@example.com', name: 'مینا' },
      data: { manual: true, sequenceId: 'nurture-b' },
    });
    const contact = stack.env.client.workflow.getHandle('contact/me-1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).enrollments).toEqual(['enrollment/nurture-b/me-1/manual/nurture-b/march']));
    await smtp.waitForMessages(1);
    expect(smtp.messages.map((mail) => mail.subject)).toEqual(['nurture-b مینا']);
  });
});
